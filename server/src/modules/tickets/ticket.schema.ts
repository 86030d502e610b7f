import { z } from 'zod';
import { CHANNELS, LEVELS, PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from '../../db/schema.ts';

/** SLA states a ticket list can be narrowed to (staff only). */
export const SLA_FILTER_STATES = ['at_risk', 'breached'] as const;

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const tag = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(60)
  .regex(/^[\p{L}\p{N}_\-.:/]+$/u, 'tags are single words (letters, digits, _ - . : /)');
const customFieldValue = z.union([z.string().max(5000), z.number(), z.null()]);

export const customFieldValuesSchema = z.record(z.string().max(63), customFieldValue);

export const createTicketSchema = z.object({
  subject: z.string().trim().min(1).max(500),
  body: z.string().min(1).max(200_000),
  bodyHtml: z.string().max(1_000_000).optional(),
  requesterId: id.optional(),
  /** Staff may open a ticket for someone by email; the person is created as a customer if new. */
  requesterEmail: z.email().max(320).optional(),
  requesterName: z.string().trim().min(1).max(200).optional(),
  channel: z.enum(CHANNELS).optional(),
  type: z.enum(TICKET_TYPES).optional(),
  status: z.enum(['new', 'open', 'pending', 'on_hold']).optional(),
  impact: z.enum(LEVELS).optional(),
  urgency: z.enum(LEVELS).optional(),
  priority: z.enum(PRIORITIES).optional(),
  categoryId: id.nullable().optional(),
  teamId: id.nullable().optional(),
  assigneeId: id.nullable().optional(),
  parentId: id.nullable().optional(),
  tags: z.array(tag).max(50).optional(),
  customFields: customFieldValuesSchema.optional(),
  attachmentIds: z.array(id).max(50).optional(),
});
export type CreateTicketInput = z.output<typeof createTicketSchema>;

export const updateTicketSchema = z
  .object({
    subject: z.string().trim().min(1).max(500),
    status: z.enum(TICKET_STATUSES),
    type: z.enum(TICKET_TYPES),
    impact: z.enum(LEVELS),
    urgency: z.enum(LEVELS),
    /** A priority set by hand overrides the matrix; null returns to the matrix. */
    priority: z.enum(PRIORITIES).nullable(),
    requesterId: id,
    categoryId: id.nullable(),
    teamId: id.nullable(),
    assigneeId: id.nullable(),
    parentId: id.nullable(),
    tags: z.array(tag).max(50),
    customFields: customFieldValuesSchema,
    /** The version the caller last saw; a stale one answers 409 ticket_changed. */
    version: z.number().int().positive(),
  })
  .partial()
  .strict();
export type UpdateTicketInput = z.output<typeof updateTicketSchema>;

export const bulkUpdateSchema = z.object({
  ticketIds: z.array(id).min(1).max(1000),
  changes: updateTicketSchema
    .omit({ subject: true, version: true, customFields: true, parentId: true, requesterId: true, tags: true })
    .extend({ addTags: z.array(tag).max(50).optional(), removeTags: z.array(tag).max(50).optional() })
    .strict(),
});
export type BulkUpdateInput = z.output<typeof bulkUpdateSchema>;

export const addMessageSchema = z.object({
  body: z.string().min(1).max(200_000),
  bodyHtml: z.string().max(1_000_000).optional(),
  internal: z.boolean().default(false),
  /** Staff to notify (and add as watchers). */
  mentions: z.array(id).max(50).optional(),
  attachmentIds: z.array(id).max(50).optional(),
  /** Send and set status in one step. */
  status: z.enum(TICKET_STATUSES).optional(),
});
export type AddMessageInput = z.output<typeof addMessageSchema>;

const commaList = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value),
    z.array(item),
  );

export const SORTS = [
  'updated_desc',
  'updated_asc',
  'created_desc',
  'created_asc',
  'priority',
  'id_desc',
  /** SLA due soonest first (overdue first); tickets without a running target last. */
  'sla_due',
] as const;
export type TicketSort = (typeof SORTS)[number];

/** Filters a saved view stores and the ticket list accepts. */
export const ticketFiltersSchema = z
  .object({
    status: z.array(z.enum(TICKET_STATUSES)),
    type: z.array(z.enum(TICKET_TYPES)),
    priority: z.array(z.enum(PRIORITIES)),
    channel: z.array(z.enum(CHANNELS)),
    assignee: z.union([z.literal('me'), z.literal('none'), id]),
    teamId: z.union([z.literal('mine'), z.literal('none'), id]),
    requesterId: id,
    organisationId: id,
    categoryId: id,
    tags: z.array(tag),
    text: z.string().trim().min(1).max(200),
    customFields: z.record(z.string().max(63), z.union([z.string().max(500), z.number()])),
    createdAfter: z.coerce.date(),
    createdBefore: z.coerce.date(),
    updatedAfter: z.coerce.date(),
    updatedBefore: z.coerce.date(),
    slaState: z.array(z.enum(SLA_FILTER_STATES)),
  })
  .partial()
  .strict();
export type TicketFilters = z.output<typeof ticketFiltersSchema>;

/** The same filters as query-string parameters (lists comma separated). */
export const listTicketsQuerySchema = z
  .object({
    status: commaList(z.enum(TICKET_STATUSES)),
    type: commaList(z.enum(TICKET_TYPES)),
    priority: commaList(z.enum(PRIORITIES)),
    channel: commaList(z.enum(CHANNELS)),
    assignee: z.union([z.literal('me'), z.literal('none'), z.coerce.number().pipe(id)]),
    teamId: z.union([z.literal('mine'), z.literal('none'), z.coerce.number().pipe(id)]),
    requesterId: z.coerce.number().pipe(id),
    organisationId: z.coerce.number().pipe(id),
    categoryId: z.coerce.number().pipe(id),
    tags: commaList(tag),
    text: z.string().trim().min(1).max(200),
    createdAfter: z.coerce.date(),
    createdBefore: z.coerce.date(),
    updatedAfter: z.coerce.date(),
    updatedBefore: z.coerce.date(),
    slaState: commaList(z.enum(SLA_FILTER_STATES)),
    viewId: z.coerce.number().pipe(id),
    sort: z.enum(SORTS),
    cursor: z.string().max(500),
    limit: z.coerce.number().int().min(1).max(200),
  })
  .partial();

export const searchTicketsSchema = z.object({
  filters: ticketFiltersSchema.default({}),
  sort: z.enum(SORTS).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.number().int().min(1).max(200).optional(),
});

export const mergeSchema = z.object({ targetTicketId: id });
export const splitSchema = z.object({
  messageIds: z.array(id).min(1).max(500),
  subject: z.string().trim().min(1).max(500).optional(),
});
export const watcherSchema = z.object({ userId: id });
export const linkSchema = z.object({ ticketId: id });
export const ticketIdParams = z.object({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});
