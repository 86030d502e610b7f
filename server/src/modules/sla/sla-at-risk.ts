import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import type { Priority, TicketStatus } from '../../db/schema.ts';
import type { SlaState, TicketSlaTargetRow } from '../../db/schema-sla.ts';
import { invalid } from '../../errors.ts';
import type { AtRiskQuery } from './sla.schema.ts';

export interface AtRiskRow {
  id: number;
  subject: string;
  status: TicketStatus;
  priority: Priority;
  team_id: number | null;
  team_name: string | null;
  team_tier: number | null;
  assignee_id: number | null;
  assignee_name: string | null;
  organisation_id: number | null;
  organisation_name: string | null;
  state: SlaState;
  paused: boolean;
  next_due_at: Date | null;
  policy_id: number | null;
  targets: TicketSlaTargetRow[];
}

/** Keyset cursor on (due time, ticket id); tickets without a due time (paused) come last. */
const encodeCursor = (due: Date | null, id: number) =>
  Buffer.from(JSON.stringify([due?.toISOString() ?? 'infinity', id])).toString('base64url');

function decodeCursor(value: string): { due: string; id: number } {
  try {
    const [due, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as [unknown, unknown];
    if (
      typeof due === 'string' &&
      typeof id === 'number' &&
      (due === 'infinity' || !Number.isNaN(Date.parse(due)))
    )
      return { due, id };
  } catch {
    // fall through to the error below
  }
  throw invalid('invalid_cursor', 'The cursor is not one this API handed out');
}

/** Open tickets at risk or breached across all teams, the soonest due first. */
export async function listAtRisk(
  db: Queryable,
  query: AtRiskQuery,
): Promise<{ rows: AtRiskRow[]; nextCursor: string | null }> {
  const dueKey = sql<Date>`coalesce(ticket_sla.next_due_at, 'infinity'::timestamptz)`;
  const states: SlaState[] = query.state ? [query.state] : ['at_risk', 'breached'];
  let q = db
    .selectFrom('ticket_sla')
    .innerJoin('tickets', 'tickets.id', 'ticket_sla.ticket_id')
    .leftJoin('teams', 'teams.id', 'tickets.team_id')
    .leftJoin('users as assignee', 'assignee.id', 'tickets.assignee_id')
    .leftJoin('organisations', 'organisations.id', 'tickets.organisation_id')
    .select([
      'tickets.id',
      'tickets.subject',
      'tickets.status',
      'tickets.priority',
      'tickets.team_id',
      'teams.name as team_name',
      'teams.tier as team_tier',
      'tickets.assignee_id',
      'assignee.name as assignee_name',
      'tickets.organisation_id',
      'organisations.name as organisation_name',
      'ticket_sla.paused',
      'ticket_sla.next_due_at',
      'ticket_sla.policy_id',
    ])
    .select(sql<SlaState>`ticket_sla.state`.as('state'))
    .where('ticket_sla.open', '=', true)
    .where('ticket_sla.state', 'in', states);
  if (query.teamId !== undefined) q = q.where('tickets.team_id', '=', query.teamId);
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor);
    q = q.where(
      sql<boolean>`(${dueKey}, ticket_sla.ticket_id) > (${cursor.due}::timestamptz, ${cursor.id}::bigint)`,
    );
  }
  const rows = await q
    .orderBy(dueKey)
    .orderBy('ticket_sla.ticket_id')
    .limit(query.limit + 1)
    .execute();
  const page = rows.slice(0, query.limit);
  const ids = page.map((row) => row.id);
  const targets =
    ids.length === 0
      ? []
      : await db
          .selectFrom('ticket_sla_targets')
          .selectAll()
          .where('ticket_id', 'in', ids)
          .orderBy('ticket_id')
          .orderBy('due_at')
          .execute();
  const byTicket = Map.groupBy(targets, (target) => target.ticket_id);
  const last = page.at(-1);
  return {
    rows: page.map((row) => ({ ...row, targets: byTicket.get(row.id) ?? [] })),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last.next_due_at, last.id) : null,
  };
}
