import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isStaff } from '../../access/actor.ts';
import type { AppContext } from '../../app-context.ts';
import type { TicketRow } from '../../db/schema.ts';
import { actorOf, defaultScopes } from '../../http/authenticate.ts';
import { presentTicketSla } from '../sla/sla.presenter.ts';
import { rememberSlaComputations } from '../sla/sla.service.ts';
import {
  presentEvents,
  presentListItem,
  presentTicket,
  ticketEventSchema,
  ticketPageSchema,
  ticketSchema,
} from './ticket.presenter.ts';
import {
  addMessageSchema,
  bulkUpdateSchema,
  createTicketSchema,
  linkSchema,
  listTicketsQuerySchema,
  mergeSchema,
  searchTicketsSchema,
  splitSchema,
  ticketIdParams,
  updateTicketSchema,
  watcherSchema,
} from './ticket.schema.ts';
import { loadTicketDetail } from './ticket-detail.ts';

const tags = ['tickets'];
const noContent = { 204: z.null() };

export const ticketRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    defaultScopes(app, 'tickets:read', 'tickets:write');
    /** A row the service just wrote is current and visible to its caller; an id is read again. */
    const present = async (request: FastifyRequest, ticketOrId: TicketRow | number) => {
      const actor = actorOf(request);
      const ticket = typeof ticketOrId === 'number' ? await ctx.tickets.get(actor, ticketOrId) : ticketOrId;
      // Independent reads, each on its own pooled connection.
      const [computation, detail] = await Promise.all([
        isStaff(actor) ? ctx.sla.current(ctx.db, ticket.id) : null,
        loadTicketDetail(ctx.db, actor, ticket),
      ]);
      return presentTicket(ticket, detail, computation && presentTicketSla(computation));
    };

    app.post(
      '/api/tickets',
      {
        schema: {
          tags,
          summary: 'Open a ticket with its first message',
          body: createTicketSchema,
          response: { 201: ticketSchema },
        },
      },
      async (request, reply) =>
        rememberSlaComputations(async () => {
          const ticket = await ctx.tickets.create(actorOf(request), request.body);
          return reply.code(201).send(await present(request, ticket));
        }),
    );

    app.get(
      '/api/tickets',
      {
        schema: {
          tags,
          summary: 'Tickets you may see, filtered (or through a saved view), keyset-paginated',
          querystring: listTicketsQuerySchema,
          response: { 200: ticketPageSchema },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const { viewId, sort, cursor, limit, ...filters } = request.query;
        const view = viewId ? await ctx.views.get(actor, viewId) : null;
        const page = await ctx.tickets.list(
          actor,
          { ...(view?.filters ?? {}), ...filters },
          sort ?? view?.sort ?? 'updated_desc',
          limit ?? 50,
          cursor,
        );
        return {
          tickets: page.rows.map((row) => presentListItem(row, isStaff(actor))),
          nextCursor: page.nextCursor,
        };
      },
    );

    app.post(
      '/api/tickets/search',
      {
        schema: {
          tags,
          summary: 'The ticket list with filters in a JSON body (custom fields, several values)',
          body: searchTicketsSchema,
          response: { 200: ticketPageSchema },
        },
      },
      async (request) => {
        const { filters, sort, cursor, limit } = request.body;
        const actor = actorOf(request);
        const page = await ctx.tickets.list(actor, filters, sort ?? 'updated_desc', limit ?? 50, cursor);
        return {
          tickets: page.rows.map((row) => presentListItem(row, isStaff(actor))),
          nextCursor: page.nextCursor,
        };
      },
    );

    app.get(
      '/api/tickets/:id',
      {
        schema: {
          tags,
          summary: 'A ticket with its conversation',
          params: ticketIdParams,
          response: { 200: ticketSchema },
        },
      },
      async (request) => present(request, request.params.id),
    );

    app.patch(
      '/api/tickets/:id',
      {
        schema: {
          tags,
          summary: 'Change fields of a ticket (status, priority, assignment, tags, custom fields, …)',
          params: ticketIdParams,
          body: updateTicketSchema,
          response: { 200: ticketSchema },
        },
      },
      async (request) =>
        rememberSlaComputations(async () =>
          present(request, await ctx.tickets.update(actorOf(request), request.params.id, request.body)),
        ),
    );

    app.post(
      '/api/tickets/:id/messages',
      {
        schema: {
          tags,
          summary: 'Add a public reply or an internal note',
          params: ticketIdParams,
          body: addMessageSchema,
          response: { 201: ticketSchema },
        },
      },
      async (request, reply) =>
        rememberSlaComputations(async () => {
          const { ticket } = await ctx.tickets.addMessage(actorOf(request), request.params.id, request.body);
          return reply.code(201).send(await present(request, ticket));
        }),
    );

    app.get(
      '/api/tickets/:id/events',
      {
        schema: {
          tags,
          summary: 'The full history of a ticket: every change with who and when',
          params: ticketIdParams,
          response: { 200: z.object({ events: z.array(ticketEventSchema) }) },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        return { events: presentEvents(actor, await ctx.tickets.events(actor, request.params.id)) };
      },
    );

    app.post(
      '/api/tickets/:id/merge',
      {
        schema: {
          tags,
          summary: 'Merge this ticket into another',
          params: ticketIdParams,
          body: mergeSchema,
          response: { 200: ticketSchema },
        },
      },
      async (request) => {
        const { target } = await ctx.tickets.merge(
          actorOf(request),
          request.params.id,
          request.body.targetTicketId,
        );
        return present(request, target);
      },
    );

    app.post(
      '/api/tickets/:id/unmerge',
      {
        schema: {
          tags,
          summary: 'Undo the merge of this ticket',
          params: ticketIdParams,
          response: { 200: ticketSchema },
        },
      },
      async (request) => {
        const { source } = await ctx.tickets.undoMerge(actorOf(request), request.params.id);
        return present(request, source);
      },
    );

    app.post(
      '/api/tickets/:id/split',
      {
        schema: {
          tags,
          summary: 'Move some messages into a new, related ticket',
          params: ticketIdParams,
          body: splitSchema,
          response: { 201: ticketSchema },
        },
      },
      async (request, reply) => {
        const { created } = await ctx.tickets.split(
          actorOf(request),
          request.params.id,
          request.body.messageIds,
          request.body.subject,
        );
        return reply.code(201).send(await present(request, created));
      },
    );

    app.post(
      '/api/tickets/bulk',
      {
        schema: {
          tags,
          summary: 'Change many tickets at once, all or nothing',
          body: bulkUpdateSchema,
          response: { 200: z.object({ updated: z.array(z.number()) }) },
        },
      },
      async (request) => {
        const updated = await ctx.tickets.bulkUpdate(actorOf(request), request.body);
        return { updated: updated.map((ticket) => ticket.id) };
      },
    );

    app.post(
      '/api/tickets/:id/watchers',
      {
        schema: {
          tags,
          summary: 'Add a watcher',
          params: ticketIdParams,
          body: watcherSchema,
          response: noContent,
        },
      },
      async (request, reply) => {
        await ctx.tickets.addWatcher(actorOf(request), request.params.id, request.body.userId);
        return reply.code(204).send(null);
      },
    );

    app.delete(
      '/api/tickets/:id/watchers/:userId',
      {
        schema: {
          tags,
          summary: 'Remove a watcher',
          params: ticketIdParams.extend({ userId: z.coerce.number().int().positive() }),
          response: noContent,
        },
      },
      async (request, reply) => {
        await ctx.tickets.removeWatcher(actorOf(request), request.params.id, request.params.userId);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/tickets/:id/links',
      {
        schema: {
          tags,
          summary: 'Relate two tickets',
          params: ticketIdParams,
          body: linkSchema,
          response: noContent,
        },
      },
      async (request, reply) => {
        await ctx.tickets.link(actorOf(request), request.params.id, request.body.ticketId);
        return reply.code(204).send(null);
      },
    );

    app.delete(
      '/api/tickets/:id/links/:otherId',
      {
        schema: {
          tags,
          summary: 'Remove a relation between two tickets',
          params: ticketIdParams.extend({ otherId: z.coerce.number().int().positive() }),
          response: noContent,
        },
      },
      async (request, reply) => {
        await ctx.tickets.link(actorOf(request), request.params.id, request.params.otherId, true);
        return reply.code(204).send(null);
      },
    );
  };
