import { type SelectQueryBuilder, sql } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import { isStaff } from '../../access/actor.ts';
import { visibleTicketsFilter } from '../../access/policies.ts';
import type { Queryable } from '../../db/database.ts';
import type { Database, TicketRow } from '../../db/schema.ts';
import type { SlaState } from '../../db/schema-sla.ts';
import { forbidden, invalid } from '../../errors.ts';
import type { TicketFilters, TicketSort } from './ticket.schema.ts';

type TicketQuery<O> = SelectQueryBuilder<Database, 'tickets', O>;

export function findTicket(db: Queryable, id: number): Promise<TicketRow | undefined> {
  return db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Reads a ticket and locks it for the rest of the caller's transaction. */
export function lockTicket(db: Queryable, id: number): Promise<TicketRow | undefined> {
  return db.selectFrom('tickets').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export function lockTickets(db: Queryable, ids: number[]): Promise<TicketRow[]> {
  return db.selectFrom('tickets').selectAll().where('id', 'in', ids).orderBy('id').forUpdate().execute();
}

/** Turns view filters into SQL on the tickets table, always within what the actor may see. */
export function applyTicketFilters<O>(
  query: TicketQuery<O>,
  actor: Actor,
  filters: TicketFilters,
): TicketQuery<O> {
  let q = query.where(visibleTicketsFilter(actor)).where('tickets.merged_into_id', 'is', null);
  if (filters.status?.length) q = q.where('tickets.status', 'in', filters.status);
  if (filters.type?.length) q = q.where('tickets.type', 'in', filters.type);
  if (filters.priority?.length) q = q.where('tickets.priority', 'in', filters.priority);
  if (filters.channel?.length) q = q.where('tickets.channel', 'in', filters.channel);
  if (filters.assignee === 'me') q = q.where('tickets.assignee_id', '=', actor.userId);
  else if (filters.assignee === 'none') q = q.where('tickets.assignee_id', 'is', null);
  else if (filters.assignee !== undefined) q = q.where('tickets.assignee_id', '=', filters.assignee);
  if (filters.teamId === 'none') q = q.where('tickets.team_id', 'is', null);
  else if (filters.teamId === 'mine') {
    q = q.where('tickets.team_id', 'in', (eb) =>
      eb.selectFrom('team_members').select('team_id').where('user_id', '=', actor.userId),
    );
  } else if (filters.teamId !== undefined) q = q.where('tickets.team_id', '=', filters.teamId);
  if (filters.requesterId !== undefined) q = q.where('tickets.requester_id', '=', filters.requesterId);
  if (filters.organisationId !== undefined)
    q = q.where('tickets.organisation_id', '=', filters.organisationId);
  if (filters.categoryId !== undefined) q = q.where('tickets.category_id', '=', filters.categoryId);
  if (filters.tags?.length) q = q.where('tickets.tags', '@>', sql<string[]>`${filters.tags}::text[]`);
  if (filters.customFields && Object.keys(filters.customFields).length > 0) {
    q = q.where(sql<boolean>`tickets.custom_fields @> ${JSON.stringify(filters.customFields)}::jsonb`);
  }
  if (filters.text) {
    const text = filters.text;
    const number = /^#?(\d{1,15})$/.exec(text);
    q = q.where((eb) =>
      eb.or([
        eb('tickets.subject', 'ilike', `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`),
        ...(number ? [eb('tickets.id', '=', Number(number[1]))] : []),
      ]),
    );
  }
  if (filters.createdAfter) q = q.where('tickets.created_at', '>=', filters.createdAfter);
  if (filters.createdBefore) q = q.where('tickets.created_at', '<', filters.createdBefore);
  if (filters.updatedAfter) q = q.where('tickets.updated_at', '>=', filters.updatedAfter);
  if (filters.updatedBefore) q = q.where('tickets.updated_at', '<', filters.updatedBefore);
  if (filters.slaState?.length) {
    if (!isStaff(actor)) throw forbidden('permission_denied', 'Only staff can filter by SLA state');
    const states = filters.slaState;
    q = q.where('tickets.id', 'in', (eb) =>
      eb.selectFrom('ticket_sla').select('ticket_sla.ticket_id').where('ticket_sla.state', 'in', states),
    );
  }
  return q;
}

interface Cursor {
  key: string | number;
  id: number;
}

const encodeCursor = (cursor: Cursor) =>
  Buffer.from(JSON.stringify([cursor.key, cursor.id])).toString('base64url');

function decodeCursor(value: string): Cursor {
  try {
    const [key, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as [unknown, unknown];
    if ((typeof key === 'string' || typeof key === 'number') && typeof id === 'number') return { key, id };
  } catch {
    // fall through to the error below
  }
  throw invalid('invalid_cursor', 'The cursor is not one this API handed out');
}

/** Keyset pagination: each sort names its key column, its direction and how to read the key off a row. */
const SORT_KEYS: Record<
  TicketSort,
  { column: 'updated_at' | 'created_at' | 'id'; direction: 'asc' | 'desc' }
> = {
  updated_desc: { column: 'updated_at', direction: 'desc' },
  updated_asc: { column: 'updated_at', direction: 'asc' },
  created_desc: { column: 'created_at', direction: 'desc' },
  created_asc: { column: 'created_at', direction: 'asc' },
  priority: { column: 'updated_at', direction: 'desc' },
  id_desc: { column: 'id', direction: 'desc' },
  sla_due: { column: 'id', direction: 'asc' },
};

/** The SLA sort key: the next due time, with tickets that have none after all others. */
const slaDueKey = sql<Date>`coalesce(ticket_sla.next_due_at, 'infinity'::timestamptz)`;

export interface TicketListRow extends TicketRow {
  requester_name: string;
  requester_email: string;
  assignee_name: string | null;
  team_name: string | null;
  organisation_name: string | null;
  sla_state: SlaState | null;
  sla_next_due_at: Date | null;
}

export async function listTickets(
  db: Queryable,
  actor: Actor,
  filters: TicketFilters,
  sort: TicketSort,
  limit: number,
  cursorValue?: string,
): Promise<{ rows: TicketListRow[]; nextCursor: string | null }> {
  const { column, direction } = SORT_KEYS[sort];
  let query = applyTicketFilters(
    // Names come from scalar subqueries rather than joins: a six-table join cost PostgreSQL
    // 5 ms to plan (its join-order search) for a page it then read in 0.4 ms.
    db
      .selectFrom('tickets')
      .leftJoin('ticket_sla', 'ticket_sla.ticket_id', 'tickets.id')
      .selectAll('tickets')
      .select((eb) => [
        eb
          .selectFrom('users')
          .select('users.name')
          .whereRef('users.id', '=', 'tickets.requester_id')
          .$asScalar()
          .$notNull()
          .as('requester_name'),
        eb
          .selectFrom('users')
          .select('users.email')
          .whereRef('users.id', '=', 'tickets.requester_id')
          .$asScalar()
          .$notNull()
          .as('requester_email'),
        eb
          .selectFrom('users')
          .select('users.name')
          .whereRef('users.id', '=', 'tickets.assignee_id')
          .as('assignee_name'),
        eb
          .selectFrom('teams')
          .select('teams.name')
          .whereRef('teams.id', '=', 'tickets.team_id')
          .as('team_name'),
        eb
          .selectFrom('organisations')
          .select('organisations.name')
          .whereRef('organisations.id', '=', 'tickets.organisation_id')
          .as('organisation_name'),
        'ticket_sla.state as sla_state',
        'ticket_sla.next_due_at as sla_next_due_at',
      ]),
    actor,
    filters,
  );
  const comparator = direction === 'desc' ? '<' : '>';
  if (cursorValue) {
    const cursor = decodeCursor(cursorValue);
    const key = column === 'id' ? Number(cursor.key) : new Date(String(cursor.key));
    if (sort === 'sla_due') {
      const due = String(cursor.key);
      if (due !== 'infinity' && Number.isNaN(Date.parse(due)))
        throw invalid('invalid_cursor', 'The cursor is not one this API handed out');
      query = query.where(
        sql<boolean>`(${slaDueKey}, tickets.id) > (${due}::timestamptz, ${cursor.id}::bigint)`,
      );
    } else if (sort === 'priority') {
      const [priority, rest] = String(cursor.key).split('|') as [string, string];
      query = query.where((eb) =>
        eb.or([
          eb('tickets.priority', '>', priority as TicketRow['priority']),
          eb.and([
            eb('tickets.priority', '=', priority as TicketRow['priority']),
            eb(eb.refTuple('tickets.updated_at', 'tickets.id'), '<', eb.tuple(new Date(rest), cursor.id)),
          ]),
        ]),
      );
    } else {
      query = query.where((eb) =>
        eb(eb.refTuple(`tickets.${column}`, 'tickets.id'), comparator, eb.tuple(key, cursor.id)),
      );
    }
  }
  if (sort === 'priority') query = query.orderBy('tickets.priority', 'asc');
  if (sort === 'sla_due') query = query.orderBy(slaDueKey, 'asc');
  query = query
    .orderBy(`tickets.${column}`, direction)
    .orderBy('tickets.id', direction)
    // A literal limit lets PostgreSQL plan the page once per connection (a generic plan for a
    // parameter limit assumes a tenth of the table and loses to planning every call).
    .limit(sql.lit(limit + 1));
  const rows = await query.execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  let nextCursor: string | null = null;
  if (rows.length > limit && last) {
    const key =
      sort === 'priority'
        ? `${last.priority}|${last.updated_at.toISOString()}`
        : sort === 'sla_due'
          ? (last.sla_next_due_at?.toISOString() ?? 'infinity')
          : column === 'id'
            ? last.id
            : last[column].toISOString();
    nextCursor = encodeCursor({ key, id: last.id });
  }
  return { rows: page, nextCursor };
}

export async function countTickets(db: Queryable, actor: Actor, filters: TicketFilters): Promise<number> {
  const row = await applyTicketFilters(db.selectFrom('tickets'), actor, filters)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return Number(row.count);
}
