import { ApiError } from '../../api/client';
import type { PlaybookAnswer, PlaybookDefinition, PlaybookOutcome, PlaybookStep } from '../../api/playbooks';

/** A first script to start from: one question, two answers, one outcome each. */
export const starterDefinition = (): PlaybookDefinition => ({
  startStepId: 'first-question',
  steps: [
    {
      id: 'first-question',
      prompt: 'Does restarting the device fix it?',
      help: '',
      answers: [
        { id: 'yes', label: 'Yes', outcomeId: 'solved' },
        { id: 'no', label: 'No', outcomeId: 'escalate' },
      ],
    },
  ],
  outcomes: [
    { id: 'solved', kind: 'solved', title: 'Solved by a restart', reply: '', note: '' },
    { id: 'escalate', kind: 'escalate', title: 'Escalate', teamId: 0, fields: {}, note: '' },
  ],
});

/** The next free id like `step-3`: ids are the editor's names and must be unique in a playbook. */
export function freeId(prefix: string, definition: PlaybookDefinition): string {
  const taken = new Set([...definition.steps.map((s) => s.id), ...definition.outcomes.map((o) => o.id)]);
  let number = definition.steps.length + definition.outcomes.length + 1;
  while (taken.has(`${prefix}-${number}`)) number += 1;
  return `${prefix}-${number}`;
}

export function freeAnswerId(step: PlaybookStep): string {
  const taken = new Set(step.answers.map((answer) => answer.id));
  let number = step.answers.length + 1;
  while (taken.has(`answer-${number}`)) number += 1;
  return `answer-${number}`;
}

/** Renaming a step keeps every answer that led to it (and the start) pointing at it. */
export function renameStep(definition: PlaybookDefinition, from: string, to: string): PlaybookDefinition {
  return {
    startStepId: definition.startStepId === from ? to : definition.startStepId,
    steps: definition.steps.map((step) => ({
      ...step,
      id: step.id === from ? to : step.id,
      answers: step.answers.map((answer) =>
        answer.nextStepId === from ? { ...answer, nextStepId: to } : answer,
      ),
    })),
    outcomes: definition.outcomes,
  };
}

export function renameOutcome(definition: PlaybookDefinition, from: string, to: string): PlaybookDefinition {
  return {
    ...definition,
    steps: definition.steps.map((step) => ({
      ...step,
      answers: step.answers.map((answer) =>
        answer.outcomeId === from ? { ...answer, outcomeId: to } : answer,
      ),
    })),
    outcomes: definition.outcomes.map((outcome) => (outcome.id === from ? { ...outcome, id: to } : outcome)),
  };
}

/** Where an answer leads, as one select value: `step:<id>` or `outcome:<id>`. */
export const targetOf = (answer: PlaybookAnswer): string | null =>
  answer.nextStepId !== undefined
    ? `step:${answer.nextStepId}`
    : answer.outcomeId !== undefined
      ? `outcome:${answer.outcomeId}`
      : null;

export function withTarget(answer: PlaybookAnswer, target: string | null): PlaybookAnswer {
  const { nextStepId: _step, outcomeId: _outcome, ...rest } = answer;
  if (target?.startsWith('step:')) return { ...rest, nextStepId: target.slice(5) };
  if (target?.startsWith('outcome:')) return { ...rest, outcomeId: target.slice(8) };
  return rest;
}

/** A kind switch keeps the id, title and note and fills in what the other kind needs. */
export function withKind(outcome: PlaybookOutcome, kind: PlaybookOutcome['kind']): PlaybookOutcome {
  if (outcome.kind === kind) return outcome;
  const common = { id: outcome.id, title: outcome.title, note: outcome.note };
  return kind === 'solved' ? { ...common, kind, reply: '' } : { ...common, kind, teamId: 0, fields: {} };
}

/** Drops what the server would refuse as empty (an unset article, an unchosen team stays for it to name). */
export function cleanDefinition(definition: PlaybookDefinition): PlaybookDefinition {
  return {
    ...definition,
    steps: definition.steps.map(({ articleId, ...step }) => ({
      ...step,
      ...(articleId ? { articleId } : {}),
    })),
    outcomes: definition.outcomes.map((outcome) => {
      if (outcome.kind === 'solved') {
        const { articleId, ...rest } = outcome;
        return { ...rest, ...(articleId ? { articleId } : {}) };
      }
      return outcome;
    }),
  };
}

export interface PublishProblems {
  /** Problems that name a step (`step "x" …`, `answer "a" of step "x" …`), by step id. */
  byStep: Map<string, string[]>;
  byOutcome: Map<string, string[]>;
  general: string[];
}

/**
 * The server's reasons a script cannot run (`invalid_playbook` details.problems, `invalid_team`,
 * `invalid_article`), placed on the step or outcome they name.
 */
export function publishProblems(error: unknown, definition: PlaybookDefinition): PublishProblems {
  const result: PublishProblems = { byStep: new Map(), byOutcome: new Map(), general: [] };
  if (!(error instanceof ApiError)) return result;
  const add = (map: Map<string, string[]>, key: string, problem: string) =>
    map.set(key, [...(map.get(key) ?? []), problem]);
  if (error.code === 'invalid_playbook') {
    const problems = (error.details as { problems?: string[] } | undefined)?.problems ?? [error.message];
    for (const problem of problems) {
      const step = /step "([^"]+)"/.exec(problem)?.[1];
      if (step && definition.steps.some((candidate) => candidate.id === step))
        add(result.byStep, step, problem);
      else result.general.push(problem);
    }
  } else if (error.code === 'invalid_team' || error.code === 'invalid_article') {
    const missing = (error.details as { missing?: number[] } | undefined)?.missing ?? [];
    for (const outcome of definition.outcomes) {
      const refers =
        error.code === 'invalid_team'
          ? outcome.kind === 'escalate' && missing.includes(outcome.teamId)
          : outcome.kind === 'solved' &&
            outcome.articleId !== undefined &&
            missing.includes(outcome.articleId);
      if (refers)
        add(result.byOutcome, outcome.id, error.code === 'invalid_team' ? 'Choose a team' : error.message);
    }
    for (const step of definition.steps) {
      if (
        error.code === 'invalid_article' &&
        step.articleId !== undefined &&
        missing.includes(step.articleId)
      )
        add(result.byStep, step.id, error.message);
    }
    if (result.byOutcome.size === 0 && result.byStep.size === 0) result.general.push(error.message);
  }
  return result;
}
