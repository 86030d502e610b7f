import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isStaff } from '../../access/actor.ts';
import type { AppContext } from '../../app-context.ts';
import { actorOf, defaultScopes } from '../../http/authenticate.ts';
import { mayReceive } from './live-hub.ts';
import { PresenceBoard } from './presence-board.ts';

const clientMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('presence'),
    ticketId: z.number().int().positive(),
    state: z.enum(['viewing', 'typing', 'left']),
  }),
  z.object({ type: z.literal('ping') }),
]);

/**
 * GET /api/live upgrades to a WebSocket that streams what changes (tickets, messages, views,
 * notifications) as JSON messages, filtered to what the caller may see. Staff can announce
 * presence on a ticket (viewing, typing), which other staff receive.
 */
export const liveRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    defaultScopes(app, 'tickets:read', 'tickets:read');
    const presence = new PresenceBoard();
    const stopRecording = ctx.live.subscribe((message) => presence.record(message));
    app.addHook('onClose', async () => stopRecording());
    app.get(
      '/api/live',
      { websocket: true, schema: { tags: ['live'], summary: 'Live event stream (WebSocket)', hide: false } },
      (socket, request) => {
        const actor = actorOf(request);
        const unsubscribe = ctx.live.subscribe((message) => {
          if (socket.readyState === socket.OPEN && mayReceive(actor, message))
            socket.send(JSON.stringify(message));
        });
        socket.send(JSON.stringify({ type: 'hello', data: { userId: actor.userId } }));
        if (isStaff(actor)) for (const message of presence.snapshot()) socket.send(JSON.stringify(message));
        // Tickets this connection announced itself on, so closing it can say "left" for them.
        const announced = new Set<number>();
        const announce = (ticketId: number, state: 'viewing' | 'typing' | 'left') =>
          ctx.live
            .broadcast(ctx.db, {
              type: 'presence',
              ticketId,
              internal: true,
              actorId: actor.userId,
              data: { userId: actor.userId, name: actor.name, state },
            })
            .catch((error: unknown) => request.log.warn({ err: error }, 'presence broadcast failed'));
        socket.on('message', (raw) => {
          let parsed: z.output<typeof clientMessage>;
          try {
            parsed = clientMessage.parse(JSON.parse(String(raw)));
          } catch {
            socket.send(JSON.stringify({ type: 'error', data: { code: 'invalid_message' } }));
            return;
          }
          if (parsed.type === 'ping') {
            socket.send(JSON.stringify({ type: 'pong' }));
            return;
          }
          if (!isStaff(actor)) return;
          if (parsed.state === 'left') announced.delete(parsed.ticketId);
          else announced.add(parsed.ticketId);
          void announce(parsed.ticketId, parsed.state);
        });
        socket.on('close', () => {
          unsubscribe();
          for (const ticketId of announced) void announce(ticketId, 'left');
        });
      },
    );
  };
