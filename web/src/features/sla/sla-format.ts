import type { SlaClock, SlaMetric, SlaTarget } from '../../api/sla';
import type { SlaState } from '../../api/types';

export const METRIC_LABEL: Record<SlaMetric, string> = {
  first_response: 'First response',
  next_response: 'Next response',
  periodic_update: 'Periodic update',
  resolution: 'Resolution',
};

export const SLA_STATE_LABEL: Record<SlaState | 'paused', string> = {
  ok: 'On track',
  at_risk: 'At risk',
  breached: 'Breached',
  met: 'Met',
  paused: 'Paused',
};

export const CLOCK_LABEL: Record<SlaClock, string> = {
  running: 'Running',
  paused: 'Paused',
  stopped: 'Stopped',
};

/** "2 d 3 h", "1 h 05 min", "12 min", "40 s": short enough for a badge, exact enough to act on. */
export function formatDuration(minutes: number, { seconds = false } = {}): string {
  const totalSeconds = Math.max(0, Math.round(Math.abs(minutes) * 60));
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const mins = Math.floor((totalSeconds % 3600) / 60);
  const secs = totalSeconds % 60;
  if (days > 0) return hours ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return `${hours} h ${String(mins).padStart(2, '0')} min`;
  if (!seconds || mins >= 10) return `${mins} min`;
  return mins > 0 ? `${mins} min ${secs} s` : `${secs} s`;
}

/** A target length as configured: "30 min", "4 h", "2 d" when it divides evenly. */
export function formatTargetLength(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} d`;
  if (minutes % 60 === 0) return `${minutes / 60} h`;
  if (minutes > 60) return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
  return `${minutes} min`;
}

export type DisplayState = SlaState | 'paused';

/**
 * The state to show now. The server's answer is as of `computedAt`; between refreshes a running
 * clock crosses its at-risk and due instants on its own, so those are applied here too.
 */
export function stateNow(
  target: Pick<SlaTarget, 'state' | 'clock' | 'dueAt' | 'atRiskAt'>,
  now: number,
): DisplayState {
  if (target.state === 'met' || target.state === 'breached') return target.state;
  if (target.clock === 'running') {
    if (target.dueAt && Date.parse(target.dueAt) <= now) return 'breached';
    if (target.atRiskAt && Date.parse(target.atRiskAt) <= now) return 'at_risk';
  }
  if (target.clock === 'paused') return 'paused';
  return target.state;
}

/** The instants after `now` at which what is shown changes by itself (to refetch then). */
export function nextTransition(
  targets: Pick<SlaTarget, 'clock' | 'dueAt' | 'atRiskAt'>[],
  now: number,
): number | null {
  let next: number | null = null;
  for (const target of targets) {
    if (target.clock !== 'running') continue;
    for (const instant of [target.atRiskAt, target.dueAt]) {
      const at = instant ? Date.parse(instant) : Number.NaN;
      if (at > now && (next === null || at < next)) next = at;
    }
  }
  return next;
}

export const basisLabel = (businessHours: boolean) => (businessHours ? 'business time' : 'calendar time');
