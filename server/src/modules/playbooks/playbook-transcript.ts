import type { Queryable } from '../../db/database.ts';
import type { PlaybookRunStatus } from '../../db/schema-knowledge.ts';
import { parseDefinition } from './playbook.service.ts';
import { findOutcome } from './playbook-definition.ts';

export interface TranscriptAnswer {
  stepId: string;
  prompt: string;
  answerId: string;
  answer: string;
  note: string;
  answeredBy: string | null;
  answeredAt: Date;
}

/** One playbook run as it happened: every question with the answer given, and how it ended. */
export interface RunTranscript {
  runId: number;
  ticketId: number;
  playbookId: number;
  playbookName: string;
  version: number;
  status: PlaybookRunStatus;
  currentStepId: string | null;
  startedBy: string | null;
  startedAt: Date;
  finishedAt: Date | null;
  outcome: { id: string; kind: 'solved' | 'escalate'; title: string; note: string } | null;
  answers: TranscriptAnswer[];
}

/** Transcripts of one run or of every run on a ticket, oldest first. */
export async function loadTranscripts(
  db: Queryable,
  of: { runId: number } | { ticketId: number },
): Promise<RunTranscript[]> {
  let query = db
    .selectFrom('playbook_runs as r')
    .innerJoin('playbook_versions as v', 'v.id', 'r.playbook_version_id')
    .innerJoin('playbooks as p', 'p.id', 'v.playbook_id')
    .leftJoin('users', 'users.id', 'r.started_by')
    .select([
      'r.id',
      'r.ticket_id',
      'r.status',
      'r.current_step_id',
      'r.outcome_id',
      'r.started_at',
      'r.finished_at',
      'v.version',
      'v.definition',
      'p.id as playbook_id',
      'p.name as playbook_name',
      'users.name as started_by_name',
    ]);
  query = 'runId' in of ? query.where('r.id', '=', of.runId) : query.where('r.ticket_id', '=', of.ticketId);
  const runs = await query.orderBy('r.id').execute();
  if (runs.length === 0) return [];
  const answers = await db
    .selectFrom('playbook_run_answers as a')
    .leftJoin('users', 'users.id', 'a.answered_by')
    .selectAll('a')
    .select('users.name as answered_by_name')
    .where(
      'a.run_id',
      'in',
      runs.map((run) => run.id),
    )
    .orderBy('a.id')
    .execute();
  const byRun = Map.groupBy(answers, (answer) => answer.run_id);
  return runs.map((run) => {
    const outcome = findOutcome(parseDefinition(run.definition), run.outcome_id);
    return {
      runId: run.id,
      ticketId: run.ticket_id,
      playbookId: run.playbook_id,
      playbookName: run.playbook_name,
      version: run.version,
      status: run.status,
      currentStepId: run.current_step_id,
      startedBy: run.started_by_name,
      startedAt: run.started_at,
      finishedAt: run.finished_at,
      outcome: outcome
        ? { id: outcome.id, kind: outcome.kind, title: outcome.title, note: outcome.note }
        : null,
      answers: (byRun.get(run.id) ?? []).map((answer) => ({
        stepId: answer.step_id,
        prompt: answer.prompt,
        answerId: answer.answer_id,
        answer: answer.answer_label,
        note: answer.note,
        answeredBy: answer.answered_by_name,
        answeredAt: answer.answered_at,
      })),
    };
  });
}

const stamp = (date: Date) => `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

const ENDINGS: Record<PlaybookRunStatus, string> = {
  in_progress: 'still in progress',
  solved: 'solved',
  escalated: 'escalated',
  abandoned: 'abandoned',
};

/** A run as plain text for a hand-over: who ran what, every question and answer, and the outcome. */
export function transcriptText(run: RunTranscript): string {
  const lines = [
    `Troubleshooting playbook "${run.playbookName}" (version ${run.version}), started${run.startedBy ? ` by ${run.startedBy}` : ''} ${stamp(run.startedAt)} — ${ENDINGS[run.status]}`,
    ...run.answers.map(
      (answer, index) =>
        `${index + 1}. ${answer.prompt} — ${answer.answer}${answer.note ? ` (note: ${answer.note})` : ''}`,
    ),
  ];
  if (run.outcome) {
    lines.push(`Outcome: ${run.outcome.title}${run.outcome.note ? ` — ${run.outcome.note}` : ''}`);
  }
  return lines.join('\n');
}

/**
 * For escalations: every playbook run on a ticket, as text to put into a hand-over summary and as
 * data. Abandoned runs are included; what was tried and dropped is part of the story.
 */
export async function playbookHandOver(
  db: Queryable,
  ticketId: number,
): Promise<{ text: string; runs: RunTranscript[] }> {
  const runs = await loadTranscripts(db, { ticketId });
  return { text: runs.map(transcriptText).join('\n\n'), runs };
}
