import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { TICKET_STATUSES } from '../../db/schema.ts';
import { actorOf, defaultScopes } from '../../http/authenticate.ts';
import {
  articleSchema,
  linkedArticleSchema,
  presentArticle,
  presentHit,
  searchHitSchema,
} from './knowledge.presenter.ts';
import type { KnowledgeServices } from './knowledge.routes.ts';
import {
  articleDraftSchema,
  idParams,
  linkArticleSchema,
  ticketArticleParams,
  ticketSuggestionsQuerySchema,
} from './knowledge.schema.ts';

const tags = ['tickets', 'knowledge base'];
const noContent = { 204: z.null() };

/** Knowledge while working a ticket: suggestions, articles used, and writing an article from it. */
export const kbTicketRoutes =
  (_ctx: AppContext, kb: KnowledgeServices): FastifyPluginAsyncZod =>
  async (app) => {
    defaultScopes(app, 'tickets:read', 'tickets:write');

    app.get(
      '/api/tickets/:id/suggestions',
      {
        schema: {
          tags,
          summary: 'Articles and similar solved tickets for the ticket (subject and first message)',
          params: idParams,
          querystring: ticketSuggestionsQuerySchema,
          response: {
            200: z.object({
              articles: z.array(
                searchHitSchema.extend({
                  /** The requester may read it: safe to link in a public reply. */
                  visibleToRequester: z.boolean(),
                  linked: z.boolean(),
                }),
              ),
              similarTickets: z.array(
                z.object({
                  id: z.number(),
                  subject: z.string(),
                  status: z.enum(TICKET_STATUSES),
                  solvedAt: z.date().nullable(),
                  score: z.number(),
                  /** The last public reply by staff (600 characters at most). */
                  resolution: z.string().nullable(),
                  articleIds: z.array(z.number()),
                }),
              ),
            }),
          },
        },
      },
      async (request) => {
        const result = await kb.tickets.suggestions(actorOf(request), request.params.id, request.query.limit);
        return {
          articles: result.articles.map((hit) => ({
            ...presentHit(hit),
            visibleToRequester: hit.visibleToRequester,
            linked: hit.linked,
          })),
          similarTickets: result.similarTickets.map((ticket) => ({
            id: ticket.id,
            subject: ticket.subject,
            status: ticket.status,
            solvedAt: ticket.solved_at,
            score: ticket.score,
            resolution: ticket.resolution,
            articleIds: ticket.article_ids,
          })),
        };
      },
    );

    app.get(
      '/api/tickets/:id/articles',
      {
        schema: {
          tags,
          summary: 'Articles used on the ticket',
          params: idParams,
          response: { 200: z.object({ articles: z.array(linkedArticleSchema) }) },
        },
      },
      async (request) => {
        const rows = await kb.tickets.articlesOfTicket(actorOf(request), request.params.id);
        return {
          articles: rows.map((row) => ({
            id: row.id,
            title: row.title,
            status: row.status,
            visibility: row.visibility,
            source: row.source,
            linkedAt: row.linked_at,
            linkedBy: row.linked_by_name,
          })),
        };
      },
    );

    app.post(
      '/api/tickets/:id/articles',
      {
        schema: {
          tags,
          summary: 'Record that an article was used on the ticket (the article then lists the ticket)',
          params: idParams,
          body: linkArticleSchema,
          response: noContent,
        },
      },
      async (request, reply) => {
        await kb.tickets.link(actorOf(request), request.params.id, request.body.articleId);
        return reply.code(204).send(null);
      },
    );

    app.delete(
      '/api/tickets/:id/articles/:articleId',
      {
        schema: {
          tags,
          summary: 'Unlink an article from the ticket',
          params: ticketArticleParams,
          response: noContent,
        },
      },
      async (request, reply) => {
        await kb.tickets.unlink(actorOf(request), request.params.id, request.params.articleId);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/tickets/:id/article-draft',
      {
        schema: {
          tags,
          summary:
            'Write an article from the ticket: a draft with its problem and final solution, linked to it',
          params: idParams,
          body: articleDraftSchema,
          response: { 201: articleSchema },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const articleId = await kb.tickets.draftFromTicket(actor, request.params.id, request.body);
        const article = await kb.articles.get(actor, articleId, request.body.language);
        return reply.code(201).send(presentArticle(actor, article, kb.articles.today()));
      },
    );
  };
