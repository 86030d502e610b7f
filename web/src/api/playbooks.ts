import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import { ticketKeys } from './tickets';
import type { Priority, TicketStatus, TicketType } from './types';

export interface PlaybookAnswer {
  id: string;
  label: string;
  /** Exactly one of the two. */
  nextStepId?: string;
  outcomeId?: string;
}

export interface PlaybookStep {
  id: string;
  prompt: string;
  help: string;
  articleId?: number;
  answers: PlaybookAnswer[];
}

export interface EscalationFields {
  priority?: Priority;
  type?: TicketType;
  status?: TicketStatus;
  assigneeId?: number | null;
  addTags?: string[];
  removeTags?: string[];
}

export type PlaybookOutcome =
  | { id: string; kind: 'solved'; title: string; articleId?: number; reply: string; note: string }
  | { id: string; kind: 'escalate'; title: string; teamId: number; fields: EscalationFields; note: string };

export interface PlaybookDefinition {
  startStepId: string;
  steps: PlaybookStep[];
  outcomes: PlaybookOutcome[];
}

export interface PlaybookSummary {
  id: number;
  name: string;
  description: string;
  active: boolean;
  /** The published version runs start with; null before the first publish. */
  currentVersion: number | null;
  updatedAt: string;
}

export interface Playbook extends PlaybookSummary {
  definition: PlaybookDefinition | null;
  /** Editors only: unpublished work in progress. */
  draft: PlaybookDefinition | null;
}

export interface PlaybookVersion {
  version: number;
  note: string;
  publishedBy: number | null;
  publishedAt: string;
  definition: PlaybookDefinition;
}

export type RunStatus = 'in_progress' | 'solved' | 'escalated' | 'abandoned';

export interface RunTranscript {
  runId: number;
  ticketId: number;
  playbookId: number;
  playbookName: string;
  version: number;
  status: RunStatus;
  currentStepId: string | null;
  startedBy: string | null;
  startedAt: string;
  finishedAt: string | null;
  outcome: { id: string; kind: 'solved' | 'escalate'; title: string; note: string } | null;
  answers: {
    stepId: string;
    prompt: string;
    answerId: string;
    answer: string;
    note: string;
    answeredBy: string | null;
    answeredAt: string;
  }[];
}

export interface PlaybookRun extends RunTranscript {
  /** The question to ask now; null once the run has ended. */
  currentStep: PlaybookStep | null;
}

export interface ArticleOption {
  id: number;
  title: string;
}

export const playbookKeys = {
  all: ['playbooks'] as const,
  list: ['playbooks', 'list'] as const,
  detail: (id: number) => ['playbooks', 'detail', id] as const,
  versions: (id: number) => ['playbooks', 'versions', id] as const,
  version: (id: number, version: number) => ['playbooks', 'version', id, version] as const,
  ticketRuns: (ticketId: number) => ['playbook-runs', 'ticket', ticketId] as const,
  run: (runId: number) => ['playbook-runs', 'run', runId] as const,
  articles: ['playbooks', 'articles'] as const,
};

/** Operators get the active, published playbooks; editors get all of them. */
export function usePlaybooks(enabled = true) {
  return useQuery({
    queryKey: playbookKeys.list,
    queryFn: ({ signal }) => api<{ playbooks: PlaybookSummary[] }>('/api/playbooks', { signal }),
    select: (data) => data.playbooks,
    enabled,
  });
}

export function usePlaybook(id: number) {
  return useQuery({
    queryKey: playbookKeys.detail(id),
    queryFn: ({ signal }) => api<Playbook>(`/api/playbooks/${id}`, { signal }),
    enabled: Number.isFinite(id) && id > 0,
  });
}

export function usePlaybookVersions(id: number) {
  return useQuery({
    queryKey: playbookKeys.versions(id),
    queryFn: ({ signal }) =>
      api<{ versions: PlaybookVersion[] }>(`/api/playbooks/${id}/versions`, { signal }),
    select: (data) => data.versions,
    enabled: Number.isFinite(id) && id > 0,
  });
}

/** The version a run follows, for what its answers lead to; versions never change once published. */
export function usePlaybookVersion(id: number, version: number, enabled = true) {
  return useQuery({
    queryKey: playbookKeys.version(id, version),
    queryFn: ({ signal }) => api<PlaybookVersion>(`/api/playbooks/${id}/versions/${version}`, { signal }),
    staleTime: Infinity,
    retry: false,
    enabled,
  });
}

/** Published articles, for the editor's article pickers. */
export function usePublishedArticles(enabled = true) {
  return useQuery({
    queryKey: playbookKeys.articles,
    queryFn: ({ signal }) =>
      api<{ articles: ArticleOption[] }>('/api/kb/articles?status=published&sort=title&limit=200', {
        signal,
      }),
    select: (data) => data.articles.map(({ id, title }) => ({ id, title })),
    staleTime: 60_000,
    retry: false,
    enabled,
  });
}

export function useTicketRuns(ticketId: number) {
  return useQuery({
    queryKey: playbookKeys.ticketRuns(ticketId),
    queryFn: ({ signal }) =>
      api<{ runs: RunTranscript[] }>(`/api/tickets/${ticketId}/playbook-runs`, { signal }),
    select: (data) => data.runs,
  });
}

export function useRun(runId: number | null) {
  return useQuery({
    queryKey: playbookKeys.run(runId ?? 0),
    queryFn: ({ signal }) => api<PlaybookRun>(`/api/playbook-runs/${runId}`, { signal }),
    enabled: runId !== null,
  });
}

/** A run changed: the run, the ticket's runs, and the ticket (an outcome changes its fields). */
function useSettleRun(ticketId: number) {
  const client = useQueryClient();
  return (run: PlaybookRun) => {
    client.setQueryData(playbookKeys.run(run.runId), run);
    void client.invalidateQueries({ queryKey: playbookKeys.ticketRuns(ticketId) });
    void client.invalidateQueries({ queryKey: ticketKeys.events(ticketId) });
    if (run.status !== 'in_progress') {
      void client.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) });
      void client.invalidateQueries({ queryKey: ticketKeys.lists });
    }
  };
}

export function useStartRun(ticketId: number) {
  const settle = useSettleRun(ticketId);
  return useMutation({
    mutationFn: (playbookId: number) =>
      api<PlaybookRun>(`/api/tickets/${ticketId}/playbook-runs`, { method: 'POST', body: { playbookId } }),
    onSuccess: settle,
  });
}

export function useAnswerRun(ticketId: number) {
  const settle = useSettleRun(ticketId);
  return useMutation({
    mutationFn: ({ runId, ...body }: { runId: number; stepId: string; answerId: string; note: string }) =>
      api<PlaybookRun>(`/api/playbook-runs/${runId}/answers`, { method: 'POST', body }),
    onSuccess: settle,
  });
}

export function useAbandonRun(ticketId: number) {
  const settle = useSettleRun(ticketId);
  return useMutation({
    mutationFn: (runId: number) =>
      api<PlaybookRun>(`/api/playbook-runs/${runId}/abandon`, { method: 'POST' }),
    onSuccess: settle,
  });
}

export const playbookEditing = {
  create: (body: { name: string; description: string; definition?: PlaybookDefinition }) =>
    api<Playbook>('/api/playbooks', { method: 'POST', body }),
  update: (id: number, body: { name?: string; description?: string; active?: boolean }) =>
    api<Playbook>(`/api/playbooks/${id}`, { method: 'PATCH', body }),
  saveDraft: (id: number, definition: PlaybookDefinition) =>
    api<Playbook>(`/api/playbooks/${id}/draft`, { method: 'PUT', body: { definition } }),
  publish: (id: number, definition: PlaybookDefinition, note: string) =>
    api<Playbook>(`/api/playbooks/${id}/publish`, { method: 'POST', body: { definition, note } }),
};

/** An editor write: the answer replaces the cached playbook and the lists refresh. */
export function usePlaybookWrite<TInput>(request: (input: TInput) => Promise<Playbook>) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (playbook) => {
      client.setQueryData(playbookKeys.detail(playbook.id), playbook);
      void client.invalidateQueries({ queryKey: playbookKeys.list });
      void client.invalidateQueries({ queryKey: playbookKeys.versions(playbook.id) });
    },
  });
}

/** Every run on the ticket as hand-over text, for a manual escalation's summary. */
export function usePlaybookHandOver(ticketId: number, enabled: boolean) {
  return useQuery({
    queryKey: [...playbookKeys.ticketRuns(ticketId), 'hand-over'] as const,
    queryFn: ({ signal }) =>
      api<{ text: string; runs: RunTranscript[] }>(`/api/tickets/${ticketId}/playbook-transcript`, {
        signal,
      }),
    enabled,
    retry: false,
  });
}
