import { z } from 'zod';
import { LEVELS, PRIORITIES } from '../../db/schema.ts';

const priority = z.enum(PRIORITIES);
const row = z.object({ low: priority, medium: priority, high: priority, critical: priority });

/** impact → urgency → priority */
export const priorityMatrixSchema = z.object({ low: row, medium: row, high: row, critical: row });
export type PriorityMatrix = z.output<typeof priorityMatrixSchema>;

export const helpdeskSettingsSchema = z.object({
  priorityMatrix: priorityMatrixSchema,
  /** Solved tickets close by themselves after this many hours without a customer reply. */
  autoCloseAfterHours: z
    .number()
    .min(0)
    .max(24 * 365),
  /** A customer reply reopens a solved ticket within this many days; later it is refused (or opens a follow-up). */
  reopenWindowDays: z.number().min(0).max(365),
});
export type HelpdeskSettings = z.output<typeof helpdeskSettingsSchema>;

const rank = Object.fromEntries(LEVELS.map((level, index) => [level, index])) as Record<
  (typeof LEVELS)[number],
  number
>;

/** The usual ITIL grid: the more impact and urgency together, the higher the priority. */
function defaultPriority(impact: (typeof LEVELS)[number], urgency: (typeof LEVELS)[number]) {
  const score = rank[impact] + rank[urgency];
  if (score >= 5) return 'P1' as const;
  if (score === 4) return 'P2' as const;
  if (score >= 2) return 'P3' as const;
  return 'P4' as const;
}

export const DEFAULT_SETTINGS: HelpdeskSettings = {
  priorityMatrix: Object.fromEntries(
    LEVELS.map((impact) => [
      impact,
      Object.fromEntries(LEVELS.map((urgency) => [urgency, defaultPriority(impact, urgency)])),
    ]),
  ) as PriorityMatrix,
  autoCloseAfterHours: 96,
  reopenWindowDays: 14,
};
