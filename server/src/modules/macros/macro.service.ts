import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/policies.ts';
import type { Db, Queryable } from '../../db/database.ts';
import type { TicketRow } from '../../db/schema.ts';
import type { MacroRow } from '../../db/schema-knowledge.ts';
import { conflict, notFound } from '../../errors.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import type { UpdateTicketInput } from '../tickets/ticket.schema.ts';
import { applyTicketChanges, loadVisibleTicket, type TicketDeps } from '../tickets/ticket-changes.ts';
import { addMessage } from '../tickets/ticket-conversation.ts';
import { recordTicketEvent } from '../tickets/ticket-history.ts';
import {
  type ApplyMacroInput,
  type CreateMacroInput,
  type MacroActionsInput,
  macroActionsSchema,
  type UpdateMacroInput,
} from './macro.schema.ts';
import { assertKnownVariables, renderTemplate, templateValues } from './macro-render.ts';

export interface Macro {
  row: MacroRow;
  actions: MacroActionsInput;
}

export interface MacroApplication {
  /** The reply text with the ticket's values filled in. */
  body: string;
  replyVisibility: 'public' | 'internal';
  /** The field changes, as the ticket update they make. */
  changes: UpdateTicketInput;
  applied: boolean;
  messageId: number | null;
  ticketVersion: number;
}

const asMacro = (row: MacroRow): Macro => ({ row, actions: macroActionsSchema.parse(row.actions) });

/** The ticket update a macro's actions make on this ticket: tags are added to and removed from its own. */
export function macroChanges(actions: MacroActionsInput, ticket: TicketRow, actor: Actor): UpdateTicketInput {
  const changes: UpdateTicketInput = {};
  if (actions.status !== undefined) changes.status = actions.status;
  if (actions.priority !== undefined) changes.priority = actions.priority;
  if (actions.type !== undefined) changes.type = actions.type;
  if (actions.teamId !== undefined) changes.teamId = actions.teamId;
  if (actions.assigneeId !== undefined) changes.assigneeId = actions.assigneeId;
  if (actions.assignToMe) changes.assigneeId = actor.userId;
  if (actions.addTags?.length || actions.removeTags?.length) {
    const remove = new Set(actions.removeTags ?? []);
    const tags = [...new Set([...ticket.tags, ...(actions.addTags ?? [])])]
      .filter((tag) => !remove.has(tag))
      .sort();
    if (JSON.stringify(tags) !== JSON.stringify(ticket.tags)) changes.tags = tags;
  }
  return changes;
}

/** Canned responses: personal or shared, a reply template and field changes applied in one step. */
export class MacroService {
  readonly #db: Db;
  readonly #deps: TicketDeps;

  constructor(db: Db, settings: SettingsService, clock: () => Date) {
    this.#db = db;
    this.#deps = { settings, clock };
  }

  async list(actor: Actor, options: { q?: string; includeInactive: boolean }): Promise<Macro[]> {
    authorize(actor, 'macros.use');
    let query = this.#db
      .selectFrom('macros')
      .selectAll()
      .where((eb) => eb.or([eb('owner_id', 'is', null), eb('owner_id', '=', actor.userId)]));
    if (!options.includeInactive) query = query.where('active', '=', true);
    if (options.q)
      query = query.where('title', 'ilike', `%${options.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
    const rows = await query.orderBy('usage_count', 'desc').orderBy('title').orderBy('id').execute();
    return rows.map(asMacro);
  }

  async get(actor: Actor, id: number, db: Queryable = this.#db): Promise<Macro> {
    authorize(actor, 'macros.use');
    const row = await db.selectFrom('macros').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || (row.owner_id !== null && row.owner_id !== actor.userId)) throw notFound('macro');
    return asMacro(row);
  }

  async create(actor: Actor, input: CreateMacroInput): Promise<Macro> {
    authorize(actor, input.shared ? 'macros.manage_shared' : 'macros.use');
    assertKnownVariables(input.body);
    const now = this.#deps.clock();
    const row = await this.#db
      .insertInto('macros')
      .values({
        owner_id: input.shared ? null : actor.userId,
        title: input.title,
        description: input.description,
        body: input.body,
        reply_visibility: input.replyVisibility,
        actions: JSON.stringify(input.actions),
        active: input.active,
        created_by: actor.userId,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return asMacro(row);
  }

  async update(actor: Actor, id: number, input: UpdateMacroInput): Promise<Macro> {
    const existing = await this.get(actor, id);
    if (existing.row.owner_id === null) authorize(actor, 'macros.manage_shared');
    if (input.body !== undefined) assertKnownVariables(input.body);
    const row = await this.#db
      .updateTable('macros')
      .set({
        ...(input.title === undefined ? {} : { title: input.title }),
        ...(input.description === undefined ? {} : { description: input.description }),
        ...(input.body === undefined ? {} : { body: input.body }),
        ...(input.replyVisibility === undefined ? {} : { reply_visibility: input.replyVisibility }),
        ...(input.actions === undefined ? {} : { actions: JSON.stringify(input.actions) }),
        ...(input.active === undefined ? {} : { active: input.active }),
        updated_at: this.#deps.clock(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return asMacro(row);
  }

  async remove(actor: Actor, id: number): Promise<void> {
    const existing = await this.get(actor, id);
    if (existing.row.owner_id === null) authorize(actor, 'macros.manage_shared');
    await this.#db.deleteFrom('macros').where('id', '=', id).execute();
  }

  /**
   * Renders the macro for a ticket and, unless previewing, makes its field changes through the
   * ticket rules (one history event, transitions and assignment checked) and optionally sends the
   * reply, all in one transaction.
   */
  async apply(
    actor: Actor,
    ticketId: number,
    macroId: number,
    input: ApplyMacroInput,
  ): Promise<MacroApplication> {
    authorize(actor, 'tickets.work');
    return this.#db.transaction().execute(async (tx) => {
      const macro = await this.get(actor, macroId, tx);
      let ticket = await loadVisibleTicket(tx, actor, ticketId);
      if (input.version !== undefined && input.version !== ticket.version) {
        throw conflict('ticket_changed', `Ticket #${ticket.id} was changed by someone else meanwhile`, {
          currentVersion: ticket.version,
        });
      }
      const body = renderTemplate(macro.row.body, await templateValues(tx, ticket, actor));
      const changes = macroChanges(macro.actions, ticket, actor);
      const result = { body, replyVisibility: macro.row.reply_visibility, changes };
      if (input.preview) return { ...result, applied: false, messageId: null, ticketVersion: ticket.version };
      let messageId: number | null = null;
      if (input.postReply && body.trim()) {
        const sent = await addMessage(tx, this.#deps, actor, ticketId, {
          body,
          internal: macro.row.reply_visibility === 'internal',
        });
        messageId = sent.message.id;
        ticket = sent.ticket;
      }
      const now = this.#deps.clock();
      ticket = await applyTicketChanges(tx, this.#deps, actor, ticket, changes, now);
      await recordTicketEvent(tx, {
        ticket,
        actorId: actor.userId,
        type: 'macro.applied',
        data: { macroId, title: macro.row.title, fields: Object.keys(changes), messageId },
        internal: true,
        at: now,
      });
      await tx
        .updateTable('macros')
        .set((eb) => ({ usage_count: eb('usage_count', '+', 1) }))
        .where('id', '=', macroId)
        .execute();
      return { ...result, applied: true, messageId, ticketVersion: ticket.version };
    });
  }
}
