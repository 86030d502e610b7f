import type { Queryable } from '../../db/database.ts';
import { invalid } from '../../errors.ts';
import type { PlaybookDefinition, PlaybookOutcome, PlaybookStep } from './playbook.schema.ts';

/**
 * A definition that parses may still be broken as a script: answers leading nowhere, steps no one
 * reaches, no way to finish. Each problem is reported with where it is.
 */
export function definitionProblems(definition: PlaybookDefinition): string[] {
  const problems: string[] = [];
  const steps = new Map(definition.steps.map((step) => [step.id, step]));
  const outcomes = new Set(definition.outcomes.map((outcome) => outcome.id));
  const ids = [
    ...definition.steps.map((step) => step.id),
    ...definition.outcomes.map((outcome) => outcome.id),
  ];
  for (const duplicate of new Set(ids.filter((value, index) => ids.indexOf(value) !== index))) {
    problems.push(`"${duplicate}" names more than one step or outcome`);
  }
  if (!steps.has(definition.startStepId))
    problems.push(`the start step "${definition.startStepId}" does not exist`);
  for (const step of definition.steps) {
    const answerIds = step.answers.map((answer) => answer.id);
    if (new Set(answerIds).size !== answerIds.length)
      problems.push(`step "${step.id}" has two answers with one id`);
    for (const answer of step.answers) {
      if (answer.nextStepId !== undefined && !steps.has(answer.nextStepId)) {
        problems.push(
          `answer "${answer.id}" of step "${step.id}" leads to a missing step "${answer.nextStepId}"`,
        );
      }
      if (answer.outcomeId !== undefined && !outcomes.has(answer.outcomeId)) {
        problems.push(
          `answer "${answer.id}" of step "${step.id}" leads to a missing outcome "${answer.outcomeId}"`,
        );
      }
    }
  }
  const reached = new Set<string>();
  const reachedOutcomes = new Set<string>();
  const queue = steps.has(definition.startStepId) ? [definition.startStepId] : [];
  while (queue.length > 0) {
    const stepId = queue.shift() ?? '';
    if (reached.has(stepId)) continue;
    reached.add(stepId);
    for (const answer of steps.get(stepId)?.answers ?? []) {
      if (answer.nextStepId !== undefined) queue.push(answer.nextStepId);
      if (answer.outcomeId !== undefined) reachedOutcomes.add(answer.outcomeId);
    }
  }
  for (const step of definition.steps) {
    if (!reached.has(step.id)) problems.push(`step "${step.id}" cannot be reached from the start`);
  }
  if (reached.size > 0 && reachedOutcomes.size === 0) problems.push('no answer ever reaches an outcome');
  return problems;
}

export function assertSoundDefinition(definition: PlaybookDefinition): void {
  const problems = definitionProblems(definition);
  if (problems.length > 0) {
    throw invalid('invalid_playbook', `The playbook cannot be run: ${problems[0]}`, { problems });
  }
}

/** What a published version points at must exist: teams to escalate to, published articles. */
export async function assertReferencesExist(db: Queryable, definition: PlaybookDefinition): Promise<void> {
  const teamIds = [
    ...new Set(
      definition.outcomes.flatMap((outcome) => (outcome.kind === 'escalate' ? [outcome.teamId] : [])),
    ),
  ];
  const articleIds = [
    ...new Set([
      ...definition.steps.flatMap((step) => (step.articleId === undefined ? [] : [step.articleId])),
      ...definition.outcomes.flatMap((outcome) =>
        outcome.kind === 'solved' && outcome.articleId !== undefined ? [outcome.articleId] : [],
      ),
    ]),
  ];
  if (teamIds.length > 0) {
    const teams = await db.selectFrom('teams').select('id').where('id', 'in', teamIds).execute();
    const missing = teamIds.filter((teamId) => !teams.some((team) => team.id === teamId));
    if (missing.length > 0)
      throw invalid('invalid_team', `Team ${missing.join(', ')} does not exist`, { missing });
  }
  if (articleIds.length > 0) {
    const articles = await db
      .selectFrom('kb_articles')
      .select('id')
      .where('id', 'in', articleIds)
      .where('status', '=', 'published')
      .execute();
    const missing = articleIds.filter((articleId) => !articles.some((article) => article.id === articleId));
    if (missing.length > 0) {
      throw invalid('invalid_article', `Article ${missing.join(', ')} is not a published article`, {
        missing,
      });
    }
  }
}

export const findStep = (definition: PlaybookDefinition, id: string | null): PlaybookStep | undefined =>
  definition.steps.find((step) => step.id === id);

export const findOutcome = (definition: PlaybookDefinition, id: string | null): PlaybookOutcome | undefined =>
  definition.outcomes.find((outcome) => outcome.id === id);
