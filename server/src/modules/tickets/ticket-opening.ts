import { sql } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import type { Queryable } from '../../db/database.ts';
import type { Channel, CustomFieldValues, Priority, TicketRow } from '../../db/schema.ts';
import { invalid } from '../../errors.ts';
import { personForAddress } from '../people/person-for-address.ts';
import { attachToMessage } from './attachment-links.ts';
import type { CreateTicketInput } from './ticket.schema.ts';
import { applyTicketChanges, type TicketDeps } from './ticket-changes.ts';
import { recordTicketEvents } from './ticket-history.ts';

/** A new ticket as checked before any write: everything but its requester is settled. */
export interface TicketOpening {
  actor: Actor;
  staff: boolean;
  input: CreateTicketInput;
  channel: Channel;
  priority: Priority;
  customFields: CustomFieldValues;
  /** The queue a channel routes it to on its own (the address a mail came to). */
  intakeTeamId: number | null;
  at: Date;
}

/**
 * Runs work done for several callers at once (a batch of new tickets) and returns, with its
 * result, what each caller runs in its own async context to take over what the work remembered
 * about its ticket (the SLA engine's computed state: shareSlaComputations).
 */
export type SharedWork = <T>(
  work: () => Promise<T>,
) => Promise<{ result: T; handOver: (ticketId: number) => void }>;

export const withoutSharing: SharedWork = async (work) => ({ result: await work(), handOver: () => {} });

/**
 * Opens tickets with their first messages in the caller's transaction, however many there are,
 * in the same few statements: tickets with their messages (each in its requester's
 * organisation), then their `ticket.created` events (which refresh their SLA state). The rarer
 * steps go ticket by ticket: requesters named by email before, attachments and routing after.
 * Tickets come back in input order.
 */
export async function openTickets(
  tx: Queryable,
  deps: TicketDeps,
  openings: readonly TicketOpening[],
): Promise<TicketRow[]> {
  const requesters = await requesterIds(tx, openings);
  const rows = openings.map((opening, ord) => {
    const { input, staff, at } = opening;
    const requesterId = requesters[ord] as number;
    return {
      ord,
      subject: input.subject,
      status: input.status ?? 'new',
      type: input.type ?? 'question',
      channel: opening.channel,
      impact: input.impact ?? 'low',
      urgency: input.urgency ?? 'low',
      priority: opening.priority,
      priority_overridden: input.priority !== undefined,
      requester_id: requesterId,
      category_id: input.categoryId ?? null,
      team_id: opening.intakeTeamId,
      tags: [...new Set(input.tags ?? [])].sort(),
      custom_fields: opening.customFields,
      created_at: at.toISOString(),
      last_customer_reply_at: staff ? null : at.toISOString(),
      author_id: staff ? opening.actor.userId : requesterId,
      body: input.body,
      body_html: input.bodyHtml ?? null,
    };
  });
  // A ticket belongs to its requester's organisation; a requester who does not exist leaves its
  // ticket out. Each message finds its ticket by the id drawn for it; rows come in input order.
  const { rows: opened } = await sql<TicketRow & { first_message_id: number }>`
    WITH input AS (
      SELECT o.*, requester.organisation_id, nextval('tickets_id_seq') AS id
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS o(
        ord int, subject text, status text, type text, channel text, impact text, urgency text,
        priority text, priority_overridden boolean, requester_id bigint, category_id bigint, team_id bigint, tags text[], custom_fields jsonb,
        created_at timestamptz, last_customer_reply_at timestamptz, author_id bigint, body text,
        body_html text)
      JOIN users requester ON requester.id = o.requester_id
    ), opened AS (
      INSERT INTO tickets (id, subject, status, type, channel, impact, urgency, priority,
        priority_overridden, requester_id, organisation_id, category_id, team_id, tags,
        custom_fields, created_at, updated_at, last_customer_reply_at)
      OVERRIDING SYSTEM VALUE
      SELECT id, subject, status, type, channel, impact, urgency, priority, priority_overridden,
        requester_id, organisation_id, category_id, team_id, tags, custom_fields, created_at,
        created_at, last_customer_reply_at
      FROM input
      RETURNING *
    ), first_message AS (
      INSERT INTO ticket_messages (ticket_id, author_id, visibility, channel, body, body_html, created_at)
      SELECT id, author_id, 'public', channel, body, body_html, created_at FROM input
      RETURNING id, ticket_id
    )
    SELECT opened.*, first_message.id AS first_message_id
    FROM input JOIN opened ON opened.id = input.id JOIN first_message ON first_message.ticket_id = input.id
    ORDER BY input.ord`.execute(tx);
  if (opened.length < openings.length) {
    const found = new Set(opened.map((ticket) => ticket.requester_id));
    const missing = requesters.find((id) => !found.has(id));
    throw invalid('invalid_requester', `Person ${missing} does not exist`);
  }
  const tickets = opened.map(({ first_message_id: _, ...ticket }) => ticket);
  await recordTicketEvents(
    tx,
    tickets.map((ticket, index) => ({
      ticket,
      actorId: (openings[index] as TicketOpening).actor.userId,
      type: 'ticket.created',
      data: {
        subject: ticket.subject,
        channel: ticket.channel,
        priority: ticket.priority,
        status: ticket.status,
        ...(ticket.team_id !== null ? { teamId: ticket.team_id } : {}),
      },
      at: (openings[index] as TicketOpening).at,
    })),
  );
  const result: TicketRow[] = [];
  for (const [index, ticket] of tickets.entries()) {
    const { actor, input, at } = openings[index] as TicketOpening;
    const messageId = (opened[index] as { first_message_id: number }).first_message_id;
    await attachToMessage(tx, actor, ticket.id, messageId, input.attachmentIds ?? []);
    // Routing goes through the same checks as any later change, and shows in the history.
    const routing = { teamId: input.teamId, assigneeId: input.assigneeId, parentId: input.parentId };
    const routed = Object.values(routing).some((value) => value !== undefined && value !== null);
    result.push(routed ? await applyTicketChanges(tx, deps, actor, ticket, routing, at) : ticket);
  }
  return result;
}

/** Requesters named by email, found or created (as customers) as they come; the others are known by id. */
async function requesterIds(tx: Queryable, openings: readonly TicketOpening[]): Promise<number[]> {
  const ids: number[] = [];
  for (const { actor, staff, input } of openings) {
    if (!staff) ids.push(actor.userId);
    else if (input.requesterId !== undefined) ids.push(input.requesterId);
    else if (input.requesterEmail)
      ids.push((await personForAddress(tx, input.requesterEmail, input.requesterName ?? '')).id);
    else ids.push(actor.userId);
  }
  return ids;
}
