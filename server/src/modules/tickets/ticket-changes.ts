import { sql } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import { isStaff } from '../../access/actor.ts';
import { canSeeTicketIn } from '../../access/policies.ts';
import type { Queryable } from '../../db/database.ts';
import type { CustomFieldValues, TicketRow, TicketStatus, TicketUpdate } from '../../db/schema.ts';
import { conflict, DomainError, forbidden, invalid, notFound } from '../../errors.ts';
import { notifyPeople } from '../notifications/notifications.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { validateCustomFields } from './custom-field-values.ts';
import { lockTicket } from './ticket.repository.ts';
import type { UpdateTicketInput } from './ticket.schema.ts';
import { type FieldChanges, recordTicketEvent } from './ticket-history.ts';

export interface TicketDeps {
  settings: SettingsService;
  clock: () => Date;
}

/** Loads (and locks) a ticket the actor may see; anything else is "not found". */
export async function loadVisibleTicket(tx: Queryable, actor: Actor, id: number): Promise<TicketRow> {
  const ticket = await lockTicket(tx, id);
  if (!ticket || !(await canSeeTicketIn(tx, actor, ticket))) throw notFound('ticket');
  return ticket;
}

/** Statuses a ticket may move to from each status. Closed is final: follow-ups are new tickets. */
const TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['open', 'pending', 'on_hold', 'solved', 'closed'],
  open: ['pending', 'on_hold', 'solved', 'closed'],
  pending: ['open', 'on_hold', 'solved', 'closed'],
  on_hold: ['open', 'pending', 'solved', 'closed'],
  solved: ['open', 'pending', 'on_hold', 'closed'],
  closed: [],
};

export function assertTransition(ticket: TicketRow, to: TicketStatus): void {
  if (ticket.status === to) return;
  if (ticket.status === 'closed') {
    throw conflict('ticket_closed', `Ticket #${ticket.id} is closed; open a follow-up ticket instead`);
  }
  if (!TRANSITIONS[ticket.status].includes(to)) {
    throw invalid('invalid_status_transition', `A ${ticket.status} ticket cannot become ${to}`);
  }
}

/** Timestamps that follow from a status change. */
export function statusTimestamps(from: TicketStatus, to: TicketStatus, now: Date): TicketUpdate {
  if (from === to) return {};
  if (to === 'solved') return { solved_at: now };
  if (to === 'closed') return { closed_at: now, ...(from === 'solved' ? {} : { solved_at: now }) };
  if (from === 'solved') return { solved_at: null };
  return {};
}

async function assertAssignable(
  tx: Queryable,
  assigneeId: number | null | undefined,
  teamId: number | null | undefined,
) {
  if (assigneeId) {
    const assignee = await tx
      .selectFrom('users')
      .select(['role', 'active'])
      .where('id', '=', assigneeId)
      .executeTakeFirst();
    if (!assignee?.active || assignee.role === 'customer' || assignee.role === 'client_admin') {
      throw invalid('invalid_assignee', 'Tickets can be assigned only to active staff members');
    }
  }
  if (teamId) {
    const team = await tx.selectFrom('teams').select('id').where('id', '=', teamId).executeTakeFirst();
    if (!team) throw invalid('invalid_team', `Team ${teamId} does not exist`);
  }
}

/** A new parent must exist and must not be the ticket itself or one of its descendants. */
async function assertParent(tx: Queryable, ticketId: number, parentId: number): Promise<void> {
  if (parentId === ticketId) throw invalid('invalid_parent', 'A ticket cannot be its own parent');
  const { rows: ancestors } = await sql<{ id: number }>`
    WITH RECURSIVE chain(id, parent_id, depth) AS (
      SELECT id, parent_id, 0 FROM tickets WHERE id = ${parentId}
      UNION ALL
      SELECT t.id, t.parent_id, c.depth + 1 FROM tickets t JOIN chain c ON t.id = c.parent_id WHERE c.depth < 100
    )
    SELECT id FROM chain`.execute(tx);
  if (ancestors.length === 0) throw invalid('invalid_parent', `Ticket #${parentId} does not exist`);
  if (ancestors.some((row) => row.id === ticketId)) {
    throw invalid('invalid_parent', 'That would make the ticket its own ancestor');
  }
}

const CUSTOMER_EDITABLE = new Set(['status', 'version']);

/**
 * Applies field changes to a locked ticket: validates them, keeps derived fields (priority,
 * status timestamps) consistent, writes one history event with before/after values.
 * Returns the updated row, or the same row when nothing changed.
 */
export async function applyTicketChanges(
  tx: Queryable,
  deps: TicketDeps,
  actor: Actor,
  ticket: TicketRow,
  input: UpdateTicketInput,
  now: Date,
): Promise<TicketRow> {
  if (!isStaff(actor)) {
    const disallowed = Object.keys(input).filter((key) => !CUSTOMER_EDITABLE.has(key));
    if (disallowed.length > 0)
      throw forbidden('permission_denied', `Customers may not change ${disallowed.join(', ')}`);
    if (input.status && !['solved', 'open'].includes(input.status)) {
      throw forbidden('permission_denied', 'Customers may only mark a request solved or reopen it');
    }
    if (input.status === 'open' && ticket.status === 'solved')
      await assertWithinReopenWindow(deps, ticket, now);
  }
  if (input.version !== undefined && input.version !== ticket.version) {
    throw conflict('ticket_changed', `Ticket #${ticket.id} was changed by someone else meanwhile`, {
      currentVersion: ticket.version,
    });
  }
  const patch: TicketUpdate = {};
  const changes: FieldChanges = {};
  const set = <K extends keyof TicketRow & keyof TicketUpdate>(field: K, value: TicketRow[K]) => {
    if (JSON.stringify(ticket[field]) === JSON.stringify(value)) return;
    (patch as Record<string, unknown>)[field] = value;
    changes[field] = { from: ticket[field], to: value };
  };

  if (input.subject !== undefined) set('subject', input.subject);
  if (input.type !== undefined) set('type', input.type);
  if (input.requesterId !== undefined && input.requesterId !== ticket.requester_id) {
    const requester = await tx
      .selectFrom('users')
      .select(['id', 'organisation_id'])
      .where('id', '=', input.requesterId)
      .executeTakeFirst();
    if (!requester) throw invalid('invalid_requester', `Person ${input.requesterId} does not exist`);
    set('requester_id', requester.id);
    set('organisation_id', requester.organisation_id);
  }
  if (input.categoryId !== undefined) set('category_id', input.categoryId);
  if (input.teamId !== undefined || input.assigneeId !== undefined) {
    await assertAssignable(tx, input.assigneeId, input.teamId);
    if (input.teamId !== undefined) set('team_id', input.teamId);
    if (input.assigneeId !== undefined) set('assignee_id', input.assigneeId);
  }
  if (input.parentId !== undefined) {
    if (input.parentId !== null && input.parentId !== ticket.parent_id)
      await assertParent(tx, ticket.id, input.parentId);
    set('parent_id', input.parentId);
  }
  if (input.tags !== undefined) set('tags', [...new Set(input.tags)].sort());
  if (input.customFields !== undefined) {
    const merged: CustomFieldValues = {
      ...ticket.custom_fields,
      ...validateCustomFields(await deps.settings.activeCustomFields(tx), input.customFields, false),
    };
    for (const [key, value] of Object.entries(merged)) if (value === null) delete merged[key];
    set('custom_fields', merged);
  }

  const impact = input.impact ?? ticket.impact;
  const urgency = input.urgency ?? ticket.urgency;
  set('impact', impact);
  set('urgency', urgency);
  if (input.priority !== undefined) {
    set('priority_overridden', input.priority !== null);
    set('priority', input.priority ?? (await deps.settings.priorityFor(impact, urgency)));
  } else if (!ticket.priority_overridden && (input.impact !== undefined || input.urgency !== undefined)) {
    set('priority', await deps.settings.priorityFor(impact, urgency));
  }

  if (input.status !== undefined && input.status !== ticket.status) {
    assertTransition(ticket, input.status);
    set('status', input.status);
    Object.assign(patch, statusTimestamps(ticket.status, input.status, now));
  }

  if (Object.keys(changes).length === 0) return ticket;
  const updated = await tx
    .updateTable('tickets')
    .set({ ...patch, updated_at: now, version: ticket.version + 1 })
    .where('id', '=', ticket.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordTicketEvent(tx, {
    ticket: updated,
    actorId: actor.userId,
    type: 'ticket.updated',
    data: { changes },
    at: now,
  });
  if (changes.assignee_id && updated.assignee_id && updated.assignee_id !== actor.userId) {
    await notifyPeople(
      tx,
      [updated.assignee_id],
      'assigned',
      updated.id,
      { subject: updated.subject, by: actor.name },
      now,
    );
  }
  return updated;
}

export async function assertWithinReopenWindow(
  deps: TicketDeps,
  ticket: TicketRow,
  now: Date,
): Promise<void> {
  const { reopenWindowDays } = await deps.settings.get();
  if (ticket.solved_at && now.getTime() - ticket.solved_at.getTime() > reopenWindowDays * 86_400_000) {
    throw new DomainError(
      'conflict',
      'reopen_window_passed',
      `Ticket #${ticket.id} was solved more than ${reopenWindowDays} days ago; open a new request instead`,
    );
  }
}
