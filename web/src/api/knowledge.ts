import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, queryString } from './client';
import { ticketKeys } from './tickets';
import type { TicketStatus } from './types';

/** Shapes of the knowledge-base API (server/src/modules/knowledge) as the web app reads them. */

export const ARTICLE_STATUSES = ['draft', 'in_review', 'published', 'archived'] as const;
export type ArticleStatus = (typeof ARTICLE_STATUSES)[number];
export const ARTICLE_VISIBILITIES = ['public', 'internal'] as const;
export type ArticleVisibility = (typeof ARTICLE_VISIBILITIES)[number];
export const ARTICLE_SORTS = ['updated_desc', 'title', 'views', 'helpful', 'review_by'] as const;
export type ArticleSort = (typeof ARTICLE_SORTS)[number];

export interface KbCategory {
  id: number;
  name: string;
  description: string;
  /** Set for a section: the category it belongs to. */
  parentId: number | null;
  position: number;
  articleCount: number;
}

export interface NamedRef {
  id: number;
  name: string;
}

export interface ArticleListItem {
  id: number;
  title: string;
  summary: string;
  language: string;
  languages: string[];
  status: ArticleStatus;
  visibility: ArticleVisibility;
  organisationIds: number[];
  category: NamedRef | null;
  owner: NamedRef | null;
  /** YYYY-MM-DD. */
  reviewBy: string | null;
  stale: boolean;
  staleReason: string | null;
  helpfulCount: number;
  notHelpfulCount: number;
  viewCount: number;
  updatedAt: string;
  publishedAt: string | null;
}

export interface Article extends ArticleListItem {
  sourceLanguage: string;
  keywords: string[];
  bodyHtml: string;
  version: number;
  sourceTicketId: number | null;
  attachments: { id: number; filename: string; contentType: string; size: number; url: string }[];
}

export interface SearchHit {
  articleId: number;
  matchedIn: 'title' | 'body' | 'similar_title';
  score: number;
  title: string;
  /** Escaped HTML with matches in <mark>. */
  titleHighlight: string;
  summary: string;
  /** Escaped HTML with matches in <mark>. */
  highlight: string;
  categoryId: number | null;
  status: ArticleStatus;
  visibility: ArticleVisibility;
  helpfulCount: number;
  notHelpfulCount: number;
  viewCount: number;
  updatedAt: string;
}

export interface SearchResult {
  query: string;
  searchedFor: string;
  didYouMean: string | null;
  language: string;
  results: SearchHit[];
  hasMore: boolean;
}

export interface ArticleListParams {
  categoryId?: number;
  status?: ArticleStatus[];
  visibility?: ArticleVisibility;
  ownerId?: number;
  stale?: boolean;
  title?: string;
  language?: string;
  sort?: ArticleSort;
  limit?: number;
  offset?: number;
}

export interface ArticleInput {
  language: string;
  title: string;
  summary: string;
  keywords: string[];
  bodyHtml: string;
  categoryId: number | null;
  visibility: ArticleVisibility;
  organisationIds: number[];
  ownerId?: number | null;
  reviewBy: string | null;
}

export type ArticleSettings = Partial<{
  categoryId: number | null;
  visibility: ArticleVisibility;
  organisationIds: number[];
  ownerId: number | null;
  reviewBy: string | null;
  sourceLanguage: string;
}>;

export interface TranslationInput {
  title: string;
  summary: string;
  keywords: string[];
  bodyHtml: string;
  note: string;
  baseVersion?: number;
}

export interface ArticleVersionItem {
  version: number;
  language: string;
  title: string;
  summary: string;
  keywords: string[];
  note: string;
  restoredFrom: number | null;
  author: NamedRef | null;
  createdAt: string;
}

export interface ArticleVersion extends Omit<ArticleVersionItem, 'author'> {
  bodyHtml: string;
}

export type VersionField = 'title' | 'summary' | 'keywords' | 'body';

export interface ArticleVote {
  id: number;
  helpful: boolean;
  comment: string;
  language: string;
  voter: NamedRef | null;
  at: string;
}

export interface ArticleTicket {
  id: number;
  subject: string;
  status: TicketStatus;
  solvedAt: string | null;
  source: string;
  linkedAt: string;
}

export interface TicketSuggestions {
  articles: (SearchHit & { visibleToRequester: boolean; linked: boolean })[];
  similarTickets: {
    id: number;
    subject: string;
    status: TicketStatus;
    solvedAt: string | null;
    score: number;
    resolution: string | null;
    articleIds: number[];
  }[];
}

export interface LinkedArticle {
  id: number;
  title: string;
  status: ArticleStatus;
  visibility: ArticleVisibility;
  source: string;
  linkedAt: string;
  linkedBy: string | null;
}

export type DeflectionInterval = 'day' | 'week' | 'month';

export interface DeflectionCounts {
  sessions: number;
  decided: number;
  opened: number;
  deflected: number;
  ticketed: number;
  rate: number | null;
}

export interface DeflectionReport {
  from: string;
  to: string;
  interval: DeflectionInterval;
  expiryMinutes: number;
  total: DeflectionCounts;
  byPeriod: (DeflectionCounts & { periodStart: string })[];
  byArticle: {
    articleId: number;
    title: string;
    suggested: number;
    opened: number;
    deflected: number;
    rate: number | null;
  }[];
}

export const kbKeys = {
  all: ['kb'] as const,
  categories: ['kb', 'categories'] as const,
  articles: (params: ArticleListParams) => ['kb', 'articles', params] as const,
  article: (id: number, language?: string) => ['kb', 'article', id, language ?? null] as const,
  search: (params: object) => ['kb', 'search', params] as const,
  versions: (id: number, language: string) => ['kb', 'versions', id, language] as const,
  compare: (id: number, language: string, from: number, to: number) =>
    ['kb', 'compare', id, language, from, to] as const,
  votes: (id: number) => ['kb', 'votes', id] as const,
  tickets: (id: number) => ['kb', 'tickets', id] as const,
  deflection: (params: object) => ['kb', 'deflection', params] as const,
  ticketSuggestions: (ticketId: number) => ['ticket-kb', ticketId, 'suggestions'] as const,
  ticketArticles: (ticketId: number) => ['ticket-kb', ticketId, 'articles'] as const,
};

export function useKbCategories() {
  return useQuery({
    queryKey: kbKeys.categories,
    queryFn: ({ signal }) => api<{ categories: KbCategory[] }>('/api/kb/categories', { signal }),
    select: (data) => data.categories,
    staleTime: 60_000,
  });
}

export function useArticles(params: ArticleListParams, enabled = true) {
  return useQuery({
    queryKey: kbKeys.articles(params),
    queryFn: ({ signal }) =>
      api<{ articles: ArticleListItem[]; hasMore: boolean }>(
        `/api/kb/articles${queryString({ ...params, stale: params.stale === undefined ? undefined : String(params.stale) })}`,
        { signal },
      ),
    placeholderData: keepPreviousData,
    enabled,
  });
}

/** A reader's view counts once per page visit; editors read with countView=false. */
export function useArticle(id: number, options: { language?: string; countView?: boolean } = {}) {
  const { language, countView = false } = options;
  return useQuery({
    queryKey: [...kbKeys.article(id, language), countView ? 'read' : 'edit'],
    queryFn: ({ signal }) =>
      api<Article>(`/api/kb/articles/${id}${queryString({ language, countView: String(countView) })}`, {
        signal,
      }),
    enabled: Number.isFinite(id) && id > 0,
    // Counting a view is a side effect: never refetch the reader's copy behind their back.
    staleTime: countView ? Number.POSITIVE_INFINITY : 0,
    refetchOnWindowFocus: !countView,
    retry: (count, error) => count < 2 && !(error instanceof Error && 'status' in error),
  });
}

export function useKbSearch(params: {
  q: string;
  categoryId?: number;
  status?: ArticleStatus[];
  limit?: number;
}) {
  const q = params.q.trim();
  return useQuery({
    queryKey: kbKeys.search({ ...params, q }),
    queryFn: ({ signal }) =>
      api<SearchResult>(
        `/api/kb/search${queryString({ q, categoryId: params.categoryId, status: params.status, limit: params.limit })}`,
        { signal },
      ),
    enabled: q.length > 0,
    placeholderData: keepPreviousData,
  });
}

/** Anonymous readers vote under an id their browser keeps, so voting again replaces the vote. */
export function voterId(): string {
  const key = 'tierline-kb-voter';
  let id = localStorage.getItem(key);
  if (!id) {
    id = crypto.randomUUID().replace(/-/g, '');
    localStorage.setItem(key, id);
  }
  return id;
}

export function useVote(articleId: number) {
  return useMutation({
    mutationFn: (vote: { helpful: boolean; comment?: string; anonymous: boolean }) =>
      api<{ helpfulCount: number; notHelpfulCount: number }>(`/api/kb/articles/${articleId}/votes`, {
        method: 'POST',
        body: {
          helpful: vote.helpful,
          comment: vote.comment ?? '',
          voterId: vote.anonymous ? voterId() : undefined,
        },
      }),
  });
}

/** Tier 0: suggestions for a request being written, and what came of them. */
export const deflection = {
  suggest: (
    input: { subject: string; text: string; sessionId: string; limit?: number },
    signal?: AbortSignal,
  ) =>
    api<{ articles: SearchHit[]; sessionId: string | null }>('/api/kb/suggest', {
      method: 'POST',
      body: input,
      signal,
    }),
  opened: (sessionId: string, articleId: number) =>
    api<undefined>(`/api/kb/suggest/sessions/${sessionId}/opened`, { method: 'POST', body: { articleId } }),
  resolved: (sessionId: string, articleId?: number) =>
    api<undefined>(`/api/kb/suggest/sessions/${sessionId}/resolved`, {
      method: 'POST',
      body: { articleId },
    }),
  submitted: (sessionId: string, ticketId?: number) =>
    api<undefined>(`/api/kb/suggest/sessions/${sessionId}/submitted`, {
      method: 'POST',
      body: { ticketId },
    }),
};

export function useDeflectionReport(params: { from: string; to: string; interval: DeflectionInterval }) {
  return useQuery({
    queryKey: kbKeys.deflection(params),
    queryFn: ({ signal }) =>
      api<DeflectionReport>(`/api/kb/reports/deflection${queryString(params)}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useArticleVersions(id: number, language: string, enabled = true) {
  return useQuery({
    queryKey: kbKeys.versions(id, language),
    queryFn: ({ signal }) =>
      api<{ language: string; versions: ArticleVersionItem[] }>(
        `/api/kb/articles/${id}/versions${queryString({ language })}`,
        { signal },
      ),
    select: (data) => data.versions,
    enabled,
  });
}

export function useVersionCompare(id: number, language: string, from: number | null, to: number | null) {
  return useQuery({
    queryKey: kbKeys.compare(id, language, from ?? 0, to ?? 0),
    queryFn: ({ signal }) =>
      api<{ from: ArticleVersion; to: ArticleVersion; changed: VersionField[] }>(
        `/api/kb/articles/${id}/versions/compare${queryString({ language, from, to })}`,
        { signal },
      ),
    enabled: from !== null && to !== null && from !== to,
  });
}

export function useArticleVotes(id: number) {
  return useQuery({
    queryKey: kbKeys.votes(id),
    queryFn: ({ signal }) => api<{ votes: ArticleVote[] }>(`/api/kb/articles/${id}/votes`, { signal }),
    select: (data) => data.votes,
  });
}

export function useArticleTickets(id: number) {
  return useQuery({
    queryKey: kbKeys.tickets(id),
    queryFn: ({ signal }) => api<{ tickets: ArticleTicket[] }>(`/api/kb/articles/${id}/tickets`, { signal }),
    select: (data) => data.tickets,
  });
}

/** Writes answer with the article; the cache takes it and lists refresh. */
export function useArticleAction<TInput>(request: (input: TInput) => Promise<Article | undefined>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (article) => {
      if (article) client.setQueryData([...kbKeys.article(article.id, article.language), 'edit'], article);
      void client.invalidateQueries({ queryKey: kbKeys.all });
    },
  });
}

export const articleActions = {
  create: (input: ArticleInput) => api<Article>('/api/kb/articles', { method: 'POST', body: input }),
  update: (id: number, settings: ArticleSettings) =>
    api<Article>(`/api/kb/articles/${id}`, { method: 'PATCH', body: settings }),
  saveTranslation: (id: number, language: string, input: TranslationInput) =>
    api<Article>(`/api/kb/articles/${id}/translations/${language}`, { method: 'PUT', body: input }),
  deleteTranslation: (id: number, language: string) =>
    api<undefined>(`/api/kb/articles/${id}/translations/${language}`, { method: 'DELETE' }),
  changeStatus: (id: number, status: ArticleStatus, note?: string) =>
    api<Article>(`/api/kb/articles/${id}/status`, { method: 'POST', body: { status, note } }),
  remove: (id: number) => api<undefined>(`/api/kb/articles/${id}`, { method: 'DELETE' }),
  flagStale: (id: number, reason: string) =>
    api<undefined>(`/api/kb/articles/${id}/stale`, { method: 'POST', body: { reason } }),
  clearStale: (id: number) => api<undefined>(`/api/kb/articles/${id}/stale`, { method: 'DELETE' }),
  restore: (id: number, version: number, language: string) =>
    api<Article>(`/api/kb/articles/${id}/versions/${version}/restore${queryString({ language })}`, {
      method: 'POST',
    }),
  createCategory: (input: { name: string; description?: string; parentId?: number | null }) =>
    api<KbCategory>('/api/kb/categories', { method: 'POST', body: input }),
};

export function useTicketSuggestions(ticketId: number) {
  return useQuery({
    queryKey: kbKeys.ticketSuggestions(ticketId),
    queryFn: ({ signal }) => api<TicketSuggestions>(`/api/tickets/${ticketId}/suggestions`, { signal }),
    staleTime: 60_000,
  });
}

export function useTicketArticles(ticketId: number) {
  return useQuery({
    queryKey: kbKeys.ticketArticles(ticketId),
    queryFn: ({ signal }) =>
      api<{ articles: LinkedArticle[] }>(`/api/tickets/${ticketId}/articles`, { signal }),
    select: (data) => data.articles,
  });
}

/** Records that an article was used on the ticket (idempotent); the ticket's history notes it. */
export function useLinkArticle(ticketId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (articleId: number) =>
      api<undefined>(`/api/tickets/${ticketId}/articles`, { method: 'POST', body: { articleId } }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['ticket-kb', ticketId] });
      void client.invalidateQueries({ queryKey: ticketKeys.events(ticketId) });
    },
  });
}

export function useUnlinkArticle(ticketId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (articleId: number) =>
      api<undefined>(`/api/tickets/${ticketId}/articles/${articleId}`, { method: 'DELETE' }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['ticket-kb', ticketId] });
      void client.invalidateQueries({ queryKey: ticketKeys.events(ticketId) });
    },
  });
}

export const draftFromTicket = (ticketId: number, submitForReview = false) =>
  api<Article>(`/api/tickets/${ticketId}/article-draft`, { method: 'POST', body: { submitForReview } });

/** Where readers find an article: the help centre (public, signed-out too). */
export const helpArticlePath = (id: number) => `/help/articles/${id}`;
export const helpArticleUrl = (id: number) => `${window.location.origin}${helpArticlePath(id)}`;
