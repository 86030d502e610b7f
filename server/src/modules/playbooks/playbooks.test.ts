import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { createTestApp, json, type TestPerson } from '../../../test/harness.ts';
import type { definitionSchema } from './playbook.schema.ts';

const { app, factory } = await createTestApp();
const supervisor = await factory.person('supervisor');
const operator = await factory.person('operator', { name: 'Olga Operator' });
const customer = await factory.person('customer', { name: 'Carla Customer' });
const hardware = await factory.team(2, 'Hardware');

const call = (person: TestPerson, method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) =>
  app.inject({ method, url, headers: person.headers, ...(payload ? { payload } : {}) });

const spoolerArticle = json<{ id: number }>(
  await call(supervisor, 'POST', '/api/kb/articles', {
    title: 'Restart the print spooler',
    bodyHtml: '<p>Steps.</p>',
  }),
);
await call(supervisor, 'POST', `/api/kb/articles/${spoolerArticle.id}/status`, { status: 'published' });

const definition = (powerPrompt = 'Is the printer switched on?'): z.input<typeof definitionSchema> => ({
  startStepId: 'power',
  steps: [
    {
      id: 'power',
      prompt: powerPrompt,
      answers: [
        { id: 'yes', label: 'Yes', nextStepId: 'error' },
        { id: 'no', label: 'No', outcomeId: 'switched-on' },
      ],
    },
    {
      id: 'error',
      prompt: 'Does the display show an error code?',
      answers: [
        { id: 'yes', label: 'Yes, an error code', outcomeId: 'to-hardware' },
        { id: 'no', label: 'No', nextStepId: 'spooler' },
      ],
    },
    {
      id: 'spooler',
      prompt: 'Did restarting the print spooler help?',
      articleId: spoolerArticle.id,
      answers: [
        { id: 'yes', label: 'Yes', outcomeId: 'spooler-fixed' },
        { id: 'no', label: 'No', outcomeId: 'to-hardware' },
      ],
    },
  ],
  outcomes: [
    { id: 'switched-on', kind: 'solved', title: 'Printer was off' },
    {
      id: 'spooler-fixed',
      kind: 'solved',
      title: 'Spooler restarted',
      articleId: spoolerArticle.id,
      reply: 'Hi {{requester.first_name}}, restarting the print spooler fixed it.',
    },
    {
      id: 'to-hardware',
      kind: 'escalate',
      title: 'Escalate to Hardware',
      teamId: hardware.id,
      fields: { priority: 'P2', addTags: ['hardware'] },
      note: 'Check the fuser unit',
    },
  ],
});

const playbook = json<{ id: number }>(
  await call(supervisor, 'POST', '/api/playbooks', {
    name: 'Printer troubleshooting',
    definition: definition(),
  }),
);
await call(supervisor, 'POST', `/api/playbooks/${playbook.id}/publish`, { note: 'First version' });

interface Run {
  runId: number;
  status: string;
  version: number;
  currentStep: { id: string; prompt: string } | null;
  answers: { prompt: string; answer: string; note: string }[];
}
const start = async (ticketId: number) =>
  json<Run>(
    await call(operator, 'POST', `/api/tickets/${ticketId}/playbook-runs`, { playbookId: playbook.id }),
  );
const answer = (runId: number, stepId: string, answerId: string, note = '') =>
  call(operator, 'POST', `/api/playbook-runs/${runId}/answers`, { stepId, answerId, note });

describe('the playbook editor', () => {
  it('is for supervisors; publishing checks that the script can run', async () => {
    expect((await call(operator, 'POST', '/api/playbooks', { name: 'Mine' })).statusCode).toBe(403);
    const broken = definition();
    broken.steps[0]?.answers.push({ id: 'maybe', label: 'Maybe', nextStepId: 'nowhere' });
    const draft = json<{ id: number }>(await call(supervisor, 'POST', '/api/playbooks', { name: 'Broken' }));
    const refused = await call(supervisor, 'POST', `/api/playbooks/${draft.id}/publish`, {
      definition: broken,
    });
    expect(json(refused)).toMatchObject({
      error: {
        code: 'invalid_playbook',
        details: { problems: ['answer "maybe" of step "power" leads to a missing step "nowhere"'] },
      },
    });
    const noDraft = await call(supervisor, 'POST', `/api/playbooks/${draft.id}/publish`, {});
    expect(json(noDraft)).toMatchObject({ error: { code: 'nothing_to_publish' } });
    const operatorsList = json<{ playbooks: { id: number }[] }>(
      await call(operator, 'GET', '/api/playbooks'),
    );
    expect(operatorsList.playbooks.map((row) => row.id)).toEqual([playbook.id]);
  });
});

describe('running a playbook', () => {
  it('records every answer on the ticket and carries them into the escalation hand-over', async () => {
    const ticket = await factory.ticket(customer, { subject: 'Printer makes noise' });
    const run = await start(ticket.id);
    expect(run.currentStep?.id).toBe('power');
    await answer(run.runId, 'power', 'yes', 'Green light on');
    const finished = json<Run>(await answer(run.runId, 'error', 'yes', 'E-502 on the display'));
    expect(finished).toMatchObject({ status: 'escalated', currentStep: null });

    const after = json<{
      team: { id: number } | null;
      priority: string;
      tags: string[];
      messages: { body: string; visibility: string }[];
    }>(await call(operator, 'GET', `/api/tickets/${ticket.id}`));
    expect(after).toMatchObject({ team: { id: hardware.id }, priority: 'P2', tags: ['hardware'] });
    const handOver = after.messages.at(-1);
    expect(handOver?.visibility).toBe('internal');
    expect(handOver?.body).toMatch(
      /^Hand-over\n\nTroubleshooting playbook "Printer troubleshooting" \(version 1\), started by Olga Operator/,
    );
    expect(handOver?.body).toContain('1. Is the printer switched on? — Yes (note: Green light on)');
    expect(handOver?.body).toContain(
      '2. Does the display show an error code? — Yes, an error code (note: E-502 on the display)',
    );
    expect(handOver?.body).toContain('Outcome: Escalate to Hardware — Check the fuser unit');

    const events = json<{ events: { type: string; internal: boolean }[] }>(
      await call(operator, 'GET', `/api/tickets/${ticket.id}/events`),
    );
    const playbookEvents = events.events.filter((event) => event.type.startsWith('playbook.'));
    expect(playbookEvents.map((event) => event.type)).toEqual([
      'playbook.started',
      'playbook.answered',
      'playbook.answered',
      'playbook.finished',
    ]);
    expect(playbookEvents.every((event) => event.internal)).toBe(true);
    const seenByCustomer = json<{ events: { type: string }[] }>(
      await call(customer, 'GET', `/api/tickets/${ticket.id}/events`),
    );
    expect(seenByCustomer.events.some((event) => event.type.startsWith('playbook.'))).toBe(false);

    const transcript = json<{ text: string; runs: { answers: unknown[] }[] }>(
      await call(operator, 'GET', `/api/tickets/${ticket.id}/playbook-transcript`),
    );
    expect(transcript.runs[0]?.answers).toHaveLength(2);
    expect(transcript.text).toContain('2. Does the display show an error code? — Yes, an error code');
  });

  it('solves the ticket with the article, linked, and the reply sent', async () => {
    const ticket = await factory.ticket(customer, { subject: 'Nothing prints' });
    const run = await start(ticket.id);
    await answer(run.runId, 'power', 'yes');
    await answer(run.runId, 'error', 'no');
    const finished = json<Run>(await answer(run.runId, 'spooler', 'yes'));
    expect(finished.status).toBe('solved');
    const after = json<{ status: string; messages: { body: string; visibility: string }[] }>(
      await call(operator, 'GET', `/api/tickets/${ticket.id}`),
    );
    expect(after.status).toBe('solved');
    expect(after.messages.at(-1)).toMatchObject({
      visibility: 'public',
      body: 'Hi Carla, restarting the print spooler fixed it.',
    });
    const linked = json<{ articles: { id: number; source: string }[] }>(
      await call(operator, 'GET', `/api/tickets/${ticket.id}/articles`),
    );
    expect(linked.articles).toEqual([expect.objectContaining({ id: spoolerArticle.id, source: 'playbook' })]);
  });

  it('keeps the version a run started with when a new one is published', async () => {
    const ticket = await factory.ticket(customer);
    const running = await start(ticket.id);
    await call(supervisor, 'POST', `/api/playbooks/${playbook.id}/publish`, {
      definition: definition('Is the power LED on?'),
      note: 'Clearer first question',
    });
    const continued = json<Run>(await answer(running.runId, 'power', 'no'));
    expect(continued).toMatchObject({
      version: 1,
      answers: [{ prompt: 'Is the printer switched on?', answer: 'No' }],
    });
    const fresh = await start((await factory.ticket(customer)).id);
    expect(fresh).toMatchObject({ version: 2, currentStep: { prompt: 'Is the power LED on?' } });
    const versions = json<{ versions: { version: number; note: string }[] }>(
      await call(operator, 'GET', `/api/playbooks/${playbook.id}/versions`),
    );
    expect(versions.versions.map((version) => version.note)).toEqual([
      'Clearer first question',
      'First version',
    ]);
  });

  it('refuses stale and unknown answers, a second run at once, and answers after the end', async () => {
    const ticket = await factory.ticket(customer);
    const run = await start(ticket.id);
    const again = await call(operator, 'POST', `/api/tickets/${ticket.id}/playbook-runs`, {
      playbookId: playbook.id,
    });
    expect(json(again)).toMatchObject({ error: { code: 'run_in_progress' } });
    expect(json(await answer(run.runId, 'power', 'perhaps'))).toMatchObject({
      error: { code: 'invalid_answer' },
    });
    await answer(run.runId, 'power', 'yes');
    expect(json(await answer(run.runId, 'power', 'yes'))).toMatchObject({
      error: { code: 'step_not_current' },
    });
    const abandoned = json<Run>(await call(operator, 'POST', `/api/playbook-runs/${run.runId}/abandon`));
    expect(abandoned.status).toBe('abandoned');
    expect(json(await answer(run.runId, 'error', 'no'))).toMatchObject({ error: { code: 'run_finished' } });
    expect((await call(customer, 'GET', `/api/playbook-runs/${run.runId}`)).statusCode).toBe(403);
  });
});
