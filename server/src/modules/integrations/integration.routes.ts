import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { actorOf, defaultScopes } from '../../http/authenticate.ts';
import {
  bugLinkSchema,
  integrationChoiceSchema,
  integrationSchema,
  presentBugLink,
  presentIntegration,
} from './integration.presenter.ts';
import {
  createBugSchema,
  createIntegrationSchema,
  idParams,
  inboundUpdateSchema,
  updateIntegrationSchema,
} from './integration.schema.ts';
import { TrackerIntegrationService } from './tracker-integration.service.ts';
import { SIGNATURE_HEADER } from './webhook-signature.ts';

const tags = ['integrations'];
const noContent = { 204: z.null() };

declare module 'fastify' {
  interface FastifyRequest {
    /** The body exactly as received, for signature checks (inbound tracker webhooks only). */
    rawBody?: string;
  }
}

/** Trackers send status updates here, signed with the integration's inbound secret; no session needed. */
const inboundRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    defaultScopes(app, 'any', 'any');
    // The signature covers the raw bytes, so this plugin keeps them before parsing the JSON.
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
      const raw = typeof body === 'string' ? body : body.toString('utf8');
      request.rawBody = raw;
      try {
        done(null, JSON.parse(raw));
      } catch (error) {
        done(
          error instanceof Error ? Object.assign(error, { statusCode: 400 }) : new Error('Malformed JSON'),
          undefined,
        );
      }
    });

    app.post(
      '/api/integrations/:id/inbound',
      {
        config: { public: true },
        // Checked before the body is validated: an unsigned request learns nothing about the format.
        preValidation: async (request) => {
          const { id } = idParams.parse(request.params);
          const header = request.headers[SIGNATURE_HEADER];
          await ctx.bugs.verifyInbound(id, request.rawBody ?? '', Array.isArray(header) ? header[0] : header);
        },
        schema: {
          tags,
          summary:
            'Status update of a bug from the tracker (HMAC-SHA256 of the raw body in X-Tierline-Signature)',
          params: idParams,
          body: inboundUpdateSchema,
          response: { 200: z.object({ updated: z.number() }) },
        },
      },
      async (request) => ctx.bugs.applyInbound(request.params.id, request.body),
    );
  };

/** Dev-tracker integrations (admins), bugs on tickets (staff), and the inbound webhook. */
export const integrationRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    await app.register(inboundRoutes(ctx));
    defaultScopes(app, 'tickets:read', 'admin');
    const integrations = new TrackerIntegrationService(ctx.db, ctx.clock);

    app.get(
      '/api/integrations',
      {
        schema: {
          tags,
          summary: 'Dev-tracker integrations to create bugs in (no secrets)',
          response: { 200: z.object({ integrations: z.array(integrationChoiceSchema) }) },
        },
      },
      async (request) => ({
        integrations: (await integrations.list(actorOf(request))).map(({ id, name, kind, active }) => ({
          id,
          name,
          kind,
          active,
        })),
      }),
    );

    app.post(
      '/api/integrations',
      {
        schema: {
          tags,
          summary: 'Add a dev-tracker integration; its secrets are shown once in the answer',
          body: createIntegrationSchema,
          response: { 201: integrationSchema },
        },
      },
      async (request, reply) => {
        const result = await integrations.create(actorOf(request), request.body, request.ip);
        return reply.code(201).send(presentIntegration(result.integration, result.revealSecrets));
      },
    );

    app.get(
      '/api/integrations/:id',
      {
        schema: {
          tags,
          summary: 'One integration (secret hints only)',
          params: idParams,
          response: { 200: integrationSchema },
        },
      },
      async (request) => presentIntegration(await integrations.get(actorOf(request), request.params.id)),
    );

    app.patch(
      '/api/integrations/:id',
      {
        schema: {
          tags,
          summary: 'Change an integration; new or regenerated secrets are shown once in the answer',
          params: idParams,
          body: updateIntegrationSchema,
          response: { 200: integrationSchema },
        },
      },
      async (request) => {
        const result = await integrations.update(
          actorOf(request),
          request.params.id,
          request.body,
          request.ip,
        );
        return presentIntegration(result.integration, result.revealSecrets);
      },
    );

    app.delete(
      '/api/integrations/:id',
      {
        schema: {
          tags,
          summary: 'Delete an integration no bug is linked through',
          params: idParams,
          response: noContent,
        },
      },
      async (request, reply) => {
        await integrations.remove(actorOf(request), request.params.id, request.ip);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/tickets/:id/bugs',
      {
        schema: {
          tags,
          summary: 'Bugs linked to a ticket and their state in the tracker',
          params: idParams,
          response: { 200: z.object({ bugs: z.array(bugLinkSchema) }) },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const ticket = await ctx.tickets.get(actor, request.params.id);
        return { bugs: (await ctx.bugs.listForTicket(actor, ticket.id)).map(presentBugLink) };
      },
    );

    app.post(
      '/api/tickets/:id/bugs',
      {
        config: { scope: 'tickets:write' },
        schema: {
          tags,
          summary:
            'Escalate to development: create a bug in a tracker (sent by a job; pending until it answers) or link an existing one',
          params: idParams,
          body: createBugSchema,
          response: { 201: bugLinkSchema },
        },
      },
      async (request, reply) => {
        const link = await ctx.bugs.create(actorOf(request), request.params.id, request.body);
        return reply.code(201).send(presentBugLink(link));
      },
    );
  };
