import { type Selectable, sql } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/policies.ts';
import type { Db, Queryable } from '../../db/database.ts';
import type { CategoriesTable } from '../../db/schema.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { recordAudit } from '../audit/audit.service.ts';
import { uniqueConflicts } from '../people/unique-violation.ts';
import type { CreateCategoryInput, UpdateCategoryInput } from './admin.schema.ts';

export type CategoryRow = Selectable<CategoriesTable>;

// Moves in the tree are checked and made one at a time, so two moves cannot close a loop together.
const CATEGORY_TREE_LOCK = 7_361_122_303;

const nameTaken = uniqueConflicts({
  categories_name_key: conflict('category_name_taken', 'A category with this name exists at this level'),
});

async function ensureParent(tx: Queryable, parentId: number, movingId: number | null): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${CATEGORY_TREE_LOCK})`.execute(tx);
  const ancestors = await sql<{ id: number }>`
    WITH RECURSIVE ancestors (id, parent_id) AS (
      SELECT id, parent_id FROM categories WHERE id = ${parentId}
      UNION
      SELECT categories.id, categories.parent_id
      FROM categories JOIN ancestors ON categories.id = ancestors.parent_id
    )
    SELECT id FROM ancestors`.execute(tx);
  if (ancestors.rows.length === 0) throw invalid('invalid_parent', `There is no category ${parentId}`);
  if (movingId !== null && ancestors.rows.some((row) => Number(row.id) === movingId)) {
    throw invalid('category_cycle', 'A category cannot sit inside itself or one of its subcategories');
  }
}

/** The category tree tickets (and reports) are filed under. */
export class CategoryService {
  readonly #db: Db;
  readonly #clock: () => Date;

  constructor(db: Db, clock: () => Date) {
    this.#db = db;
    this.#clock = clock;
  }

  list(): Promise<CategoryRow[]> {
    return this.#db.selectFrom('categories').selectAll().orderBy('name').orderBy('id').execute();
  }

  async create(actor: Actor, input: CreateCategoryInput, ip: string | null): Promise<CategoryRow> {
    authorize(actor, 'categories.manage');
    return this.#db
      .transaction()
      .execute(async (tx) => {
        if (input.parentId !== null) await ensureParent(tx, input.parentId, null);
        const now = this.#clock();
        const category = await tx
          .insertInto('categories')
          .values({ name: input.name, parent_id: input.parentId, created_at: now })
          .returningAll()
          .executeTakeFirstOrThrow();
        await recordAudit(
          tx,
          {
            actorId: actor.userId,
            action: 'category.created',
            targetType: 'category',
            targetId: category.id,
            data: { name: category.name, parentId: category.parent_id },
            ip,
          },
          now,
        );
        return category;
      })
      .catch(nameTaken);
  }

  async update(
    actor: Actor,
    id: number,
    input: UpdateCategoryInput,
    ip: string | null,
  ): Promise<CategoryRow> {
    authorize(actor, 'categories.manage');
    return this.#db
      .transaction()
      .execute(async (tx) => {
        const current = await tx
          .selectFrom('categories')
          .selectAll()
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!current) throw notFound('category');
        const name = input.name ?? current.name;
        const parentId = input.parentId === undefined ? current.parent_id : input.parentId;
        if (parentId !== current.parent_id && parentId !== null) await ensureParent(tx, parentId, id);
        if (name === current.name && parentId === current.parent_id) return current;
        const category = await tx
          .updateTable('categories')
          .set({ name, parent_id: parentId })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
        const changes = {
          ...(name === current.name ? {} : { name: { from: current.name, to: name } }),
          ...(parentId === current.parent_id ? {} : { parentId: { from: current.parent_id, to: parentId } }),
        };
        await recordAudit(
          tx,
          {
            actorId: actor.userId,
            action: 'category.updated',
            targetType: 'category',
            targetId: id,
            data: { changes },
            ip,
          },
          this.#clock(),
        );
        return category;
      })
      .catch(nameTaken);
  }
}
