import { z } from 'zod';
import type { CustomFieldRow } from '../../db/schema.ts';
import { helpdeskSettingsSchema } from '../settings/settings.schema.ts';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const queryId = z.coerce.number().pipe(id);
export const idParams = z.object({ id: queryId });

export const settingsPatchSchema = helpdeskSettingsSchema.partial().strict();

export const CUSTOM_FIELD_TYPES = [
  'text',
  'number',
  'date',
  'select',
] as const satisfies readonly CustomFieldRow['type'][];

const optionsSchema = z
  .array(z.string().trim().min(1).max(200))
  .max(500)
  .refine((options) => new Set(options).size === options.length, 'options must differ from each other');
const labelSchema = z.string().trim().min(1).max(200);
const positionSchema = z.number().int().min(0).max(10_000);

export const createCustomFieldSchema = z.object({
  /** The name tickets store the value under; it cannot change once tickets use it. */
  key: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,62}$/, 'must start with a letter and hold only a–z, 0–9 and _ (63 at most)'),
  label: labelSchema,
  type: z.enum(CUSTOM_FIELD_TYPES),
  /** The choices of a select field (at least one); other types take none. */
  options: optionsSchema.default([]),
  required: z.boolean().default(false),
  customerVisible: z.boolean().default(false),
  position: positionSchema.default(0),
});
export type CreateCustomFieldInput = z.output<typeof createCustomFieldSchema>;

export const updateCustomFieldSchema = z
  .object({
    label: labelSchema,
    options: optionsSchema,
    required: z.boolean(),
    customerVisible: z.boolean(),
    active: z.boolean(),
    position: positionSchema,
  })
  .partial()
  .strict();
export type UpdateCustomFieldInput = z.output<typeof updateCustomFieldSchema>;

const categoryName = z.string().trim().min(1).max(200);

export const createCategorySchema = z.object({ name: categoryName, parentId: id.nullable().default(null) });
export type CreateCategoryInput = z.output<typeof createCategorySchema>;

export const updateCategorySchema = z
  .object({ name: categoryName, parentId: id.nullable() })
  .partial()
  .strict();
export type UpdateCategoryInput = z.output<typeof updateCategorySchema>;

export const auditQuerySchema = z.object({
  /** An exact action, such as user.deactivated. */
  action: z.string().trim().min(1).max(100).optional(),
  actorId: queryId.optional(),
  targetType: z.string().trim().min(1).max(60).optional(),
  targetId: z.string().trim().min(1).max(100).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AuditQuery = z.output<typeof auditQuerySchema>;
