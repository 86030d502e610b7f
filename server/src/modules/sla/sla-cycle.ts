import type { SlaClock, SlaMetric, SlaState } from '../../db/schema-sla.ts';
import {
  addBusinessMinutes,
  type BusinessCalendar,
  businessMinutesBetween,
} from '../../sla/business-calendar.ts';
import type { CycleEnd, SlaSegment, SlaTargetStatus, SlaTargetTerm } from './sla-state.ts';

// The clock of one target cycle: its stretches, measured in business or calendar time, and
// the state they add up to. Internals of deriveSlaState (sla-state.ts); pure.

const MINUTE_MS = 60_000;

export interface OpenSegment {
  clock: SlaClock;
  reason: string | null;
  fromMs: number;
}

export interface ClosedSegment extends OpenSegment {
  /** null: still open at `now`. */
  toMs: number | null;
}

export interface Cycle {
  readonly metric: SlaMetric;
  readonly number: number;
  readonly startedMs: number;
  endedMs: number | null;
  endedBy: CycleEnd | null;
  readonly segments: ClosedSegment[];
  open: OpenSegment | null;
}

export interface Mode {
  clock: SlaClock;
  reason: string | null;
}

/** Measures and extends stretches of time in business or calendar minutes, as integer milliseconds. */
export interface TimeMeasure {
  between(business: boolean, fromMs: number, toMs: number): number;
  /** The instant `ms` of counted time after `fromMs`; null when it never comes. */
  after(business: boolean, fromMs: number, ms: number): number | null;
}

export function timeMeasure(calendar: BusinessCalendar): TimeMeasure {
  // Several targets share the same stretches (they start together and pause together).
  const cache = new Map<string, number>();
  return {
    between(business, fromMs, toMs) {
      if (!business) return toMs - fromMs;
      const key = `${fromMs}:${toMs}`;
      let ms = cache.get(key);
      if (ms === undefined) {
        ms = Math.round(businessMinutesBetween(calendar, new Date(fromMs), new Date(toMs)) * MINUTE_MS);
        cache.set(key, ms);
      }
      return ms;
    },
    after(business, fromMs, ms) {
      if (ms <= 0) return fromMs;
      if (!business) return fromMs + ms;
      if (calendar.neverOpen) return null;
      return addBusinessMinutes(calendar, new Date(fromMs), ms / MINUTE_MS).getTime();
    },
  };
}

export function evaluateCycle(
  cycle: Cycle,
  term: SlaTargetTerm,
  atRiskFraction: number,
  measure: TimeMeasure,
  nowMs: number,
): Omit<SlaTargetStatus, 'noticed' | 'earlierCycles'> {
  const business = term.businessHours;
  const segments: ClosedSegment[] = [];
  for (const segment of cycle.open ? [...cycle.segments, { ...cycle.open, toMs: null }] : cycle.segments) {
    // A change that came to nothing (paused and resumed in the same instant) leaves one stretch.
    const previous = segments.at(-1);
    if (
      previous &&
      previous.clock === segment.clock &&
      previous.reason === segment.reason &&
      previous.toMs === segment.fromMs
    ) {
      previous.toMs = segment.toMs;
    } else segments.push({ ...segment });
  }
  const timeline: SlaSegment[] = [];
  let elapsedMs = 0;
  let pausedMs = 0;
  for (const segment of segments) {
    const ms = measure.between(business, segment.fromMs, segment.toMs ?? nowMs);
    timeline.push({
      clock: segment.clock,
      reason: segment.reason,
      from: new Date(segment.fromMs),
      to: segment.toMs === null ? null : new Date(segment.toMs),
      minutes: ms / MINUTE_MS,
      elapsedBefore: elapsedMs / MINUTE_MS,
    });
    if (segment.clock === 'running') elapsedMs += ms;
    else if (segment.clock === 'paused') pausedMs += ms;
  }
  const targetMs = Math.round(term.minutes * MINUTE_MS);
  const reachedAt = (thresholdMs: number) => instantWhenElapsed(timeline, business, measure, thresholdMs);
  const dueMs = reachedAt(targetMs);
  const atRiskMs = reachedAt(Math.round(targetMs * atRiskFraction));
  const endMs = cycle.endedMs ?? nowMs;
  const breachedMs = dueMs !== null && dueMs <= endMs ? dueMs : null;
  const openClock = cycle.open?.clock ?? 'stopped';
  const clock: SlaClock = cycle.endedMs !== null ? 'stopped' : openClock;
  const stoppedSince = clock === 'stopped' && cycle.endedMs === null ? (cycle.open?.fromMs ?? null) : null;
  let state: SlaState;
  let metMs: number | null = null;
  if (breachedMs !== null) state = 'breached';
  else if (cycle.endedMs !== null || stoppedSince !== null) {
    state = 'met';
    metMs = cycle.endedMs ?? stoppedSince;
  } else if (atRiskMs !== null && atRiskMs <= nowMs) state = 'at_risk';
  else state = 'ok';
  const toDate = (ms: number | null) => (ms === null ? null : new Date(ms));
  return {
    metric: term.metric,
    cycle: cycle.number,
    targetMinutes: term.minutes,
    businessHours: business,
    atRiskFraction,
    startedAt: new Date(cycle.startedMs),
    clock,
    pauseReason: cycle.endedMs === null ? (cycle.open?.reason ?? null) : null,
    state,
    elapsedMinutes: elapsedMs / MINUTE_MS,
    pausedMinutes: pausedMs / MINUTE_MS,
    remainingMinutes: (targetMs - elapsedMs) / MINUTE_MS,
    dueAt: toDate(dueMs),
    atRiskAt: toDate(atRiskMs),
    breachedAt: toDate(breachedMs),
    metAt: toDate(metMs),
    endedAt: toDate(cycle.endedMs),
    endedBy: cycle.endedBy,
    timeline,
  };
}

/**
 * The instant at which `thresholdMs` of running time is reached: in the past when it already
 * was, projected when the clock is running now, null when it is paused or stopped short of it.
 */
export function instantWhenElapsed(
  timeline: readonly SlaSegment[],
  business: boolean,
  measure: TimeMeasure,
  thresholdMs: number,
): number | null {
  for (const segment of timeline) {
    if (segment.clock !== 'running') continue;
    const beforeMs = Math.round(segment.elapsedBefore * MINUTE_MS);
    const ms = Math.round(segment.minutes * MINUTE_MS);
    if (segment.to === null || beforeMs + ms >= thresholdMs) {
      return measure.after(business, segment.from.getTime(), thresholdMs - beforeMs);
    }
  }
  return null;
}

/**
 * When `minutes` of a target's current cycle have run or will have run; the escalation levels
 * and the sweep's next look use it. Null when the clock is not running and has not got there.
 */
export function whenElapsed(
  target: SlaTargetStatus,
  calendar: BusinessCalendar,
  minutes: number,
): Date | null {
  const ms = instantWhenElapsed(
    target.timeline,
    target.businessHours,
    timeMeasure(calendar),
    Math.round(minutes * MINUTE_MS),
  );
  return ms === null ? null : new Date(ms);
}
