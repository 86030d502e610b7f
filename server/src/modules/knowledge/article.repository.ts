import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Queryable } from '../../db/database.ts';
import type { KbArticleRow, KbTranslationRow } from '../../db/schema-knowledge.ts';
import { type Reader, readableArticlesSql, readsInternal } from './article-access.ts';
import type { ListArticlesQuery } from './knowledge.schema.ts';

export interface ArticleListRow extends KbArticleRow {
  language: string;
  title: string;
  summary: string;
  languages: string[];
  category_name: string | null;
  owner_name: string | null;
  translation_updated_at: Date;
}

export interface ArticleAttachment {
  id: number;
  filename: string;
  content_type: string;
  size_bytes: number;
}

export interface ArticleDetail extends ArticleListRow {
  translation: KbTranslationRow;
  attachments: ArticleAttachment[];
}

function articleListQuery(db: Queryable, reader: Reader, language: string) {
  return (
    db
      .selectFrom('kb_articles')
      // The translation a reader gets: the language asked for, else the article's own language.
      .innerJoinLateral(
        (eb) =>
          eb
            .selectFrom('kb_translations as t')
            .select(['t.language', 't.title', 't.summary', 't.updated_at'])
            .whereRef('t.article_id', '=', 'kb_articles.id')
            .orderBy(sql`t.language = ${language}`, 'desc')
            .orderBy(sql`t.language = kb_articles.source_language`, 'desc')
            .limit(1)
            .as('tr'),
        (join) => join.onTrue(),
      )
      .leftJoin('kb_categories', 'kb_categories.id', 'kb_articles.category_id')
      .leftJoin('users as owner', 'owner.id', 'kb_articles.owner_id')
      .selectAll('kb_articles')
      .select([
        'tr.language',
        'tr.title',
        'tr.summary',
        'tr.updated_at as translation_updated_at',
        'kb_categories.name as category_name',
        'owner.name as owner_name',
        sql<
          string[]
        >`ARRAY(SELECT language FROM kb_translations WHERE article_id = kb_articles.id ORDER BY language)`.as(
          'languages',
        ),
      ])
      .where(readableArticlesSql(reader, 'kb_articles'))
  );
}

/** Published articles past their review date, or flagged by someone as out of date. */
export const staleSql = (today: string) =>
  sql<boolean>`(kb_articles.status = 'published' AND (kb_articles.stale_flagged_at IS NOT NULL OR kb_articles.review_by <= ${today}::date))`;

export async function listArticles(
  db: Queryable,
  reader: Reader,
  query: ListArticlesQuery,
  today: string,
): Promise<{ rows: ArticleListRow[]; hasMore: boolean }> {
  const staff = readsInternal(reader);
  let q = articleListQuery(db, reader, query.language ?? 'en');
  if (query.categoryId !== undefined) {
    const categoryId = query.categoryId;
    q = q.where((eb) =>
      eb.or([
        eb('kb_articles.category_id', '=', categoryId),
        eb(
          'kb_articles.category_id',
          'in',
          eb.selectFrom('kb_categories').select('id').where('parent_id', '=', categoryId),
        ),
      ]),
    );
  }
  // Everyone else reads published articles only (readableArticlesSql); staff leave archived ones out unless asked.
  if (staff && query.status?.length) q = q.where('kb_articles.status', 'in', query.status);
  else if (staff) q = q.where('kb_articles.status', '!=', 'archived');
  if (staff && query.visibility) q = q.where('kb_articles.visibility', '=', query.visibility);
  if (staff && query.ownerId !== undefined) q = q.where('kb_articles.owner_id', '=', query.ownerId);
  if (staff && query.stale !== undefined) {
    q = q.where(query.stale ? staleSql(today) : sql<boolean>`NOT ${staleSql(today)}`);
  }
  if (query.title) q = q.where('tr.title', 'ilike', `%${query.title.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  switch (query.sort) {
    case 'title':
      q = q.orderBy('tr.title');
      break;
    case 'views':
      q = q.orderBy('kb_articles.view_count', 'desc');
      break;
    case 'helpful':
      q = q.orderBy(sql`kb_helpfulness(kb_articles.helpful_count, kb_articles.not_helpful_count)`, 'desc');
      break;
    case 'review_by':
      q = q.orderBy(sql`kb_articles.review_by`, sql`asc nulls last`);
      break;
    default:
      q = q.orderBy('kb_articles.updated_at', 'desc');
  }
  const rows = await q
    .orderBy('kb_articles.id', 'desc')
    .limit(query.limit + 1)
    .offset(query.offset)
    .execute();
  return { rows: rows.slice(0, query.limit), hasMore: rows.length > query.limit };
}

/** One article in the reader's language (or its own), with what the article page shows. */
export async function findArticle(
  db: Queryable,
  reader: Reader,
  id: number,
  language: string | undefined,
): Promise<ArticleDetail | undefined> {
  const row = await articleListQuery(db, reader, language ?? '')
    .where('kb_articles.id', '=', id)
    .select((eb) =>
      jsonArrayFrom(
        eb
          .selectFrom('kb_article_attachments as aa')
          .innerJoin('attachments', 'attachments.id', 'aa.attachment_id')
          .select([
            'attachments.id',
            'attachments.filename',
            'attachments.content_type',
            'attachments.size_bytes',
          ])
          .whereRef('aa.article_id', '=', 'kb_articles.id')
          .orderBy('attachments.id'),
      ).as('attachments'),
    )
    .executeTakeFirst();
  if (!row) return undefined;
  const translation = await db
    .selectFrom('kb_translations')
    .selectAll()
    .where('article_id', '=', id)
    .where('language', '=', row.language)
    .executeTakeFirstOrThrow();
  return { ...row, translation };
}

export function lockArticle(db: Queryable, id: number): Promise<KbArticleRow | undefined> {
  return db.selectFrom('kb_articles').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}
