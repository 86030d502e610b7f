import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import type { TicketRow } from '../../db/schema.ts';
import { type LiveMessage, liveNotifyOfRow } from '../live/live-hub.ts';

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
 * Runs inside the transaction that records events, after their rows are written, once for all
 * the events one call recorded (a batch of new tickets records one each); a failure rolls the
 * change back. Other modules keep derived state fresh this way (the SLA engine does).
 */
export type TicketEventListener = (tx: Queryable, events: readonly RecordedTicketEvent[]) => Promise<void>;

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
  const [id] = await recordTicketEvents(tx, [event]);
  if (id === undefined) throw new Error('The ticket event was not recorded');
  return id;
}

/** Records several events in one statement, with their live announcements; ids in input order. */
export async function recordTicketEvents(
  tx: Queryable,
  events: readonly TicketEventInput[],
): Promise<number[]> {
  if (events.length === 0) return [];
  const rows = events.map((event, ord) => {
    const internal = event.internal ?? false;
    const live: LiveMessage = {
      type: event.type,
      ticketId: event.ticket.id,
      requesterId: event.ticket.requester_id,
      organisationId: event.ticket.organisation_id,
      internal,
      actorId: event.actorId,
      data: {},
    };
    return {
      ord,
      ticket_id: event.ticket.id,
      actor_id: event.actorId,
      type: event.type,
      data: event.data ?? {},
      internal,
      created_at: event.at.toISOString(),
      live,
    };
  });
  const { rows: recorded } = await sql<{ id: number }>`
    WITH input AS (
      SELECT e.*, nextval('ticket_events_id_seq') AS id
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS e(
        ord int, ticket_id bigint, actor_id bigint, type text, data jsonb, internal boolean,
        created_at timestamptz, live jsonb)
    ), recorded AS (
      INSERT INTO ticket_events (id, ticket_id, actor_id, type, data, internal, created_at)
      OVERRIDING SYSTEM VALUE
      SELECT id, ticket_id, actor_id, type, data, internal, created_at FROM input ORDER BY ord
    )
    SELECT input.id, ${liveNotifyOfRow(sql`input.live`, sql<number>`input.id`)} AS notified
    FROM input ORDER BY input.ord`.execute(tx);
  const ids = recorded.map((row) => row.id);
  const recordedEvents = events.map((event, index) => ({
    id: ids[index] as number,
    ticketId: event.ticket.id,
    type: event.type,
    at: event.at,
  }));
  for (const listener of listeners.values()) await listener(tx, recordedEvents);
  return ids;
}
