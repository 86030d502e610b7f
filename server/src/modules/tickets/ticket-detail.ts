import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import type { Actor } from '../../access/actor.ts';
import { seesInternal } from '../../access/policies.ts';
import { compiledOnce } from '../../db/compiled-query.ts';
import type { Queryable } from '../../db/database.ts';
import type { TicketRow } from '../../db/schema.ts';

interface DetailValues {
  ticketId: number;
  requesterId: number;
  assigneeId: number;
  teamId: number;
  organisationId: number;
  /** The ticket's id for staff, 0 (no ticket) for customers: what only staff see. */
  staffTicketId: number;
  staffParentId: number;
  staff: boolean;
}

/** The statement for staff (`internal`: every message) or for customers (public messages only). */
const detailStatement = (internal: boolean) =>
  compiledOnce((db: Queryable, values: DetailValues) => {
    const ticketRef = ['tickets.id', 'tickets.subject', 'tickets.status'] as const;
    return db.selectNoFrom((eb) => [
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
          .where('ticket_messages.ticket_id', '=', values.ticketId)
          .$if(!internal, (q) => q.where('ticket_messages.visibility', '=', 'public'))
          .orderBy('ticket_messages.id'),
      ).as('messages'),
      jsonObjectFrom(
        eb.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', values.requesterId),
      ).as('requester'),
      jsonObjectFrom(
        eb.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', values.assigneeId),
      ).as('assignee'),
      jsonObjectFrom(
        eb.selectFrom('teams').select(['id', 'name', 'tier']).where('id', '=', values.teamId),
      ).as('team'),
      jsonObjectFrom(
        eb.selectFrom('organisations').select(['id', 'name']).where('id', '=', values.organisationId),
      ).as('organisation'),
      jsonArrayFrom(
        eb
          .selectFrom('ticket_watchers')
          .innerJoin('users', 'users.id', 'ticket_watchers.user_id')
          .select(['users.id', 'users.name', 'users.email'])
          .where('ticket_watchers.ticket_id', '=', values.staffTicketId)
          .orderBy('users.name'),
      ).as('watchers'),
      jsonArrayFrom(
        eb
          .selectFrom('ticket_links')
          .innerJoin('tickets', (join) =>
            join.on((on) =>
              on.or([
                on.and([
                  on('ticket_links.ticket_id', '=', values.ticketId),
                  on('tickets.id', '=', on.ref('ticket_links.related_ticket_id')),
                ]),
                on.and([
                  on('ticket_links.related_ticket_id', '=', values.ticketId),
                  on('tickets.id', '=', on.ref('ticket_links.ticket_id')),
                ]),
              ]),
            ),
          )
          .select(ticketRef)
          .where(eb.val(values.staff), '=', true)
          .orderBy('tickets.id'),
      ).as('related'),
      jsonArrayFrom(
        eb
          .selectFrom('tickets')
          .select(ticketRef)
          .where('tickets.parent_id', '=', values.staffTicketId)
          .orderBy('tickets.id'),
      ).as('children'),
      jsonObjectFrom(
        eb.selectFrom('tickets').select(ticketRef).where('tickets.id', '=', values.staffParentId),
      ).as('parent'),
      jsonArrayFrom(
        eb
          .selectFrom('tickets')
          .select(['tickets.id', 'tickets.subject'])
          .where('tickets.merged_into_id', '=', values.staffTicketId)
          .orderBy('tickets.id'),
      ).as('mergedFrom'),
      jsonArrayFrom(eb.selectFrom('custom_fields').select('key').where('customer_visible', '=', true)).as(
        'visibleFields',
      ),
    ]);
  });

const forStaff = detailStatement(true);
const forCustomers = detailStatement(false);

/**
 * Everything the ticket page shows beside the ticket row itself, in one statement: the
 * conversation (with attachments) and every related record, gathered as JSON.
 * Customers get no internal messages, watchers, links or internal custom fields.
 */
export async function loadTicketDetail(db: Queryable, actor: Actor, ticket: TicketRow) {
  const internal = seesInternal(actor);
  const [relations] = await (internal ? forStaff : forCustomers)(db, {
    ticketId: ticket.id,
    requesterId: ticket.requester_id,
    assigneeId: ticket.assignee_id ?? 0,
    teamId: ticket.team_id ?? 0,
    organisationId: ticket.organisation_id ?? 0,
    staffTicketId: internal ? ticket.id : 0,
    staffParentId: internal ? (ticket.parent_id ?? 0) : 0,
    staff: internal,
  });
  if (!relations) throw new Error(`No detail came back for ticket #${ticket.id}`);
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
