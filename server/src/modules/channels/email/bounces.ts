import { sql } from 'kysely';
import type { Queryable } from '../../../db/database.ts';
import { recordTicketEvent } from '../../tickets/ticket-history.ts';
import { addSystemNote } from '../../tickets/ticket-intake.ts';
import { recordFiles, storeFile } from './email-files.ts';
import type { ImportInput, ImportOutcome, InboundDeps } from './inbound-import.ts';
import { readDeliveryReport } from './parse.ts';

/**
 * A bounce is filed on the ticket whose mail bounced, as an internal note with the report
 * attached; the failed addresses are marked bouncing (nothing more is sent to them) and the
 * delivery that bounced says so.
 */
export async function recordBounce(
  tx: Queryable,
  deps: InboundDeps,
  input: ImportInput,
  now: Date,
): Promise<{ ticketId: number | null; reason: string; result: Partial<ImportOutcome> }> {
  const report = readDeliveryReport(input.email);
  let ticketId: number | null = null;
  if (report.originalMessageIds.length > 0) {
    const row = await tx
      .selectFrom('email_message_ids')
      .leftJoin('ticket_messages', 'ticket_messages.id', 'email_message_ids.ticket_message_id')
      .select(sql<number>`coalesce(ticket_messages.ticket_id, email_message_ids.ticket_id)`.as('ticket_id'))
      .where('email_message_ids.message_id', 'in', report.originalMessageIds)
      .executeTakeFirst();
    ticketId = row ? Number(row.ticket_id) : null;
  }
  const failed = report.permanent ? report.failedRecipients : [];
  const reason = failed.length
    ? `delivery to ${failed.join(', ')} failed${report.diagnostic ? `: ${report.diagnostic}` : ''}`
    : `delivery report${report.diagnostic ? `: ${report.diagnostic}` : ''}`;
  for (const address of failed) {
    await tx
      .insertInto('email_bounces')
      .values({ address, reason: reason.slice(0, 1000), ticket_id: ticketId, last_bounced_at: now })
      .onConflict((oc) =>
        oc.column('address').doUpdateSet({
          reason: reason.slice(0, 1000),
          ticket_id: ticketId,
          last_bounced_at: now,
          bounce_count: sql<number>`email_bounces.bounce_count + 1`,
        }),
      )
      .execute();
  }
  if (report.originalMessageIds.length > 0 && failed.length > 0) {
    await tx
      .updateTable('email_deliveries')
      .set({ state: 'bounced', last_error: reason.slice(0, 2000), updated_at: now })
      .where('message_id', 'in', report.originalMessageIds)
      .execute();
  }
  if (ticketId === null) return { ticketId, reason, result: {} };

  const file = await storeFile(deps.attachments, {
    content: input.raw,
    contentType: 'message/rfc822',
    filename: 'bounce.eml',
  });
  const attachmentIds = await recordFiles(tx, [file], null);
  const messageId = await addSystemNote(
    tx,
    ticketId,
    {
      body: `Mail bounced: ${reason}`,
      channel: 'email',
      attachmentIds,
      data: { bounce: true },
    },
    now,
  );
  const ticket = await tx
    .selectFrom('tickets')
    .select(['id', 'requester_id', 'organisation_id'])
    .where('id', '=', ticketId)
    .executeTakeFirstOrThrow();
  await recordTicketEvent(tx, {
    ticket,
    actorId: null,
    type: 'email.bounced',
    data: { addresses: failed, diagnostic: report.diagnostic, messageIds: report.originalMessageIds },
    internal: true,
    at: now,
  });
  return {
    ticketId,
    reason,
    result: { state: 'processed', ticketId, ticketMessageId: messageId },
  };
}
