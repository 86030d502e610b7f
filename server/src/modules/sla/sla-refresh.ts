import { sql } from 'kysely';
import { STAFF_ROLES } from '../../access/actor.ts';
import { compiledOnce } from '../../db/compiled-query.ts';
import type { Queryable } from '../../db/database.ts';
import type { Role, TicketRow } from '../../db/schema.ts';
import type { SlaState } from '../../db/schema-sla.ts';
import { type SlaCheckpoints, slaCheckpoints } from './sla-checkpoints.ts';
import { type AppliedTerms, type SlaConfig, SlaConfigCache, termsForTicket } from './sla-config.ts';
import {
  deriveSlaState,
  SLA_EVENT_TYPES,
  type SlaDerivation,
  type SlaHistoryEvent,
  type SlaTargetStatus,
} from './sla-state.ts';
import { fingerprintOf, writeTicketSla } from './sla-store.ts';

// Loads what the derivation needs for a set of tickets, runs it, and materialises the result
// in ticket_sla / ticket_sla_targets. Used per ticket inside the transaction that records a
// ticket event, by the sweep, and in batches by the recompute job.

export type SlaTicketRow = Pick<
  TicketRow,
  | 'id'
  | 'subject'
  | 'status'
  | 'organisation_id'
  | 'requester_id'
  | 'team_id'
  | 'assignee_id'
  | 'priority'
  | 'type'
  | 'channel'
  | 'tags'
>;

export interface SlaSummary {
  /** Worst state of the targets still running or paused; when none is, breached if any was, else met. */
  readonly state: SlaState | null;
  readonly paused: boolean;
  readonly nextDueAt: Date | null;
  readonly open: boolean;
}

/** A ticket's SLA-relevant events, and the id of the last one (newer state wins when stored). */
export interface SlaHistory {
  events: SlaHistoryEvent[];
  lastEventId: number;
}

export interface TicketSlaComputation {
  readonly ticket: SlaTicketRow & { readonly stored_fingerprint?: string | null };
  readonly applied: AppliedTerms;
  readonly derivation: SlaDerivation;
  readonly checkpoints: SlaCheckpoints;
  readonly summary: SlaSummary;
  /** The instant the state was computed for (never before the last event). */
  readonly now: Date;
  /** Digest of what is stored for it; equal to the stored one when nothing needs writing. */
  readonly fingerprint: string;
  /** The last event the state was derived from. */
  readonly lastEventId: number;
}

const SLA_TICKET_COLUMNS = [
  'id',
  'subject',
  'status',
  'organisation_id',
  'requester_id',
  'team_id',
  'assignee_id',
  'priority',
  'type',
  'channel',
  'tags',
] as const;

export type LoadedSlaTicket = SlaTicketRow & {
  /** Fingerprint of the stored SLA state, null when none is stored yet. */
  stored_fingerprint: string | null;
  /** The ticket's last event as of this read: the history is cut there, so both agree. */
  last_event_id: number;
  /** The SLA configuration version as of this read. */
  config_version: number;
};

/** One SLA-relevant event as the database hands it over: only the fields the derivation reads. */
type SlaEventTuple = [
  id: number,
  type: string,
  role: Role | null,
  atMs: number,
  status: string | null,
  visibility: string | null,
  mergeId: string | null,
  vendorEscalationId: string | null,
  metric: string | null,
  cycle: string | null,
  ruleId: string | null,
  level: string | null,
];

const staffRoles: ReadonlySet<Role> = new Set(STAFF_ROLES);

/** What loadSlaInputs reads, for the tickets a caller then chooses. */
function slaInputs(db: Queryable) {
  const field = (path: string) => sql`e.data->>${sql.lit(path)}`;
  return db
    .selectFrom('tickets')
    .leftJoin('ticket_sla', 'ticket_sla.ticket_id', 'tickets.id')
    .select(SLA_TICKET_COLUMNS.map((column) => `tickets.${column}` as const))
    .select('ticket_sla.fingerprint as stored_fingerprint')
    .select(
      sql<number>`coalesce((SELECT max(e.id) FROM ticket_events e WHERE e.ticket_id = tickets.id), 0)`.as(
        'last_event_id',
      ),
    )
    .select(sql<number>`(SELECT version FROM sla_config)`.as('config_version'))
    .select(
      sql<SlaEventTuple[] | null>`(
        SELECT json_agg(json_build_array(
          e.id, e.type, u.role, extract(epoch from e.created_at) * 1000,
          coalesce(e.data->>'status', e.data->'changes'->'status'->>'to'),
          ${field('visibility')}, ${field('mergeId')}, ${field('vendorEscalationId')},
          ${field('metric')}, ${field('cycle')}, ${field('ruleId')}, ${field('level')}
        ) ORDER BY e.id)
        FROM ticket_events e LEFT JOIN users u ON u.id = e.actor_id
        WHERE e.ticket_id = tickets.id AND e.type = any(${[...SLA_EVENT_TYPES]}::text[]))`.as('sla_events'),
    );
}

// One ticket by plain equality: PostgreSQL then keeps one generic plan for the statement
// instead of planning it anew for an array of unknown length on every call.
const slaInputsOfOne = compiledOnce((db, values: { id: number }) =>
  slaInputs(db).where('tickets.id', '=', values.id),
);
const slaInputsOfMany = compiledOnce((db, values: { ids: readonly number[] }) =>
  slaInputs(db).where('tickets.id', '=', sql<number>`any(${values.ids}::bigint[])`).orderBy('tickets.id'),
);

/**
 * Tickets (with the fingerprint of their stored SLA state, their last event id and the SLA
 * configuration version) and their SLA-relevant histories, in one statement: the ticket row and
 * its history come from one snapshot, so they always agree, and a ticket costs one round trip.
 * Each history comes as a JSON array of plain values, not as event rows with their JSON data:
 * parsing every event's data and timestamp cost more than the rest of a full recompute.
 */
export async function loadSlaInputs(
  db: Queryable,
  ids: readonly number[],
): Promise<{ tickets: LoadedSlaTicket[]; histories: Map<number, SlaHistory> }> {
  const histories = new Map<number, SlaHistory>();
  if (ids.length === 0) return { tickets: [], histories };
  const rows =
    ids.length === 1 ? await slaInputsOfOne(db, { id: ids[0] ?? 0 }) : await slaInputsOfMany(db, { ids });
  const tickets: LoadedSlaTicket[] = [];
  for (const { sla_events: events, ...ticket } of rows) {
    tickets.push(ticket);
    if (events) histories.set(ticket.id, historyOf(events));
  }
  return { tickets, histories };
}

function historyOf(tuples: readonly SlaEventTuple[]): SlaHistory {
  const history: SlaHistory = { events: [], lastEventId: 0 };
  for (const event of tuples) {
    const [
      id,
      type,
      role,
      atMs,
      status,
      visibility,
      mergeId,
      vendorEscalationId,
      metric,
      cycle,
      ruleId,
      level,
    ] = event;
    history.lastEventId = id;
    const data: Record<string, unknown> = {};
    if (status !== null) {
      if (type === 'ticket.updated') data.changes = { status: { to: status } };
      else data.status = status;
    }
    if (visibility !== null) data.visibility = visibility;
    if (mergeId !== null) data.mergeId = mergeId;
    if (vendorEscalationId !== null) data.vendorEscalationId = vendorEscalationId;
    if (metric !== null) data.metric = metric;
    if (cycle !== null) data.cycle = cycle;
    if (ruleId !== null) data.ruleId = ruleId;
    if (level !== null) data.level = level;
    history.events.push({
      type,
      at: new Date(atMs),
      actor: role === null ? 'system' : staffRoles.has(role) ? 'staff' : 'customer',
      data,
    });
  }
  return history;
}

export function computeTicketSla(
  config: SlaConfig,
  ticket: SlaTicketRow & { readonly stored_fingerprint?: string | null; readonly last_event_id?: number },
  history: SlaHistory | undefined,
  now: Date,
): TicketSlaComputation {
  const events = history?.events ?? [];
  const lastAt = events.at(-1)?.at;
  const asOf = lastAt && lastAt > now ? lastAt : now;
  const applied = termsForTicket(config, ticket);
  const derivation = deriveSlaState({
    events,
    terms: applied.terms,
    calendar: applied.calendar.calendar,
    now: asOf,
  });
  const checkpoints = slaCheckpoints(derivation, applied.rules, applied.calendar.calendar, asOf);
  const summary = summariseTargets(
    derivation.targets,
    ticket.status !== 'solved' && ticket.status !== 'closed',
  );
  return {
    ticket,
    applied,
    derivation,
    checkpoints,
    summary,
    now: asOf,
    fingerprint: fingerprintOf(applied, summary, checkpoints, derivation.targets),
    lastEventId: ticket.last_event_id ?? history?.lastEventId ?? 0,
  };
}

const SEVERITY: Record<SlaState, number> = { met: 0, ok: 1, at_risk: 2, breached: 3 };

export function summariseTargets(targets: readonly SlaTargetStatus[], open: boolean): SlaSummary {
  const active = targets.filter((target) => target.endedAt === null && target.clock !== 'stopped');
  let state: SlaState | null = null;
  if (active.length > 0) {
    state = active.reduce<SlaState>(
      (worst, t) => (SEVERITY[t.state] > SEVERITY[worst] ? t.state : worst),
      'ok',
    );
  } else if (targets.length > 0) {
    state = targets.some((target) => target.state === 'breached') ? 'breached' : 'met';
  }
  let nextDueMs = Number.POSITIVE_INFINITY;
  for (const target of active) {
    if (target.clock === 'running' && target.dueAt) nextDueMs = Math.min(nextDueMs, target.dueAt.getTime());
  }
  return {
    state,
    paused: active.length > 0 && active.every((target) => target.clock === 'paused'),
    nextDueAt: Number.isFinite(nextDueMs) ? new Date(nextDueMs) : null,
    open,
  };
}

/**
 * Derives and stores the SLA state of these tickets as of `now`, under the given configuration
 * or, given the cache, the one current when the tickets were read (no extra round trip).
 */
export async function refreshTicketSla(
  db: Queryable,
  source: SlaConfig | SlaConfigCache,
  ids: readonly number[],
  now: Date,
): Promise<TicketSlaComputation[]> {
  const { tickets, histories } = await loadSlaInputs(db, ids);
  const version = tickets[0]?.config_version;
  if (version === undefined) return [];
  const config = source instanceof SlaConfigCache ? await source.at(db, version) : source;
  const computations = tickets.map((ticket) =>
    computeTicketSla(config, ticket, histories.get(ticket.id), now),
  );
  await writeTicketSla(db, computations);
  return computations;
}
