import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { Actor } from '../../access/actor.ts';
import { seesInternal } from '../../access/policies.ts';
import type { Queryable } from '../../db/database.ts';
import type { TicketRow } from '../../db/schema.ts';

/**
 * Everything the ticket page shows beside the ticket row itself, in one statement: the
 * conversation (with attachments) and every related record, gathered as JSON.
 * Customers get no internal messages, watchers, links or internal custom fields.
 */
export async function loadTicketDetail(db: Queryable, actor: Actor, ticket: TicketRow) {
  const internal = seesInternal(actor);
  const ticketRef = ['tickets.id', 'tickets.subject', 'tickets.status'] as const;
  const relations = await db
    .selectNoFrom((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('ticket_messages')
          .leftJoin('users', 'users.id', 'ticket_messages.author_id')
          .selectAll('ticket_messages')
          .select((inner) => [
            'users.name as author_name',
            'users.role as author_role',
            jsonArrayFrom(
              inner
                .selectFrom('attachments')
                .select([
                  'attachments.id',
                  'attachments.filename',
                  'attachments.content_type',
                  'attachments.size_bytes',
                ])
                .whereRef('attachments.message_id', '=', 'ticket_messages.id')
                .orderBy('attachments.id'),
            ).as('attachments'),
          ])
          .where('ticket_messages.ticket_id', '=', ticket.id)
          .$if(!internal, (q) => q.where('ticket_messages.visibility', '=', 'public'))
          .orderBy('ticket_messages.id'),
      ).as('messages'),
      jsonObjectFrom(
        eb.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', ticket.requester_id),
      ).as('requester'),
      jsonObjectFrom(
        eb
          .selectFrom('users')
          .select(['id', 'name', 'email'])
          .where('id', '=', ticket.assignee_id ?? 0),
      ).as('assignee'),
      jsonObjectFrom(
        eb
          .selectFrom('teams')
          .select(['id', 'name', 'tier'])
          .where('id', '=', ticket.team_id ?? 0),
      ).as('team'),
      jsonObjectFrom(
        eb
          .selectFrom('organisations')
          .select(['id', 'name'])
          .where('id', '=', ticket.organisation_id ?? 0),
      ).as('organisation'),
      jsonArrayFrom(
        eb
          .selectFrom('ticket_watchers')
          .innerJoin('users', 'users.id', 'ticket_watchers.user_id')
          .select(['users.id', 'users.name', 'users.email'])
          .where('ticket_watchers.ticket_id', '=', internal ? ticket.id : 0)
          .orderBy('users.name'),
      ).as('watchers'),
      jsonArrayFrom(
        eb
          .selectFrom('ticket_links')
          .innerJoin('tickets', (join) =>
            join.on((on) =>
              on.or([
                on.and([
                  on('ticket_links.ticket_id', '=', ticket.id),
                  on('tickets.id', '=', on.ref('ticket_links.related_ticket_id')),
                ]),
                on.and([
                  on('ticket_links.related_ticket_id', '=', ticket.id),
                  on('tickets.id', '=', on.ref('ticket_links.ticket_id')),
                ]),
              ]),
            ),
          )
          .select(ticketRef)
          .where(eb.val(internal), '=', true)
          .orderBy('tickets.id'),
      ).as('related'),
      jsonArrayFrom(
        eb
          .selectFrom('tickets')
          .select(ticketRef)
          .where('tickets.parent_id', '=', internal ? ticket.id : 0)
          .orderBy('tickets.id'),
      ).as('children'),
      jsonObjectFrom(
        eb
          .selectFrom('tickets')
          .select(ticketRef)
          .where('tickets.id', '=', internal ? (ticket.parent_id ?? 0) : 0),
      ).as('parent'),
      jsonArrayFrom(
        eb
          .selectFrom('tickets')
          .select(['tickets.id', 'tickets.subject'])
          .where('tickets.merged_into_id', '=', internal ? ticket.id : 0)
          .orderBy('tickets.id'),
      ).as('mergedFrom'),
      jsonArrayFrom(eb.selectFrom('custom_fields').select('key').where('customer_visible', '=', true)).as(
        'visibleFields',
      ),
    ])
    .executeTakeFirstOrThrow();
  return {
    // JSON carries timestamps as text.
    messages: relations.messages.map((message) => ({
      ...message,
      created_at: new Date(message.created_at),
    })),
    requester: relations.requester,
    assignee: relations.assignee,
    team: relations.team,
    organisation: relations.organisation,
    watchers: relations.watchers,
    related: relations.related,
    children: relations.children,
    parent: relations.parent,
    mergedFrom: relations.mergedFrom,
    visibleCustomFieldKeys: internal ? null : new Set(relations.visibleFields.map((row) => row.key)),
  };
}

export type TicketDetail = Awaited<ReturnType<typeof loadTicketDetail>>;
