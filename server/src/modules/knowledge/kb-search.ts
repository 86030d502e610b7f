import { type RawBuilder, sql } from 'kysely';
import type { Db, Queryable } from '../../db/database.ts';
import type { ArticleStatus, ArticleVisibility } from '../../db/schema-knowledge.ts';
import { type Reader, readableArticlesSql, readsInternal } from './article-access.ts';
import { HIGHLIGHT_START, HIGHLIGHT_STOP, highlightToHtml } from './article-content.ts';
import { correctSpelling } from './spelling.ts';

/**
 * How search ranks (one SQL statement; the page's rows are joined for display at the end):
 *  1. Articles whose title, summary or keywords match (kb_search_documents.head_vector) come
 *     first. Of those, the HEAD_CANDIDATES with the best prior (helpfulness × recency) are ranked
 *     by ts_rank_cd × prior. With "-word" in the query, candidates are checked against the whole
 *     article too.
 *  2. Only if that leaves the page short, articles matching in the body are ranked the same way,
 *     among the first BODY_CANDIDATES found (kb_translations.search_vector).
 *  3. With no match at all, titles similar to the query (pg_trgm word similarity) are offered.
 * The candidate caps bound the work of a query of common words, whatever the size of the base.
 */
const HEAD_CANDIDATES = 1000;
const BODY_CANDIDATES = 200;

export type MatchedIn = 'title' | 'body' | 'similar_title';
const TIERS: Record<number, MatchedIn> = { 1: 'title', 2: 'body', 3: 'similar_title' };

export interface SearchHit {
  articleId: number;
  matchedIn: MatchedIn;
  score: number;
  title: string;
  titleHighlight: string;
  summary: string;
  highlight: string;
  categoryId: number | null;
  status: ArticleStatus;
  visibility: ArticleVisibility;
  organisationIds: number[];
  helpfulCount: number;
  notHelpfulCount: number;
  viewCount: number;
  updatedAt: Date;
}

export interface SearchScope {
  reader: Reader;
  language: string;
  /** Staff only; everyone else searches published articles. */
  statuses?: readonly ArticleStatus[];
  categoryIds?: number[];
  limit: number;
  offset?: number;
  now: Date;
}

/** websearch syntax typed by a person, or a tsquery we built from chosen lexemes. */
export type SearchQueryText = { websearch: string } | { tsquery: string };

interface HitRow {
  article_id: number;
  tier: number;
  score: number;
  title: string;
  summary: string;
  title_highlight: string;
  body_highlight: string;
  category_id: number | null;
  status: ArticleStatus;
  visibility: ArticleVisibility;
  organisation_ids: number[];
  helpful_count: number;
  not_helpful_count: number;
  view_count: number;
  updated_at: Date;
}

const HEADLINE = `StartSel=${HIGHLIGHT_START}, StopSel=${HIGHLIGHT_STOP}`;
const TITLE_HEADLINE = `${HEADLINE}, HighlightAll=true`;
const BODY_HEADLINE = `${HEADLINE}, MaxFragments=2, MaxWords=24, MinWords=10, FragmentDelimiter=" … "`;

function filtersSql(scope: SearchScope): RawBuilder<boolean> {
  const staff = readsInternal(scope.reader);
  const statuses = staff ? (scope.statuses ?? ['published']) : ['published'];
  const category = scope.categoryIds ? sql`AND d.category_id = ANY(${scope.categoryIds}::bigint[])` : sql``;
  return sql<boolean>`d.language = ${scope.language} AND d.status = ANY(${statuses}::text[])
    AND ${readableArticlesSql(scope.reader, 'd')} ${category}`;
}

/** Helpfulness and recency, in float8 arithmetic: it is computed for every candidate. */
const priorSql = (now: Date) =>
  sql<number>`((0.75::float8 + 0.5 * d.helpfulness) * (0.8::float8 + 0.2 * exp(-greatest(date_part('epoch', ${now}::timestamptz - d.content_updated_at), 0) / 31536000.0::float8)))`;

function rankedSql(scope: SearchScope, text: SearchQueryText, similarTitles: boolean) {
  const wanted = (scope.offset ?? 0) + scope.limit + 1;
  const filters = filtersSql(scope);
  const prior = priorSql(scope.now);
  // Cover density rewards words close together, which a typed query means; for the long OR-of-pairs
  // queries of suggestions it costs twenty times more than frequency ranking, which suits them.
  const rank = 'websearch' in text ? sql`ts_rank_cd` : sql`ts_rank`;
  if (similarTitles) {
    const typed = 'websearch' in text ? text.websearch : '';
    return sql`SELECT d.article_id, 3 AS tier, word_similarity(${typed}, d.title) * ${prior} AS score
      FROM kb_search_documents d WHERE ${typed} <% d.title AND ${filters}
      ORDER BY score DESC LIMIT ${wanted}`;
  }
  return sql`SELECT * FROM (
      (SELECT c.article_id, 1 AS tier, ${rank}(c.head_vector, query.q) * c.prior AS score
       FROM query, LATERAL (
         SELECT d.article_id, d.language, d.head_vector, ${prior} AS prior FROM kb_search_documents d
         WHERE d.head_vector @@ query.q AND ${filters}
         ORDER BY prior DESC LIMIT ${HEAD_CANDIDATES}) c
       WHERE NOT query.negates OR EXISTS (SELECT 1 FROM kb_translations t
         WHERE t.article_id = c.article_id AND t.language = c.language AND t.search_vector @@ query.q)
       ORDER BY score DESC LIMIT ${wanted})
      UNION ALL
      (SELECT c.article_id, 2 AS tier, ${rank}(c.search_vector, query.q) * c.prior AS score
       FROM query, LATERAL (
         SELECT t.article_id, t.search_vector, ${prior} AS prior
         FROM kb_translations t JOIN kb_search_documents d ON d.article_id = t.article_id AND d.language = t.language
         WHERE t.search_vector @@ query.q AND t.language = ${scope.language} AND ${filters}
           AND NOT d.head_vector @@ query.q
         LIMIT ${BODY_CANDIDATES}) c
       ORDER BY score DESC LIMIT ${wanted})
    ) tiers LIMIT ${wanted}`;
}

/** Ranks articles for a query within what the reader may see; one page plus one row to tell if more follow. */
export async function rankArticles(
  db: Queryable,
  scope: SearchScope,
  text: SearchQueryText,
  similarTitles = false,
): Promise<{ hits: SearchHit[]; hasMore: boolean }> {
  const queryExpr =
    'websearch' in text
      ? sql`websearch_to_tsquery(kb_search_config(${scope.language}), ${text.websearch})`
      : sql`${text.tsquery}::tsquery`;
  const { rows } = await sql<HitRow>`
    WITH query AS MATERIALIZED (SELECT q, q::text LIKE '%!%' AS negates, kb_search_config(${scope.language}) AS config
      FROM (SELECT ${queryExpr} AS q) typed),
    ranked AS (${rankedSql(scope, text, similarTitles)})
    SELECT r.article_id, r.tier, r.score, t.title, t.summary, t.updated_at,
      ts_headline(query.config, t.title, query.q, ${TITLE_HEADLINE}) AS title_highlight,
      ts_headline(query.config, left(t.body_text, 20000), query.q, ${BODY_HEADLINE}) AS body_highlight,
      a.category_id, a.status, a.visibility, a.organisation_ids, a.helpful_count, a.not_helpful_count, a.view_count
    FROM ranked r CROSS JOIN query
    JOIN kb_translations t ON t.article_id = r.article_id AND t.language = ${scope.language}
    JOIN kb_articles a ON a.id = r.article_id
    ORDER BY r.tier, r.score DESC, r.article_id
    OFFSET ${scope.offset ?? 0} LIMIT ${scope.limit + 1}`.execute(db);
  const hits = rows.slice(0, scope.limit).map(
    (row): SearchHit => ({
      articleId: row.article_id,
      matchedIn: TIERS[row.tier] ?? 'body',
      score: Number(row.score),
      title: row.title,
      titleHighlight: highlightToHtml(row.title_highlight),
      summary: row.summary,
      highlight: highlightToHtml(row.body_highlight),
      categoryId: row.category_id,
      status: row.status,
      visibility: row.visibility,
      organisationIds: row.organisation_ids,
      helpfulCount: row.helpful_count,
      notHelpfulCount: row.not_helpful_count,
      viewCount: row.view_count,
      updatedAt: row.updated_at,
    }),
  );
  return { hits, hasMore: rows.length > scope.limit };
}

export interface SearchOutcome {
  hits: SearchHit[];
  hasMore: boolean;
  /** The query with unknown words replaced by the closest words of the knowledge base. */
  didYouMean: string | null;
  /** What was searched when the typed query found nothing and the corrected one did. */
  searchedFor: string;
}

/** The help centre's search box: full text, then spelling correction, then similar titles. */
export async function searchArticles(db: Db, scope: SearchScope, typed: string): Promise<SearchOutcome> {
  const first = await rankArticles(db, scope, { websearch: typed });
  const firstPage = (scope.offset ?? 0) === 0;
  if (!firstPage || first.hits.length >= 3) {
    return { ...first, didYouMean: null, searchedFor: typed };
  }
  const corrected = await correctSpelling(db, scope.reader, typed);
  const didYouMean = corrected === typed ? null : corrected;
  if (first.hits.length > 0) return { ...first, didYouMean, searchedFor: typed };
  if (didYouMean) {
    const second = await rankArticles(db, scope, { websearch: didYouMean });
    if (second.hits.length > 0) return { ...second, didYouMean, searchedFor: didYouMean };
  }
  const similar = await rankArticles(db, scope, { websearch: typed }, true);
  return { ...similar, didYouMean, searchedFor: typed };
}
