import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { actorOf, defaultScopes } from '../../http/authenticate.ts';
import { categorySchema, customFieldSchema, presentCategory, presentCustomField } from './admin.presenter.ts';
import {
  createCategorySchema,
  createCustomFieldSchema,
  idParams,
  updateCategorySchema,
  updateCustomFieldSchema,
} from './admin.schema.ts';
import { CategoryService } from './categories.service.ts';
import { CustomFieldService } from './custom-fields.service.ts';

/** What tickets are described with: custom fields and categories. Everyone reads them; admins shape them. */
export const catalogueRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    defaultScopes(app, 'tickets:read', 'admin');
    const customFields = new CustomFieldService(ctx.db, ctx.clock, () => ctx.settings.forgetCustomFields());
    const categories = new CategoryService(ctx.db, ctx.clock);

    app.get(
      '/api/custom-fields',
      {
        schema: {
          tags: ['custom fields'],
          summary: 'Custom ticket fields (customers: the active ones shown to them)',
          response: { 200: z.object({ customFields: z.array(customFieldSchema) }) },
        },
      },
      async (request) => ({
        customFields: (await customFields.list(actorOf(request))).map(presentCustomField),
      }),
    );

    app.post(
      '/api/custom-fields',
      {
        schema: {
          tags: ['custom fields'],
          summary: 'Add a custom ticket field',
          body: createCustomFieldSchema,
          response: { 201: customFieldSchema },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(presentCustomField(await customFields.create(actorOf(request), request.body, request.ip))),
    );

    app.patch(
      '/api/custom-fields/:id',
      {
        schema: {
          tags: ['custom fields'],
          summary: 'Change a custom field (its key and type stay); retire it with active: false',
          params: idParams,
          body: updateCustomFieldSchema,
          response: { 200: customFieldSchema },
        },
      },
      async (request) =>
        presentCustomField(
          await customFields.update(actorOf(request), request.params.id, request.body, request.ip),
        ),
    );

    app.get(
      '/api/categories',
      {
        schema: {
          tags: ['categories'],
          summary: 'Ticket categories (a tree through parentId)',
          response: { 200: z.object({ categories: z.array(categorySchema) }) },
        },
      },
      async () => ({ categories: (await categories.list()).map(presentCategory) }),
    );

    app.post(
      '/api/categories',
      {
        schema: {
          tags: ['categories'],
          summary: 'Add a category, optionally under another',
          body: createCategorySchema,
          response: { 201: categorySchema },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(presentCategory(await categories.create(actorOf(request), request.body, request.ip))),
    );

    app.patch(
      '/api/categories/:id',
      {
        schema: {
          tags: ['categories'],
          summary: 'Rename a category or move it in the tree',
          params: idParams,
          body: updateCategorySchema,
          response: { 200: categorySchema },
        },
      },
      async (request) =>
        presentCategory(
          await categories.update(actorOf(request), request.params.id, request.body, request.ip),
        ),
    );
  };
