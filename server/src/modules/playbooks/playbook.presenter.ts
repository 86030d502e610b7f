import { z } from 'zod';
import {
  PLAYBOOK_RUN_STATUSES,
  type PlaybookRow,
  type PlaybookVersionRow,
} from '../../db/schema-knowledge.ts';
import { definitionSchema, stepSchema } from './playbook.schema.ts';
import { type Playbook, parseDefinition } from './playbook.service.ts';
import type { RunView } from './playbook-runs.ts';
import type { RunTranscript } from './playbook-transcript.ts';

export const playbookSummarySchema = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  active: z.boolean(),
  /** The published version runs start with; null before the first publish. */
  currentVersion: z.number().nullable(),
  updatedAt: z.date(),
});

export const presentPlaybookSummary = (row: PlaybookRow): z.output<typeof playbookSummarySchema> => ({
  id: row.id,
  name: row.name,
  description: row.description,
  active: row.active,
  currentVersion: row.current_version,
  updatedAt: row.updated_at,
});

export const playbookSchema = playbookSummarySchema.extend({
  definition: definitionSchema.nullable(),
  /** Editors only: the unpublished work in progress. */
  draft: definitionSchema.nullable(),
});

export const presentPlaybook = (playbook: Playbook): z.output<typeof playbookSchema> => ({
  ...presentPlaybookSummary(playbook.row),
  definition: playbook.current?.definition ?? null,
  draft: playbook.draft,
});

export const playbookVersionSchema = z.object({
  version: z.number(),
  note: z.string(),
  publishedBy: z.number().nullable(),
  publishedAt: z.date(),
  definition: definitionSchema,
});

export const presentVersion = (row: PlaybookVersionRow): z.output<typeof playbookVersionSchema> => ({
  version: row.version,
  note: row.note,
  publishedBy: row.published_by,
  publishedAt: row.published_at,
  definition: parseDefinition(row.definition),
});

export const transcriptSchema = z.object({
  runId: z.number(),
  ticketId: z.number(),
  playbookId: z.number(),
  playbookName: z.string(),
  version: z.number(),
  status: z.enum(PLAYBOOK_RUN_STATUSES),
  currentStepId: z.string().nullable(),
  startedBy: z.string().nullable(),
  startedAt: z.date(),
  finishedAt: z.date().nullable(),
  outcome: z
    .object({ id: z.string(), kind: z.enum(['solved', 'escalate']), title: z.string(), note: z.string() })
    .nullable(),
  answers: z.array(
    z.object({
      stepId: z.string(),
      prompt: z.string(),
      answerId: z.string(),
      answer: z.string(),
      note: z.string(),
      answeredBy: z.string().nullable(),
      answeredAt: z.date(),
    }),
  ),
});

export const runSchema = transcriptSchema.extend({ currentStep: stepSchema.nullable() });

export const presentRun = (view: RunView): z.output<typeof runSchema> => ({
  ...view.transcript,
  currentStep: view.currentStep,
});

export const presentTranscript = (run: RunTranscript): z.output<typeof transcriptSchema> => run;
