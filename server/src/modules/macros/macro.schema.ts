import { z } from 'zod';
import { PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from '../../db/schema.ts';
import { updateTicketSchema } from '../tickets/ticket.schema.ts';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
/** The ticket module's own tag rule, so a macro can only set tags a ticket accepts. */
const tag = updateTicketSchema.shape.tags.unwrap().element;

/** Field changes a macro makes, through the ticket rules (history, transitions, assignment checks). */
export const macroActionsSchema = z
  .object({
    status: z.enum(TICKET_STATUSES),
    priority: z.enum(PRIORITIES),
    type: z.enum(TICKET_TYPES),
    teamId: id.nullable(),
    assigneeId: id.nullable(),
    /** Assign the ticket to whoever applies the macro. */
    assignToMe: z.boolean(),
    addTags: z.array(tag).max(20),
    removeTags: z.array(tag).max(20),
  })
  .partial()
  .strict();
export type MacroActionsInput = z.output<typeof macroActionsSchema>;

export const createMacroSchema = z.object({
  title: z.string().trim().min(1).max(200),
  description: z.string().trim().max(1000).default(''),
  /** The reply, with {{variables}} (GET /api/macros/variables lists them). */
  body: z.string().max(20_000).default(''),
  replyVisibility: z.enum(['public', 'internal']).default('public'),
  actions: macroActionsSchema.default({}),
  /** Shared with all staff (supervisors and up); otherwise personal. */
  shared: z.boolean().default(false),
  active: z.boolean().default(true),
});
export type CreateMacroInput = z.output<typeof createMacroSchema>;

export const updateMacroSchema = createMacroSchema.omit({ shared: true }).partial().strict();
export type UpdateMacroInput = z.output<typeof updateMacroSchema>;

export const listMacrosQuerySchema = z.object({
  q: z.string().trim().min(1).max(100).optional(),
  includeInactive: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .default(false),
});

export const applyMacroSchema = z.object({
  /** Render and show the changes without making them. */
  preview: z.boolean().default(false),
  /** Also send the rendered text as a reply (public or internal, as the macro says). */
  postReply: z.boolean().default(false),
  /** The ticket version the agent last saw; a newer one answers 409 ticket_changed. */
  version: z.number().int().positive().optional(),
});
export type ApplyMacroInput = z.output<typeof applyMacroSchema>;

export const macroParams = z.object({ id: z.coerce.number().pipe(id) });
export const applyParams = z.object({ id: z.coerce.number().pipe(id), macroId: z.coerce.number().pipe(id) });
