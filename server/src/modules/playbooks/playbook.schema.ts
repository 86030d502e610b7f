import { z } from 'zod';
import { PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from '../../db/schema.ts';
import { updateTicketSchema } from '../tickets/ticket.schema.ts';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const queryId = z.coerce.number().pipe(id);
const tag = updateTicketSchema.shape.tags.unwrap().element;
/** Step, answer and outcome ids are the editor's names: short, stable, unique within a playbook. */
const key = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/, 'letters, digits, _ and - (63 at most)');

export const answerSchema = z
  .object({
    id: key,
    label: z.string().trim().min(1).max(200),
    /** Exactly one of: the next question, or the outcome this answer leads to. */
    nextStepId: key.optional(),
    outcomeId: key.optional(),
  })
  .refine((answer) => (answer.nextStepId === undefined) !== (answer.outcomeId === undefined), {
    message: 'an answer leads to either nextStepId or outcomeId',
  });

export const stepSchema = z.object({
  id: key,
  prompt: z.string().trim().min(1).max(1000),
  /** What to tell or ask the customer, how to check. */
  help: z.string().max(5000).default(''),
  /** An article the operator can open at this step. */
  articleId: id.optional(),
  answers: z.array(answerSchema).min(1).max(20),
});

const escalationFields = z
  .object({
    priority: z.enum(PRIORITIES),
    type: z.enum(TICKET_TYPES),
    status: z.enum(TICKET_STATUSES),
    assigneeId: id.nullable(),
    addTags: z.array(tag).max(20),
    removeTags: z.array(tag).max(20),
  })
  .partial()
  .strict();

export const outcomeSchema = z.discriminatedUnion('kind', [
  z.object({
    id: key,
    kind: z.literal('solved'),
    title: z.string().trim().max(200).default('Solved'),
    /** Linked to the ticket as the article that solved it. */
    articleId: id.optional(),
    /** A public reply sent when the run ends here ({{variables}} as in macros). */
    reply: z.string().max(20_000).default(''),
    note: z.string().max(2000).default(''),
  }),
  z.object({
    id: key,
    kind: z.literal('escalate'),
    title: z.string().trim().max(200).default('Escalate'),
    /** The team that takes over (usually on a higher tier). */
    teamId: id,
    fields: escalationFields.default({}),
    note: z.string().max(2000).default(''),
  }),
]);

export const definitionSchema = z.object({
  startStepId: key,
  steps: z.array(stepSchema).min(1).max(200),
  outcomes: z.array(outcomeSchema).min(1).max(50),
});
export type PlaybookDefinition = z.output<typeof definitionSchema>;
export type PlaybookStep = z.output<typeof stepSchema>;
export type PlaybookOutcome = z.output<typeof outcomeSchema>;

export const createPlaybookSchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().trim().max(2000).default(''),
  /** Saved as the draft; publish to make it runnable. */
  definition: definitionSchema.optional(),
});
export type CreatePlaybookInput = z.output<typeof createPlaybookSchema>;

export const updatePlaybookSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    description: z.string().trim().max(2000),
    active: z.boolean(),
  })
  .partial()
  .strict();
export type UpdatePlaybookInput = z.output<typeof updatePlaybookSchema>;

export const saveDraftSchema = z.object({ definition: definitionSchema });

export const publishSchema = z.object({
  /** What to publish; the saved draft when left out. */
  definition: definitionSchema.optional(),
  note: z.string().trim().max(500).default(''),
});

export const playbookParams = z.object({ id: queryId });
export const playbookVersionParams = z.object({ id: queryId, version: z.coerce.number().int().positive() });
export const startRunSchema = z.object({ playbookId: id });
export const answerRunSchema = z.object({
  /** The step being answered; must be the run's current step (a stale screen answers 409). */
  stepId: key,
  answerId: key,
  /** What the operator saw or was told, kept with the answer. */
  note: z.string().trim().max(2000).default(''),
});
export type AnswerRunInput = z.output<typeof answerRunSchema>;
