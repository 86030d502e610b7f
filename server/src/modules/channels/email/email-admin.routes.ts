import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authorize } from '../../../access/policies.ts';
import type { AppContext } from '../../../app-context.ts';
import { invalid, notFound } from '../../../errors.ts';
import { actorOf, defaultScopes } from '../../../http/authenticate.ts';
import {
  addressSchema,
  channelSettingsSchema,
  createAddressSchema,
  createMailboxSchema,
  idParams,
  inboundQuerySchema,
  inboundSchema,
  mailboxSchema,
  presentAddress,
  presentInbound,
  presentMailbox,
  presentTemplate,
  templateBodySchema,
  templateParams,
  templatePreviewBodySchema,
  templatePreviewSchema,
  templateSchema,
  updateAddressSchema,
  updateMailboxSchema,
} from './email.schema.ts';
import { EmailAdminService } from './email-admin.service.ts';
import { renderTemplate, STAFF_KINDS, TEMPLATE_VARIABLES, unknownVariables } from './templates.ts';
import { withTicketTag } from './threading.ts';

const tags = ['email'];
const noContent = { 204: z.null() };

/** Admin side of the email channel: addresses, mailboxes, templates and the inbound log. */
export const emailAdminRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    defaultScopes(app, 'admin', 'admin');
    const admin = new EmailAdminService(ctx.db, ctx.email.addresses, ctx.email.secrets, ctx.clock);
    const publicUrl = ctx.config.TIERLINE_PUBLIC_URL ?? `http://${ctx.config.HOST}:${ctx.config.PORT}`;
    const refuseUnknownVariables = (template: { subject: string; body: string }) => {
      const unknown = unknownVariables(template);
      if (unknown.length > 0) {
        throw invalid('unknown_template_variable', `Unknown variables: ${unknown.join(', ')}`, {
          variables: unknown,
        });
      }
    };

    app.get(
      '/api/email/settings',
      {
        schema: {
          tags,
          summary: 'How this node receives and sends mail (set in the environment; credentials never shown)',
          response: { 200: channelSettingsSchema },
        },
      },
      async (request) => {
        authorize(actorOf(request), 'email.manage');
        const config = ctx.config;
        return {
          inbound: {
            listening: ctx.email.smtpPort > 0,
            host: config.TIERLINE_SMTP_HOST,
            port: ctx.email.smtpPort,
            maxMessageMb: config.TIERLINE_SMTP_MAX_MB,
            startTls: Boolean(config.TIERLINE_SMTP_TLS_KEY && config.TIERLINE_SMTP_TLS_CERT),
            authRequired: Boolean(config.TIERLINE_SMTP_AUTH_USER),
            subjectMatchDays: config.TIERLINE_EMAIL_SUBJECT_MATCH_DAYS,
            senderLimitPerHour: config.TIERLINE_EMAIL_SENDER_LIMIT,
          },
          outbound: {
            relayConfigured: Boolean(config.TIERLINE_SMTP_RELAY_HOST),
            host: config.TIERLINE_SMTP_RELAY_HOST ?? null,
            port: config.TIERLINE_SMTP_RELAY_PORT,
            secure: config.TIERLINE_SMTP_RELAY_SECURE,
            authenticated: Boolean(config.TIERLINE_SMTP_RELAY_USER),
            from: config.TIERLINE_MAIL_FROM,
            attempts: config.TIERLINE_MAIL_SEND_ATTEMPTS,
            firstRetrySeconds: config.TIERLINE_MAIL_RETRY_SECONDS,
          },
        };
      },
    );

    app.get(
      '/api/email/addresses',
      {
        schema: {
          tags,
          summary: 'Support addresses and the team each routes to',
          response: { 200: z.object({ addresses: z.array(addressSchema) }) },
        },
      },
      async (request) => ({ addresses: (await admin.listAddresses(actorOf(request))).map(presentAddress) }),
    );
    app.post(
      '/api/email/addresses',
      {
        schema: {
          tags,
          summary: 'Add a support address',
          body: createAddressSchema,
          response: { 201: addressSchema },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(presentAddress(await admin.saveAddress(actorOf(request), null, request.body, request.ip))),
    );
    app.patch(
      '/api/email/addresses/:id',
      {
        schema: {
          tags,
          summary: 'Change a support address',
          params: idParams,
          body: updateAddressSchema,
          response: { 200: addressSchema },
        },
      },
      async (request) =>
        presentAddress(
          await admin.saveAddress(actorOf(request), request.params.id, request.body, request.ip),
        ),
    );
    app.delete(
      '/api/email/addresses/:id',
      { schema: { tags, summary: 'Remove a support address', params: idParams, response: noContent } },
      async (request, reply) => {
        await admin.deleteAddress(actorOf(request), request.params.id, request.ip);
        return reply.code(204).send(null);
      },
    );

    app.get(
      '/api/email/mailboxes',
      {
        schema: {
          tags,
          summary: 'IMAP mailboxes polled for mail (passwords are never returned)',
          response: { 200: z.object({ mailboxes: z.array(mailboxSchema) }) },
        },
      },
      async (request) => ({ mailboxes: (await admin.listMailboxes(actorOf(request))).map(presentMailbox) }),
    );
    app.post(
      '/api/email/mailboxes',
      {
        schema: {
          tags,
          summary: 'Add an IMAP mailbox',
          body: createMailboxSchema,
          response: { 201: mailboxSchema },
        },
      },
      async (request, reply) =>
        reply
          .code(201)
          .send(presentMailbox(await admin.saveMailbox(actorOf(request), null, request.body, request.ip))),
    );
    app.patch(
      '/api/email/mailboxes/:id',
      {
        schema: {
          tags,
          summary: 'Change an IMAP mailbox',
          params: idParams,
          body: updateMailboxSchema,
          response: { 200: mailboxSchema },
        },
      },
      async (request) =>
        presentMailbox(
          await admin.saveMailbox(actorOf(request), request.params.id, request.body, request.ip),
        ),
    );
    app.delete(
      '/api/email/mailboxes/:id',
      { schema: { tags, summary: 'Remove an IMAP mailbox', params: idParams, response: noContent } },
      async (request, reply) => {
        await admin.deleteMailbox(actorOf(request), request.params.id, request.ip);
        return reply.code(204).send(null);
      },
    );
    app.post(
      '/api/email/mailboxes/:id/poll',
      {
        schema: {
          tags,
          summary:
            'Fetch new mail from a mailbox now (also tests its settings); 409 while another node holds it',
          params: idParams,
          response: { 200: z.object({ imported: z.number(), duplicates: z.number() }) },
        },
      },
      async (request) => {
        await admin.getMailbox(actorOf(request), request.params.id);
        try {
          const result = await ctx.email.poller.pollMailbox(request.params.id);
          if (!result) throw invalid('mailbox_busy', 'Another node is fetching this mailbox right now');
          return result;
        } catch (error) {
          if (error instanceof Error && error.message.startsWith('Mailbox '))
            throw invalid('mailbox_unreachable', error.message);
          throw error;
        }
      },
    );

    app.get(
      '/api/email/inbound',
      {
        schema: {
          tags,
          summary: 'Received messages, newest first: what became of each (ticket, dropped as a loop, failed)',
          querystring: inboundQuerySchema,
          response: { 200: z.object({ messages: z.array(inboundSchema) }) },
        },
      },
      async (request) => {
        authorize(actorOf(request), 'email.manage');
        let query = ctx.db
          .selectFrom('email_inbound')
          .select([
            'id',
            'source',
            'message_id',
            'size_bytes',
            'envelope_from',
            'envelope_to',
            'from_address',
            'subject',
            'state',
            'outcome',
            'reason',
            'suppress_auto_response',
            'ticket_id',
            'ticket_message_id',
            'inline_attachments',
            'quoted_text',
            'error',
            'received_at',
          ])
          .orderBy('id', 'desc')
          .limit(request.query.limit);
        if (request.query.state) query = query.where('state', '=', request.query.state);
        if (request.query.before) query = query.where('id', '<', request.query.before);
        return { messages: (await query.execute()).map(presentInbound) };
      },
    );
    app.get(
      '/api/email/inbound/:id/raw',
      { schema: { tags, summary: 'A received message as it arrived (message/rfc822)', params: idParams } },
      async (request, reply) => {
        authorize(actorOf(request), 'email.manage');
        const row = await ctx.db
          .selectFrom('email_inbound')
          .select('raw')
          .where('id', '=', request.params.id)
          .executeTakeFirst();
        if (!row) throw notFound('inbound_message');
        return reply
          .header('content-type', 'message/rfc822')
          .header('content-disposition', `attachment; filename="message-${request.params.id}.eml"`)
          .send(row.raw);
      },
    );
    app.post(
      '/api/email/inbound/:id/retry',
      {
        schema: {
          tags,
          summary: 'Import a failed message again',
          params: idParams,
          response: { 200: inboundSchema.pick({ id: true, state: true, outcome: true, ticketId: true }) },
        },
      },
      async (request) => {
        authorize(actorOf(request), 'email.manage');
        const result = await ctx.email.inbound.retry(request.params.id);
        if (!result) throw notFound('failed_message', 'No failed message with this id');
        return {
          id: result.inboundId,
          state: result.state,
          outcome: result.outcome,
          ticketId: result.ticketId,
        };
      },
    );

    app.get(
      '/api/email/templates',
      {
        schema: {
          tags,
          summary:
            'Notification templates per kind and language (built-in ones marked customised: false) and the variables they may use',
          response: {
            200: z.object({ templates: z.array(templateSchema), variables: z.array(z.string()) }),
          },
        },
      },
      async (request) => {
        authorize(actorOf(request), 'email.manage');
        return {
          templates: (await ctx.email.templates.list()).map(presentTemplate),
          variables: [...TEMPLATE_VARIABLES],
        };
      },
    );
    app.post(
      '/api/email/templates/preview',
      {
        schema: {
          tags,
          summary: 'Render a template (saved or not) with example values, as a recipient would get it',
          body: templatePreviewBodySchema,
          response: { 200: templatePreviewSchema },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        authorize(actor, 'email.manage');
        refuseUnknownVariables(request.body);
        const staffKind = STAFF_KINDS.includes(request.body.kind);
        const rendered = renderTemplate(
          request.body,
          {
            'ticket.id': '1042',
            'ticket.subject': 'Printer on the 3rd floor is offline',
            'ticket.status': 'open',
            'ticket.priority': 'P2',
            'ticket.url': `${publicUrl}/tickets/1042`,
            'recipient.name': staffKind ? actor.name : 'Kim Customer',
            'requester.name': 'Kim Customer',
            'requester.email': 'kim@customer.example',
            'actor.name': staffKind ? 'Kim Customer' : actor.name,
            'message.body': 'Could you switch it off and on again, and tell us what the display shows?',
          },
          null,
        );
        // As sent: the ticket tag is added when the template leaves it out.
        return { ...rendered, subject: withTicketTag(rendered.subject, 1042) };
      },
    );
    app.put(
      '/api/email/templates/:kind/:language',
      {
        schema: {
          tags,
          summary: 'Write the template of a kind in a language; variables as {{ticket.id}}',
          params: templateParams,
          body: templateBodySchema,
          response: { 200: templateSchema },
        },
      },
      async (request) => {
        const actor = actorOf(request);
        authorize(actor, 'email.manage');
        refuseUnknownVariables(request.body);
        const { kind } = request.params;
        const language = request.params.language.toLowerCase();
        return presentTemplate(
          await ctx.email.templates.put(kind, language, request.body, actor.userId, ctx.clock()),
        );
      },
    );
    app.delete(
      '/api/email/templates/:kind/:language',
      {
        schema: {
          tags,
          summary: 'Return a template to the built-in text',
          params: templateParams,
          response: noContent,
        },
      },
      async (request, reply) => {
        authorize(actorOf(request), 'email.manage');
        const removed = await ctx.email.templates.remove(
          request.params.kind,
          request.params.language.toLowerCase(),
        );
        if (!removed) throw notFound('template');
        return reply.code(204).send(null);
      },
    );
  };
