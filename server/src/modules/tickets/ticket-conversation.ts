import type { Actor } from '../../access/actor.ts';
import { isStaff } from '../../access/actor.ts';
import type { Queryable } from '../../db/database.ts';
import type { Channel, TicketRow, TicketUpdate } from '../../db/schema.ts';
import { conflict, forbidden, invalid } from '../../errors.ts';
import { notifyPeople } from '../notifications/notifications.ts';
import { attachToMessage } from './attachment-links.ts';
import type { AddMessageInput } from './ticket.schema.ts';
import {
  applyTicketChanges,
  assertWithinReopenWindow,
  loadVisibleTicket,
  type TicketDeps,
} from './ticket-changes.ts';
import { recordTicketEvent } from './ticket-history.ts';

/**
 * Adds a public reply or an internal note. Replies move the ticket along its lifecycle:
 * the first agent reply opens a new ticket, a customer reply reopens a pending or solved one.
 */
export async function addMessage(
  tx: Queryable,
  deps: TicketDeps,
  actor: Actor,
  ticketId: number,
  input: AddMessageInput,
  channel?: Channel,
) {
  const staff = isStaff(actor);
  if (!staff && (input.internal || input.mentions?.length)) {
    throw forbidden('permission_denied', 'Customers can only add public replies');
  }
  if (!staff && input.status && input.status !== 'solved') {
    throw forbidden('permission_denied', 'Customers may only mark their request solved');
  }
  let ticket = await loadVisibleTicket(tx, actor, ticketId);
  if (ticket.merged_into_id !== null) {
    throw conflict(
      'ticket_merged',
      `Ticket #${ticketId} was merged into #${ticket.merged_into_id}; reply there`,
    );
  }
  if (ticket.status === 'closed') {
    throw conflict('ticket_closed', `Ticket #${ticketId} is closed; open a follow-up ticket instead`);
  }
  const now = deps.clock();
  const mentions = staff ? await mentionableStaff(tx, input.mentions ?? []) : [];
  const message = await tx
    .insertInto('ticket_messages')
    .values({
      ticket_id: ticketId,
      author_id: actor.userId,
      visibility: input.internal ? 'internal' : 'public',
      channel: channel ?? (staff ? 'api' : 'portal'),
      body: input.body,
      body_html: input.bodyHtml ?? null,
      mentions,
      created_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await attachToMessage(tx, actor, ticketId, message.id, input.attachmentIds ?? []);
  await recordTicketEvent(tx, {
    ticket,
    actorId: actor.userId,
    type: 'message.added',
    data: { messageId: message.id, visibility: message.visibility },
    internal: input.internal,
    at: now,
  });

  const timestamps: TicketUpdate = {};
  let nextStatus = input.status;
  if (staff && !input.internal) {
    timestamps.last_agent_reply_at = now;
    if (!ticket.first_responded_at) timestamps.first_responded_at = now;
    if (!nextStatus && ticket.status === 'new') nextStatus = 'open';
  }
  if (!staff) {
    timestamps.last_customer_reply_at = now;
    if (!nextStatus && (ticket.status === 'pending' || ticket.status === 'solved')) {
      if (ticket.status === 'solved') {
        await assertWithinReopenWindow(deps, ticket, now);
        await recordTicketEvent(tx, {
          ticket,
          actorId: actor.userId,
          type: 'ticket.reopened',
          data: { byReply: message.id },
          at: now,
        });
      }
      nextStatus = 'open';
    }
  }
  ticket = await tx
    .updateTable('tickets')
    .set({ ...timestamps, updated_at: now, version: ticket.version + 1 })
    .where('id', '=', ticketId)
    .returningAll()
    .executeTakeFirstOrThrow();
  if (nextStatus && nextStatus !== ticket.status) {
    // A customer marking their own request solved is allowed through the customer rules.
    ticket = await applyTicketChanges(tx, deps, actor, ticket, { status: nextStatus }, now);
  }

  await notifyAboutMessage(tx, actor, ticket, message.id, mentions, input.internal, now);
  if (mentions.length > 0) {
    await tx
      .insertInto('ticket_watchers')
      .values(mentions.map((userId) => ({ ticket_id: ticketId, user_id: userId, created_at: now })))
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  return { message, ticket };
}

async function mentionableStaff(tx: Queryable, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const unique = [...new Set(ids)];
  const staff = await tx
    .selectFrom('users')
    .select('id')
    .where('id', 'in', unique)
    .where('active', '=', true)
    .where('role', 'not in', ['customer', 'client_admin'])
    .execute();
  if (staff.length !== unique.length)
    throw invalid('invalid_mention', 'Only active staff members can be mentioned');
  return unique;
}

async function notifyAboutMessage(
  tx: Queryable,
  actor: Actor,
  ticket: TicketRow,
  messageId: number,
  mentions: number[],
  internal: boolean,
  now: Date,
) {
  const data = { messageId, subject: ticket.subject, by: actor.name };
  await notifyPeople(
    tx,
    mentions.filter((id) => id !== actor.userId),
    'mentioned',
    ticket.id,
    data,
    now,
  );
  if (!isStaff(actor) && ticket.assignee_id) {
    await notifyPeople(tx, [ticket.assignee_id], 'customer_replied', ticket.id, data, now);
  }
  if (!internal) {
    const watchers = await tx
      .selectFrom('ticket_watchers')
      .innerJoin('users', 'users.id', 'ticket_watchers.user_id')
      .select('users.id')
      .where('ticket_watchers.ticket_id', '=', ticket.id)
      .where('users.role', 'not in', ['customer', 'client_admin'])
      .execute();
    const skip = new Set([actor.userId, ...mentions, ...(isStaff(actor) ? [] : [ticket.assignee_id ?? 0])]);
    await notifyPeople(
      tx,
      watchers.map((row) => row.id).filter((id) => !skip.has(id)),
      'watching_update',
      ticket.id,
      data,
      now,
    );
  }
}
