import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { actorOf, defaultScopes } from '../../http/authenticate.ts';
import {
  atRiskPageSchema,
  presentAtRisk,
  presentExplanation,
  slaExplanationSchema,
} from './sla.presenter.ts';
import { atRiskQuerySchema, idParams } from './sla.schema.ts';
import { slaAdminRoutes } from './sla-admin.routes.ts';

const tags = ['sla'];

/** SLA state of tickets, the supervisors' at-risk view; calendars and policies in sla-admin.routes.ts. */
export const slaRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    defaultScopes(app, 'tickets:read', 'admin');
    await app.register(slaAdminRoutes(ctx));

    app.get(
      '/api/tickets/:id/sla',
      {
        schema: {
          tags,
          summary:
            'Where each SLA target of a ticket stands and why: running and paused stretches, earlier cycles',
          params: idParams,
          response: { 200: slaExplanationSchema },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const ticket = await ctx.tickets.get(actor, request.params.id);
        return presentExplanation(await ctx.sla.explain(actor, ticket));
      },
    );

    app.get(
      '/api/sla/at-risk',
      {
        schema: {
          tags,
          summary: 'Open tickets at risk of breaching or breached, across teams, the soonest due first',
          querystring: atRiskQuerySchema,
          response: { 200: atRiskPageSchema },
        },
      },
      async (request) => {
        const page = await ctx.sla.atRisk(actorOf(request), request.query);
        return { tickets: page.rows.map(presentAtRisk), nextCursor: page.nextCursor };
      },
    );

    app.post(
      '/api/sla/recompute',
      {
        schema: {
          tags,
          summary: 'Recompute the SLA state of every open ticket (in the background, in batches)',
          response: { 202: z.object({ configVersion: z.number() }) },
        },
      },
      async (request, reply) =>
        reply.code(202).send({ configVersion: await ctx.sla.requestRecompute(actorOf(request), request.ip) }),
    );
  };
