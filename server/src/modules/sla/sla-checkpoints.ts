import type { SlaMetric } from '../../db/schema-sla.ts';
import type { BusinessCalendar } from '../../sla/business-calendar.ts';
import type { EscalationLevel } from '../escalation/escalation-rule.schema.ts';
import { whenElapsed } from './sla-cycle.ts';
import { firingKey, type SlaDerivation, type SlaTargetStatus } from './sla-state.ts';

/** An escalation rule as the watcher needs it, already narrowed to the ticket's policy and priority. */
export interface WatchedRule {
  readonly id: number;
  readonly name: string;
  /** Empty: every target. */
  readonly metrics: readonly SlaMetric[];
  readonly levels: readonly EscalationLevel[];
}

export interface DueNotice {
  readonly kind: 'at_risk' | 'breached';
  readonly target: SlaTargetStatus;
  readonly at: Date;
}

export interface DueLevel {
  readonly rule: WatchedRule;
  readonly level: EscalationLevel;
  readonly target: SlaTargetStatus;
  readonly at: Date;
}

export interface SlaCheckpoints {
  /** Notices to record now (sla.at_risk / sla.breached), oldest first. */
  readonly notices: readonly DueNotice[];
  /** Escalation levels to fire now, oldest first. */
  readonly levels: readonly DueLevel[];
  /** The earliest instant at which something is or will be due; null when nothing can come. */
  readonly nextCheckAt: Date | null;
}

/** A cycle that a reply or a solve has ended, or a stopped clock, has nothing left to warn about. */
const isActive = (target: SlaTargetStatus) => target.endedAt === null && target.clock !== 'stopped';

/**
 * What the sweep has to do for a ticket at `now`, and when it must look again. Each notice is
 * due once per target cycle; each escalation level once per rule, level and target cycle.
 */
export function slaCheckpoints(
  derivation: SlaDerivation,
  rules: readonly WatchedRule[],
  calendar: BusinessCalendar,
  now: Date,
): SlaCheckpoints {
  const nowMs = now.getTime();
  const notices: DueNotice[] = [];
  const levels: DueLevel[] = [];
  let nextMs = Number.POSITIVE_INFINITY;
  const consider = (at: Date | null): boolean => {
    if (at === null) return false;
    nextMs = Math.min(nextMs, at.getTime());
    return at.getTime() <= nowMs;
  };
  for (const target of derivation.targets) {
    const breachAt = isActive(target) ? target.dueAt : target.breachedAt;
    const breachDue = !target.noticed.breached && consider(breachAt);
    if (breachDue && breachAt) notices.push({ kind: 'breached', target, at: breachAt });
    // Once breached, a missed at-risk warning has nothing left to say.
    const atRiskPending =
      isActive(target) && !target.noticed.atRisk && !target.noticed.breached && !breachDue;
    if (atRiskPending && consider(target.atRiskAt) && target.atRiskAt) {
      notices.push({ kind: 'at_risk', target, at: target.atRiskAt });
    }
    if (!isActive(target)) continue;
    for (const rule of rules) {
      if (rule.metrics.length > 0 && !rule.metrics.includes(target.metric)) continue;
      for (const level of rule.levels) {
        const key = firingKey({
          ruleId: rule.id,
          level: level.level,
          metric: target.metric,
          cycle: target.cycle,
        });
        if (derivation.firedEscalations.has(key)) continue;
        const at = whenElapsed(target, calendar, thresholdMinutes(level, target));
        if (consider(at) && at) levels.push({ rule, level, target, at });
      }
    }
  }
  const byTime = (a: { at: Date }, b: { at: Date }) => a.at.getTime() - b.at.getTime();
  return {
    notices: notices.sort(byTime),
    levels: levels.sort(byTime),
    nextCheckAt: Number.isFinite(nextMs) ? new Date(nextMs) : null,
  };
}

/** Minutes of the target's clock after which a level fires. */
export function thresholdMinutes(level: EscalationLevel, target: SlaTargetStatus): number {
  if (level.trigger.on === 'at_risk')
    return (level.trigger.fraction ?? target.atRiskFraction) * target.targetMinutes;
  return target.targetMinutes + level.trigger.delayMinutes;
}
