import { z } from 'zod';
import { TICKET_STATUSES } from '../../db/schema.ts';
import {
  ARTICLE_STATUSES,
  ARTICLE_TICKET_SOURCES,
  ARTICLE_VISIBILITIES,
  type KbArticleVersionRow,
  type KbCategoryRow,
} from '../../db/schema-knowledge.ts';
import type { ArticleDetail, ArticleListRow } from './article.repository.ts';
import { type Reader, readsInternal } from './article-access.ts';
import type { VersionListItem } from './article-versions.ts';
import type { KbCategoryWithCount } from './kb-categories.service.ts';
import type { SearchHit } from './kb-search.ts';

const ref = z.object({ id: z.number(), name: z.string() });

export const kbCategorySchema = z.object({
  id: z.number(),
  name: z.string(),
  description: z.string(),
  /** Set for a section: the category it belongs to. */
  parentId: z.number().nullable(),
  position: z.number(),
  articleCount: z.number(),
});

export const presentCategory = (
  row: KbCategoryRow & Partial<Pick<KbCategoryWithCount, 'article_count'>>,
): z.output<typeof kbCategorySchema> => ({
  id: row.id,
  name: row.name,
  description: row.description,
  parentId: row.parent_id,
  position: row.position,
  articleCount: row.article_count ?? 0,
});

export const articleListItemSchema = z.object({
  id: z.number(),
  title: z.string(),
  summary: z.string(),
  /** The language of this title and summary; the one asked for when the article has it. */
  language: z.string(),
  languages: z.array(z.string()),
  status: z.enum(ARTICLE_STATUSES),
  visibility: z.enum(ARTICLE_VISIBILITIES),
  /** Staff only (empty for others): the client organisations the article is restricted to. */
  organisationIds: z.array(z.number()),
  category: ref.nullable(),
  owner: ref.nullable(),
  /** YYYY-MM-DD. */
  reviewBy: z.string().nullable(),
  /** Past its review date or flagged as out of date (staff only). */
  stale: z.boolean(),
  staleReason: z.string().nullable(),
  helpfulCount: z.number(),
  notHelpfulCount: z.number(),
  viewCount: z.number(),
  updatedAt: z.date(),
  publishedAt: z.date().nullable(),
});

export const articleSchema = articleListItemSchema.extend({
  sourceLanguage: z.string(),
  keywords: z.array(z.string()),
  /** Sanitised HTML. */
  bodyHtml: z.string(),
  /** The version of this translation, for the editor's baseVersion. */
  version: z.number(),
  sourceTicketId: z.number().nullable(),
  attachments: z.array(
    z.object({
      id: z.number(),
      filename: z.string(),
      contentType: z.string(),
      size: z.number(),
      url: z.string(),
    }),
  ),
});

const pad = (value: number) => String(value).padStart(2, '0');
/** pg reads a date as local midnight; print it back as the same calendar day. */
const calendarDay = (date: Date | null) =>
  date ? `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` : null;

export function presentArticleListItem(
  reader: Reader,
  row: ArticleListRow,
  today: string,
): z.output<typeof articleListItemSchema> {
  const staff = readsInternal(reader);
  const reviewBy = calendarDay(row.review_by);
  const stale =
    row.status === 'published' && (row.stale_flagged_at !== null || (reviewBy !== null && reviewBy <= today));
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    language: row.language,
    languages: row.languages,
    status: row.status,
    visibility: row.visibility,
    organisationIds: staff ? row.organisation_ids : [],
    category: row.category_id === null ? null : { id: row.category_id, name: row.category_name ?? '' },
    owner: staff && row.owner_id !== null ? { id: row.owner_id, name: row.owner_name ?? '' } : null,
    reviewBy: staff ? reviewBy : null,
    stale: staff && stale,
    staleReason: staff ? row.stale_reason : null,
    helpfulCount: row.helpful_count,
    notHelpfulCount: row.not_helpful_count,
    viewCount: row.view_count,
    updatedAt: new Date(Math.max(row.translation_updated_at.getTime(), row.updated_at.getTime())),
    publishedAt: row.published_at,
  };
}

export function presentArticle(
  reader: Reader,
  row: ArticleDetail,
  today: string,
): z.output<typeof articleSchema> {
  return {
    ...presentArticleListItem(reader, row, today),
    sourceLanguage: row.source_language,
    keywords: row.translation.keywords,
    bodyHtml: row.translation.body_html,
    version: row.translation.version,
    sourceTicketId: readsInternal(reader) ? row.source_ticket_id : null,
    attachments: row.attachments.map((file) => ({
      id: file.id,
      filename: file.filename,
      contentType: file.content_type,
      size: file.size_bytes,
      url: `/api/kb/articles/${row.id}/attachments/${file.id}`,
    })),
  };
}

export const searchHitSchema = z.object({
  articleId: z.number(),
  /** title: matched in title, summary or keywords; body: only in the text; similar_title: typo fallback. */
  matchedIn: z.enum(['title', 'body', 'similar_title']),
  score: z.number(),
  title: z.string(),
  /** HTML: the title escaped, matches in <mark>. */
  titleHighlight: z.string(),
  summary: z.string(),
  /** HTML: passages of the body around the matches, escaped, matches in <mark>. */
  highlight: z.string(),
  categoryId: z.number().nullable(),
  status: z.enum(ARTICLE_STATUSES),
  visibility: z.enum(ARTICLE_VISIBILITIES),
  helpfulCount: z.number(),
  notHelpfulCount: z.number(),
  viewCount: z.number(),
  updatedAt: z.date(),
});

export const presentHit = (hit: SearchHit): z.output<typeof searchHitSchema> => {
  const { organisationIds: _staffOnly, ...visible } = hit;
  return visible;
};

export const searchResultSchema = z.object({
  query: z.string(),
  /** What was searched: the corrected query when the typed one found nothing. */
  searchedFor: z.string(),
  didYouMean: z.string().nullable(),
  language: z.string(),
  results: z.array(searchHitSchema),
  hasMore: z.boolean(),
});

export const versionListItemSchema = z.object({
  version: z.number(),
  language: z.string(),
  title: z.string(),
  summary: z.string(),
  keywords: z.array(z.string()),
  note: z.string(),
  restoredFrom: z.number().nullable(),
  author: ref.nullable(),
  createdAt: z.date(),
});

export const presentVersionListItem = (row: VersionListItem): z.output<typeof versionListItemSchema> => ({
  version: row.version,
  language: row.language,
  title: row.title,
  summary: row.summary,
  keywords: row.keywords,
  note: row.note,
  restoredFrom: row.restored_from,
  author: row.created_by === null ? null : { id: row.created_by, name: row.author_name ?? '' },
  createdAt: row.created_at,
});

export const versionSchema = versionListItemSchema.omit({ author: true }).extend({ bodyHtml: z.string() });

export const presentVersion = (row: KbArticleVersionRow): z.output<typeof versionSchema> => ({
  version: row.version,
  language: row.language,
  title: row.title,
  summary: row.summary,
  keywords: row.keywords,
  note: row.note,
  restoredFrom: row.restored_from,
  createdAt: row.created_at,
  bodyHtml: row.body_html,
});

export const ticketRefSchema = z.object({
  id: z.number(),
  subject: z.string(),
  status: z.enum(TICKET_STATUSES),
  solvedAt: z.date().nullable(),
  source: z.enum(ARTICLE_TICKET_SOURCES),
  linkedAt: z.date(),
});

export const linkedArticleSchema = z.object({
  id: z.number(),
  title: z.string(),
  status: z.enum(ARTICLE_STATUSES),
  visibility: z.enum(ARTICLE_VISIBILITIES),
  source: z.enum(ARTICLE_TICKET_SOURCES),
  linkedAt: z.date(),
  linkedBy: z.string().nullable(),
});
