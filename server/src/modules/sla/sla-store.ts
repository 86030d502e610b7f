import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import type { SlaCheckpoints } from './sla-checkpoints.ts';
import type { AppliedTerms } from './sla-config.ts';
import type { SlaSummary, TicketSlaComputation } from './sla-refresh.ts';
import type { SlaTargetStatus } from './sla-state.ts';

// Materialises computed SLA state in ticket_sla and ticket_sla_targets, many tickets per
// statement. Arrays travel as literals built here and instants as epoch milliseconds:
// node-postgres serialises array elements one by one, which cost as much as the SLA maths.

const ms = (date: Date | null) => (date === null ? null : date.getTime());

/** A PostgreSQL array literal: `{1,NULL,"text"}`. */
function arrayLiteral(values: readonly (string | number | boolean | null)[]): string {
  let literal = '{';
  for (let index = 0; index < values.length; index++) {
    if (index > 0) literal += ',';
    const value = values[index];
    if (value === null || value === undefined) literal += 'NULL';
    else if (typeof value === 'number') literal += Number.isFinite(value) ? String(value) : 'NULL';
    else if (typeof value === 'boolean') literal += value ? 't' : 'f';
    else literal += `"${value.replace(/["\\]/g, '\\$&')}"`;
  }
  return `${literal}}`;
}

/** Everything stored for a ticket but the minutes that grow with time, as a short digest. */
export function fingerprintOf(
  applied: AppliedTerms,
  summary: SlaSummary,
  checkpoints: SlaCheckpoints,
  targets: readonly SlaTargetStatus[],
): string {
  const parts: (string | number | boolean | null)[] = [
    applied.policy?.id ?? null,
    applied.calendar.id,
    summary.state,
    summary.open,
    summary.paused,
    ms(summary.nextDueAt),
    ms(checkpoints.nextCheckAt),
  ];
  for (const t of targets) {
    parts.push(t.metric, t.cycle, t.state, t.clock, t.pauseReason, t.targetMinutes, t.businessHours);
    parts.push(t.startedAt.getTime(), ms(t.dueAt), ms(t.atRiskAt), ms(t.breachedAt), ms(t.metAt));
  }
  return crypto.createHash('sha1').update(parts.join('|')).digest('base64url');
}

/**
 * Writes the state of many tickets in one statement. A ticket is rewritten only when what is
 * stored for it changed (its fingerprint: states, clocks, instants), so a recompute that
 * changes little writes little; elapsed, paused and remaining minutes are as of computed_at.
 * A state derived from an older history than the stored one is dropped.
 */
export async function writeTicketSla(db: Queryable, all: readonly TicketSlaComputation[]): Promise<void> {
  const computations = all.filter((c) => c.fingerprint !== c.ticket.stored_fingerprint);
  if (computations.length === 0) return;
  const ids = computations.map((c) => c.ticket.id);
  const of = <T>(pick: (c: TicketSlaComputation) => T) => computations.map(pick);
  const rows = computations.flatMap((c) => c.derivation.targets.map((target) => ({ c, target })));
  const col = <T>(pick: (target: SlaTargetStatus, c: TicketSlaComputation) => T) =>
    rows.map((row) => pick(row.target, row.c));
  const ticketIds = col((_, c) => c.ticket.id);
  const metrics = col((t) => t.metric);
  // One round trip: the three parts touch different rows, so they may run as one statement.
  await sql`
    WITH summary AS (
      INSERT INTO ticket_sla (ticket_id, policy_id, calendar_id, state, open, paused, next_due_at, check_at, computed_at,
        fingerprint, last_event_id)
      SELECT r.ticket_id, r.policy_id, r.calendar_id, r.state, r.open, r.paused,
        to_timestamp(r.next_due_ms / 1000), to_timestamp(r.check_ms / 1000), to_timestamp(r.now_ms / 1000), r.fingerprint,
        r.last_event_id
      FROM unnest(${arrayLiteral(ids)}::bigint[], ${arrayLiteral(of((c) => c.applied.policy?.id ?? null))}::bigint[],
        ${arrayLiteral(of((c) => c.applied.calendar.id))}::bigint[], ${arrayLiteral(of((c) => c.summary.state))}::text[],
        ${arrayLiteral(of((c) => c.summary.open))}::boolean[], ${arrayLiteral(of((c) => c.summary.paused))}::boolean[],
        ${arrayLiteral(of((c) => ms(c.summary.nextDueAt)))}::float8[], ${arrayLiteral(of((c) => ms(c.checkpoints.nextCheckAt)))}::float8[],
        ${arrayLiteral(of((c) => c.now.getTime()))}::float8[], ${arrayLiteral(of((c) => c.fingerprint))}::text[],
        ${arrayLiteral(of((c) => c.lastEventId))}::bigint[])
        AS r (ticket_id, policy_id, calendar_id, state, open, paused, next_due_ms, check_ms, now_ms, fingerprint, last_event_id)
      ON CONFLICT (ticket_id) DO UPDATE SET
        policy_id = excluded.policy_id, calendar_id = excluded.calendar_id, state = excluded.state,
        open = excluded.open, paused = excluded.paused, next_due_at = excluded.next_due_at,
        check_at = excluded.check_at, computed_at = excluded.computed_at, fingerprint = excluded.fingerprint,
        last_event_id = excluded.last_event_id
      WHERE ticket_sla.last_event_id <= excluded.last_event_id AND ticket_sla.fingerprint <> excluded.fingerprint
      RETURNING ticket_id
    ), gone AS (
      DELETE FROM ticket_sla_targets t
      -- The ids as a list the planner can see, so it reads these tickets' targets by index: from
      -- the CTE alone it expected a fifth of the table and read all of it (58 ms at 100,000 tickets).
      WHERE t.ticket_id = ANY(${arrayLiteral(ids)}::bigint[])
        AND t.ticket_id IN (SELECT ticket_id FROM summary)
        AND NOT EXISTS (
          SELECT 1 FROM unnest(${arrayLiteral(ticketIds)}::bigint[], ${arrayLiteral(metrics)}::text[]) AS k (ticket_id, metric)
          WHERE k.ticket_id = t.ticket_id AND k.metric = t.metric)
      RETURNING 1
    )
    INSERT INTO ticket_sla_targets (ticket_id, metric, cycle, state, clock, pause_reason, target_minutes, business_hours,
      started_at, elapsed_minutes, paused_minutes, remaining_minutes, due_at, at_risk_at, breached_at, met_at, computed_at)
    SELECT r.ticket_id, r.metric, r.cycle, r.state, r.clock, r.pause_reason, r.target_minutes, r.business_hours,
      to_timestamp(r.started_ms / 1000), r.elapsed, r.paused, r.remaining, to_timestamp(r.due_ms / 1000),
      to_timestamp(r.at_risk_ms / 1000), to_timestamp(r.breached_ms / 1000), to_timestamp(r.met_ms / 1000),
      to_timestamp(r.now_ms / 1000)
    FROM unnest(${arrayLiteral(ticketIds)}::bigint[], ${arrayLiteral(metrics)}::text[], ${arrayLiteral(col((t) => t.cycle))}::int[], ${arrayLiteral(col((t) => t.state))}::text[],
      ${arrayLiteral(col((t) => t.clock))}::text[], ${arrayLiteral(col((t) => t.pauseReason))}::text[], ${arrayLiteral(col((t) => t.targetMinutes))}::int[],
      ${arrayLiteral(col((t) => t.businessHours))}::boolean[], ${arrayLiteral(col((t) => t.startedAt.getTime()))}::float8[],
      ${arrayLiteral(col((t) => t.elapsedMinutes))}::float8[], ${arrayLiteral(col((t) => t.pausedMinutes))}::float8[],
      ${arrayLiteral(col((t) => t.remainingMinutes))}::float8[], ${arrayLiteral(col((t) => ms(t.dueAt)))}::float8[],
      ${arrayLiteral(col((t) => ms(t.atRiskAt)))}::float8[], ${arrayLiteral(col((t) => ms(t.breachedAt)))}::float8[],
      ${arrayLiteral(col((t) => ms(t.metAt)))}::float8[], ${arrayLiteral(col((_, c) => c.now.getTime()))}::float8[])
      AS r (ticket_id, metric, cycle, state, clock, pause_reason, target_minutes, business_hours, started_ms, elapsed,
        paused, remaining, due_ms, at_risk_ms, breached_ms, met_ms, now_ms)
    WHERE r.ticket_id IN (SELECT ticket_id FROM summary)
    ON CONFLICT (ticket_id, metric) DO UPDATE SET
      cycle = excluded.cycle, state = excluded.state, clock = excluded.clock, pause_reason = excluded.pause_reason,
      target_minutes = excluded.target_minutes, business_hours = excluded.business_hours, started_at = excluded.started_at,
      elapsed_minutes = excluded.elapsed_minutes, paused_minutes = excluded.paused_minutes,
      remaining_minutes = excluded.remaining_minutes, due_at = excluded.due_at, at_risk_at = excluded.at_risk_at,
      breached_at = excluded.breached_at, met_at = excluded.met_at, computed_at = excluded.computed_at`.execute(
    db,
  );
}
