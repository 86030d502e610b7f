import type { Queryable } from '../../db/database.ts';
import type { TicketRow } from '../../db/schema.ts';
import { lockTicket } from './ticket.repository.ts';
import { recordTicketEvent } from './ticket-history.ts';

/*
 * Changes that channels (email) make on their own, with no person behind them: linking a
 * follow-up to the ticket it follows, and filing a system note (a bounce). Each writes its
 * history event like any other change. (Routing a new ticket to a team is TicketService.create's
 * `intake.teamId`.)
 */

/** Links a follow-up ticket to the closed (or long solved) ticket a reply was meant for. */
export async function linkFollowUp(
  tx: Queryable,
  original: TicketRow,
  followUp: TicketRow,
  now: Date,
): Promise<void> {
  const [low, high] = original.id < followUp.id ? [original, followUp] : [followUp, original];
  const added = await tx
    .insertInto('ticket_links')
    .values({ ticket_id: low.id, related_ticket_id: high.id, created_at: now })
    .onConflict((oc) => oc.doNothing())
    .returning('ticket_id')
    .executeTakeFirst();
  if (!added) return;
  for (const [ticket, other] of [
    [original, followUp],
    [followUp, original],
  ] as const) {
    await recordTicketEvent(tx, {
      ticket,
      actorId: null,
      type: 'link.added',
      data: { ticketId: other.id, reason: 'follow_up' },
      internal: true,
      at: now,
    });
  }
}

/** Files an internal note written by the system, with already stored attachments bound to it. */
export async function addSystemNote(
  tx: Queryable,
  ticketId: number,
  note: { body: string; channel: string; attachmentIds: number[]; data: Record<string, unknown> },
  now: Date,
): Promise<number> {
  const ticket = await lockTicket(tx, ticketId);
  if (!ticket) throw new Error(`Ticket #${ticketId} vanished while a note was added`);
  const message = await tx
    .insertInto('ticket_messages')
    .values({
      ticket_id: ticketId,
      author_id: null,
      visibility: 'internal',
      channel: note.channel,
      body: note.body,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (note.attachmentIds.length > 0) {
    await tx
      .updateTable('attachments')
      .set({ ticket_id: ticketId, message_id: message.id })
      .where('id', 'in', note.attachmentIds)
      .where('message_id', 'is', null)
      .execute();
  }
  await recordTicketEvent(tx, {
    ticket,
    actorId: null,
    type: 'message.added',
    data: { messageId: message.id, visibility: 'internal', ...note.data },
    internal: true,
    at: now,
  });
  await tx.updateTable('tickets').set({ updated_at: now }).where('id', '=', ticketId).execute();
  return message.id;
}
