import type { TicketStatus } from '../../db/schema.ts';
import type { SlaClock, SlaMetric, SlaState } from '../../db/schema-sla.ts';
import type { BusinessCalendar } from '../../sla/business-calendar.ts';
import { type Cycle, evaluateCycle, type Mode, timeMeasure } from './sla-cycle.ts';

// The one function that says where a ticket stands against its SLA. It replays the ticket's
// whole history under the terms that apply now (policy, priority, calendar), so a change of
// any of them recomputes every target with the time already spent kept, and every answer can
// be explained by the running and paused stretches it returns. Pure: no I/O, no clock.

const TICKET_STATUSES: readonly string[] = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'];
const FINISHED: ReadonlySet<string> = new Set(['solved', 'closed']);

/** Event types the derivation reads; loaders may skip every other type. */
export const SLA_EVENT_TYPES = [
  'ticket.created',
  'ticket.updated',
  'message.added',
  'ticket.merged_into',
  'ticket.merge_undone',
  'vendor.escalated',
  'vendor.returned',
  'sla.at_risk',
  'sla.breached',
  'escalation.fired',
] as const;

export interface SlaHistoryEvent {
  readonly type: string;
  readonly at: Date;
  /** Who acted: a staff member, a customer, or the system (jobs, imports). */
  readonly actor: 'staff' | 'customer' | 'system';
  readonly data: Readonly<Record<string, unknown>>;
}

export interface SlaTargetTerm {
  readonly metric: SlaMetric;
  readonly minutes: number;
  /** Business time of the calendar, or plain elapsed (calendar) time. */
  readonly businessHours: boolean;
}

/** What applies to the ticket now: the targets of its policy for its current priority. */
export interface SlaTerms {
  readonly targets: readonly SlaTargetTerm[];
  readonly pauseStatuses: readonly TicketStatus[];
  readonly pauseOnVendor: boolean;
  /** A target is at risk once this fraction of it has run. */
  readonly atRiskFraction: number;
}

export interface DeriveSlaInput {
  /** The ticket's history in the order it was recorded. */
  readonly events: readonly SlaHistoryEvent[];
  readonly terms: SlaTerms;
  /** Used by business-time targets only. */
  readonly calendar: BusinessCalendar;
  readonly now: Date;
}

/** How a cycle ended: met by a public agent reply, or by the ticket being solved or closed. */
export type CycleEnd = 'agent_reply' | 'solved' | 'closed';

/** A stretch during which a target's clock ran, was paused or was stopped. */
export interface SlaSegment {
  readonly clock: SlaClock;
  /** Why the clock did not run: the status ('pending', 'on_hold', 'solved', …) or 'waiting_on_vendor'. */
  readonly reason: string | null;
  readonly from: Date;
  /** null while it is still going (measured up to `now`). */
  readonly to: Date | null;
  /** Length in the target's time basis (business or calendar minutes). */
  readonly minutes: number;
  /** Minutes the target had run when the stretch began. */
  readonly elapsedBefore: number;
}

export interface SlaCycleSummary {
  readonly cycle: number;
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly endedBy: CycleEnd;
  readonly elapsedMinutes: number;
  readonly state: 'met' | 'breached';
}

export interface SlaTargetStatus {
  readonly metric: SlaMetric;
  /** 1 for first response and resolution; counts up for next response and periodic update. */
  readonly cycle: number;
  readonly targetMinutes: number;
  readonly businessHours: boolean;
  readonly atRiskFraction: number;
  readonly startedAt: Date;
  readonly clock: SlaClock;
  readonly pauseReason: string | null;
  readonly state: SlaState;
  readonly elapsedMinutes: number;
  readonly pausedMinutes: number;
  /** Negative once overdue. */
  readonly remainingMinutes: number;
  /** When the target is (or was) used up: past once breached, projected while running, null while paused short of it. */
  readonly dueAt: Date | null;
  readonly atRiskAt: Date | null;
  readonly breachedAt: Date | null;
  readonly metAt: Date | null;
  readonly endedAt: Date | null;
  readonly endedBy: CycleEnd | null;
  /** Whether sla.at_risk / sla.breached were already recorded for this cycle. */
  readonly noticed: { readonly atRisk: boolean; readonly breached: boolean };
  readonly timeline: readonly SlaSegment[];
  readonly earlierCycles: readonly SlaCycleSummary[];
}

export interface EscalationFiringKey {
  readonly ruleId: number;
  readonly level: number;
  readonly metric: SlaMetric;
  readonly cycle: number;
}

export interface SlaDerivation {
  /** The status the history arrives at. */
  readonly status: TicketStatus | null;
  readonly targets: readonly SlaTargetStatus[];
  /** Escalation levels already fired, as recorded by escalation.fired events. */
  readonly firedEscalations: ReadonlySet<string>;
}

export function firingKey(key: EscalationFiringKey): string {
  return `${key.ruleId}:${key.level}:${key.metric}:${key.cycle}`;
}

export function deriveSlaState(input: DeriveSlaInput): SlaDerivation {
  const { terms, now } = input;
  const nowMs = now.getTime();
  const termByMetric = new Map(terms.targets.map((term) => [term.metric, term]));
  const pauseStatuses = new Set<string>(terms.pauseStatuses);
  const cycles = new Map<SlaMetric, Cycle[]>();
  const noticed = new Set<string>();
  const fired = new Set<string>();
  const openVendorEscalations = new Set<string>();
  const statusBeforeMerge = new Map<string, TicketStatus>();
  let status: TicketStatus | null = null;
  let firstResponded = false;

  const modeNow = (): Mode => {
    if (status === null || FINISHED.has(status)) return { clock: 'stopped', reason: status };
    if (pauseStatuses.has(status)) return { clock: 'paused', reason: status };
    if (terms.pauseOnVendor && openVendorEscalations.size > 0)
      return { clock: 'paused', reason: 'waiting_on_vendor' };
    return { clock: 'running', reason: null };
  };
  const current = (metric: SlaMetric): Cycle | undefined => {
    const last = cycles.get(metric)?.at(-1);
    return last && last.endedMs === null ? last : undefined;
  };
  const closeOpen = (cycle: Cycle, atMs: number) => {
    if (cycle.open && atMs > cycle.open.fromMs) cycle.segments.push({ ...cycle.open, toMs: atMs });
    cycle.open = null;
  };
  const start = (metric: SlaMetric, atMs: number) => {
    if (!termByMetric.has(metric) || current(metric)) return;
    const list = cycles.get(metric) ?? [];
    list.push({
      metric,
      number: list.length + 1,
      startedMs: atMs,
      endedMs: null,
      endedBy: null,
      segments: [],
      open: { ...modeNow(), fromMs: atMs },
    });
    cycles.set(metric, list);
  };
  const end = (metric: SlaMetric, atMs: number, endedBy: CycleEnd) => {
    const cycle = current(metric);
    if (!cycle) return;
    // A restartable cycle that a solve ends the instant it began never ran: drop it.
    if (endedBy !== 'agent_reply' && cycle.startedMs === atMs && metric !== 'first_response') {
      cycles.get(metric)?.pop();
      return;
    }
    closeOpen(cycle, atMs);
    cycle.endedMs = atMs;
    cycle.endedBy = endedBy;
  };
  const changeMode = (atMs: number) => {
    const mode = modeNow();
    for (const list of cycles.values()) {
      const cycle = list.at(-1);
      if (!cycle || cycle.endedMs !== null || !cycle.open) continue;
      if (cycle.open.clock === mode.clock && cycle.open.reason === mode.reason) continue;
      closeOpen(cycle, atMs);
      cycle.open = { ...mode, fromMs: atMs };
    }
  };
  const setStatus = (next: TicketStatus, atMs: number) => {
    const previous = status;
    status = next;
    if (previous !== null && !FINISHED.has(previous) && FINISHED.has(next)) {
      const endedBy: CycleEnd = next === 'solved' ? 'solved' : 'closed';
      end('first_response', atMs, endedBy);
      end('next_response', atMs, endedBy);
      end('periodic_update', atMs, endedBy);
    }
    changeMode(atMs);
    if (previous !== null && FINISHED.has(previous) && !FINISHED.has(next) && firstResponded) {
      start('periodic_update', atMs);
    }
  };

  // Time only moves forward: an event stamped before the previous one (clock skew between
  // nodes) counts as happening with it, and nothing after `now` is replayed.
  let lastMs = Number.NEGATIVE_INFINITY;
  for (const event of input.events) {
    const atMs = Math.max(lastMs, event.at.getTime());
    if (atMs > nowMs) break;
    lastMs = atMs;
    switch (event.type) {
      case 'ticket.created': {
        if (status !== null) break;
        status = asStatus(event.data.status) ?? 'new';
        start('first_response', atMs);
        start('resolution', atMs);
        break;
      }
      case 'ticket.updated': {
        const next = asStatus(statusChangeOf(event.data));
        if (next && status !== null && next !== status) setStatus(next, atMs);
        break;
      }
      case 'ticket.merged_into': {
        if (status === null) break;
        statusBeforeMerge.set(String(event.data.mergeId), status);
        setStatus('closed', atMs);
        break;
      }
      case 'ticket.merge_undone': {
        const restored = statusBeforeMerge.get(String(event.data.mergeId));
        if (restored) setStatus(restored, atMs);
        break;
      }
      case 'message.added': {
        if (event.data.visibility !== 'public' || status === null) break;
        if (event.actor === 'staff') {
          end('first_response', atMs, 'agent_reply');
          end('next_response', atMs, 'agent_reply');
          end('periodic_update', atMs, 'agent_reply');
          firstResponded = true;
          if (!FINISHED.has(status)) start('periodic_update', atMs);
        } else if (event.actor === 'customer' && firstResponded) {
          start('next_response', atMs);
        }
        break;
      }
      case 'vendor.escalated':
        openVendorEscalations.add(String(event.data.vendorEscalationId));
        changeMode(atMs);
        break;
      case 'vendor.returned':
        openVendorEscalations.delete(String(event.data.vendorEscalationId));
        changeMode(atMs);
        break;
      case 'sla.at_risk':
      case 'sla.breached':
        noticed.add(`${event.type}:${String(event.data.metric)}:${String(event.data.cycle)}`);
        break;
      case 'escalation.fired':
        fired.add(
          `${String(event.data.ruleId)}:${String(event.data.level)}:${String(event.data.metric)}:${String(event.data.cycle)}`,
        );
        break;
    }
  }

  const measure = timeMeasure(input.calendar);
  const targets: SlaTargetStatus[] = [];
  for (const term of terms.targets) {
    const list = cycles.get(term.metric);
    const last = list?.at(-1);
    if (!list || !last) continue;
    const evaluate = (cycle: Cycle) => evaluateCycle(cycle, term, terms.atRiskFraction, measure, nowMs);
    const earlierCycles = list.slice(0, -1).map((cycle): SlaCycleSummary => {
      const result = evaluate(cycle);
      return {
        cycle: cycle.number,
        startedAt: new Date(cycle.startedMs),
        endedAt: new Date(cycle.endedMs ?? nowMs),
        endedBy: cycle.endedBy ?? 'agent_reply',
        elapsedMinutes: result.elapsedMinutes,
        state: result.state === 'breached' ? 'breached' : 'met',
      };
    });
    targets.push({
      ...evaluate(last),
      noticed: {
        atRisk: noticed.has(`sla.at_risk:${term.metric}:${last.number}`),
        breached: noticed.has(`sla.breached:${term.metric}:${last.number}`),
      },
      earlierCycles,
    });
  }
  return { status, targets, firedEscalations: fired };
}

function asStatus(value: unknown): TicketStatus | null {
  return typeof value === 'string' && TICKET_STATUSES.includes(value) ? (value as TicketStatus) : null;
}

function statusChangeOf(data: Readonly<Record<string, unknown>>): unknown {
  const changes = data.changes;
  if (typeof changes !== 'object' || changes === null) return undefined;
  const change = (changes as Record<string, unknown>).status;
  if (typeof change !== 'object' || change === null) return undefined;
  return (change as Record<string, unknown>).to;
}
