import type { Actor } from '../../access/actor.ts';
import { authorize, can } from '../../access/policies.ts';
import type { Db } from '../../db/database.ts';
import type { ViewRow } from '../../db/schema.ts';
import { notFound } from '../../errors.ts';
import { type TicketFilters, type TicketSort, ticketFiltersSchema } from '../tickets/ticket.schema.ts';
import type { TicketService } from '../tickets/ticket.service.ts';

export interface ViewInput {
  name: string;
  filters: TicketFilters;
  sort: TicketSort;
  columns: string[];
  shared: boolean;
  position?: number;
}

export interface SavedView {
  row: ViewRow;
  filters: TicketFilters;
  sort: TicketSort;
}

const asView = (row: ViewRow): SavedView => ({
  row,
  filters: ticketFiltersSchema.parse(row.filters),
  sort: row.sort as TicketSort,
});

/** Saved views: named filters over the ticket list, personal or shared with all staff. */
export class ViewService {
  readonly #db: Db;
  readonly #tickets: TicketService;

  constructor(db: Db, tickets: TicketService) {
    this.#db = db;
    this.#tickets = tickets;
  }

  async list(actor: Actor): Promise<SavedView[]> {
    authorize(actor, 'tickets.work');
    const rows = await this.#db
      .selectFrom('views')
      .selectAll()
      .where((eb) => eb.or([eb('owner_id', 'is', null), eb('owner_id', '=', actor.userId)]))
      .orderBy('position')
      .orderBy('id')
      .execute();
    return rows.map(asView);
  }

  /** Live counts for the left rail; each is one indexed COUNT within what the actor may see. */
  async listWithCounts(actor: Actor): Promise<(SavedView & { count: number })[]> {
    const views = await this.list(actor);
    const counts = await Promise.all(views.map((view) => this.#tickets.count(actor, view.filters)));
    return views.map((view, index) => ({ ...view, count: counts[index] ?? 0 }));
  }

  async get(actor: Actor, id: number): Promise<SavedView> {
    const row = await this.#db.selectFrom('views').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || (row.owner_id !== null && row.owner_id !== actor.userId) || !can(actor, 'tickets.work')) {
      throw notFound('view');
    }
    return asView(row);
  }

  async create(actor: Actor, input: ViewInput): Promise<SavedView> {
    authorize(actor, input.shared ? 'views.manage_shared' : 'tickets.work');
    const row = await this.#db
      .insertInto('views')
      .values({
        owner_id: input.shared ? null : actor.userId,
        name: input.name,
        filters: JSON.stringify(input.filters),
        sort: input.sort,
        columns: input.columns,
        position: input.position ?? 0,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return asView(row);
  }

  async update(actor: Actor, id: number, input: Partial<Omit<ViewInput, 'shared'>>): Promise<SavedView> {
    const existing = await this.get(actor, id);
    if (existing.row.owner_id === null) authorize(actor, 'views.manage_shared');
    const row = await this.#db
      .updateTable('views')
      .set({
        ...(input.name === undefined ? {} : { name: input.name }),
        ...(input.filters === undefined ? {} : { filters: JSON.stringify(input.filters) }),
        ...(input.sort === undefined ? {} : { sort: input.sort }),
        ...(input.columns === undefined ? {} : { columns: input.columns }),
        ...(input.position === undefined ? {} : { position: input.position }),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return asView(row);
  }

  async remove(actor: Actor, id: number): Promise<void> {
    const existing = await this.get(actor, id);
    if (existing.row.owner_id === null) authorize(actor, 'views.manage_shared');
    await this.#db.deleteFrom('views').where('id', '=', id).execute();
  }
}
