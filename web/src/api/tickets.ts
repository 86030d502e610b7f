import {
  type QueryClient,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { api, queryString } from './client';
import type {
  Attachment,
  BulkChanges,
  NewMessage,
  NewTicket,
  SavedView,
  Ticket,
  TicketChanges,
  TicketEvent,
  TicketFilters,
  TicketPage,
  TicketSort,
} from './types';

export const ticketKeys = {
  lists: ['tickets'] as const,
  list: (params: TicketListParams) => ['tickets', params] as const,
  detail: (id: number) => ['ticket', id] as const,
  events: (id: number) => ['ticket-events', id] as const,
  views: ['views'] as const,
};

export interface TicketListParams extends TicketFilters {
  viewId?: number;
  sort?: TicketSort;
  limit?: number;
}

function listPath(params: TicketListParams, cursor: string | undefined) {
  const { assignee, teamId, ...rest } = params;
  return `/api/tickets${queryString({
    ...rest,
    assignee: assignee === undefined ? undefined : String(assignee),
    teamId: teamId === undefined ? undefined : String(teamId),
    cursor,
  })}`;
}

export function useTicketList(params: TicketListParams, enabled = true) {
  return useInfiniteQuery({
    queryKey: ticketKeys.list(params),
    queryFn: ({ pageParam, signal }) => api<TicketPage>(listPath(params, pageParam), { signal }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

export function searchTickets(text: string, signal?: AbortSignal) {
  return api<TicketPage>(listPath({ text, limit: 8 }, undefined), { signal });
}

export function useTicket(id: number) {
  return useQuery({
    queryKey: ticketKeys.detail(id),
    queryFn: ({ signal }) => api<Ticket>(`/api/tickets/${id}`, { signal }),
    enabled: Number.isFinite(id) && id > 0,
  });
}

export function useTicketEvents(id: number) {
  return useQuery({
    queryKey: ticketKeys.events(id),
    queryFn: ({ signal }) => api<{ events: TicketEvent[] }>(`/api/tickets/${id}/events`, { signal }),
    select: (data) => data.events,
    enabled: Number.isFinite(id) && id > 0,
  });
}

export function useViews(enabled = true) {
  return useQuery({
    queryKey: ticketKeys.views,
    queryFn: ({ signal }) => api<{ views: SavedView[] }>('/api/views', { signal }),
    select: (data) => data.views,
    enabled,
  });
}

/** Puts the ticket the server answered with into the cache and refreshes what depends on it. */
function settle(client: QueryClient, ticket: Ticket) {
  client.setQueryData(ticketKeys.detail(ticket.id), ticket);
  void client.invalidateQueries({ queryKey: ticketKeys.events(ticket.id) });
  void client.invalidateQueries({ queryKey: ticketKeys.lists });
  void client.invalidateQueries({ queryKey: ticketKeys.views });
}

export function useUpdateTicket(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (changes: TicketChanges) =>
      api<Ticket>(`/api/tickets/${id}`, { method: 'PATCH', body: changes }),
    onSuccess: (ticket) => settle(client, ticket),
  });
}

export function useAddMessage(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (message: NewMessage) =>
      api<Ticket>(`/api/tickets/${id}/messages`, { method: 'POST', body: message }),
    onSuccess: (ticket) => settle(client, ticket),
  });
}

export function useCreateTicket() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (ticket: NewTicket) => api<Ticket>('/api/tickets', { method: 'POST', body: ticket }),
    onSuccess: (ticket) => settle(client, ticket),
  });
}

export function useTicketAction<TInput>(
  request: (input: TInput) => Promise<Ticket | undefined>,
  ticketIds: number[] = [],
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: (ticket) => {
      if (ticket) settle(client, ticket);
      for (const id of ticketIds) {
        void client.invalidateQueries({ queryKey: ticketKeys.detail(id) });
        void client.invalidateQueries({ queryKey: ticketKeys.events(id) });
      }
      void client.invalidateQueries({ queryKey: ticketKeys.lists });
    },
  });
}

export const ticketActions = {
  merge: (id: number, targetTicketId: number) =>
    api<Ticket>(`/api/tickets/${id}/merge`, { method: 'POST', body: { targetTicketId } }),
  unmerge: (id: number) => api<Ticket>(`/api/tickets/${id}/unmerge`, { method: 'POST' }),
  split: (id: number, messageIds: number[], subject?: string) =>
    api<Ticket>(`/api/tickets/${id}/split`, { method: 'POST', body: { messageIds, subject } }),
  addWatcher: (id: number, userId: number) =>
    api<undefined>(`/api/tickets/${id}/watchers`, { method: 'POST', body: { userId } }),
  removeWatcher: (id: number, userId: number) =>
    api<undefined>(`/api/tickets/${id}/watchers/${userId}`, { method: 'DELETE' }),
  link: (id: number, ticketId: number) =>
    api<undefined>(`/api/tickets/${id}/links`, { method: 'POST', body: { ticketId } }),
  unlink: (id: number, otherId: number) =>
    api<undefined>(`/api/tickets/${id}/links/${otherId}`, { method: 'DELETE' }),
};

export function useBulkUpdate() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { ticketIds: number[]; changes: BulkChanges }) =>
      api<{ updated: number[] }>('/api/tickets/bulk', { method: 'POST', body: input }),
    onSuccess: ({ updated }) => {
      void client.invalidateQueries({ queryKey: ticketKeys.lists });
      void client.invalidateQueries({ queryKey: ticketKeys.views });
      for (const id of updated) void client.invalidateQueries({ queryKey: ticketKeys.detail(id) });
    },
  });
}

export function uploadAttachment(file: File): Promise<Attachment> {
  const form = new FormData();
  form.append('file', file, file.name);
  return api<Attachment>('/api/attachments', { method: 'POST', body: form });
}

export const attachmentUrl = (id: number) => `/api/attachments/${id}`;
