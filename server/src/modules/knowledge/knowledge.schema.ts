import { z } from 'zod';
import { ARTICLE_STATUSES, ARTICLE_VISIBILITIES } from '../../db/schema-knowledge.ts';

export const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
export const queryId = z.coerce.number().pipe(id);
export const idParams = z.object({ id: queryId });

/** A language tag: en, de, pt-BR. Stemming follows the primary language (see kb_search_config). */
export const languageSchema = z
  .string()
  .trim()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/, 'a language tag such as en, de or pt-BR');

const commaList = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? value.split(',').filter(Boolean) : value),
    z.array(item),
  );

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');

/** A calendar day, YYYY-MM-DD. */
const dateOnly = z.iso.date();

export const createCategorySchema = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).default(''),
  /** A category with a parent is a section of it; sections hold no sections. */
  parentId: id.nullable().default(null),
  position: z.number().int().min(0).max(10_000).default(0),
});
export type CreateCategoryInput = z.output<typeof createCategorySchema>;

export const updateCategorySchema = createCategorySchema.partial().strict();
export type UpdateCategoryInput = z.output<typeof updateCategorySchema>;

const title = z.string().trim().min(1).max(300);
const summary = z.string().trim().max(1000);
const keywords = z.array(z.string().trim().min(1).max(60)).max(30);
/** Rich text from the editor; sanitised before it is stored. */
const bodyHtml = z.string().max(500_000);

export const createArticleSchema = z.object({
  language: languageSchema.default('en'),
  title,
  summary: summary.default(''),
  keywords: keywords.default([]),
  bodyHtml: bodyHtml.default(''),
  categoryId: id.nullable().default(null),
  visibility: z.enum(ARTICLE_VISIBILITIES).default('public'),
  /** Not empty: only these client organisations' people (and staff) may read it. */
  organisationIds: z.array(id).max(200).default([]),
  ownerId: id.nullable().optional(),
  reviewBy: dateOnly.nullable().default(null),
});
export type CreateArticleInput = z.output<typeof createArticleSchema>;

export const updateArticleSchema = z
  .object({
    categoryId: id.nullable(),
    visibility: z.enum(ARTICLE_VISIBILITIES),
    organisationIds: z.array(id).max(200),
    ownerId: id.nullable(),
    reviewBy: dateOnly.nullable(),
    sourceLanguage: languageSchema,
  })
  .partial()
  .strict();
export type UpdateArticleInput = z.output<typeof updateArticleSchema>;

export const saveTranslationSchema = z.object({
  title,
  summary: summary.default(''),
  keywords: keywords.default([]),
  bodyHtml: bodyHtml.default(''),
  /** What changed, shown in the version list. */
  note: z.string().trim().max(500).default(''),
  /** The version the editor started from; a newer one answers 409 article_changed. */
  baseVersion: z.number().int().positive().optional(),
});
export type SaveTranslationInput = z.output<typeof saveTranslationSchema>;

export const translationParams = z.object({ id: queryId, language: languageSchema });

export const changeStatusSchema = z.object({
  status: z.enum(ARTICLE_STATUSES),
  note: z.string().trim().max(500).optional(),
});

export const staleFlagSchema = z.object({ reason: z.string().trim().min(1).max(1000) });

export const ARTICLE_SORTS = ['updated_desc', 'title', 'views', 'helpful', 'review_by'] as const;

export const listArticlesQuerySchema = z.object({
  categoryId: queryId.optional(),
  /** Staff only; everyone else sees published articles. in_review is the reviewers' queue. */
  status: commaList(z.enum(ARTICLE_STATUSES)).optional(),
  visibility: z.enum(ARTICLE_VISIBILITIES).optional(),
  ownerId: queryId.optional(),
  /** Staff only: published articles past their review date or flagged as out of date. */
  stale: booleanQuery.optional(),
  /** Title contains (case-insensitive). */
  title: z.string().trim().min(1).max(200).optional(),
  language: languageSchema.optional(),
  sort: z.enum(ARTICLE_SORTS).default('updated_desc'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type ListArticlesQuery = z.output<typeof listArticlesQuerySchema>;

export const readArticleQuerySchema = z.object({
  language: languageSchema.optional(),
  /** The editor reads with countView=false, so editing does not inflate the view count. */
  countView: booleanQuery.default(true),
});

export const versionParams = z.object({ id: queryId, version: z.coerce.number().int().positive() });
export const versionQuerySchema = z.object({ language: languageSchema.optional() });
export const compareVersionsQuerySchema = z.object({
  language: languageSchema.optional(),
  from: z.coerce.number().int().positive(),
  to: z.coerce.number().int().positive(),
});

export const voteSchema = z.object({
  helpful: z.boolean(),
  comment: z.string().trim().max(2000).default(''),
  /** Anonymous readers: an id their browser keeps, so a second vote replaces the first. */
  voterId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/)
    .optional(),
  language: languageSchema.optional(),
});
export type VoteInput = z.output<typeof voteSchema>;

export const attachmentLinkSchema = z.object({ attachmentId: id });
export const articleAttachmentParams = z.object({ id: queryId, attachmentId: queryId });

export const searchQuerySchema = z.object({
  q: z.string().trim().min(1).max(200),
  language: languageSchema.default('en'),
  categoryId: queryId.optional(),
  /** Staff only: search drafts and articles in review too. */
  status: commaList(z.enum(ARTICLE_STATUSES)).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  offset: z.coerce.number().int().min(0).max(200).default(0),
});
export type SearchQuery = z.output<typeof searchQuerySchema>;

export const sessionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64 letters, digits, _ or -');

export const suggestSchema = z.object({
  subject: z.string().max(500).default(''),
  text: z.string().max(20_000).default(''),
  language: languageSchema.default('en'),
  /** An id the portal makes up for one request being written; ties suggestions to what follows. */
  sessionId: sessionIdSchema.optional(),
  limit: z.number().int().min(1).max(10).default(5),
});
export type SuggestInput = z.output<typeof suggestSchema>;

export const sessionParams = z.object({ sessionId: sessionIdSchema });
export const sessionOpenSchema = z.object({ articleId: id });
export const sessionResolveSchema = z.object({ articleId: id.optional() });
export const sessionSubmitSchema = z.object({ ticketId: id.optional() });

export const deflectionQuerySchema = z.object({
  from: z.coerce.date(),
  to: z.coerce.date(),
  interval: z.enum(['day', 'week', 'month']).default('week'),
});
export type DeflectionQuery = z.output<typeof deflectionQuerySchema>;

export const linkArticleSchema = z.object({ articleId: id });
export const ticketArticleParams = z.object({ id: queryId, articleId: queryId });

export const articleDraftSchema = z.object({
  language: languageSchema.default('en'),
  categoryId: id.nullable().default(null),
  /** Straight into the reviewers' queue instead of the author's drafts. */
  submitForReview: z.boolean().default(false),
});
export type ArticleDraftInput = z.output<typeof articleDraftSchema>;

export const ticketSuggestionsQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(20).default(5),
});
