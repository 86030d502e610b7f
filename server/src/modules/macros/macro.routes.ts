import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { PRIORITIES, TICKET_STATUSES, TICKET_TYPES } from '../../db/schema.ts';
import { actorOf, defaultScopes } from '../../http/authenticate.ts';
import {
  applyMacroSchema,
  applyParams,
  createMacroSchema,
  listMacrosQuerySchema,
  macroActionsSchema,
  macroParams,
  updateMacroSchema,
} from './macro.schema.ts';
import { type Macro, MacroService } from './macro.service.ts';
import { MACRO_VARIABLES } from './macro-render.ts';

const tags = ['macros'];

const macroSchema = z.object({
  id: z.number(),
  title: z.string(),
  description: z.string(),
  body: z.string(),
  replyVisibility: z.enum(['public', 'internal']),
  actions: macroActionsSchema,
  shared: z.boolean(),
  active: z.boolean(),
  usageCount: z.number(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const present = ({ row, actions }: Macro): z.output<typeof macroSchema> => ({
  id: row.id,
  title: row.title,
  description: row.description,
  body: row.body,
  replyVisibility: row.reply_visibility,
  actions,
  shared: row.owner_id === null,
  active: row.active,
  usageCount: row.usage_count,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export const macroRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    defaultScopes(app, 'tickets:read', 'tickets:write');
    const macros = new MacroService(ctx.db, ctx.settings, ctx.clock);

    app.get(
      '/api/macros',
      {
        schema: {
          tags,
          summary: 'Your macros and the shared ones, most used first',
          querystring: listMacrosQuerySchema,
          response: { 200: z.object({ macros: z.array(macroSchema) }) },
        },
      },
      async (request) => ({ macros: (await macros.list(actorOf(request), request.query)).map(present) }),
    );

    app.get(
      '/api/macros/variables',
      {
        schema: {
          tags,
          summary: 'The {{variables}} a macro may use',
          response: {
            200: z.object({ variables: z.array(z.object({ name: z.string(), description: z.string() })) }),
          },
        },
      },
      async () => ({
        variables: Object.entries(MACRO_VARIABLES).map(([name, description]) => ({ name, description })),
      }),
    );

    app.post(
      '/api/macros',
      {
        schema: {
          tags,
          summary: 'Save a macro (shared ones: supervisors and up)',
          body: createMacroSchema,
          response: { 201: macroSchema },
        },
      },
      async (request, reply) =>
        reply.code(201).send(present(await macros.create(actorOf(request), request.body))),
    );

    app.get(
      '/api/macros/:id',
      { schema: { tags, summary: 'One macro', params: macroParams, response: { 200: macroSchema } } },
      async (request) => present(await macros.get(actorOf(request), request.params.id)),
    );

    app.patch(
      '/api/macros/:id',
      {
        schema: {
          tags,
          summary: 'Change a macro',
          params: macroParams,
          body: updateMacroSchema,
          response: { 200: macroSchema },
        },
      },
      async (request) => present(await macros.update(actorOf(request), request.params.id, request.body)),
    );

    app.delete(
      '/api/macros/:id',
      { schema: { tags, summary: 'Delete a macro', params: macroParams, response: { 204: z.null() } } },
      async (request, reply) => {
        await macros.remove(actorOf(request), request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/tickets/:id/macros/:macroId/apply',
      {
        schema: {
          tags: ['tickets', 'macros'],
          summary:
            'Apply a macro: render its reply for the ticket and make its field changes (or preview both)',
          params: applyParams,
          body: applyMacroSchema,
          response: {
            200: z.object({
              body: z.string(),
              replyVisibility: z.enum(['public', 'internal']),
              changes: z
                .object({
                  status: z.enum(TICKET_STATUSES),
                  priority: z.enum(PRIORITIES).nullable(),
                  type: z.enum(TICKET_TYPES),
                  teamId: z.number().nullable(),
                  assigneeId: z.number().nullable(),
                  tags: z.array(z.string()),
                })
                .partial(),
              applied: z.boolean(),
              /** The reply sent, when postReply was asked for. */
              messageId: z.number().nullable(),
              ticketVersion: z.number(),
            }),
          },
        },
      },
      async (request) => {
        const result = await macros.apply(
          actorOf(request),
          request.params.id,
          request.params.macroId,
          request.body,
        );
        const { status, priority, type, teamId, assigneeId, tags: ticketTags } = result.changes;
        return {
          ...result,
          changes: Object.fromEntries(
            Object.entries({ status, priority, type, teamId, assigneeId, tags: ticketTags }).filter(
              ([, value]) => value !== undefined,
            ),
          ),
        };
      },
    );
  };
