import { sql } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import { authorize } from '../../access/policies.ts';
import type { Db, Queryable } from '../../db/database.ts';
import type { KbCategoryRow } from '../../db/schema-knowledge.ts';
import { conflict, invalid, notFound } from '../../errors.ts';
import { uniqueConflicts } from '../people/unique-violation.ts';
import { type Reader, readableArticlesSql } from './article-access.ts';
import type { CreateCategoryInput, UpdateCategoryInput } from './knowledge.schema.ts';

export interface KbCategoryWithCount extends KbCategoryRow {
  /** Articles the reader can read in this category or section (staff: all but archived). */
  article_count: number;
}

const nameTaken = uniqueConflicts({
  kb_categories_name_key: conflict('category_name_taken', 'A category or section with this name exists here'),
});

/** A section's parent must be a top-level category: the help centre is two levels deep. */
async function assertParent(tx: Queryable, parentId: number | null, selfId: number | null): Promise<void> {
  if (parentId === null) return;
  if (parentId === selfId) throw invalid('invalid_parent', 'A category cannot be its own section');
  const parent = await tx
    .selectFrom('kb_categories')
    .select('parent_id')
    .where('id', '=', parentId)
    .executeTakeFirst();
  if (!parent) throw invalid('invalid_parent', `There is no category ${parentId}`);
  if (parent.parent_id !== null) throw invalid('invalid_parent', 'Sections cannot hold sections');
  if (selfId !== null) {
    const children = await tx
      .selectFrom('kb_categories')
      .select('id')
      .where('parent_id', '=', selfId)
      .executeTakeFirst();
    if (children) throw invalid('invalid_parent', 'A category with sections cannot become a section');
  }
}

/** Categories and their sections, the help centre's table of contents. */
export class KbCategoryService {
  readonly #db: Db;
  readonly #clock: () => Date;

  constructor(db: Db, clock: () => Date) {
    this.#db = db;
    this.#clock = clock;
  }

  list(reader: Reader): Promise<KbCategoryWithCount[]> {
    return this.#db
      .selectFrom('kb_categories')
      .selectAll('kb_categories')
      .select(
        sql<number>`(SELECT count(*) FROM kb_articles WHERE kb_articles.category_id = kb_categories.id
          AND kb_articles.status <> 'archived' AND ${readableArticlesSql(reader, 'kb_articles')})::int`.as(
          'article_count',
        ),
      )
      .orderBy('position')
      .orderBy('name')
      .execute();
  }

  /** A category and its sections: what "in this category" means for search. */
  async withSections(id: number): Promise<number[]> {
    const rows = await this.#db
      .selectFrom('kb_categories')
      .select('id')
      .where((eb) => eb.or([eb('id', '=', id), eb('parent_id', '=', id)]))
      .execute();
    return rows.map((row) => row.id);
  }

  async create(actor: Actor, input: CreateCategoryInput): Promise<KbCategoryRow> {
    authorize(actor, 'kb.manage');
    return this.#db
      .transaction()
      .execute(async (tx) => {
        await assertParent(tx, input.parentId, null);
        return tx
          .insertInto('kb_categories')
          .values({
            name: input.name,
            description: input.description,
            parent_id: input.parentId,
            position: input.position,
            created_at: this.#clock(),
            updated_at: this.#clock(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      })
      .catch(nameTaken);
  }

  async update(actor: Actor, id: number, input: UpdateCategoryInput): Promise<KbCategoryRow> {
    authorize(actor, 'kb.manage');
    return this.#db
      .transaction()
      .execute(async (tx) => {
        const current = await tx
          .selectFrom('kb_categories')
          .selectAll()
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!current) throw notFound('category');
        if (input.parentId !== undefined && input.parentId !== current.parent_id)
          await assertParent(tx, input.parentId, id);
        return tx
          .updateTable('kb_categories')
          .set({
            ...(input.name === undefined ? {} : { name: input.name }),
            ...(input.description === undefined ? {} : { description: input.description }),
            ...(input.position === undefined ? {} : { position: input.position }),
            ...(input.parentId === undefined ? {} : { parent_id: input.parentId }),
            updated_at: this.#clock(),
          })
          .where('id', '=', id)
          .returningAll()
          .executeTakeFirstOrThrow();
      })
      .catch(nameTaken);
  }

  async remove(actor: Actor, id: number): Promise<void> {
    authorize(actor, 'kb.manage');
    await this.#db.transaction().execute(async (tx) => {
      const current = await tx
        .selectFrom('kb_categories')
        .select('id')
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw notFound('category');
      const section = await tx
        .selectFrom('kb_categories')
        .select('id')
        .where('parent_id', '=', id)
        .executeTakeFirst();
      const article = await tx
        .selectFrom('kb_articles')
        .select('id')
        .where('category_id', '=', id)
        .executeTakeFirst();
      if (section || article)
        throw conflict('category_not_empty', 'Move its sections and articles elsewhere first');
      await tx.deleteFrom('kb_categories').where('id', '=', id).execute();
    });
  }
}
