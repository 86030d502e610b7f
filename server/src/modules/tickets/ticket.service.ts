import type { Actor } from '../../access/actor.ts';
import { isStaff } from '../../access/actor.ts';
import { authorize, canSeeTicketIn, seesInternal } from '../../access/policies.ts';
import type { Db, Queryable } from '../../db/database.ts';
import type { Channel, TicketRow } from '../../db/schema.ts';
import { WriteBatcher } from '../../db/write-batcher.ts';
import { invalid, notFound } from '../../errors.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { validateCustomFields } from './custom-field-values.ts';
import { countTickets, listTickets, lockTicket } from './ticket.repository.ts';
import type {
  AddMessageInput,
  BulkUpdateInput,
  CreateTicketInput,
  TicketFilters,
  TicketSort,
  UpdateTicketInput,
} from './ticket.schema.ts';
import { applyTicketChanges, loadVisibleTicket, type TicketDeps } from './ticket-changes.ts';
import { addMessage } from './ticket-conversation.ts';
import { recordTicketEvent } from './ticket-history.ts';
import { bulkUpdate, mergeTickets, splitTicket, undoMerge } from './ticket-merge.ts';
import { openTickets, type SharedWork, type TicketOpening, withoutSharing } from './ticket-opening.ts';

export class TicketService {
  readonly #db: Db;
  readonly #deps: TicketDeps;

  readonly #shareWork: SharedWork;
  /** Creates arriving together are written together (see WriteBatcher). */
  readonly #openings = new WriteBatcher((openings: TicketOpening[]) => this.#openBatch(openings), {
    maxBatch: 32,
    maxRunning: 4,
  });

  constructor(db: Db, settings: SettingsService, clock: () => Date, shareWork: SharedWork = withoutSharing) {
    this.#db = db;
    this.#deps = { settings, clock };
    this.#shareWork = shareWork;
  }

  /**
   * Opens a ticket with its first message, in one transaction: the caller's (`db`), or one shared
   * with the creates arriving at the same time on this node. Channels may route it to a team
   * themselves (`intake.teamId`: the queue of the address a mail came to), whoever the requester is.
   */
  async create(
    actor: Actor,
    input: CreateTicketInput,
    db: Queryable = this.#db,
    intake: { teamId?: number | null } = {},
  ): Promise<TicketRow> {
    authorize(actor, 'tickets.create');
    const staff = isStaff(actor);
    if (!staff) {
      const staffOnly = (
        [
          'requesterId',
          'requesterEmail',
          'status',
          'priority',
          'teamId',
          'assigneeId',
          'parentId',
          'tags',
        ] as const
      ).filter((key) => input[key] !== undefined);
      if (staffOnly.length > 0) {
        throw invalid('field_not_allowed', `Customers cannot set ${staffOnly.join(', ')}`, {
          fields: staffOnly,
        });
      }
    }
    const at = this.#deps.clock();
    const customFields = validateCustomFields(
      await this.#deps.settings.activeCustomFields(db),
      input.customFields ?? {},
      staff,
    );
    for (const [key, value] of Object.entries(customFields)) if (value === null) delete customFields[key];
    const opening: TicketOpening = {
      actor,
      staff,
      input,
      channel: input.channel ?? (staff ? 'api' : 'portal'),
      priority:
        input.priority ??
        (await this.#deps.settings.priorityFor(input.impact ?? 'low', input.urgency ?? 'low')),
      customFields,
      intakeTeamId: intake.teamId ?? null,
      at,
    };
    if (db !== this.#db) {
      const [ticket] = await openTickets(db, this.#deps, [opening]);
      if (!ticket) throw new Error('The ticket was not opened');
      return ticket;
    }
    const { ticket, handOver } = await this.#openings.submit(opening);
    handOver();
    return ticket;
  }

  /** A batch of new tickets in one transaction; each caller takes over what it computed for theirs. */
  async #openBatch(openings: TicketOpening[]): Promise<{ ticket: TicketRow; handOver: () => void }[]> {
    const { result, handOver } = await this.#shareWork(() =>
      this.#db.transaction().execute((tx) => openTickets(tx, this.#deps, openings)),
    );
    return result.map((ticket) => ({ ticket, handOver: () => handOver(ticket.id) }));
  }

  async update(actor: Actor, id: number, input: UpdateTicketInput): Promise<TicketRow> {
    return this.#db.transaction().execute(async (tx) => {
      const ticket = await loadVisibleTicket(tx, actor, id);
      if (ticket.merged_into_id !== null)
        throw invalid('ticket_merged', `Ticket #${id} was merged into #${ticket.merged_into_id}`);
      return applyTicketChanges(tx, this.#deps, actor, ticket, input, this.#deps.clock());
    });
  }

  /** Runs in the caller's transaction when `db` is one; channels (email) name their own channel. */
  addMessage(
    actor: Actor,
    id: number,
    input: AddMessageInput,
    options: { db?: Queryable; channel?: Channel } = {},
  ) {
    const run = (tx: Queryable) => addMessage(tx, this.#deps, actor, id, input, options.channel);
    return options.db ? run(options.db) : this.#db.transaction().execute(run);
  }

  list(actor: Actor, filters: TicketFilters, sort: TicketSort = 'updated_desc', limit = 50, cursor?: string) {
    return listTickets(this.#db, actor, filters, sort, limit, cursor);
  }

  count(actor: Actor, filters: TicketFilters): Promise<number> {
    return countTickets(this.#db, actor, filters);
  }

  async get(actor: Actor, id: number): Promise<TicketRow> {
    const ticket = await this.#db.selectFrom('tickets').selectAll().where('id', '=', id).executeTakeFirst();
    if (!ticket) throw notFound('ticket');
    if (!(await canSeeTicketIn(this.#db, actor, ticket))) throw notFound('ticket');
    return ticket;
  }

  /** The history in order; customers see only what concerns them. */
  async events(actor: Actor, id: number) {
    await this.get(actor, id);
    let query = this.#db
      .selectFrom('ticket_events')
      .leftJoin('users', 'users.id', 'ticket_events.actor_id')
      .selectAll('ticket_events')
      .select(['users.name as actor_name'])
      .where('ticket_id', '=', id)
      .orderBy('ticket_events.id');
    if (!seesInternal(actor)) query = query.where('ticket_events.internal', '=', false);
    return query.execute();
  }

  async addWatcher(actor: Actor, id: number, userId: number) {
    authorize(actor, 'tickets.work');
    await this.#db.transaction().execute(async (tx) => {
      const ticket = await loadVisibleTicket(tx, actor, id);
      const user = await tx.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
      if (!user) throw invalid('invalid_user', `Person ${userId} does not exist`);
      const inserted = await tx
        .insertInto('ticket_watchers')
        .values({ ticket_id: id, user_id: userId, created_at: this.#deps.clock() })
        .onConflict((oc) => oc.doNothing())
        .returning('user_id')
        .executeTakeFirst();
      if (inserted) {
        await recordTicketEvent(tx, {
          ticket,
          actorId: actor.userId,
          type: 'watcher.added',
          data: { userId },
          internal: true,
          at: this.#deps.clock(),
        });
      }
    });
  }

  async removeWatcher(actor: Actor, id: number, userId: number) {
    authorize(actor, 'tickets.work');
    await this.#db.transaction().execute(async (tx) => {
      const ticket = await loadVisibleTicket(tx, actor, id);
      const removed = await tx
        .deleteFrom('ticket_watchers')
        .where('ticket_id', '=', id)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      if (removed.numDeletedRows === 0n) throw notFound('watcher');
      await recordTicketEvent(tx, {
        ticket,
        actorId: actor.userId,
        type: 'watcher.removed',
        data: { userId },
        internal: true,
        at: this.#deps.clock(),
      });
    });
  }

  async link(actor: Actor, id: number, otherId: number, remove = false) {
    authorize(actor, 'tickets.work');
    if (id === otherId) throw invalid('invalid_link', 'A ticket cannot be related to itself');
    await this.#db.transaction().execute(async (tx) => {
      const [low, high] = id < otherId ? [id, otherId] : [otherId, id];
      const ticket = await loadVisibleTicket(tx, actor, low);
      const other = await loadVisibleTicket(tx, actor, high);
      const now = this.#deps.clock();
      if (remove) {
        const removed = await tx
          .deleteFrom('ticket_links')
          .where('ticket_id', '=', low)
          .where('related_ticket_id', '=', high)
          .executeTakeFirst();
        if (removed.numDeletedRows === 0n) throw notFound('link');
      } else {
        const added = await tx
          .insertInto('ticket_links')
          .values({ ticket_id: low, related_ticket_id: high, created_at: now })
          .onConflict((oc) => oc.doNothing())
          .returning('ticket_id')
          .executeTakeFirst();
        if (!added) return;
      }
      const type = remove ? 'link.removed' : 'link.added';
      await recordTicketEvent(tx, {
        ticket,
        actorId: actor.userId,
        type,
        data: { ticketId: high },
        internal: true,
        at: now,
      });
      await recordTicketEvent(tx, {
        ticket: other,
        actorId: actor.userId,
        type,
        data: { ticketId: low },
        internal: true,
        at: now,
      });
    });
  }

  merge(actor: Actor, sourceId: number, targetId: number) {
    authorize(actor, 'tickets.merge');
    return this.#db.transaction().execute((tx) => mergeTickets(tx, this.#deps, actor, sourceId, targetId));
  }

  undoMerge(actor: Actor, sourceId: number) {
    authorize(actor, 'tickets.merge');
    return this.#db.transaction().execute((tx) => undoMerge(tx, this.#deps, actor, sourceId));
  }

  split(actor: Actor, id: number, messageIds: number[], subject?: string) {
    authorize(actor, 'tickets.work');
    return this.#db
      .transaction()
      .execute((tx) => splitTicket(tx, this.#deps, actor, id, messageIds, subject));
  }

  bulkUpdate(actor: Actor, input: BulkUpdateInput) {
    authorize(actor, 'tickets.bulk_update');
    return this.#db.transaction().execute((tx) => bulkUpdate(tx, this.#deps, actor, input));
  }

  /**
   * Closes solved tickets whose quiet period has passed. Row locks make it safe to run on several
   * nodes at once: a ticket is closed, and its event written, exactly once.
   */
  async autoCloseSolved(batchSize = 500): Promise<number[]> {
    const { autoCloseAfterHours } = await this.#deps.settings.get();
    const now = this.#deps.clock();
    const cutoff = new Date(now.getTime() - autoCloseAfterHours * 3_600_000);
    return this.#db.transaction().execute(async (tx) => {
      const due = await tx
        .selectFrom('tickets')
        .select('id')
        .where('status', '=', 'solved')
        .where('solved_at', '<=', cutoff)
        .orderBy('solved_at')
        .limit(batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      const closed: number[] = [];
      for (const { id } of due) {
        const ticket = await lockTicket(tx, id);
        if (ticket?.status !== 'solved') continue;
        const updated = await tx
          .updateTable('tickets')
          .set({ status: 'closed', closed_at: now, updated_at: now, version: ticket.version + 1 })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordTicketEvent(tx, {
          ticket: updated,
          actorId: null,
          type: 'ticket.updated',
          data: {
            changes: { status: { from: 'solved', to: 'closed' } },
            reason: 'auto_close',
            afterHours: autoCloseAfterHours,
          },
          at: now,
        });
        closed.push(id);
      }
      return closed;
    });
  }
}
