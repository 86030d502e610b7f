import { type RawBuilder, sql } from 'kysely';
import type { Actor } from '../../access/actor.ts';
import { can } from '../../access/policies.ts';
import type { ArticleStatus, ArticleVisibility } from '../../db/schema-knowledge.ts';

/** Who reads the knowledge base: a signed-in person, or nobody (the public help centre). */
export type Reader = Actor | null;

/** Staff read everything: drafts, internal articles and those of every client organisation. */
export const readsInternal = (reader: Reader): boolean => reader !== null && can(reader, 'kb.read_internal');

interface ArticleAccessFields {
  status: ArticleStatus;
  visibility: ArticleVisibility;
  organisation_ids: number[];
}

/**
 * Everyone else reads published public articles, and those restricted to client organisations only
 * when they belong to one of them. Drafts are never public.
 */
export function canReadArticle(reader: Reader, article: ArticleAccessFields): boolean {
  if (readsInternal(reader)) return true;
  if (article.status !== 'published' || article.visibility !== 'public') return false;
  if (article.organisation_ids.length === 0) return true;
  return reader?.organisationId != null && article.organisation_ids.includes(reader.organisationId);
}

/**
 * The same rule as canReadArticle, as SQL on a table or alias with status, visibility and
 * organisation_ids (kb_articles or kb_search_documents), so lists and search never fetch what the
 * reader may not see.
 */
export function readableArticlesSql(reader: Reader, alias: string): RawBuilder<boolean> {
  if (readsInternal(reader)) return sql<boolean>`true`;
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  const organisationId = reader?.organisationId ?? null;
  const organisations =
    organisationId === null
      ? sql`${column('organisation_ids')} = '{}'`
      : sql`(${column('organisation_ids')} = '{}' OR ${column('organisation_ids')} @> ARRAY[${organisationId}]::bigint[])`;
  return sql<boolean>`(${column('status')} = 'published' AND ${column('visibility')} = 'public' AND ${organisations})`;
}
