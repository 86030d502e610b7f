import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import { type LiveMessage, liveNotify } from '../live/live-hub.ts';

export type NotificationKind =
  | 'mentioned'
  | 'assigned'
  | 'customer_replied'
  | 'watching_update'
  // SLA and escalation (modules/sla, modules/escalation, modules/integrations)
  | 'sla_escalation'
  | 'paged'
  | 'escalated'
  | 'bug_fixed';

export interface Notification {
  userIds: Iterable<number>;
  kind: NotificationKind;
  ticketId: number;
  data: Record<string, unknown>;
  at: Date;
}

/** Writes in-app notifications in the caller's transaction and tells the people concerned live. */
export async function notifyPeople(
  tx: Queryable,
  userIds: Iterable<number>,
  kind: NotificationKind,
  ticketId: number,
  data: Record<string, unknown>,
  now: Date,
): Promise<void> {
  await notifyAll(tx, [{ userIds, kind, ticketId, data, at: now }]);
}

/**
 * Several notifications, in one statement whatever their number: every recipient's row, and one
 * live message for each notification to the people it names.
 */
export async function notifyAll(tx: Queryable, notifications: readonly Notification[]): Promise<void> {
  const rows = notifications.flatMap(({ userIds, kind, ticketId, data, at }, ord) => {
    const recipients = [...new Set(userIds)];
    if (recipients.length === 0) return [];
    const live: LiveMessage = {
      type: 'notification',
      ticketId,
      userIds: recipients,
      data: { kind, ...data },
    };
    return [{ ord, recipients, ticket_id: ticketId, kind, data, created_at: at.toISOString(), live }];
  });
  if (rows.length === 0) return;
  await sql`
    WITH input AS (
      SELECT * FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS n(
        ord int, recipients bigint[], ticket_id bigint, kind text, data jsonb, created_at timestamptz, live jsonb)
    ), written AS (
      INSERT INTO notifications (user_id, ticket_id, kind, data, created_at)
      SELECT r.user_id, ticket_id, kind, data, created_at
      FROM input, unnest(recipients) WITH ORDINALITY AS r(user_id, position)
      ORDER BY input.ord, r.position
    )
    SELECT ${liveNotify(sql`input.live`)} FROM input`.execute(tx);
}
