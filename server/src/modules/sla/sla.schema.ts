import { z } from 'zod';
import { CHANNELS, PRIORITIES, TICKET_TYPES } from '../../db/schema.ts';
import { PAUSABLE_STATUSES, SLA_METRICS } from '../../db/schema-sla.ts';
import { businessCalendarSchema, holidayDefinitionSchema } from '../../sla/business-calendar.schema.ts';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const idParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
const tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(60)
  .regex(/^[\p{L}\p{N}_\-.:/]+$/u, 'tags are single words (letters, digits, _ - . : /)');

const calendarFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000),
  /** The calendar used when neither organisation, policy nor team names one. */
  isDefault: z.boolean(),
};
const { timeZone, weeklyHours, holidays } = businessCalendarSchema.shape;

export const createCalendarSchema = z.strictObject({
  ...calendarFields,
  description: calendarFields.description.default(''),
  isDefault: calendarFields.isDefault.default(false),
  timeZone,
  weeklyHours,
  holidays,
});
export type CreateCalendarInput = z.output<typeof createCalendarSchema>;

/** The parts given replace the stored ones (weeklyHours and holidays as a whole). */
export const updateCalendarSchema = z
  .strictObject({ ...calendarFields, timeZone, weeklyHours, holidays: z.array(holidayDefinitionSchema) })
  .partial();
export type UpdateCalendarInput = z.output<typeof updateCalendarSchema>;

export const importIcsSchema = z.strictObject({
  /** The text of an iCalendar (.ics) file, e.g. a public-holiday feed. */
  ics: z.string().min(1).max(2_000_000),
  /** Replace the calendar's holidays instead of adding to them. */
  replace: z.boolean().default(false),
});

export const calendarAssignmentSchema = z.strictObject({ calendarId: id.nullable() });
export const organisationParams = z.object({ organisationId: idParams.shape.id });
export const teamParams = z.object({ teamId: idParams.shape.id });

const conditionFields = {
  organisationIds: z.array(id).max(1000),
  priorities: z.array(z.enum(PRIORITIES)).max(4),
  types: z.array(z.enum(TICKET_TYPES)).max(5),
  channels: z.array(z.enum(CHANNELS)).max(8),
  /** The ticket needs one of them. */
  tags: z.array(tag).max(50),
};
export const policyConditionsSchema = z
  .strictObject({
    organisationIds: conditionFields.organisationIds.default([]),
    priorities: conditionFields.priorities.default([]),
    types: conditionFields.types.default([]),
    channels: conditionFields.channels.default([]),
    tags: conditionFields.tags.default([]),
  })
  .describe('Every list given must contain the ticket’s value; an empty list matches anything');

export const policyTargetSchema = z.strictObject({
  priority: z.enum(PRIORITIES),
  metric: z.enum(SLA_METRICS),
  minutes: z.number().int().min(1).max(1_000_000),
  /** Count business time of the calendar (true) or elapsed calendar time (false). */
  businessHours: z.boolean().default(true),
});

const targetsSchema = z
  .array(policyTargetSchema)
  .max(16)
  .refine((targets) => new Set(targets.map((t) => `${t.priority}:${t.metric}`)).size === targets.length, {
    error: 'each priority may have one target per metric',
  });

const policyFields = {
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000),
  active: z.boolean(),
  conditions: policyConditionsSchema,
  /** Used unless the ticket's organisation has its own calendar. */
  calendarId: id.nullable(),
  pauseStatuses: z.array(z.enum(PAUSABLE_STATUSES)).max(4),
  /** Also pause while a vendor escalation is open (waiting on a third party). */
  pauseOnVendor: z.boolean(),
  /** A target is at risk once this fraction of it has run. */
  atRiskFraction: z.number().gt(0).lt(1),
  targets: targetsSchema,
};

export const createPolicySchema = z.strictObject({
  ...policyFields,
  description: policyFields.description.default(''),
  active: policyFields.active.default(true),
  conditions: policyConditionsSchema.default({
    organisationIds: [],
    priorities: [],
    types: [],
    channels: [],
    tags: [],
  }),
  calendarId: policyFields.calendarId.default(null),
  pauseStatuses: policyFields.pauseStatuses.default(['pending', 'on_hold']),
  pauseOnVendor: policyFields.pauseOnVendor.default(false),
  atRiskFraction: policyFields.atRiskFraction.default(0.75),
  /** 0-based place in the evaluation order; at the end when left out. */
  position: z.number().int().min(0).max(10_000).optional(),
});
export type CreatePolicyInput = z.output<typeof createPolicySchema>;

export const updatePolicySchema = z.strictObject(policyFields).partial();
export type UpdatePolicyInput = z.output<typeof updatePolicySchema>;

export const policyOrderSchema = z.strictObject({
  /** Every policy id, in the order they are tried. */
  policyIds: z.array(id).min(1).max(1000),
});

export const atRiskQuerySchema = z.object({
  state: z.enum(['at_risk', 'breached']).optional(),
  teamId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
});
export type AtRiskQuery = z.output<typeof atRiskQuerySchema>;
