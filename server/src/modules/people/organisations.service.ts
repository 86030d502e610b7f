import { sql } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/policies.ts';
import type { Db, Queryable } from '../../db/database.ts';
import type { OrganisationRow, TicketStatus } from '../../db/schema.ts';
import { conflict, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { decodeCursor, encodeCursor } from './keyset-cursor.ts';
import type {
  CreateOrganisationInput,
  ListOrganisationsQuery,
  UpdateOrganisationInput,
} from './people.schema.ts';
import { seesOrganisationFigures, visibleOrganisationsFilter } from './people-visibility.ts';
import { uniqueConflicts } from './unique-violation.ts';

export interface OrganisationWithFigures extends OrganisationRow {
  /** Active people; null when the caller may not see the organisation's figures. */
  people_count: number | null;
  open_ticket_count: number | null;
}

const OPEN_STATUSES: TicketStatus[] = ['new', 'open', 'pending', 'on_hold'];
// Domain claims are checked and written one organisation at a time, so two cannot claim one domain.
const DOMAIN_CLAIM_LOCK = 7_361_122_302;

const nameTaken = uniqueConflicts({
  organisations_name_key: conflict('organisation_name_taken', 'An organisation with this name exists'),
});

const selectOrganisations = (db: Queryable) =>
  db
    .selectFrom('organisations')
    .selectAll('organisations')
    .select((eb) => [
      eb
        .selectFrom('users')
        .select((inner) => inner.fn.countAll<number>().as('count'))
        .whereRef('users.organisation_id', '=', 'organisations.id')
        .where('users.active', '=', true)
        .as('people_count'),
      eb
        .selectFrom('tickets')
        .select((inner) => inner.fn.countAll<number>().as('count'))
        .whereRef('tickets.organisation_id', '=', 'organisations.id')
        .where('tickets.status', 'in', OPEN_STATUSES)
        .where('tickets.merged_into_id', 'is', null)
        .as('open_ticket_count'),
    ]);

/**
 * Email domains decide which organisation a new sender joins, so a domain belongs to one
 * organisation only: two claims would put one client's people into another's tickets.
 */
async function ensureDomainsFree(tx: Queryable, domains: string[], organisationId: number | null) {
  if (domains.length === 0) return;
  await sql`SELECT pg_advisory_xact_lock(${DOMAIN_CLAIM_LOCK})`.execute(tx);
  let query = tx
    .selectFrom('organisations')
    .select('domains')
    .where(sql<boolean>`domains && ${domains}::text[]`);
  if (organisationId !== null) query = query.where('id', '!=', organisationId);
  const clash = await query.executeTakeFirst();
  if (clash) {
    const taken = clash.domains.filter((domain) => domains.includes(domain));
    throw conflict('domain_taken', `${taken.join(', ')} belongs to another organisation`, { domains: taken });
  }
}

/** Client organisations: their email domains, notes, time zone and a glance at their figures. */
export class OrganisationService {
  readonly #db: Db;
  readonly #clock: () => Date;

  constructor(db: Db, clock: () => Date) {
    this.#db = db;
    this.#clock = clock;
  }

  async list(
    actor: Actor,
    query: ListOrganisationsQuery,
  ): Promise<{ organisations: OrganisationWithFigures[]; nextCursor: string | null }> {
    let q = selectOrganisations(this.#db).where(visibleOrganisationsFilter(actor));
    if (query.q)
      q = q.where('organisations.name', 'ilike', `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    if (query.cursor) {
      const cursor = decodeCursor(query.cursor);
      q = q.where((eb) =>
        eb(
          eb.refTuple('organisations.name', 'organisations.id'),
          '>',
          eb.tuple(String(cursor.key), cursor.id),
        ),
      );
    }
    const rows = await q
      .orderBy('organisations.name')
      .orderBy('organisations.id')
      .limit(query.limit + 1)
      .execute();
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      organisations: page.map((row) => this.#figuresFor(actor, row)),
      nextCursor: rows.length > query.limit && last ? encodeCursor({ key: last.name, id: last.id }) : null,
    };
  }

  async get(actor: Actor, id: number, db: Queryable = this.#db): Promise<OrganisationWithFigures> {
    const row = await selectOrganisations(db)
      .where(visibleOrganisationsFilter(actor))
      .where('organisations.id', '=', id)
      .executeTakeFirst();
    if (!row) throw notFound('organisation');
    return this.#figuresFor(actor, row);
  }

  async create(
    actor: Actor,
    input: CreateOrganisationInput,
    ip: string | null,
  ): Promise<OrganisationWithFigures> {
    authorize(actor, 'organisations.manage');
    const created = await this.#db
      .transaction()
      .execute(async (tx) => {
        await ensureDomainsFree(tx, input.domains, null);
        const now = this.#clock();
        const row = await tx
          .insertInto('organisations')
          .values({
            name: input.name,
            domains: input.domains,
            notes: input.notes,
            time_zone: input.timeZone,
            created_at: now,
            updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(
          tx,
          {
            actorId: actor.userId,
            action: 'organisation.created',
            targetType: 'organisation',
            targetId: row.id,
            data: { name: input.name, domains: input.domains },
            ip,
          },
          now,
        );
        return row;
      })
      .catch(nameTaken);
    return this.get(actor, created.id);
  }

  async update(
    actor: Actor,
    id: number,
    input: UpdateOrganisationInput,
    ip: string | null,
  ): Promise<OrganisationWithFigures> {
    authorize(actor, 'organisations.manage');
    await this.#db
      .transaction()
      .execute(async (tx) => {
        const current = await tx
          .selectFrom('organisations')
          .selectAll()
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!current) throw notFound('organisation');
        if (input.domains) await ensureDomainsFree(tx, input.domains, id);
        const changes: Record<string, unknown> = {};
        if (input.name !== undefined && input.name !== current.name) {
          changes.name = { from: current.name, to: input.name };
        }
        if (input.domains && input.domains.join() !== current.domains.join()) {
          changes.domains = { from: current.domains, to: input.domains };
        }
        if (input.timeZone !== undefined && input.timeZone !== current.time_zone) {
          changes.timeZone = { from: current.time_zone, to: input.timeZone };
        }
        // Notes can be long and are internal; the log says that they changed, not what they say.
        if (input.notes !== undefined && input.notes !== current.notes) changes.notes = 'changed';
        if (Object.keys(changes).length === 0) return;
        const now = this.#clock();
        await tx
          .updateTable('organisations')
          .set({
            ...(input.name === undefined ? {} : { name: input.name }),
            ...(input.domains === undefined ? {} : { domains: input.domains }),
            ...(input.notes === undefined ? {} : { notes: input.notes }),
            ...(input.timeZone === undefined ? {} : { time_zone: input.timeZone }),
            updated_at: now,
          })
          .where('id', '=', id)
          .execute();
        await recordAudit(
          tx,
          {
            actorId: actor.userId,
            action: 'organisation.updated',
            targetType: 'organisation',
            targetId: id,
            data: { changes },
            ip,
          },
          now,
        );
      })
      .catch(nameTaken);
    return this.get(actor, id);
  }

  #figuresFor(actor: Actor, row: OrganisationWithFigures): OrganisationWithFigures {
    return seesOrganisationFigures(actor) ? row : { ...row, people_count: null, open_ticket_count: null };
  }
}
