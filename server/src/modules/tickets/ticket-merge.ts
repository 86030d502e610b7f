import type { Actor } from '../../access/actor.ts';
import { canSeeTicket } from '../../access/policies.ts';
import type { Queryable } from '../../db/database.ts';
import type { TicketRow } from '../../db/schema.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { lockTickets } from './ticket.repository.ts';
import type { BulkUpdateInput } from './ticket.schema.ts';
import { applyTicketChanges, loadVisibleTicket, type TicketDeps } from './ticket-changes.ts';
import { recordTicketEvent } from './ticket-history.ts';

function assertMergeable(ticket: TicketRow, role: 'source' | 'target') {
  if (ticket.merged_into_id !== null) {
    throw conflict('ticket_merged', `Ticket #${ticket.id} is already merged into #${ticket.merged_into_id}`);
  }
  if (role === 'target' && ticket.status === 'closed') {
    throw conflict('ticket_closed', `Ticket #${ticket.id} is closed and cannot receive a merge`);
  }
}

/**
 * Merges the source's conversation into the target and closes the source. What moved is recorded,
 * so the merge can be undone exactly.
 */
export async function mergeTickets(
  tx: Queryable,
  deps: TicketDeps,
  actor: Actor,
  sourceId: number,
  targetId: number,
) {
  if (sourceId === targetId) throw invalid('invalid_merge', 'A ticket cannot be merged into itself');
  // Lock both in id order so two opposite merges cannot deadlock.
  const [first, second] = sourceId < targetId ? [sourceId, targetId] : [targetId, sourceId];
  const lockedFirst = await loadVisibleTicket(tx, actor, first);
  const lockedSecond = await loadVisibleTicket(tx, actor, second);
  const source = lockedFirst.id === sourceId ? lockedFirst : lockedSecond;
  const target = lockedFirst.id === targetId ? lockedFirst : lockedSecond;
  assertMergeable(source, 'source');
  assertMergeable(target, 'target');
  const now = deps.clock();
  const moved = await tx
    .updateTable('ticket_messages')
    .set({ ticket_id: target.id })
    .where('ticket_id', '=', source.id)
    .returning('id')
    .execute();
  await tx
    .updateTable('attachments')
    .set({ ticket_id: target.id })
    .where('ticket_id', '=', source.id)
    .execute();
  const merge = await tx
    .insertInto('ticket_merges')
    .values({
      source_ticket_id: source.id,
      target_ticket_id: target.id,
      moved_message_ids: moved.map((row) => row.id),
      source_status: source.status,
      merged_by: actor.userId,
      merged_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const closedSource = await tx
    .updateTable('tickets')
    .set({
      merged_into_id: target.id,
      status: 'closed',
      closed_at: now,
      updated_at: now,
      version: source.version + 1,
    })
    .where('id', '=', source.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  // The source's requester keeps hearing about the conversation they started.
  if (source.requester_id !== target.requester_id) {
    await tx
      .insertInto('ticket_watchers')
      .values({ ticket_id: target.id, user_id: source.requester_id, created_at: now })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  const updatedTarget = await tx
    .updateTable('tickets')
    .set({ updated_at: now, version: target.version + 1 })
    .where('id', '=', target.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const data = { mergeId: merge.id, messages: moved.length };
  await recordTicketEvent(tx, {
    ticket: closedSource,
    actorId: actor.userId,
    type: 'ticket.merged_into',
    data: { ...data, ticketId: target.id, previousStatus: source.status },
    at: now,
  });
  await recordTicketEvent(tx, {
    ticket: updatedTarget,
    actorId: actor.userId,
    type: 'ticket.merged_from',
    data: { ...data, ticketId: source.id },
    at: now,
  });
  return { source: closedSource, target: updatedTarget };
}

/** Reverses the latest merge of a ticket: its messages go back and it gets its status again. */
export async function undoMerge(tx: Queryable, deps: TicketDeps, actor: Actor, sourceId: number) {
  const source = await loadVisibleTicket(tx, actor, sourceId);
  if (source.merged_into_id === null)
    throw conflict('ticket_not_merged', `Ticket #${sourceId} is not merged`);
  const merge = await tx
    .selectFrom('ticket_merges')
    .selectAll()
    .where('source_ticket_id', '=', sourceId)
    .where('undone_at', 'is', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!merge) throw notFound('merge');
  const target = await loadVisibleTicket(tx, actor, merge.target_ticket_id);
  const now = deps.clock();
  if (merge.moved_message_ids.length > 0) {
    await tx
      .updateTable('ticket_messages')
      .set({ ticket_id: source.id })
      .where('id', 'in', merge.moved_message_ids)
      .where('ticket_id', '=', target.id)
      .execute();
    await tx
      .updateTable('attachments')
      .set({ ticket_id: source.id })
      .where('message_id', 'in', merge.moved_message_ids)
      .execute();
  }
  await tx
    .updateTable('ticket_merges')
    .set({ undone_at: now, undone_by: actor.userId })
    .where('id', '=', merge.id)
    .execute();
  const restored = await tx
    .updateTable('tickets')
    .set({
      merged_into_id: null,
      status: merge.source_status,
      closed_at: merge.source_status === 'closed' ? source.closed_at : null,
      updated_at: now,
      version: source.version + 1,
    })
    .where('id', '=', source.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const updatedTarget = await tx
    .updateTable('tickets')
    .set({ updated_at: now, version: target.version + 1 })
    .where('id', '=', target.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const data = { mergeId: merge.id, messages: merge.moved_message_ids.length };
  await recordTicketEvent(tx, {
    ticket: restored,
    actorId: actor.userId,
    type: 'ticket.merge_undone',
    data: { ...data, ticketId: target.id },
    at: now,
  });
  await recordTicketEvent(tx, {
    ticket: updatedTarget,
    actorId: actor.userId,
    type: 'ticket.merge_undone',
    data: { ...data, ticketId: source.id },
    at: now,
  });
  return { source: restored, target: updatedTarget };
}

/** Moves some messages of a ticket into a new ticket for the same requester, linked as related. */
export async function splitTicket(
  tx: Queryable,
  deps: TicketDeps,
  actor: Actor,
  ticketId: number,
  messageIds: number[],
  subject?: string,
) {
  const original = await loadVisibleTicket(tx, actor, ticketId);
  if (original.merged_into_id !== null || original.status === 'closed') {
    throw conflict('ticket_closed', `Ticket #${ticketId} is closed or merged and cannot be split`);
  }
  const unique = [...new Set(messageIds)];
  const messages = await tx
    .selectFrom('ticket_messages')
    .select('id')
    .where('ticket_id', '=', ticketId)
    .execute();
  const own = new Set(messages.map((row) => row.id));
  if (unique.some((id) => !own.has(id)))
    throw invalid('invalid_message', 'Every message to split off must belong to this ticket');
  if (unique.length >= messages.length)
    throw invalid('invalid_split', 'At least one message must stay on the original ticket');
  const now = deps.clock();
  const created = await tx
    .insertInto('tickets')
    .values({
      subject: subject ?? `${original.subject} (split from #${original.id})`,
      status: 'open',
      type: original.type,
      channel: original.channel,
      impact: original.impact,
      urgency: original.urgency,
      priority: original.priority,
      priority_overridden: original.priority_overridden,
      requester_id: original.requester_id,
      organisation_id: original.organisation_id,
      category_id: original.category_id,
      team_id: original.team_id,
      assignee_id: original.assignee_id,
      tags: original.tags,
      custom_fields: JSON.stringify(original.custom_fields),
      created_at: now,
      updated_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await tx.updateTable('ticket_messages').set({ ticket_id: created.id }).where('id', 'in', unique).execute();
  await tx
    .updateTable('attachments')
    .set({ ticket_id: created.id })
    .where('message_id', 'in', unique)
    .execute();
  await tx
    .insertInto('ticket_links')
    .values({ ticket_id: original.id, related_ticket_id: created.id, created_at: now })
    .execute();
  const updatedOriginal = await tx
    .updateTable('tickets')
    .set({ updated_at: now, version: original.version + 1 })
    .where('id', '=', original.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordTicketEvent(tx, {
    ticket: created,
    actorId: actor.userId,
    type: 'ticket.created',
    data: {
      subject: created.subject,
      channel: created.channel,
      priority: created.priority,
      status: created.status,
      splitFrom: original.id,
    },
    at: now,
  });
  await recordTicketEvent(tx, {
    ticket: created,
    actorId: actor.userId,
    type: 'ticket.split_from',
    data: { ticketId: original.id, messageIds: unique },
    at: now,
  });
  await recordTicketEvent(tx, {
    ticket: updatedOriginal,
    actorId: actor.userId,
    type: 'ticket.split_to',
    data: { ticketId: created.id, messageIds: unique },
    at: now,
  });
  return { original: updatedOriginal, created };
}

/** All or nothing: every ticket is checked and changed in one transaction, or none is. */
export async function bulkUpdate(tx: Queryable, deps: TicketDeps, actor: Actor, input: BulkUpdateInput) {
  const ids = [...new Set(input.ticketIds)];
  const tickets = await lockTickets(tx, ids);
  const visible = tickets.filter((ticket) => canSeeTicket(actor, ticket));
  if (visible.length !== ids.length) {
    const found = new Set(visible.map((ticket) => ticket.id));
    throw invalid('ticket_not_found', 'Some tickets do not exist', {
      missing: ids.filter((id) => !found.has(id)),
    });
  }
  const { addTags, removeTags, ...changes } = input.changes;
  const now = deps.clock();
  const updated: TicketRow[] = [];
  for (const ticket of visible) {
    if (ticket.merged_into_id !== null) throw conflict('ticket_merged', `Ticket #${ticket.id} is merged`);
    let tags: string[] | undefined;
    if (addTags?.length || removeTags?.length) {
      const next = new Set([...ticket.tags, ...(addTags ?? [])]);
      for (const tag of removeTags ?? []) next.delete(tag);
      tags = [...next];
    }
    updated.push(
      await applyTicketChanges(tx, deps, actor, ticket, tags ? { ...changes, tags } : changes, now),
    );
  }
  return updated;
}
