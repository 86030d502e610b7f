import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isStaff } from '../../../access/actor.ts';
import { authorize, seesInternal } from '../../../access/policies.ts';
import type { AppContext } from '../../../app-context.ts';
import { conflict, invalid, notFound } from '../../../errors.ts';
import { actorOf, defaultScopes } from '../../../http/authenticate.ts';
import { personForAddress } from '../../people/person-for-address.ts';
import {
  addParticipantSchema,
  deliveryParams,
  deliverySchema,
  htmlQuerySchema,
  idParams,
  messageHtmlSchema,
  messageParams,
  participantParams,
  participantSchema,
  preferencesSchema,
  presentDelivery,
} from './email.schema.ts';
import { addParticipants } from './inbound-import.ts';
import { type MailAddress, parseEmail } from './parse.ts';
import { sanitizeEmailHtml } from './sanitize.ts';
import { CUSTOMER_KINDS, NOTIFICATION_KINDS } from './templates.ts';

const tags = ['email'];

const shownAddress = (entry: MailAddress) =>
  entry.name ? `${entry.name} <${entry.address}>` : entry.address;

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"]/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char] ?? char,
  );

/** The email side of a ticket (outgoing mail, safe HTML, Cc participants) and each person's mail preferences. */
export const emailTicketRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    defaultScopes(app, 'tickets:read', 'tickets:write');

    app.get(
      '/api/tickets/:id/deliveries',
      {
        schema: {
          tags,
          summary:
            'Mail sent (or not) about a ticket, with its delivery state: queued, sent, failed, bounced, suppressed',
          params: idParams,
          response: {
            200: z.object({
              deliveries: z.array(deliverySchema),
              /** Attempts per mail before it is marked failed; the first retry waits retrySeconds, then doubles. */
              maxAttempts: z.number(),
              retrySeconds: z.number(),
            }),
          },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        authorize(actor, 'tickets.work');
        await ctx.tickets.get(actor, request.params.id);
        const rows = await ctx.db
          .selectFrom('email_deliveries')
          .selectAll()
          .where('ticket_id', '=', request.params.id)
          .orderBy('id')
          .execute();
        return {
          deliveries: rows.map(presentDelivery),
          maxAttempts: ctx.config.TIERLINE_MAIL_SEND_ATTEMPTS,
          retrySeconds: ctx.config.TIERLINE_MAIL_RETRY_SECONDS,
        };
      },
    );

    app.post(
      '/api/tickets/:id/deliveries/:deliveryId/retry',
      {
        schema: {
          tags,
          summary: 'Send a failed mail again (its attempts start over)',
          params: deliveryParams,
          response: { 200: deliverySchema },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        authorize(actor, 'tickets.work');
        await ctx.tickets.get(actor, request.params.id);
        if (!ctx.email.queuesMail)
          throw conflict('mail_queue_unavailable', 'This node does not run the mail queue; try another');
        const outcome = await ctx.email.outbound.retry(request.params.deliveryId, request.params.id);
        if (outcome === 'not_found') throw notFound('delivery');
        if (outcome === 'no_relay')
          throw conflict('no_mail_relay', 'No outgoing mail relay is configured (TIERLINE_SMTP_RELAY_HOST)');
        if (outcome === 'not_failed')
          throw conflict('delivery_not_failed', 'Only a failed mail can be sent again');
        const row = await ctx.db
          .selectFrom('email_deliveries')
          .selectAll()
          .where('id', '=', request.params.deliveryId)
          .executeTakeFirstOrThrow();
        return presentDelivery(row);
      },
    );

    app.get(
      '/api/tickets/:id/messages/:messageId/html',
      {
        schema: {
          tags,
          summary: "A message's HTML made safe to show; remote images load only with remote=true",
          params: messageParams,
          querystring: htmlQuerySchema,
          response: { 200: messageHtmlSchema },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        await ctx.tickets.get(actor, request.params.id);
        const message = await ctx.db
          .selectFrom('ticket_messages')
          .select(['id', 'visibility', 'body', 'body_html'])
          .where('id', '=', request.params.messageId)
          .where('ticket_id', '=', request.params.id)
          .executeTakeFirst();
        if (!message || (message.visibility === 'internal' && !seesInternal(actor)))
          throw notFound('message');
        const inbound = await ctx.db
          .selectFrom('email_inbound')
          .select(['html', 'inline_attachments', 'quoted_text', 'raw'])
          .where('ticket_message_id', '=', message.id)
          .executeTakeFirst();
        const source =
          inbound?.html ?? message.body_html ?? `<p>${escapeHtml(message.body).replace(/\n/g, '<br>')}</p>`;
        const inline = Object.fromEntries(
          Object.entries(inbound?.inline_attachments ?? {}).map(([cid, attachmentId]) => [
            cid,
            `/api/attachments/${attachmentId}`,
          ]),
        );
        const remote = request.query.remote === 'true';
        const safe = sanitizeEmailHtml(source, { remote, inline });
        // Whoever embeds this should still frame it; this keeps a direct load inert too.
        reply.header('content-security-policy', "default-src 'none'");
        const mail = inbound ? await parseEmail(inbound.raw) : null;
        return {
          ...safe,
          remoteShown: remote,
          quotedText: inbound?.quoted_text ?? null,
          email: mail
            ? {
                from: mail.from ? shownAddress(mail.from) : null,
                to: mail.to.map(shownAddress),
                cc: mail.cc.map(shownAddress),
                subject: mail.subject,
                date: mail.headers.get('date') ?? null,
              }
            : null,
        };
      },
    );

    app.get(
      '/api/tickets/:id/participants',
      {
        schema: {
          tags,
          summary:
            "People on the ticket's mail besides the requester (Cc); they get replies and see the ticket",
          params: idParams,
          response: { 200: z.object({ participants: z.array(participantSchema) }) },
        },
      },
      async (request) => {
        await ctx.tickets.get(actorOf(request), request.params.id);
        const rows = await ctx.db
          .selectFrom('ticket_participants')
          .innerJoin('users', 'users.id', 'ticket_participants.user_id')
          .select(['users.id', 'users.name', 'users.email', 'ticket_participants.source'])
          .where('ticket_participants.ticket_id', '=', request.params.id)
          .orderBy('users.name')
          .execute();
        return { participants: rows };
      },
    );

    app.post(
      '/api/tickets/:id/participants',
      {
        schema: {
          tags,
          summary: 'Cc someone on the ticket by address (created as a customer if new)',
          params: idParams,
          body: addParticipantSchema,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        authorize(actor, 'tickets.work');
        const ticket = await ctx.tickets.get(actor, request.params.id);
        await ctx.db.transaction().execute(async (tx) => {
          const person = await personForAddress(tx, request.body.email, request.body.name);
          if (person.id !== ticket.requester_id)
            await addParticipants(tx, ticket.id, [person.id], ctx.clock());
        });
        return reply.code(204).send(null);
      },
    );

    app.delete(
      '/api/tickets/:id/participants/:userId',
      {
        schema: {
          tags,
          summary: "Take someone off the ticket's Cc",
          params: participantParams,
          response: { 204: z.null() },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        authorize(actor, 'tickets.work');
        await ctx.tickets.get(actor, request.params.id);
        const removed = await ctx.db
          .deleteFrom('ticket_participants')
          .where('ticket_id', '=', request.params.id)
          .where('user_id', '=', request.params.userId)
          .executeTakeFirst();
        if (removed.numDeletedRows === 0n) throw notFound('participant');
        return reply.code(204).send(null);
      },
    );

    const kindsFor = (staff: boolean) => (staff ? NOTIFICATION_KINDS : CUSTOMER_KINDS);

    app.get(
      '/api/me/notification-preferences',
      {
        config: { scope: 'any' },
        schema: {
          tags,
          summary: 'Which kinds of notification mail you get (all on unless turned off)',
          response: { 200: preferencesSchema },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const rows = await ctx.db
          .selectFrom('notification_preferences')
          .select(['kind', 'email'])
          .where('user_id', '=', actor.userId)
          .execute();
        const off = new Set(rows.filter((row) => !row.email).map((row) => row.kind));
        return { preferences: kindsFor(isStaff(actor)).map((kind) => ({ kind, email: !off.has(kind) })) };
      },
    );

    app.put(
      '/api/me/notification-preferences',
      {
        config: { scope: 'any' },
        schema: {
          tags,
          summary: 'Turn kinds of notification mail on or off (only the kinds given change)',
          body: preferencesSchema,
          response: { 200: preferencesSchema },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        const allowed = new Set<string>(kindsFor(isStaff(actor)));
        const foreign = request.body.preferences.filter((preference) => !allowed.has(preference.kind));
        if (foreign.length > 0) {
          throw invalid(
            'invalid_notification_kind',
            `Not a notification you receive: ${foreign.map((p) => p.kind).join(', ')}`,
          );
        }
        const now = ctx.clock();
        if (request.body.preferences.length > 0) {
          await ctx.db
            .insertInto('notification_preferences')
            .values(
              request.body.preferences.map((preference) => ({
                user_id: actor.userId,
                kind: preference.kind,
                email: preference.email,
                updated_at: now,
              })),
            )
            .onConflict((oc) =>
              oc
                .columns(['user_id', 'kind'])
                .doUpdateSet((eb) => ({ email: eb.ref('excluded.email'), updated_at: now })),
            )
            .execute();
        }
        const rows = await ctx.db
          .selectFrom('notification_preferences')
          .select(['kind', 'email'])
          .where('user_id', '=', actor.userId)
          .execute();
        const off = new Set(rows.filter((row) => !row.email).map((row) => row.kind));
        return { preferences: kindsFor(isStaff(actor)).map((kind) => ({ kind, email: !off.has(kind) })) };
      },
    );
  };
