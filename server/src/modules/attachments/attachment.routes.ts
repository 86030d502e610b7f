import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { canSeeTicketIn, seesInternal } from '../../access/policies.ts';
import type { AppContext } from '../../app-context.ts';
import { DomainError, invalid, notFound } from '../../errors.ts';
import { actorOf, defaultScopes } from '../../http/authenticate.ts';

const attachmentSchema = z.object({
  id: z.number(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number(),
});

export const attachmentRoutes =
  (ctx: AppContext): FastifyPluginAsyncZod =>
  async (app) => {
    defaultScopes(app, 'tickets:read', 'tickets:write');
    app.post(
      '/api/attachments',
      {
        schema: {
          tags: ['attachments'],
          summary:
            'Upload a file (multipart/form-data, field "file"); attach it by id to a ticket or message',
          consumes: ['multipart/form-data'],
          response: { 201: attachmentSchema },
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        if (!request.isMultipart())
          throw invalid('multipart_required', 'Upload files as multipart/form-data');
        const file = await request.file({ limits: { fileSize: ctx.attachments.maxBytes, files: 1 } });
        if (!file) throw invalid('file_missing', 'No file in the upload');
        const row = await ctx.attachments.save(actor, {
          stream: file.file,
          filename: file.filename,
          contentType: file.mimetype,
        });
        if (file.file.truncated) {
          throw new DomainError('too_large', 'attachment_too_large', 'The file is larger than allowed');
        }
        return reply
          .code(201)
          .send({ id: row.id, filename: row.filename, contentType: row.content_type, size: row.size_bytes });
      },
    );

    app.get(
      '/api/attachments/:id',
      {
        schema: {
          tags: ['attachments'],
          summary: 'Download an attachment you may see',
          params: z.object({ id: z.coerce.number().int().positive() }),
        },
      },
      async (request, reply) => {
        const actor = actorOf(request);
        const row = await ctx.db
          .selectFrom('attachments')
          .leftJoin('tickets', 'tickets.id', 'attachments.ticket_id')
          .leftJoin('ticket_messages', 'ticket_messages.id', 'attachments.message_id')
          .selectAll('attachments')
          .select(['tickets.requester_id', 'tickets.organisation_id', 'ticket_messages.visibility'])
          .where('attachments.id', '=', request.params.id)
          .executeTakeFirst();
        const ownUpload = row?.uploaded_by === actor.userId && row.ticket_id === null;
        // The same rule as the ticket itself: Cc participants may fetch what they may read.
        const onVisibleTicket =
          row?.ticket_id != null &&
          row.requester_id != null &&
          (row.visibility !== 'internal' || seesInternal(actor)) &&
          (await canSeeTicketIn(ctx.db, actor, {
            id: row.ticket_id,
            requester_id: row.requester_id,
            organisation_id: row.organisation_id ?? null,
          }));
        if (!row || !(ownUpload || onVisibleTicket)) throw notFound('attachment');
        // Served as a download so that uploaded HTML or SVG can never run in our origin.
        reply
          .header('content-type', row.content_type)
          .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.filename)}`)
          .header('x-content-type-options', 'nosniff')
          .header('content-security-policy', "default-src 'none'");
        return reply.send(ctx.attachments.open(row));
      },
    );
  };
