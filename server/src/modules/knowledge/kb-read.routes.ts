import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { defaultScopes } from '../../http/authenticate.ts';
import type { KbPublicLimits } from './kb-rate-limits.ts';
import { searchArticles } from './kb-search.ts';
import {
  articleListItemSchema,
  articleSchema,
  kbCategorySchema,
  presentArticle,
  presentArticleListItem,
  presentCategory,
  presentHit,
  searchResultSchema,
} from './knowledge.presenter.ts';
import type { KnowledgeServices } from './knowledge.routes.ts';
import {
  articleAttachmentParams,
  idParams,
  listArticlesQuerySchema,
  readArticleQuerySchema,
  searchQuerySchema,
  voteSchema,
} from './knowledge.schema.ts';

const tags = ['knowledge base'];
/** The help centre answers without sign-in; who is signed in decides what they see. */
const open = { public: true, scope: 'any' } as const;

/** The help centre and the agents' knowledge base read through the same routes. */
export const kbReadRoutes =
  (ctx: AppContext, kb: KnowledgeServices, limits: KbPublicLimits): FastifyPluginAsyncZod =>
  async (app) => {
    defaultScopes(app, 'tickets:read', 'tickets:write');

    app.get(
      '/api/kb/categories',
      {
        config: open,
        schema: {
          tags,
          summary: 'Categories and sections with the number of articles you can read in each',
          response: { 200: z.object({ categories: z.array(kbCategorySchema) }) },
        },
      },
      async (request) => ({ categories: (await kb.categories.list(request.actor)).map(presentCategory) }),
    );

    app.get(
      '/api/kb/articles',
      {
        config: open,
        schema: {
          tags,
          summary:
            'Articles you can read; staff filter by status (in_review: the review queue), owner, stale, visibility',
          querystring: listArticlesQuerySchema,
          response: { 200: z.object({ articles: z.array(articleListItemSchema), hasMore: z.boolean() }) },
        },
      },
      async (request) => {
        const page = await kb.articles.list(request.actor, request.query);
        const today = kb.articles.today();
        return {
          articles: page.rows.map((row) => presentArticleListItem(request.actor, row, today)),
          hasMore: page.hasMore,
        };
      },
    );

    app.get(
      '/api/kb/articles/:id',
      {
        config: open,
        schema: {
          tags,
          summary:
            'An article in your language (or its own); counts a view unless countView=false (or past the rate limit)',
          params: idParams,
          querystring: readArticleQuerySchema,
          response: { 200: articleSchema },
        },
      },
      async (request) => {
        const { language, countView } = request.query;
        const counted = countView && (await limits.countsView(request));
        const article = await kb.articles.get(request.actor, request.params.id, language, counted);
        return presentArticle(request.actor, article, kb.articles.today());
      },
    );

    app.get(
      '/api/kb/search',
      {
        config: open,
        schema: {
          tags,
          summary: 'Full-text search with typo tolerance, "did you mean" and highlights',
          querystring: searchQuerySchema,
          response: { 200: searchResultSchema },
        },
      },
      async (request) => {
        const { q, language, categoryId, status, limit, offset } = request.query;
        const categoryIds =
          categoryId === undefined ? undefined : await kb.categories.withSections(categoryId);
        const outcome = await searchArticles(
          ctx.db,
          { reader: request.actor, language, statuses: status, categoryIds, limit, offset, now: ctx.clock() },
          q,
        );
        return {
          query: q,
          searchedFor: outcome.searchedFor,
          didYouMean: outcome.didYouMean,
          language,
          results: outcome.hits.map(presentHit),
          hasMore: outcome.hasMore,
        };
      },
    );

    app.post(
      '/api/kb/articles/:id/votes',
      {
        config: { ...open, rateLimit: limits.votes },
        schema: {
          tags,
          summary: '"Was this helpful?" — voting again replaces your vote',
          params: idParams,
          body: voteSchema,
          response: { 200: z.object({ helpfulCount: z.number(), notHelpfulCount: z.number() }) },
        },
      },
      async (request) => kb.feedback.vote(request.actor, request.params.id, request.body),
    );

    app.get(
      '/api/kb/articles/:id/attachments/:attachmentId',
      {
        config: open,
        schema: {
          tags,
          summary: 'A file or image of an article you can read',
          params: articleAttachmentParams,
        },
      },
      async (request, reply) => {
        const file = await kb.articles.attachment(
          request.actor,
          request.params.id,
          request.params.attachmentId,
        );
        // Raster images show inline in the article; anything else (SVG and HTML included) downloads.
        const inline = /^image\/(png|jpeg|gif|webp)$/.test(file.content_type);
        reply
          .header('content-type', file.content_type)
          .header(
            'content-disposition',
            `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
          )
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'");
        return reply.send(ctx.attachments.open(file));
      },
    );
  };
