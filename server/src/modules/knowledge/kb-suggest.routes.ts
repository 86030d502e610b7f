import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { actorOf, defaultScopes } from '../../http/authenticate.ts';
import { requestTerms, suggestArticles } from './article-suggestions.ts';
import type { KbPublicLimits } from './kb-rate-limits.ts';
import { presentHit, searchHitSchema } from './knowledge.presenter.ts';
import type { KnowledgeServices } from './knowledge.routes.ts';
import {
  deflectionQuerySchema,
  sessionOpenSchema,
  sessionParams,
  sessionResolveSchema,
  sessionSubmitSchema,
  suggestSchema,
} from './knowledge.schema.ts';

const tags = ['self-service'];
const open = { public: true, scope: 'any' } as const;
const noContent = { 204: z.null() };

const periodSchema = z.object({
  periodStart: z.string(),
  sessions: z.number(),
  decided: z.number(),
  opened: z.number(),
  deflected: z.number(),
  ticketed: z.number(),
  rate: z.number().nullable(),
});

/** Tier 0: articles suggested while a customer writes a request, and what came of them. */
export const kbSuggestRoutes =
  (ctx: AppContext, kb: KnowledgeServices, limits: KbPublicLimits): FastifyPluginAsyncZod =>
  async (app) => {
    defaultScopes(app, 'tickets:read', 'tickets:write');

    app.post(
      '/api/kb/suggest',
      {
        config: { ...open, rateLimit: limits.suggestions },
        schema: {
          tags,
          summary: 'Articles for a request being written (call as the customer types); records the session',
          body: suggestSchema,
          response: {
            200: z.object({ articles: z.array(searchHitSchema), sessionId: z.string().nullable() }),
          },
        },
      },
      async (request) => {
        const { subject, text, language, sessionId, limit } = request.body;
        const reader = request.actor;
        const terms = await requestTerms(ctx.db, reader, { language, subject, body: text });
        const hits = await suggestArticles(
          ctx.db,
          kb.stats,
          { reader, language, limit, now: ctx.clock() },
          terms,
        );
        if (sessionId && hits.length > 0) {
          await kb.deflection.recordSuggestions(
            reader,
            sessionId,
            subject,
            hits.map((hit) => hit.articleId),
          );
        }
        return { articles: hits.map(presentHit), sessionId: sessionId ?? null };
      },
    );

    app.post(
      '/api/kb/suggest/sessions/:sessionId/opened',
      {
        config: { ...open, rateLimit: limits.sessionEvents },
        schema: {
          tags,
          summary: 'The customer opened a suggested article',
          params: sessionParams,
          body: sessionOpenSchema,
          response: noContent,
        },
      },
      async (request, reply) => {
        await kb.deflection.opened(request.actor, request.params.sessionId, request.body.articleId);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/kb/suggest/sessions/:sessionId/resolved',
      {
        config: { ...open, rateLimit: limits.sessionEvents },
        schema: {
          tags,
          summary: '"That solved my problem": counts as a deflection at once',
          params: sessionParams,
          body: sessionResolveSchema,
          response: noContent,
        },
      },
      async (request, reply) => {
        await kb.deflection.resolved(request.actor, request.params.sessionId, request.body.articleId);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/kb/suggest/sessions/:sessionId/submitted',
      {
        config: { ...open, rateLimit: limits.sessionEvents },
        schema: {
          tags,
          summary: 'The customer went on to submit a ticket: no deflection',
          params: sessionParams,
          body: sessionSubmitSchema,
          response: noContent,
        },
      },
      async (request, reply) => {
        await kb.deflection.submitted(request.actor, request.params.sessionId, request.body.ticketId);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/kb/reports/deflection',
      {
        schema: {
          tags,
          summary:
            'Deflection rate by period (your time zone) and by article, for sessions started in [from, to)',
          querystring: deflectionQuerySchema,
          response: {
            200: z.object({
              from: z.date(),
              to: z.date(),
              interval: z.enum(['day', 'week', 'month']),
              /** A session is decided when resolved, ticketed, or idle this long. */
              expiryMinutes: z.number(),
              total: periodSchema.omit({ periodStart: true }),
              byPeriod: z.array(periodSchema),
              byArticle: z.array(
                z.object({
                  articleId: z.number(),
                  title: z.string(),
                  suggested: z.number(),
                  opened: z.number(),
                  deflected: z.number(),
                  rate: z.number().nullable(),
                }),
              ),
            }),
          },
        },
      },
      async (request) => kb.deflection.report(actorOf(request), request.query),
    );
  };
