import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { actorOf, defaultScopes } from '../../http/authenticate.ts';
import { presentRun, presentTranscript, runSchema, transcriptSchema } from './playbook.presenter.ts';
import { answerRunSchema, playbookParams, startRunSchema } from './playbook.schema.ts';
import { PlaybookRunService } from './playbook-runs.ts';
import { playbookHandOver } from './playbook-transcript.ts';

const tags = ['playbooks'];

/** Running playbooks on tickets, and the transcript that travels with an escalation. */
export const playbookRunRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    defaultScopes(app, 'tickets:read', 'tickets:write');
    const runs = new PlaybookRunService(ctx.db, ctx.tickets, ctx.settings, ctx.clock);

    app.post(
      '/api/tickets/:id/playbook-runs',
      {
        schema: {
          tags: ['tickets', ...tags],
          summary: 'Start a playbook on the ticket (its current version); answers the first question to ask',
          params: playbookParams,
          body: startRunSchema,
          response: { 201: runSchema },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(presentRun(await runs.start(actorOf(request), request.params.id, request.body.playbookId))),
    );

    app.get(
      '/api/tickets/:id/playbook-runs',
      {
        schema: {
          tags: ['tickets', ...tags],
          summary: 'Playbook runs on the ticket with every answer, oldest first',
          params: playbookParams,
          response: { 200: z.object({ runs: z.array(transcriptSchema) }) },
        },
      },
      async (request) => ({
        runs: (await runs.listForTicket(actorOf(request), request.params.id)).map(presentTranscript),
      }),
    );

    app.get(
      '/api/tickets/:id/playbook-transcript',
      {
        schema: {
          tags: ['tickets', ...tags],
          summary:
            'Every playbook run on the ticket as hand-over text (for an escalation summary) and as data',
          params: playbookParams,
          response: { 200: z.object({ text: z.string(), runs: z.array(transcriptSchema) }) },
        },
      },
      async (request) => {
        await runs.listForTicket(actorOf(request), request.params.id);
        return playbookHandOver(ctx.db, request.params.id);
      },
    );

    app.get(
      '/api/playbook-runs/:id',
      {
        schema: {
          tags,
          summary: 'A run: the answers so far and the current question',
          params: playbookParams,
          response: { 200: runSchema },
        },
      },
      async (request) => presentRun(await runs.get(actorOf(request), request.params.id)),
    );

    app.post(
      '/api/playbook-runs/:id/answers',
      {
        schema: {
          tags,
          summary:
            'Answer the current question; recorded on the ticket. An outcome solves or escalates the ticket',
          params: playbookParams,
          body: answerRunSchema,
          response: { 200: runSchema },
        },
      },
      async (request) => presentRun(await runs.answer(actorOf(request), request.params.id, request.body)),
    );

    app.post(
      '/api/playbook-runs/:id/abandon',
      {
        schema: {
          tags,
          summary: 'Stop a run without an outcome',
          params: playbookParams,
          response: { 200: runSchema },
        },
      },
      async (request) => presentRun(await runs.abandon(actorOf(request), request.params.id)),
    );
  };
