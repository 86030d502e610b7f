import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import type { TicketRow } from '../../db/schema.ts';
import { liveNotifyWithEventId } from '../live/live-hub.ts';

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
  | 'link.removed'
  // SLA engine, escalation, dev trackers and vendors (modules/sla, escalation, integrations)
  | 'sla.at_risk'
  | 'sla.breached'
  | 'escalation.fired'
  | 'ticket.escalated'
  | 'ticket.de_escalated'
  | 'bug.requested'
  | 'bug.linked'
  | 'bug.updated'
  | 'bug.fixed'
  | 'vendor.escalated'
  | 'vendor.returned'
  // Email channel (modules/channels/email): a mail about the ticket failed or bounced.
  | 'email.delivery_failed'
  | 'email.bounced'
  // Knowledge, macros and playbooks (modules/knowledge, macros, playbooks); all internal.
  | 'article.linked'
  | 'article.unlinked'
  | 'article.draft_created'
  | 'macro.applied'
  | 'playbook.started'
  | 'playbook.answered'
  | 'playbook.finished';

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

/** A recorded event, as listeners see it. */
export interface RecordedTicketEvent {
  id: number;
  ticketId: number;
  type: TicketEventType;
  at: Date;
}

/**
 * Runs inside the transaction that records the event, after the row is written; a failure rolls
 * the change back. Other modules keep derived state fresh this way (the SLA engine does).
 */
export type TicketEventListener = (tx: Queryable, event: RecordedTicketEvent) => Promise<void>;

const listeners = new Map<string, TicketEventListener>();

/** Registers (or with null removes) the listener of that name; registering a name again replaces it. */
export function setTicketEventListener(name: string, listener: TicketEventListener | null): void {
  if (listener) listeners.set(name, listener);
  else listeners.delete(name);
}

/**
 * Every change to a ticket is written here, in the transaction that made the change, and
 * announced live once that transaction commits. The SLA engine and reports read this history.
 */
export async function recordTicketEvent(tx: Queryable, event: TicketEventInput): Promise<number> {
  const internal = event.internal ?? false;
  // The row and its live announcement (delivered on commit) in one statement.
  const row = await tx
    .with('recorded', (db) =>
      db
        .insertInto('ticket_events')
        .values({
          ticket_id: event.ticket.id,
          actor_id: event.actorId,
          type: event.type,
          data: JSON.stringify(event.data ?? {}),
          internal,
          created_at: event.at,
        })
        .returning('id'),
    )
    .selectFrom('recorded')
    .select((eb) => [
      'recorded.id',
      liveNotifyWithEventId(
        {
          type: event.type,
          ticketId: event.ticket.id,
          requesterId: event.ticket.requester_id,
          organisationId: event.ticket.organisation_id,
          internal,
          actorId: event.actorId,
        },
        sql<number>`${eb.ref('recorded.id')}`,
      ).as('notified'),
    ])
    .executeTakeFirstOrThrow();
  for (const listener of listeners.values()) {
    await listener(tx, { id: row.id, ticketId: event.ticket.id, type: event.type, at: event.at });
  }
  return row.id;
}
