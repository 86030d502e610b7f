import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app-context.ts';
import { actorOf, defaultScopes } from '../../http/authenticate.ts';

const notificationSchema = z.object({
  id: z.number(),
  kind: z.string(),
  ticketId: z.number().nullable(),
  data: z.record(z.string(), z.unknown()),
  readAt: z.date().nullable(),
  createdAt: z.date(),
});

export const notificationRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    defaultScopes(app, 'any', 'any');
    app.get(
      '/api/notifications',
      {
        schema: {
          tags: ['notifications'],
          summary: 'Your latest notifications (mentions, assignments, replies) and how many are unread',
          querystring: z.object({
            unread: z.enum(['true', 'false']).optional(),
            limit: z.coerce.number().int().min(1).max(200).default(50),
          }),
          response: { 200: z.object({ notifications: z.array(notificationSchema), unread: z.number() }) },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        let query = ctx.db.selectFrom('notifications').selectAll().where('user_id', '=', actor.userId);
        if (request.query.unread === 'true') query = query.where('read_at', 'is', null);
        const [rows, unread] = await Promise.all([
          query.orderBy('id', 'desc').limit(request.query.limit).execute(),
          ctx.db
            .selectFrom('notifications')
            .select((eb) => eb.fn.countAll<number>().as('count'))
            .where('user_id', '=', actor.userId)
            .where('read_at', 'is', null)
            .executeTakeFirstOrThrow(),
        ]);
        return {
          notifications: rows.map((row) => ({
            id: row.id,
            kind: row.kind,
            ticketId: row.ticket_id,
            data: row.data,
            readAt: row.read_at,
            createdAt: row.created_at,
          })),
          unread: Number(unread.count),
        };
      },
    );

    app.post(
      '/api/notifications/read',
      {
        schema: {
          tags: ['notifications'],
          summary: 'Mark notifications read (all of them when no ids are given)',
          body: z.object({ ids: z.array(z.number().int().positive()).max(500).optional() }),
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        let query = ctx.db
          .updateTable('notifications')
          .set({ read_at: ctx.clock() })
          .where('user_id', '=', actor.userId)
          .where('read_at', 'is', null);
        if (request.body.ids)
          query = query.where('id', 'in', request.body.ids.length ? request.body.ids : [0]);
        await query.execute();
        return reply.code(204).send(null);
      },
    );
  };
