import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { actorOf, defaultScopes } from '../../http/authenticate.ts';
import {
  playbookSchema,
  playbookSummarySchema,
  playbookVersionSchema,
  presentPlaybook,
  presentPlaybookSummary,
  presentVersion,
} from './playbook.presenter.ts';
import {
  createPlaybookSchema,
  playbookParams,
  playbookVersionParams,
  publishSchema,
  saveDraftSchema,
  updatePlaybookSchema,
} from './playbook.schema.ts';
import { PlaybookService } from './playbook.service.ts';
import { playbookRunRoutes } from './playbook-run.routes.ts';

const tags = ['playbooks'];

/** The playbook editor (supervisors) and the list operators pick from; runs in playbook-run.routes.ts. */
export const playbookRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(playbookRunRoutes(ctx));
    defaultScopes(app, 'tickets:read', 'tickets:write');
    const playbooks = new PlaybookService(ctx.db, ctx.clock);

    app.get(
      '/api/playbooks',
      {
        schema: {
          tags,
          summary: 'Troubleshooting playbooks (operators: the active, published ones)',
          response: { 200: z.object({ playbooks: z.array(playbookSummarySchema) }) },
        },
      },
      async (request) => ({
        playbooks: (await playbooks.list(actorOf(request))).map(presentPlaybookSummary),
      }),
    );

    app.post(
      '/api/playbooks',
      {
        schema: {
          tags,
          summary: 'Create a playbook, optionally with a draft definition',
          body: createPlaybookSchema,
          response: { 201: playbookSchema },
        },
      },
      async (request, reply) =>
        reply.code(201).send(presentPlaybook(await playbooks.create(actorOf(request), request.body))),
    );

    app.get(
      '/api/playbooks/:id',
      {
        schema: {
          tags,
          summary: 'A playbook with its published definition (and the draft, for editors)',
          params: playbookParams,
          response: { 200: playbookSchema },
        },
      },
      async (request) => presentPlaybook(await playbooks.get(actorOf(request), request.params.id)),
    );

    app.patch(
      '/api/playbooks/:id',
      {
        schema: {
          tags,
          summary: 'Rename, describe, or (de)activate a playbook',
          params: playbookParams,
          body: updatePlaybookSchema,
          response: { 200: playbookSchema },
        },
      },
      async (request) =>
        presentPlaybook(await playbooks.update(actorOf(request), request.params.id, request.body)),
    );

    app.put(
      '/api/playbooks/:id/draft',
      {
        schema: {
          tags,
          summary: 'Save the draft (work in progress; runs never see it)',
          params: playbookParams,
          body: saveDraftSchema,
          response: { 200: playbookSchema },
        },
      },
      async (request) =>
        presentPlaybook(
          await playbooks.saveDraft(actorOf(request), request.params.id, request.body.definition),
        ),
    );

    app.post(
      '/api/playbooks/:id/publish',
      {
        schema: {
          tags,
          summary: 'Publish the draft (or the definition sent) as the next version; running runs keep theirs',
          params: playbookParams,
          body: publishSchema,
          response: { 200: playbookSchema },
        },
      },
      async (request) =>
        presentPlaybook(
          await playbooks.publish(
            actorOf(request),
            request.params.id,
            request.body.definition,
            request.body.note,
          ),
        ),
    );

    app.get(
      '/api/playbooks/:id/versions',
      {
        schema: {
          tags,
          summary: 'Published versions, newest first',
          params: playbookParams,
          response: { 200: z.object({ versions: z.array(playbookVersionSchema) }) },
        },
      },
      async (request) => ({
        versions: (await playbooks.versions(actorOf(request), request.params.id)).map(presentVersion),
      }),
    );

    app.get(
      '/api/playbooks/:id/versions/:version',
      {
        schema: {
          tags,
          summary: 'One published version',
          params: playbookVersionParams,
          response: { 200: playbookVersionSchema },
        },
      },
      async (request) =>
        presentVersion(await playbooks.version(actorOf(request), request.params.id, request.params.version)),
    );
  };
