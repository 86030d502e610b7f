import { z } from 'zod';
import { PRIORITIES } from '../../db/schema.ts';
import { SLA_METRICS } from '../../db/schema-sla.ts';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** When a level fires: at a fraction of the target (the policy's risk threshold if left out), or a delay after breach. */
export const escalationTriggerSchema = z.discriminatedUnion(
  'on',
  [
    z.strictObject({ on: z.literal('at_risk'), fraction: z.number().gt(0).lt(1).optional() }),
    z.strictObject({
      on: z.literal('breach'),
      /** Counted like the target: business minutes for a business-hours target. */
      delayMinutes: z.number().int().min(0).max(1_000_000).default(0),
    }),
  ],
  { error: 'on must be "at_risk" or "breach"' },
);
export type EscalationTrigger = z.output<typeof escalationTriggerSchema>;

export const escalationActionSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('notify_assignee') }),
    /** The supervisors of the ticket's team, or every supervisor when the team has none. */
    z.strictObject({ kind: z.literal('notify_supervisors') }),
    z.strictObject({ kind: z.literal('notify_team') }),
    /** One step up: P4 → P3 → P2 → P1. */
    z.strictObject({ kind: z.literal('raise_priority') }),
    /** To the team's first escalation path, else the lowest team of a higher tier. */
    z.strictObject({ kind: z.literal('reassign_next_tier') }),
    /** Pages the on-call person; for now a notification to the named person. */
    z.strictObject({ kind: z.literal('page_user'), userId: id }),
  ],
  {
    error:
      'kind must be notify_assignee, notify_supervisors, notify_team, raise_priority, reassign_next_tier or page_user',
  },
);
export type EscalationAction = z.output<typeof escalationActionSchema>;

export const escalationLevelSchema = z.strictObject({
  level: z.number().int().min(1).max(20),
  trigger: escalationTriggerSchema,
  actions: z.array(escalationActionSchema).min(1).max(10),
});
export type EscalationLevel = z.output<typeof escalationLevelSchema>;

export const escalationLevelsSchema = z
  .array(escalationLevelSchema)
  .min(1)
  .max(10)
  .refine((levels) => new Set(levels.map((level) => level.level)).size === levels.length, {
    error: 'each level number may appear once',
  })
  .transform((levels) => [...levels].sort((a, b) => a.level - b.level));

const ruleFields = {
  name: z.string().trim().min(1).max(200),
  active: z.boolean(),
  /** Empty: every policy, every target, every priority. */
  policyIds: z.array(id).max(100),
  metrics: z.array(z.enum(SLA_METRICS)).max(4),
  priorities: z.array(z.enum(PRIORITIES)).max(4),
  levels: escalationLevelsSchema,
};

export const escalationRuleInputSchema = z.strictObject({
  ...ruleFields,
  active: ruleFields.active.default(true),
  policyIds: ruleFields.policyIds.default([]),
  metrics: ruleFields.metrics.default([]),
  priorities: ruleFields.priorities.default([]),
});
export type EscalationRuleInput = z.output<typeof escalationRuleInputSchema>;
/** Only the parts given change. */
export const escalationRulePatchSchema = z.strictObject(ruleFields).partial();
export type EscalationRulePatch = z.output<typeof escalationRulePatchSchema>;
