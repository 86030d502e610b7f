import { z } from 'zod';
import type { CustomFieldRow } from '../../db/schema.ts';
import { CUSTOM_FIELD_TYPES } from './admin.schema.ts';
import type { AuditLogEntry } from './audit-log.service.ts';
import type { CategoryRow } from './categories.service.ts';

export const customFieldSchema = z.object({
  id: z.number(),
  key: z.string(),
  label: z.string(),
  type: z.enum(CUSTOM_FIELD_TYPES),
  options: z.array(z.string()),
  required: z.boolean(),
  customerVisible: z.boolean(),
  active: z.boolean(),
  position: z.number(),
  createdAt: z.date(),
});

export const presentCustomField = (row: CustomFieldRow): z.output<typeof customFieldSchema> => ({
  id: row.id,
  key: row.key,
  label: row.label,
  type: row.type,
  options: row.options,
  required: row.required,
  customerVisible: row.customer_visible,
  active: row.active,
  position: row.position,
  createdAt: row.created_at,
});

export const categorySchema = z.object({
  id: z.number(),
  name: z.string(),
  parentId: z.number().nullable(),
  createdAt: z.date(),
});

export const presentCategory = (row: CategoryRow): z.output<typeof categorySchema> => ({
  id: row.id,
  name: row.name,
  parentId: row.parent_id,
  createdAt: row.created_at,
});

export const auditEntrySchema = z.object({
  id: z.number(),
  action: z.string(),
  actor: z.object({ id: z.number(), name: z.string() }).nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  ip: z.string().nullable(),
  createdAt: z.date(),
  /** This entry's link in the hash chain. */
  hash: z.string(),
});

export const auditPageSchema = z.object({
  entries: z.array(auditEntrySchema),
  nextCursor: z.string().nullable(),
});

export const presentAuditEntry = (row: AuditLogEntry): z.output<typeof auditEntrySchema> => ({
  id: row.id,
  action: row.action,
  actor: row.actor_id === null ? null : { id: row.actor_id, name: row.actor_name ?? '' },
  targetType: row.target_type,
  targetId: row.target_id,
  data: row.data,
  ip: row.ip,
  createdAt: row.created_at,
  hash: row.hash,
});

export const chainVerificationSchema = z.object({
  valid: z.boolean(),
  entries: z.number(),
  /** The first entry whose content or link does not match: where to start looking. */
  brokenAtId: z.number().nullable(),
});
