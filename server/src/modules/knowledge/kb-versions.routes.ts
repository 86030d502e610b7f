import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { actorOf, defaultScopes } from '../../http/authenticate.ts';
import { VERSION_FIELDS } from './article-versions.ts';
import {
  articleSchema,
  presentArticle,
  presentVersion,
  presentVersionListItem,
  ticketRefSchema,
  versionListItemSchema,
  versionSchema,
} from './knowledge.presenter.ts';
import type { KnowledgeServices } from './knowledge.routes.ts';
import {
  compareVersionsQuerySchema,
  idParams,
  versionParams,
  versionQuerySchema,
} from './knowledge.schema.ts';

const tags = ['knowledge base'];

/** What staff read about an article: its versions, what readers said, the tickets it solved. */
export const kbVersionRoutes =
  (_ctx: AppContext, kb: KnowledgeServices): FastifyPluginAsyncZod =>
  async (app) => {
    defaultScopes(app, 'tickets:read', 'tickets:write');

    app.get(
      '/api/kb/articles/:id/versions',
      {
        schema: {
          tags,
          summary: 'Versions of a translation (the article’s own language unless one is named), newest first',
          params: idParams,
          querystring: versionQuerySchema,
          response: { 200: z.object({ language: z.string(), versions: z.array(versionListItemSchema) }) },
        },
      },
      async (request) => {
        const { language, versions } = await kb.versions.list(
          actorOf(request),
          request.params.id,
          request.query.language,
        );
        return { language, versions: versions.map(presentVersionListItem) };
      },
    );

    app.get(
      '/api/kb/articles/:id/versions/compare',
      {
        schema: {
          tags,
          summary: 'Two versions side by side with the fields that differ (the UI draws the line diff)',
          params: idParams,
          querystring: compareVersionsQuerySchema,
          response: {
            200: z.object({
              from: versionSchema,
              to: versionSchema,
              changed: z.array(z.enum(VERSION_FIELDS)),
            }),
          },
        },
      },
      async (request) => {
        const { from, to, language } = request.query;
        const result = await kb.versions.compare(actorOf(request), request.params.id, from, to, language);
        return { from: presentVersion(result.from), to: presentVersion(result.to), changed: result.changed };
      },
    );

    app.get(
      '/api/kb/articles/:id/versions/:version',
      {
        schema: {
          tags,
          summary: 'One version in full',
          params: versionParams,
          querystring: versionQuerySchema,
          response: { 200: versionSchema },
        },
      },
      async (request) =>
        presentVersion(
          await kb.versions.get(
            actorOf(request),
            request.params.id,
            request.params.version,
            request.query.language,
          ),
        ),
    );

    app.post(
      '/api/kb/articles/:id/versions/:version/restore',
      {
        schema: {
          tags,
          summary: 'Restore a version: it is saved again as the newest version',
          params: versionParams,
          querystring: versionQuerySchema,
          response: { 200: articleSchema },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { id, version } = request.params;
        await kb.versions.restore(actor, id, version, request.query.language);
        return presentArticle(
          actor,
          await kb.articles.get(actor, id, request.query.language),
          kb.articles.today(),
        );
      },
    );

    app.get(
      '/api/kb/articles/:id/votes',
      {
        schema: {
          tags,
          summary: '"Was this helpful?" votes with their comments, newest first',
          params: idParams,
          querystring: z.object({
            helpful: z
              .enum(['true', 'false'])
              .transform((value) => value === 'true')
              .optional(),
            limit: z.coerce.number().int().min(1).max(500).default(100),
          }),
          response: {
            200: z.object({
              votes: z.array(
                z.object({
                  id: z.number(),
                  helpful: z.boolean(),
                  comment: z.string(),
                  language: z.string(),
                  voter: z.object({ id: z.number(), name: z.string() }).nullable(),
                  at: z.date(),
                }),
              ),
            }),
          },
        },
      },
      async (request) => {
        const rows = await kb.feedback.list(actorOf(request), request.params.id, request.query);
        return {
          votes: rows.map((row) => ({
            id: row.id,
            helpful: row.helpful,
            comment: row.comment,
            language: row.language,
            voter: row.user_id === null ? null : { id: row.user_id, name: row.user_name ?? '' },
            at: row.updated_at,
          })),
        };
      },
    );

    app.get(
      '/api/kb/articles/:id/tickets',
      {
        schema: {
          tags,
          summary: 'The tickets this article was used on or written from, newest first',
          params: idParams,
          response: { 200: z.object({ tickets: z.array(ticketRefSchema) }) },
        },
      },
      async (request) => {
        const rows = await kb.tickets.ticketsOfArticle(actorOf(request), request.params.id);
        return {
          tickets: rows.map((row) => ({
            id: row.id,
            subject: row.subject,
            status: row.status,
            solvedAt: row.solved_at,
            source: row.source,
            linkedAt: row.linked_at,
          })),
        };
      },
    );
  };
