import { describe, expect, it } from 'vitest';
import { definitionSchema } from './playbook.schema.ts';
import { definitionProblems } from './playbook-definition.ts';

const parse = (value: unknown) => definitionSchema.parse(value);

describe('checking a playbook can run', () => {
  it('accepts a script whose answers all lead somewhere, loops included', () => {
    const definition = parse({
      startStepId: 'a',
      steps: [
        { id: 'a', prompt: 'Restarted?', answers: [{ id: 'no', label: 'No', nextStepId: 'b' }] },
        {
          id: 'b',
          prompt: 'Restart now. Working?',
          answers: [
            { id: 'yes', label: 'Yes', outcomeId: 'done' },
            { id: 'again', label: 'Try again', nextStepId: 'a' },
          ],
        },
      ],
      outcomes: [{ id: 'done', kind: 'solved' }],
    });
    expect(definitionProblems(definition)).toEqual([]);
  });

  it('names every problem: missing targets, unreachable steps, duplicate ids, no way to finish', () => {
    const definition = parse({
      startStepId: 'start',
      steps: [
        { id: 'start', prompt: 'Q1', answers: [{ id: 'x', label: 'X', nextStepId: 'ghost' }] },
        { id: 'lonely', prompt: 'Q2', answers: [{ id: 'y', label: 'Y', outcomeId: 'nope' }] },
        { id: 'done', prompt: 'Q3', answers: [{ id: 'z', label: 'Z', nextStepId: 'start' }] },
      ],
      outcomes: [{ id: 'done', kind: 'escalate', teamId: 1 }],
    });
    expect(definitionProblems(definition)).toEqual([
      '"done" names more than one step or outcome',
      'answer "x" of step "start" leads to a missing step "ghost"',
      'answer "y" of step "lonely" leads to a missing outcome "nope"',
      'step "lonely" cannot be reached from the start',
      'step "done" cannot be reached from the start',
      'no answer ever reaches an outcome',
    ]);
  });

  it('refuses answers that lead both to a step and to an outcome', () => {
    const result = definitionSchema.safeParse({
      startStepId: 'a',
      steps: [{ id: 'a', prompt: 'Q', answers: [{ id: 'x', label: 'X', nextStepId: 'a', outcomeId: 'o' }] }],
      outcomes: [{ id: 'o', kind: 'solved' }],
    });
    expect(result.success).toBe(false);
  });
});
