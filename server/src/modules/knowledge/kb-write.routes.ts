import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { actorOf, defaultScopes } from '../../http/authenticate.ts';
import { articleSchema, kbCategorySchema, presentArticle, presentCategory } from './knowledge.presenter.ts';
import type { KnowledgeServices } from './knowledge.routes.ts';
import {
  articleAttachmentParams,
  attachmentLinkSchema,
  changeStatusSchema,
  createArticleSchema,
  createCategorySchema,
  idParams,
  saveTranslationSchema,
  staleFlagSchema,
  translationParams,
  updateArticleSchema,
  updateCategorySchema,
} from './knowledge.schema.ts';

const tags = ['knowledge base'];
const noContent = { 204: z.null() };

/** Writing knowledge: categories, articles, translations, the review workflow, files. */
export const kbWriteRoutes =
  (_ctx: AppContext, kb: KnowledgeServices): FastifyPluginAsyncZod =>
  async (app) => {
    defaultScopes(app, 'tickets:read', 'tickets:write');
    const readBack = async (actor: ReturnType<typeof actorOf>, id: number, language?: string) =>
      presentArticle(actor, await kb.articles.get(actor, id, language), kb.articles.today());

    app.post(
      '/api/kb/categories',
      {
        schema: {
          tags,
          summary: 'Add a category, or a section of one (parentId)',
          body: createCategorySchema,
          response: { 201: kbCategorySchema },
        },
      },
      async (request, reply) =>
        reply.code(201).send(presentCategory(await kb.categories.create(actorOf(request), request.body))),
    );

    app.patch(
      '/api/kb/categories/:id',
      {
        schema: {
          tags,
          summary: 'Rename, describe, reorder or move a category or section',
          params: idParams,
          body: updateCategorySchema,
          response: { 200: kbCategorySchema },
        },
      },
      async (request) =>
        presentCategory(await kb.categories.update(actorOf(request), request.params.id, request.body)),
    );

    app.delete(
      '/api/kb/categories/:id',
      {
        schema: {
          tags,
          summary: 'Remove an empty category or section',
          params: idParams,
          response: noContent,
        },
      },
      async (request, reply) => {
        await kb.categories.remove(actorOf(request), request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/kb/articles',
      {
        schema: {
          tags,
          summary: 'Write a new article (a draft) in one language',
          body: createArticleSchema,
          response: { 201: articleSchema },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const article = await kb.articles.create(actor, request.body);
        return reply.code(201).send(await readBack(actor, article.id, request.body.language));
      },
    );

    app.patch(
      '/api/kb/articles/:id',
      {
        schema: {
          tags,
          summary: 'Change category, visibility, organisations, owner, review date or own language',
          params: idParams,
          body: updateArticleSchema,
          response: { 200: articleSchema },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        await kb.articles.update(actor, request.params.id, request.body);
        return readBack(actor, request.params.id);
      },
    );

    app.put(
      '/api/kb/articles/:id/translations/:language',
      {
        schema: {
          tags,
          summary: 'Save a translation (adds it, or writes its next version)',
          params: translationParams,
          body: saveTranslationSchema,
          response: { 200: articleSchema },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { id, language } = request.params;
        await kb.articles.saveTranslation(actor, id, language, request.body);
        return readBack(actor, id, language);
      },
    );

    app.delete(
      '/api/kb/articles/:id/translations/:language',
      {
        schema: { tags, summary: 'Remove a translation', params: translationParams, response: noContent },
      },
      async (request, reply) => {
        await kb.articles.deleteTranslation(actorOf(request), request.params.id, request.params.language);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/kb/articles/:id/status',
      {
        schema: {
          tags,
          summary: 'Move through draft → in_review → published → archived (reviewers publish and archive)',
          params: idParams,
          body: changeStatusSchema,
          response: { 200: articleSchema },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        await kb.articles.changeStatus(actor, request.params.id, request.body.status);
        return readBack(actor, request.params.id);
      },
    );

    app.delete(
      '/api/kb/articles/:id',
      {
        schema: {
          tags,
          summary: 'Delete an article that was never published (published ones are archived)',
          params: idParams,
          response: noContent,
        },
      },
      async (request, reply) => {
        await kb.articles.remove(actorOf(request), request.params.id, request.ip);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/kb/articles/:id/stale',
      {
        schema: {
          tags,
          summary: 'Flag an article as out of date (cleared by the next saved version)',
          params: idParams,
          body: staleFlagSchema,
          response: noContent,
        },
      },
      async (request, reply) => {
        await kb.articles.flagStale(actorOf(request), request.params.id, request.body.reason);
        return reply.code(204).send(null);
      },
    );

    app.delete(
      '/api/kb/articles/:id/stale',
      { schema: { tags, summary: 'Clear the out-of-date flag', params: idParams, response: noContent } },
      async (request, reply) => {
        await kb.articles.flagStale(actorOf(request), request.params.id, null);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/kb/articles/:id/attachments',
      {
        schema: {
          tags,
          summary:
            'Attach a file you uploaded (POST /api/attachments) to an article; images go in the body by URL',
          params: idParams,
          body: attachmentLinkSchema,
          response: { 200: articleSchema },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        await kb.articles.addAttachment(actor, request.params.id, request.body.attachmentId);
        return readBack(actor, request.params.id);
      },
    );

    app.delete(
      '/api/kb/articles/:id/attachments/:attachmentId',
      {
        schema: {
          tags,
          summary: 'Remove a file from an article',
          params: articleAttachmentParams,
          response: noContent,
        },
      },
      async (request, reply) => {
        await kb.articles.removeAttachment(actorOf(request), request.params.id, request.params.attachmentId);
        return reply.code(204).send(null);
      },
    );
  };
