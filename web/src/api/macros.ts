import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, queryString } from './client';
import { ticketKeys } from './tickets';
import type { Priority, TicketStatus, TicketType } from './types';

/** Field changes a macro makes (GET /api/macros), applied through the ticket rules. */
export interface MacroActions {
  status?: TicketStatus;
  priority?: Priority;
  type?: TicketType;
  teamId?: number | null;
  assigneeId?: number | null;
  assignToMe?: boolean;
  addTags?: string[];
  removeTags?: string[];
}

export type ReplyVisibility = 'public' | 'internal';

export interface Macro {
  id: number;
  title: string;
  description: string;
  body: string;
  replyVisibility: ReplyVisibility;
  actions: MacroActions;
  /** Shared with all staff (owner null); otherwise the caller's own. */
  shared: boolean;
  active: boolean;
  usageCount: number;
  createdAt: string;
  updatedAt: string;
}

export interface MacroInput {
  title: string;
  description: string;
  body: string;
  replyVisibility: ReplyVisibility;
  actions: MacroActions;
  active: boolean;
  /** Only on create: shared macros are for supervisors and up. */
  shared?: boolean;
}

export interface MacroVariable {
  name: string;
  description: string;
}

/** What applying (or previewing) a macro on a ticket does. */
export interface MacroApplication {
  body: string;
  replyVisibility: ReplyVisibility;
  changes: {
    status?: TicketStatus;
    priority?: Priority | null;
    type?: TicketType;
    teamId?: number | null;
    assigneeId?: number | null;
    tags?: string[];
  };
  applied: boolean;
  messageId: number | null;
  ticketVersion: number;
}

export const macroKeys = {
  all: ['macros'] as const,
  list: (includeInactive: boolean) => ['macros', { includeInactive }] as const,
  variables: ['macros', 'variables'] as const,
  preview: (ticketId: number, macroId: number, version: number) =>
    ['macros', 'preview', ticketId, macroId, version] as const,
};

/** Your macros and the shared ones, most used first. */
export function useMacros(includeInactive = false, enabled = true) {
  return useQuery({
    queryKey: macroKeys.list(includeInactive),
    queryFn: ({ signal }) =>
      api<{ macros: Macro[] }>(
        `/api/macros${queryString({ includeInactive: includeInactive || undefined })}`,
        {
          signal,
        },
      ),
    select: (data) => data.macros,
    enabled,
  });
}

export function useMacroVariables(enabled = true) {
  return useQuery({
    queryKey: macroKeys.variables,
    queryFn: ({ signal }) => api<{ variables: MacroVariable[] }>('/api/macros/variables', { signal }),
    select: (data) => data.variables,
    staleTime: Infinity,
    enabled,
  });
}

/** The macro rendered for this ticket, without changing anything. */
export function useMacroPreview(ticketId: number, macroId: number | null, version: number) {
  return useQuery({
    queryKey: macroKeys.preview(ticketId, macroId ?? 0, version),
    queryFn: ({ signal }) =>
      api<MacroApplication>(`/api/tickets/${ticketId}/macros/${macroId}/apply`, {
        method: 'POST',
        body: { preview: true },
        signal,
      }),
    enabled: macroId !== null,
    staleTime: 30_000,
  });
}

/** Makes the macro's field changes on the ticket and answers its reply text, filled in. */
export function useApplyMacro(ticketId: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ macroId, version }: { macroId: number; version: number }) =>
      api<MacroApplication>(`/api/tickets/${ticketId}/macros/${macroId}/apply`, {
        method: 'POST',
        body: { version },
      }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) });
      void client.invalidateQueries({ queryKey: ticketKeys.events(ticketId) });
      void client.invalidateQueries({ queryKey: ticketKeys.lists });
      void client.invalidateQueries({ queryKey: macroKeys.all });
    },
  });
}

export function useSaveMacro() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: number | null; input: MacroInput }) => {
      if (id === null) return api<Macro>('/api/macros', { method: 'POST', body: input });
      const { shared: _shared, ...changes } = input;
      return api<Macro>(`/api/macros/${id}`, { method: 'PATCH', body: changes });
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: macroKeys.all }),
  });
}

export function useDeleteMacro() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api<undefined>(`/api/macros/${id}`, { method: 'DELETE' }),
    onSuccess: () => void client.invalidateQueries({ queryKey: macroKeys.all }),
  });
}
