import type { Actor } from '../../access/actor.ts';
import { seesInternal } from '../../access/policies.ts';
import type { Queryable } from '../../db/database.ts';
import type { TicketRow } from '../../db/schema.ts';

/** Everything the ticket page shows beside the ticket row itself, in a handful of queries. */
export async function loadTicketDetail(db: Queryable, actor: Actor, ticket: TicketRow) {
  const internal = seesInternal(actor);
  let messagesQuery = db
    .selectFrom('ticket_messages')
    .leftJoin('users', 'users.id', 'ticket_messages.author_id')
    .selectAll('ticket_messages')
    .select(['users.name as author_name', 'users.role as author_role'])
    .where('ticket_messages.ticket_id', '=', ticket.id)
    .orderBy('ticket_messages.id');
  if (!internal) messagesQuery = messagesQuery.where('ticket_messages.visibility', '=', 'public');
  const ids = [ticket.requester_id, ticket.assignee_id].filter((id): id is number => id !== null);
  const [messages, people, team, organisation, watchers, related, children, parent, visibleFields] =
    await Promise.all([
      messagesQuery.execute(),
      db.selectFrom('users').select(['id', 'name', 'email', 'role']).where('id', 'in', ids).execute(),
      ticket.team_id === null
        ? undefined
        : db
            .selectFrom('teams')
            .select(['id', 'name', 'tier'])
            .where('id', '=', ticket.team_id)
            .executeTakeFirst(),
      ticket.organisation_id === null
        ? undefined
        : db
            .selectFrom('organisations')
            .select(['id', 'name'])
            .where('id', '=', ticket.organisation_id)
            .executeTakeFirst(),
      internal
        ? db
            .selectFrom('ticket_watchers')
            .innerJoin('users', 'users.id', 'ticket_watchers.user_id')
            .select(['users.id', 'users.name', 'users.email'])
            .where('ticket_watchers.ticket_id', '=', ticket.id)
            .execute()
        : [],
      db
        .selectFrom('ticket_links')
        .innerJoin('tickets', (join) =>
          join.on((eb) =>
            eb.or([
              eb.and([
                eb('ticket_links.ticket_id', '=', ticket.id),
                eb('tickets.id', '=', eb.ref('ticket_links.related_ticket_id')),
              ]),
              eb.and([
                eb('ticket_links.related_ticket_id', '=', ticket.id),
                eb('tickets.id', '=', eb.ref('ticket_links.ticket_id')),
              ]),
            ]),
          ),
        )
        .select(['tickets.id', 'tickets.subject', 'tickets.status'])
        .execute(),
      db
        .selectFrom('tickets')
        .select(['id', 'subject', 'status'])
        .where('parent_id', '=', ticket.id)
        .orderBy('id')
        .execute(),
      ticket.parent_id === null
        ? undefined
        : db
            .selectFrom('tickets')
            .select(['id', 'subject', 'status'])
            .where('id', '=', ticket.parent_id)
            .executeTakeFirst(),
      internal
        ? null
        : db.selectFrom('custom_fields').select('key').where('customer_visible', '=', true).execute(),
    ]);
  const messageIds = messages.map((message) => message.id);
  const attachments =
    messageIds.length === 0
      ? []
      : await db
          .selectFrom('attachments')
          .select(['id', 'message_id', 'filename', 'content_type', 'size_bytes'])
          .where('message_id', 'in', messageIds)
          .orderBy('id')
          .execute();
  const mergedFrom = internal
    ? await db
        .selectFrom('tickets')
        .select(['id', 'subject'])
        .where('merged_into_id', '=', ticket.id)
        .execute()
    : [];
  return {
    messages,
    attachments,
    people,
    team,
    organisation,
    watchers,
    related: internal ? related : [],
    children: internal ? children : [],
    parent: internal ? parent : undefined,
    mergedFrom,
    visibleCustomFieldKeys: visibleFields ? new Set(visibleFields.map((row) => row.key)) : null,
  };
}

export type TicketDetail = Awaited<ReturnType<typeof loadTicketDetail>>;
