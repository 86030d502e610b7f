import type { Queryable } from '../../../db/database.ts';
import type { TicketRow, UserRow } from '../../../db/schema.ts';
import type { NotificationKindEmail } from './templates.ts';

/** One mail to write: what it is about, who gets it, and the values its template needs. */
export interface PlannedMail {
  kind: NotificationKindEmail;
  ticket: TicketRow;
  to: UserRow[];
  cc: UserRow[];
  actor: { name: string } | null;
  message: { id: number; body: string; bodyHtml: string | null } | null;
  /** Sent by Tierline on its own (acknowledgement, notification), not written by a person. */
  automatic: boolean;
}

const CUSTOMER_ROLES = new Set(['customer', 'client_admin']);

async function user(db: Queryable, id: number | null): Promise<UserRow | undefined> {
  if (id === null) return undefined;
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

async function ticketOf(db: Queryable, id: number | null): Promise<TicketRow | undefined> {
  if (id === null) return undefined;
  return db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
}

async function participants(db: Queryable, ticketId: number): Promise<UserRow[]> {
  return db
    .selectFrom('ticket_participants')
    .innerJoin('users', 'users.id', 'ticket_participants.user_id')
    .selectAll('users')
    .where('ticket_participants.ticket_id', '=', ticketId)
    .orderBy('users.id')
    .execute();
}

/** The mail a ticket event calls for: acknowledgement, agent reply (to requester and Cc), solved. */
export async function planForEvent(db: Queryable, eventId: number): Promise<PlannedMail[]> {
  const event = await db.selectFrom('ticket_events').selectAll().where('id', '=', eventId).executeTakeFirst();
  if (!event) return [];
  const ticket = await ticketOf(db, event.ticket_id);
  if (!ticket || ticket.merged_into_id !== null) return [];
  const requester = await user(db, ticket.requester_id);
  if (!requester) return [];
  const actor = (await user(db, event.actor_id)) ?? null;

  if (event.type === 'ticket.created') {
    // Acknowledge what a customer sent themselves, unless a program sent it (RFC 3834).
    if (!CUSTOMER_ROLES.has(requester.role) || event.actor_id !== requester.id) return [];
    const automated = await db
      .selectFrom('email_inbound')
      .innerJoin('ticket_messages', 'ticket_messages.id', 'email_inbound.ticket_message_id')
      .select('email_inbound.id')
      .where('ticket_messages.ticket_id', '=', ticket.id)
      .where('email_inbound.suppress_auto_response', '=', true)
      .executeTakeFirst();
    if (automated) return [];
    return [
      {
        kind: 'ticket_received',
        ticket,
        to: [requester],
        cc: [],
        actor: null,
        message: null,
        automatic: true,
      },
    ];
  }

  if (event.type === 'message.added') {
    const messageId = Number(event.data.messageId);
    const message = await db
      .selectFrom('ticket_messages')
      .selectAll()
      .where('id', '=', messageId)
      .executeTakeFirst();
    if (message?.visibility !== 'public' || !actor || CUSTOMER_ROLES.has(actor.role)) return [];
    const others = (await participants(db, ticket.id)).filter(
      (person) => person.id !== actor.id && person.id !== requester.id,
    );
    const to = requester.id === actor.id ? [] : [requester];
    if (to.length === 0 && others.length === 0) return [];
    return [
      {
        kind: 'agent_reply',
        ticket,
        to,
        cc: others,
        actor,
        message: { id: message.id, body: message.body, bodyHtml: message.body_html },
        automatic: false,
      },
    ];
  }

  if (event.type === 'ticket.updated' && CUSTOMER_ROLES.has(requester.role)) {
    const changes = event.data.changes as { status?: { to?: unknown } } | undefined;
    if (changes?.status?.to !== 'solved') return [];
    return [
      { kind: 'ticket_solved', ticket, to: [requester], cc: [], actor, message: null, automatic: true },
    ];
  }
  return [];
}

/** The mail an in-app notification to a staff member calls for: assigned, mentioned, customer replied. */
export async function planForNotification(db: Queryable, notificationId: number): Promise<PlannedMail[]> {
  const notification = await db
    .selectFrom('notifications')
    .selectAll()
    .where('id', '=', notificationId)
    .executeTakeFirst();
  if (!notification) return [];
  const kind = notification.kind as NotificationKindEmail;
  if (kind !== 'assigned' && kind !== 'mentioned' && kind !== 'customer_replied') return [];
  const recipient = await user(db, notification.user_id);
  const ticket = await ticketOf(db, notification.ticket_id);
  if (!recipient?.active || !ticket) return [];
  const messageId = Number(notification.data.messageId);
  const message = Number.isSafeInteger(messageId)
    ? await db.selectFrom('ticket_messages').selectAll().where('id', '=', messageId).executeTakeFirst()
    : undefined;
  const by = typeof notification.data.by === 'string' ? notification.data.by : '';
  return [
    {
      kind,
      ticket,
      to: [recipient],
      cc: [],
      actor: { name: by },
      message: message ? { id: message.id, body: message.body, bodyHtml: message.body_html } : null,
      automatic: true,
    },
  ];
}

/** People who turned this kind of mail off. */
export async function optedOut(
  db: Queryable,
  userIds: number[],
  kind: NotificationKindEmail,
): Promise<Set<number>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('notification_preferences')
    .select('user_id')
    .where('user_id', 'in', userIds)
    .where('kind', '=', kind)
    .where('email', '=', false)
    .execute();
  return new Set(rows.map((row) => row.user_id));
}
