import { z } from 'zod';
import { CHANNELS, PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from '../../db/schema.ts';
import {
  type BusinessCalendarRow,
  PAUSABLE_STATUSES,
  SLA_CLOCKS,
  SLA_METRICS,
  SLA_STATES,
  type TicketSlaTargetRow,
} from '../../db/schema-sla.ts';
import type { AtRiskRow } from './sla-at-risk.ts';
import type { PolicyWithTargets } from './sla-policy.service.ts';
import type { TicketSlaComputation } from './sla-refresh.ts';
import type { SlaTargetStatus } from './sla-state.ts';

const interval = z.object({ start: z.string(), end: z.string() });
const holiday = z.union([
  z.object({ kind: z.literal('date'), name: z.string(), date: z.string() }),
  z.object({ kind: z.literal('range'), name: z.string(), from: z.string(), to: z.string() }),
  z.object({ kind: z.literal('yearly'), name: z.string(), date: z.string() }),
]);

export const calendarSchema = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  isDefault: z.boolean(),
  timeZone: z.string(),
  weeklyHours: z.object({
    monday: z.array(interval),
    tuesday: z.array(interval),
    wednesday: z.array(interval),
    thursday: z.array(interval),
    friday: z.array(interval),
    saturday: z.array(interval),
    sunday: z.array(interval),
  }),
  holidays: z.array(holiday),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export function presentCalendar(row: BusinessCalendarRow): z.output<typeof calendarSchema> {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    isDefault: row.is_default,
    timeZone: row.definition.timeZone,
    weeklyHours: row.definition.weeklyHours,
    holidays: row.definition.holidays,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export const policySchema = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  position: z.number(),
  active: z.boolean(),
  conditions: z.object({
    organisationIds: z.array(z.number()),
    priorities: z.array(z.enum(PRIORITIES)),
    types: z.array(z.enum(TICKET_TYPES)),
    channels: z.array(z.enum(CHANNELS)),
    tags: z.array(z.string()),
  }),
  calendarId: z.number().nullable(),
  pauseStatuses: z.array(z.enum(PAUSABLE_STATUSES)),
  pauseOnVendor: z.boolean(),
  atRiskFraction: z.number(),
  targets: z.array(
    z.object({
      priority: z.enum(PRIORITIES),
      metric: z.enum(SLA_METRICS),
      minutes: z.number(),
      businessHours: z.boolean(),
    }),
  ),
  createdAt: z.date(),
  updatedAt: z.date(),
});

export function presentPolicy({ policy, targets }: PolicyWithTargets): z.output<typeof policySchema> {
  return {
    id: policy.id,
    name: policy.name,
    description: policy.description,
    position: policy.position,
    active: policy.active,
    conditions: {
      organisationIds: policy.organisation_ids,
      priorities: policy.priorities,
      types: policy.types,
      channels: policy.channels,
      tags: policy.tags,
    },
    calendarId: policy.calendar_id,
    pauseStatuses: policy.pause_statuses,
    pauseOnVendor: policy.pause_on_vendor,
    atRiskFraction: policy.at_risk_fraction,
    targets: targets.map((t) => ({
      priority: t.priority,
      metric: t.metric,
      minutes: t.minutes,
      businessHours: t.business_hours,
    })),
    createdAt: policy.created_at,
    updatedAt: policy.updated_at,
  };
}

const targetCore = {
  metric: z.enum(SLA_METRICS),
  cycle: z.number(),
  state: z.enum(SLA_STATES),
  clock: z.enum(SLA_CLOCKS),
  pauseReason: z.string().nullable(),
  targetMinutes: z.number(),
  businessHours: z.boolean(),
  startedAt: z.date(),
  elapsedMinutes: z.number(),
  pausedMinutes: z.number(),
  remainingMinutes: z.number(),
  dueAt: z.date().nullable(),
  atRiskAt: z.date().nullable(),
  breachedAt: z.date().nullable(),
  metAt: z.date().nullable(),
};

const targetSchema = z.object({
  ...targetCore,
  endedAt: z.date().nullable(),
  endedBy: z.enum(['agent_reply', 'solved', 'closed']).nullable(),
});

/** The SLA badge data of a ticket: where each target stands now. */
export const ticketSlaSchema = z.object({
  policy: z.object({ id: z.number(), name: z.string() }).nullable(),
  calendar: z.object({ id: z.number().nullable(), name: z.string(), timeZone: z.string() }),
  state: z.enum(SLA_STATES).nullable(),
  paused: z.boolean(),
  nextDueAt: z.date().nullable(),
  targets: z.array(targetSchema),
  computedAt: z.date(),
});

const presentTarget = (t: SlaTargetStatus): z.output<typeof targetSchema> => ({
  metric: t.metric,
  cycle: t.cycle,
  state: t.state,
  clock: t.clock,
  pauseReason: t.pauseReason,
  targetMinutes: t.targetMinutes,
  businessHours: t.businessHours,
  startedAt: t.startedAt,
  elapsedMinutes: t.elapsedMinutes,
  pausedMinutes: t.pausedMinutes,
  remainingMinutes: t.remainingMinutes,
  dueAt: t.dueAt,
  atRiskAt: t.atRiskAt,
  breachedAt: t.breachedAt,
  metAt: t.metAt,
  endedAt: t.endedAt,
  endedBy: t.endedBy,
});

export function presentTicketSla(c: TicketSlaComputation): z.output<typeof ticketSlaSchema> {
  return {
    policy: c.applied.policy ? { id: c.applied.policy.id, name: c.applied.policy.name } : null,
    calendar: {
      id: c.applied.calendar.id,
      name: c.applied.calendar.name,
      timeZone: c.applied.calendar.calendar.timeZone,
    },
    state: c.summary.state,
    paused: c.summary.paused,
    nextDueAt: c.summary.nextDueAt,
    targets: c.derivation.targets.map(presentTarget),
    computedAt: c.now,
  };
}

const segmentSchema = z.object({
  clock: z.enum(SLA_CLOCKS),
  reason: z.string().nullable(),
  from: z.date(),
  to: z.date().nullable(),
  minutes: z.number(),
  elapsedBefore: z.number(),
});

/** The "why": every target with its running, paused and stopped stretches and earlier cycles. */
export const slaExplanationSchema = ticketSlaSchema.extend({
  terms: z.object({
    pauseStatuses: z.array(z.enum(TICKET_STATUSES)),
    pauseOnVendor: z.boolean(),
    atRiskFraction: z.number(),
  }),
  targets: z.array(
    targetSchema.extend({
      why: z.string(),
      timeline: z.array(segmentSchema),
      earlierCycles: z.array(
        z.object({
          cycle: z.number(),
          startedAt: z.date(),
          endedAt: z.date(),
          endedBy: z.enum(['agent_reply', 'solved', 'closed']),
          elapsedMinutes: z.number(),
          state: z.enum(['met', 'breached']),
        }),
      ),
    }),
  ),
});

const rounded = (value: number) => Math.round(value * 10) / 10;
const minutes = (value: number) => `${rounded(value)} min`;

/** One sentence a supervisor can read out: what ran, what paused and why, and the outcome. */
export function whyOf(t: SlaTargetStatus): string {
  const basis = t.businessHours ? 'business' : 'calendar';
  const pauses = new Map<string, number>();
  for (const segment of t.timeline) {
    if (segment.clock !== 'paused') continue;
    const reason = segment.reason ?? 'paused';
    pauses.set(reason, (pauses.get(reason) ?? 0) + segment.minutes);
  }
  const paused = [...pauses]
    .map(([reason, value]) => `${minutes(value)} ${reason.replace(/_/g, ' ')}`)
    .join(', ');
  const ran = `${rounded(t.elapsedMinutes)} of ${t.targetMinutes} ${basis} minutes ran`;
  const pausedPart = paused ? ` (not counted: ${paused})` : '';
  switch (t.state) {
    case 'breached':
      return `Breached at ${t.breachedAt?.toISOString()}: ${ran}${pausedPart}.`;
    case 'met':
      return `Met at ${t.metAt?.toISOString()}: ${ran}${pausedPart}.`;
    case 'at_risk':
    case 'ok': {
      const due = t.dueAt
        ? `due ${t.dueAt.toISOString()}`
        : `paused (${t.pauseReason ?? 'stopped'}), no due time`;
      return `${t.state === 'at_risk' ? 'At risk' : 'On track'}, ${due}: ${ran}${pausedPart}.`;
    }
  }
}

export function presentExplanation(c: TicketSlaComputation): z.output<typeof slaExplanationSchema> {
  return {
    ...presentTicketSla(c),
    terms: {
      pauseStatuses: [...c.applied.terms.pauseStatuses],
      pauseOnVendor: c.applied.terms.pauseOnVendor,
      atRiskFraction: c.applied.terms.atRiskFraction,
    },
    targets: c.derivation.targets.map((t) => ({
      ...presentTarget(t),
      why: whyOf(t),
      timeline: [...t.timeline],
      earlierCycles: [...t.earlierCycles],
    })),
  };
}

/** As stored: elapsed, paused and remaining minutes are as of `computedAt`; the instants hold. */
const storedTargetSchema = z.object({ ...targetCore, computedAt: z.date() });

export const atRiskPageSchema = z.object({
  tickets: z.array(
    z.object({
      id: z.number(),
      subject: z.string(),
      status: z.enum(TICKET_STATUSES),
      priority: z.enum(PRIORITIES),
      team: z.object({ id: z.number(), name: z.string(), tier: z.number() }).nullable(),
      assignee: z.object({ id: z.number(), name: z.string() }).nullable(),
      organisation: z.object({ id: z.number(), name: z.string() }).nullable(),
      state: z.enum(SLA_STATES),
      paused: z.boolean(),
      nextDueAt: z.date().nullable(),
      targets: z.array(storedTargetSchema),
    }),
  ),
  nextCursor: z.string().nullable(),
});

const presentStoredTarget = (t: TicketSlaTargetRow): z.output<typeof storedTargetSchema> => ({
  metric: t.metric,
  cycle: t.cycle,
  state: t.state,
  clock: t.clock,
  pauseReason: t.pause_reason,
  targetMinutes: t.target_minutes,
  businessHours: t.business_hours,
  startedAt: t.started_at,
  elapsedMinutes: t.elapsed_minutes,
  pausedMinutes: t.paused_minutes,
  remainingMinutes: t.remaining_minutes,
  dueAt: t.due_at,
  atRiskAt: t.at_risk_at,
  breachedAt: t.breached_at,
  metAt: t.met_at,
  computedAt: t.computed_at,
});

export function presentAtRisk(row: AtRiskRow): z.output<typeof atRiskPageSchema>['tickets'][number] {
  return {
    id: row.id,
    subject: row.subject,
    status: row.status,
    priority: row.priority,
    team:
      row.team_id === null ? null : { id: row.team_id, name: row.team_name ?? '', tier: row.team_tier ?? 0 },
    assignee: row.assignee_id === null ? null : { id: row.assignee_id, name: row.assignee_name ?? '' },
    organisation:
      row.organisation_id === null ? null : { id: row.organisation_id, name: row.organisation_name ?? '' },
    state: row.state,
    paused: row.paused,
    nextDueAt: row.next_due_at,
    targets: row.targets.map(presentStoredTarget),
  };
}
