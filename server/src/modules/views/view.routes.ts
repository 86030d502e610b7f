import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { actorOf, defaultScopes } from '../../http/authenticate.ts';
import { SORTS, ticketFiltersSchema } from '../tickets/ticket.schema.ts';
import type { SavedView } from './view.service.ts';

const COLUMNS = [
  'id',
  'subject',
  'requester',
  'organisation',
  'status',
  'priority',
  'type',
  'channel',
  'team',
  'assignee',
  'tags',
  'created_at',
  'updated_at',
] as const;

const viewSchema = z.object({
  id: z.number(),
  name: z.string(),
  shared: z.boolean(),
  filters: ticketFiltersSchema,
  sort: z.enum(SORTS),
  columns: z.array(z.string()),
  position: z.number(),
  count: z.number().optional(),
});

const viewChanges = z
  .object({
    name: z.string().trim().min(1).max(100),
    filters: ticketFiltersSchema,
    sort: z.enum(SORTS),
    columns: z.array(z.enum(COLUMNS)).min(1),
    position: z.number().int().min(0).max(10_000),
  })
  .partial()
  .strict();

const viewInput = z.object({
  name: z.string().trim().min(1).max(100),
  filters: ticketFiltersSchema.default({}),
  sort: z.enum(SORTS).default('updated_desc'),
  columns: z
    .array(z.enum(COLUMNS))
    .min(1)
    .default(['id', 'subject', 'requester', 'status', 'priority', 'assignee', 'updated_at']),
  shared: z.boolean().default(false),
  position: z.number().int().min(0).max(10_000).optional(),
});

const present = (view: SavedView & { count?: number }): z.output<typeof viewSchema> => ({
  id: view.row.id,
  name: view.row.name,
  shared: view.row.owner_id === null,
  filters: view.filters,
  sort: view.sort,
  columns: view.row.columns,
  position: view.row.position,
  ...(view.count === undefined ? {} : { count: view.count }),
});

const params = z.object({ id: z.coerce.number().int().positive() });
const tags = ['views'];

export const viewRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    defaultScopes(app, 'tickets:read', 'tickets:write');
    app.get(
      '/api/views',
      {
        schema: {
          tags,
          summary: 'Your views and the shared ones, each with its ticket count',
          response: { 200: z.object({ views: z.array(viewSchema) }) },
        },
      },
      async (request) => ({ views: (await ctx.views.listWithCounts(actorOf(request))).map(present) }),
    );
    app.post(
      '/api/views',
      { schema: { tags, summary: 'Save a view', body: viewInput, response: { 201: viewSchema } } },
      async (request, reply) =>
        reply.code(201).send(present(await ctx.views.create(actorOf(request), request.body))),
    );
    app.get(
      '/api/views/:id',
      { schema: { tags, summary: 'One view', params, response: { 200: viewSchema } } },
      async (request) => present(await ctx.views.get(actorOf(request), request.params.id)),
    );
    app.patch(
      '/api/views/:id',
      {
        schema: { tags, summary: 'Change a view', params, body: viewChanges, response: { 200: viewSchema } },
      },
      async (request) => present(await ctx.views.update(actorOf(request), request.params.id, request.body)),
    );
    app.delete(
      '/api/views/:id',
      { schema: { tags, summary: 'Delete a view', params, response: { 204: z.null() } } },
      async (request, reply) => {
        await ctx.views.remove(actorOf(request), request.params.id);
        return reply.code(204).send(null);
      },
    );
  };
