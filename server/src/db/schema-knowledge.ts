import type { ColumnType, Generated, Selectable } from 'kysely';

// Tables of migration 0005_knowledge.sql: knowledge base, Tier 0 deflection, similar-ticket search,
// macros and playbooks. Merged into `Database` in schema.ts.

type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Json<T> = ColumnType<T, string | T, string | T>;

export const ARTICLE_STATUSES = ['draft', 'in_review', 'published', 'archived'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];
export const ARTICLE_VISIBILITIES = ['public', 'internal'] as const;
export type ArticleVisibility = (typeof ARTICLE_VISIBILITIES)[number];
export const ARTICLE_TICKET_SOURCES = ['agent', 'playbook', 'created_from'] as const;
export type ArticleTicketSource = (typeof ARTICLE_TICKET_SOURCES)[number];

export interface KbCategoriesTable {
  id: Generated<number>;
  parent_id: number | null;
  name: string;
  description: Defaulted<string>;
  position: Defaulted<number>;
  created_at: CreatedAt;
  updated_at: Defaulted<Date>;
}

export interface KbArticlesTable {
  id: Generated<number>;
  category_id: number | null;
  status: Defaulted<ArticleStatus>;
  visibility: Defaulted<ArticleVisibility>;
  organisation_ids: Defaulted<number[]>;
  source_language: Defaulted<string>;
  owner_id: number | null;
  created_by: number | null;
  source_ticket_id: number | null;
  /** A date (YYYY-MM-DD); read back as a Date at midnight UTC. */
  review_by: ColumnType<Date | null, string | null | undefined, string | null>;
  stale_flagged_at: Timestamp | null;
  stale_flagged_by: number | null;
  stale_reason: string | null;
  helpful_count: Defaulted<number>;
  not_helpful_count: Defaulted<number>;
  view_count: Defaulted<number>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  published_at: Timestamp | null;
  archived_at: Timestamp | null;
}

export interface KbTranslationsTable {
  article_id: number;
  language: string;
  title: string;
  summary: Defaulted<string>;
  keywords: Defaulted<string[]>;
  body_html: Defaulted<string>;
  /** Kept by a trigger from body_html. */
  body_text: ColumnType<string, never, never>;
  /** Kept by a trigger: title A, summary + keywords B, body C. */
  search_vector: ColumnType<string, never, never>;
  version: Defaulted<number>;
  updated_by: number | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** Written only by triggers; read by search. */
export interface KbSearchDocumentsTable {
  article_id: number;
  language: string;
  title: string;
  status: ArticleStatus;
  visibility: ArticleVisibility;
  organisation_ids: number[];
  category_id: number | null;
  helpfulness: number;
  content_updated_at: Date;
  head_vector: string;
}

export interface KbArticleVersionsTable {
  id: Generated<number>;
  article_id: number;
  language: string;
  version: number;
  title: string;
  summary: string;
  keywords: string[];
  body_html: string;
  note: Defaulted<string>;
  restored_from: number | null;
  created_by: number | null;
  created_at: CreatedAt;
}

export interface KbArticleAttachmentsTable {
  article_id: number;
  attachment_id: number;
  created_at: CreatedAt;
}

export interface KbArticleVotesTable {
  id: Generated<number>;
  article_id: number;
  voter: string;
  user_id: number | null;
  language: string;
  helpful: boolean;
  comment: Defaulted<string>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface KbArticleTicketsTable {
  article_id: number;
  ticket_id: number;
  source: ArticleTicketSource;
  linked_by: number | null;
  linked_at: CreatedAt;
}

export interface KbWordsTable {
  word: string;
  public: Defaulted<boolean>;
  frequency: Defaulted<number>;
}

export interface KbSuggestionSessionsTable {
  id: string;
  user_id: number | null;
  organisation_id: number | null;
  subject: Defaulted<string>;
  suggested_article_ids: Defaulted<number[]>;
  started_at: Timestamp;
  last_activity_at: Timestamp;
  resolved_at: Timestamp | null;
  resolved_article_id: number | null;
  submitted_at: Timestamp | null;
  ticket_id: number | null;
}

export interface KbSuggestionOpensTable {
  session_id: string;
  article_id: number;
  opened_at: Timestamp;
}

/** Written only by triggers on tickets and ticket_messages. */
export interface TicketSearchDocumentsTable {
  ticket_id: number;
  first_message_id: number | null;
  config: string;
  search_vector: string;
}

export interface MacrosTable {
  id: Generated<number>;
  owner_id: number | null;
  title: string;
  description: Defaulted<string>;
  body: Defaulted<string>;
  reply_visibility: Defaulted<'public' | 'internal'>;
  /** Validated by macroActionsSchema (modules/macros). */
  actions: Json<Record<string, unknown>>;
  active: Defaulted<boolean>;
  usage_count: Defaulted<number>;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface PlaybooksTable {
  id: Generated<number>;
  name: string;
  description: Defaulted<string>;
  active: Defaulted<boolean>;
  draft: Json<unknown> | null;
  current_version: number | null;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface PlaybookVersionsTable {
  id: Generated<number>;
  playbook_id: number;
  version: number;
  definition: Json<unknown>;
  note: Defaulted<string>;
  published_by: number | null;
  published_at: CreatedAt;
}

export const PLAYBOOK_RUN_STATUSES = ['in_progress', 'solved', 'escalated', 'abandoned'] as const;
export type PlaybookRunStatus = (typeof PLAYBOOK_RUN_STATUSES)[number];

export interface PlaybookRunsTable {
  id: Generated<number>;
  playbook_version_id: number;
  ticket_id: number;
  status: Defaulted<PlaybookRunStatus>;
  current_step_id: string | null;
  outcome_id: string | null;
  started_by: number | null;
  started_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface PlaybookRunAnswersTable {
  id: Generated<number>;
  run_id: number;
  step_id: string;
  prompt: string;
  answer_id: string;
  answer_label: string;
  note: Defaulted<string>;
  answered_by: number | null;
  answered_at: Timestamp;
}

export interface KnowledgeDatabase {
  kb_categories: KbCategoriesTable;
  kb_articles: KbArticlesTable;
  kb_translations: KbTranslationsTable;
  kb_search_documents: KbSearchDocumentsTable;
  kb_article_versions: KbArticleVersionsTable;
  kb_article_attachments: KbArticleAttachmentsTable;
  kb_article_votes: KbArticleVotesTable;
  kb_article_tickets: KbArticleTicketsTable;
  kb_words: KbWordsTable;
  kb_suggestion_sessions: KbSuggestionSessionsTable;
  kb_suggestion_opens: KbSuggestionOpensTable;
  ticket_search_documents: TicketSearchDocumentsTable;
  macros: MacrosTable;
  playbooks: PlaybooksTable;
  playbook_versions: PlaybookVersionsTable;
  playbook_runs: PlaybookRunsTable;
  playbook_run_answers: PlaybookRunAnswersTable;
}

export type KbCategoryRow = Selectable<KbCategoriesTable>;
export type KbArticleRow = Selectable<KbArticlesTable>;
export type KbTranslationRow = Selectable<KbTranslationsTable>;
export type KbArticleVersionRow = Selectable<KbArticleVersionsTable>;
export type MacroRow = Selectable<MacrosTable>;
export type PlaybookRow = Selectable<PlaybooksTable>;
export type PlaybookVersionRow = Selectable<PlaybookVersionsTable>;
export type PlaybookRunRow = Selectable<PlaybookRunsTable>;
export type PlaybookRunAnswerRow = Selectable<PlaybookRunAnswersTable>;
