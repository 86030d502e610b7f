import { sql } from 'kysely';
import { STAFF_ROLES } from '../../access/actor.ts';
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

/** The tickets, with the fingerprint of their stored SLA state and their last event id. */
export async function loadSlaTickets(db: Queryable, ids: readonly number[]): Promise<LoadedSlaTicket[]> {
  if (ids.length === 0) return [];
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
    .where('tickets.id', '=', sql<number>`any(${[...ids]}::bigint[])`)
    .orderBy('tickets.id')
    .execute();
}

/**
 * Tickets and their histories, each history cut at the ticket's last event as the ticket row
 * was read: events committed in between (the two reads see different snapshots) wait for the
 * next refresh, so the row and the history always agree. Per ticket, events commit in id
 * order, because every change holds the ticket's row lock.
 */
export async function loadSlaInputs(db: Queryable, ids: readonly number[]) {
  const tickets = await loadSlaTickets(db, ids);
  const cutoffs = new Map(tickets.map((ticket) => [ticket.id, ticket.last_event_id]));
  return { tickets, histories: await loadSlaHistories(db, ids, cutoffs) };
}

const staffRoles: ReadonlySet<Role> = new Set(STAFF_ROLES);

/**
 * The SLA-relevant history of each ticket, in the order it was recorded. Only the fields the
 * derivation reads come back, as plain columns: parsing every event's JSON and timestamp costs
 * more than the rest of a full recompute.
 */
export async function loadSlaHistories(
  db: Queryable,
  ids: readonly number[],
  cutoffs?: ReadonlyMap<number, number>,
): Promise<Map<number, SlaHistory>> {
  const histories = new Map<number, SlaHistory>();
  if (ids.length === 0) return histories;
  const field = (path: string) => sql<string | null>`ticket_events.data->>${sql.lit(path)}`;
  const rows = await db
    .selectFrom('ticket_events')
    .leftJoin('users', 'users.id', 'ticket_events.actor_id')
    .select([
      'ticket_events.id',
      'ticket_events.ticket_id',
      'ticket_events.type',
      'users.role',
      sql<number>`extract(epoch from ticket_events.created_at) * 1000`.as('at_ms'),
      sql<
        string | null
      >`coalesce(ticket_events.data->>'status', ticket_events.data->'changes'->'status'->>'to')`.as('status'),
      field('visibility').as('visibility'),
      field('mergeId').as('merge_id'),
      field('vendorEscalationId').as('vendor_escalation_id'),
      field('metric').as('metric'),
      field('cycle').as('cycle'),
      field('ruleId').as('rule_id'),
      field('level').as('level'),
    ])
    .where('ticket_events.ticket_id', '=', sql<number>`any(${[...ids]}::bigint[])`)
    .where('ticket_events.type', 'in', [...SLA_EVENT_TYPES])
    .orderBy('ticket_events.ticket_id')
    .orderBy('ticket_events.id')
    .execute();
  for (const row of rows) {
    if (cutoffs && row.id > (cutoffs.get(row.ticket_id) ?? Number.POSITIVE_INFINITY)) continue;
    let history = histories.get(row.ticket_id);
    if (!history) {
      history = { events: [], lastEventId: 0 };
      histories.set(row.ticket_id, history);
    }
    history.lastEventId = row.id;
    const data: Record<string, unknown> = {};
    if (row.status !== null) {
      if (row.type === 'ticket.updated') data.changes = { status: { to: row.status } };
      else data.status = row.status;
    }
    if (row.visibility !== null) data.visibility = row.visibility;
    if (row.merge_id !== null) data.mergeId = row.merge_id;
    if (row.vendor_escalation_id !== null) data.vendorEscalationId = row.vendor_escalation_id;
    if (row.metric !== null) data.metric = row.metric;
    if (row.cycle !== null) data.cycle = row.cycle;
    if (row.rule_id !== null) data.ruleId = row.rule_id;
    if (row.level !== null) data.level = row.level;
    history.events.push({
      type: row.type,
      at: new Date(Number(row.at_ms)),
      actor: row.role === null ? 'system' : staffRoles.has(row.role) ? 'staff' : 'customer',
      data,
    });
  }
  return histories;
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
