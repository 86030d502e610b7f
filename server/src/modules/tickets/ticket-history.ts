import type { Queryable } from '../../db/database.ts';
import type { TicketRow } from '../../db/schema.ts';
import { publishLive } from '../live/live-hub.ts';

export type TicketEventType =
  | 'ticket.created'
  | 'ticket.updated'
  | 'ticket.reopened'
  | 'message.added'
  | 'ticket.merged_into'
  | 'ticket.merged_from'
  | 'ticket.merge_undone'
  | 'ticket.split_to'
  | 'ticket.split_from'
  | 'watcher.added'
  | 'watcher.removed'
  | 'link.added'
  | 'link.removed';

export type FieldChanges = Record<string, { from: unknown; to: unknown }>;

export interface TicketEventInput {
  ticket: Pick<TicketRow, 'id' | 'requester_id' | 'organisation_id'>;
  actorId: number | null;
  type: TicketEventType;
  data?: Record<string, unknown>;
  /** Staff-only: customers never see it in the history nor hear of it live. */
  internal?: boolean;
  at: Date;
}

/**
 * Every change to a ticket is written here, in the transaction that made the change, and
 * announced live once that transaction commits. The SLA engine and reports read this history.
 */
export async function recordTicketEvent(tx: Queryable, event: TicketEventInput): Promise<number> {
  const row = await tx
    .insertInto('ticket_events')
    .values({
      ticket_id: event.ticket.id,
      actor_id: event.actorId,
      type: event.type,
      data: JSON.stringify(event.data ?? {}),
      internal: event.internal ?? false,
      created_at: event.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await publishLive(tx, {
    type: event.type,
    ticketId: event.ticket.id,
    requesterId: event.ticket.requester_id,
    organisationId: event.ticket.organisation_id,
    internal: event.internal ?? false,
    actorId: event.actorId,
    data: { eventId: row.id },
  });
  return row.id;
}
