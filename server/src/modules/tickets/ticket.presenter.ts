import { z } from 'zod';
import type { Actor } from '../../access/actor.ts';
import { isStaff } from '../../access/actor.ts';
import {
  CHANNELS,
  LEVELS,
  PRIORITIES,
  ROLES,
  TICKET_STATUSES,
  TICKET_TYPES,
  type TicketEventRow,
  type TicketRow,
} from '../../db/schema.ts';
import { SLA_STATES } from '../../db/schema-sla.ts';
import { ticketSlaSchema } from '../sla/sla.presenter.ts';
import type { TicketListRow } from './ticket.repository.ts';
import type { TicketDetail } from './ticket-detail.ts';

const person = z.object({ id: z.number(), name: z.string(), email: z.string() });
const ticketRef = z.object({ id: z.number(), subject: z.string(), status: z.enum(TICKET_STATUSES) });

const ticketCore = {
  id: z.number(),
  subject: z.string(),
  status: z.enum(TICKET_STATUSES),
  type: z.enum(TICKET_TYPES),
  channel: z.enum(CHANNELS),
  priority: z.enum(PRIORITIES),
  tags: z.array(z.string()),
  version: z.number(),
  createdAt: z.date(),
  updatedAt: z.date(),
};

export const ticketListItemSchema = z.object({
  ...ticketCore,
  requester: person,
  organisation: z.object({ id: z.number(), name: z.string() }).nullable(),
  team: z.object({ id: z.number(), name: z.string() }).nullable(),
  assignee: z.object({ id: z.number(), name: z.string() }).nullable(),
  /** Staff only: the SLA badge (worst state of the running targets, next due time). */
  sla: z.object({ state: z.enum(SLA_STATES).nullable(), nextDueAt: z.date().nullable() }).nullable(),
});

export const ticketPageSchema = z.object({
  tickets: z.array(ticketListItemSchema),
  nextCursor: z.string().nullable(),
});

export const ticketSchema = z.object({
  ...ticketCore,
  impact: z.enum(LEVELS),
  urgency: z.enum(LEVELS),
  priorityOverridden: z.boolean(),
  requester: person,
  organisation: z.object({ id: z.number(), name: z.string() }).nullable(),
  categoryId: z.number().nullable(),
  team: z.object({ id: z.number(), name: z.string(), tier: z.number() }).nullable(),
  assignee: person.nullable(),
  customFields: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
  parent: ticketRef.nullable(),
  children: z.array(ticketRef),
  related: z.array(ticketRef),
  mergedIntoId: z.number().nullable(),
  mergedFrom: z.array(z.object({ id: z.number(), subject: z.string() })),
  watchers: z.array(person),
  firstRespondedAt: z.date().nullable(),
  lastCustomerReplyAt: z.date().nullable(),
  lastAgentReplyAt: z.date().nullable(),
  solvedAt: z.date().nullable(),
  closedAt: z.date().nullable(),
  /** Staff only: every SLA target with due time, remaining time and state (the "why" is at /sla). */
  sla: ticketSlaSchema.nullable(),
  messages: z.array(
    z.object({
      id: z.number(),
      visibility: z.enum(['public', 'internal']),
      author: z.object({ id: z.number(), name: z.string(), role: z.enum(ROLES) }).nullable(),
      channel: z.string(),
      body: z.string(),
      bodyHtml: z.string().nullable(),
      mentions: z.array(z.number()),
      createdAt: z.date(),
      attachments: z.array(
        z.object({ id: z.number(), filename: z.string(), contentType: z.string(), size: z.number() }),
      ),
    }),
  ),
});

export const ticketEventSchema = z.object({
  id: z.number(),
  type: z.string(),
  actor: z.object({ id: z.number(), name: z.string() }).nullable(),
  data: z.record(z.string(), z.unknown()),
  internal: z.boolean(),
  createdAt: z.date(),
});

export function presentListItem(row: TicketListRow, showSla = false): z.output<typeof ticketListItemSchema> {
  return {
    id: row.id,
    subject: row.subject,
    status: row.status,
    type: row.type,
    channel: row.channel,
    priority: row.priority,
    tags: row.tags,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    requester: { id: row.requester_id, name: row.requester_name, email: row.requester_email },
    organisation:
      row.organisation_id === null ? null : { id: row.organisation_id, name: row.organisation_name ?? '' },
    team: row.team_id === null ? null : { id: row.team_id, name: row.team_name ?? '' },
    assignee: row.assignee_id === null ? null : { id: row.assignee_id, name: row.assignee_name ?? '' },
    sla: showSla ? { state: row.sla_state, nextDueAt: row.sla_next_due_at } : null,
  };
}

export function presentTicket(
  ticket: TicketRow,
  detail: TicketDetail,
  sla: z.output<typeof ticketSlaSchema> | null = null,
): z.output<typeof ticketSchema> {
  const customFields = detail.visibleCustomFieldKeys
    ? Object.fromEntries(
        Object.entries(ticket.custom_fields).filter(([key]) => detail.visibleCustomFieldKeys?.has(key)),
      )
    : ticket.custom_fields;
  return {
    id: ticket.id,
    subject: ticket.subject,
    status: ticket.status,
    type: ticket.type,
    channel: ticket.channel,
    priority: ticket.priority,
    tags: ticket.tags,
    version: ticket.version,
    createdAt: ticket.created_at,
    updatedAt: ticket.updated_at,
    impact: ticket.impact,
    urgency: ticket.urgency,
    priorityOverridden: ticket.priority_overridden,
    requester: detail.requester ?? { id: ticket.requester_id, name: '', email: '' },
    organisation: detail.organisation,
    categoryId: ticket.category_id,
    team: detail.team,
    assignee: detail.assignee,
    customFields,
    parent: detail.parent,
    children: detail.children,
    related: detail.related,
    mergedIntoId: ticket.merged_into_id,
    mergedFrom: detail.mergedFrom,
    watchers: detail.watchers,
    firstRespondedAt: ticket.first_responded_at,
    lastCustomerReplyAt: ticket.last_customer_reply_at,
    lastAgentReplyAt: ticket.last_agent_reply_at,
    solvedAt: ticket.solved_at,
    closedAt: ticket.closed_at,
    sla,
    messages: detail.messages.map((message) => ({
      id: message.id,
      visibility: message.visibility,
      author:
        message.author_id === null
          ? null
          : {
              id: message.author_id,
              name: message.author_name ?? '',
              role: message.author_role ?? 'customer',
            },
      channel: message.channel,
      body: message.body,
      bodyHtml: message.body_html,
      mentions: message.mentions,
      createdAt: message.created_at,
      attachments: message.attachments.map((row) => ({
        id: row.id,
        filename: row.filename,
        contentType: row.content_type,
        size: row.size_bytes,
      })),
    })),
  };
}

/** Fields of a ticket.updated event that customers may see change. */
const CUSTOMER_VISIBLE_CHANGES = new Set(['status', 'subject', 'priority']);

export function presentEvents(
  actor: Actor,
  rows: (TicketEventRow & { actor_name: string | null })[],
): z.output<typeof ticketEventSchema>[] {
  const staff = isStaff(actor);
  const events: z.output<typeof ticketEventSchema>[] = [];
  for (const row of rows) {
    let data = row.data;
    if (!staff && row.type === 'ticket.updated') {
      const changes = Object.entries((row.data.changes ?? {}) as Record<string, unknown>).filter(([field]) =>
        CUSTOMER_VISIBLE_CHANGES.has(field),
      );
      if (changes.length === 0) continue;
      data = { changes: Object.fromEntries(changes) };
    }
    events.push({
      id: row.id,
      type: row.type,
      actor: row.actor_id === null ? null : { id: row.actor_id, name: row.actor_name ?? '' },
      data,
      internal: row.internal,
      createdAt: row.created_at,
    });
  }
  return events;
}
