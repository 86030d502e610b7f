import type { Queryable } from '../../db/database.ts';
import { publishLive } from '../live/live-hub.ts';

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

/** Writes in-app notifications in the caller's transaction and tells the people concerned live. */
export async function notifyPeople(
  tx: Queryable,
  userIds: Iterable<number>,
  kind: NotificationKind,
  ticketId: number,
  data: Record<string, unknown>,
  now: Date,
): Promise<void> {
  const recipients = [...new Set(userIds)];
  if (recipients.length === 0) return;
  await tx
    .insertInto('notifications')
    .values(
      recipients.map((userId) => ({
        user_id: userId,
        ticket_id: ticketId,
        kind,
        data: JSON.stringify(data),
        created_at: now,
      })),
    )
    .execute();
  await publishLive(tx, { type: 'notification', ticketId, userIds: recipients, data: { kind, ...data } });
}
