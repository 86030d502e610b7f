import { useQuery } from '@tanstack/react-query';
import { api } from './client';

/** The email channel's API (server/src/modules/channels/email) as the web app reads it. */

export const NOTIFICATION_KINDS = [
  'ticket_received',
  'agent_reply',
  'ticket_solved',
  'assigned',
  'mentioned',
  'customer_replied',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface SupportAddress {
  id: number;
  address: string;
  displayName: string;
  teamId: number | null;
  isDefault: boolean;
  active: boolean;
}

export type MailboxMode = 'poll' | 'idle';

export interface Mailbox {
  id: number;
  name: string;
  addressId: number | null;
  host: string;
  port: number;
  tls: boolean;
  username: string;
  hasPassword: boolean;
  folder: string;
  processedFolder: string | null;
  mode: MailboxMode;
  pollSeconds: number;
  active: boolean;
  lastPolledAt: string | null;
  lastError: string | null;
}

export interface EmailTemplate {
  kind: NotificationKind;
  language: string;
  subject: string;
  body: string;
  customised: boolean;
  updatedAt: string | null;
}

export interface TemplatePreview {
  subject: string;
  text: string;
  html: string;
}

export interface ChannelSettings {
  inbound: {
    listening: boolean;
    host: string;
    port: number;
    maxMessageMb: number;
    startTls: boolean;
    authRequired: boolean;
    subjectMatchDays: number;
    senderLimitPerHour: number;
  };
  outbound: {
    relayConfigured: boolean;
    host: string | null;
    port: number;
    secure: boolean;
    authenticated: boolean;
    from: string;
    attempts: number;
    firstRetrySeconds: number;
  };
}

export type DeliveryState = 'queued' | 'sent' | 'failed' | 'bounced' | 'suppressed';

export interface Delivery {
  id: number;
  kind: string;
  messageId: number | null;
  to: string[];
  cc: string[];
  subject: string;
  state: DeliveryState;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

export interface Deliveries {
  deliveries: Delivery[];
  maxAttempts: number;
  retrySeconds: number;
}

export interface MessageHtml {
  html: string;
  hasRemoteContent: boolean;
  remoteShown: boolean;
  hasQuote: boolean;
  quotedText: string | null;
  email: { from: string | null; to: string[]; cc: string[]; subject: string; date: string | null } | null;
}

export interface Participant {
  id: number;
  name: string;
  email: string;
  source: string;
}

export interface NotificationPreference {
  kind: NotificationKind;
  email: boolean;
}

export const emailKeys = {
  addresses: ['email-addresses'] as const,
  mailboxes: ['email-mailboxes'] as const,
  templates: ['email-templates'] as const,
  settings: ['email-settings'] as const,
  preferences: ['notification-preferences'] as const,
  deliveries: (ticketId: number) => ['ticket-deliveries', ticketId] as const,
  participants: (ticketId: number) => ['ticket-participants', ticketId] as const,
  html: (ticketId: number, messageId: number, remote: boolean) =>
    ['message-html', ticketId, messageId, remote] as const,
};

export function useSupportAddresses() {
  return useQuery({
    queryKey: emailKeys.addresses,
    queryFn: async ({ signal }) =>
      (await api<{ addresses: SupportAddress[] }>('/api/email/addresses', { signal })).addresses,
    retry: false,
  });
}

export function useMailboxes() {
  return useQuery({
    queryKey: emailKeys.mailboxes,
    queryFn: async ({ signal }) =>
      (await api<{ mailboxes: Mailbox[] }>('/api/email/mailboxes', { signal })).mailboxes,
    retry: false,
  });
}

export function useEmailTemplates() {
  return useQuery({
    queryKey: emailKeys.templates,
    queryFn: ({ signal }) =>
      api<{ templates: EmailTemplate[]; variables: string[] }>('/api/email/templates', { signal }),
    retry: false,
  });
}

export function useChannelSettings() {
  return useQuery({
    queryKey: emailKeys.settings,
    queryFn: ({ signal }) => api<ChannelSettings>('/api/email/settings', { signal }),
    retry: false,
  });
}

export function useNotificationPreferences() {
  return useQuery({
    queryKey: emailKeys.preferences,
    queryFn: async ({ signal }) =>
      (await api<{ preferences: NotificationPreference[] }>('/api/me/notification-preferences', { signal }))
        .preferences,
    retry: false,
  });
}

/** Outgoing mail of a ticket; polled while some of it still waits to be sent. */
export function useDeliveries(ticketId: number) {
  return useQuery({
    queryKey: emailKeys.deliveries(ticketId),
    queryFn: ({ signal }) => api<Deliveries>(`/api/tickets/${ticketId}/deliveries`, { signal }),
    refetchInterval: (query) =>
      query.state.data?.deliveries.some((delivery) => delivery.state === 'queued') ? 4000 : false,
    retry: false,
  });
}

export function useParticipants(ticketId: number) {
  return useQuery({
    queryKey: emailKeys.participants(ticketId),
    queryFn: async ({ signal }) =>
      (await api<{ participants: Participant[] }>(`/api/tickets/${ticketId}/participants`, { signal }))
        .participants,
    retry: false,
  });
}

export function useMessageHtml(ticketId: number, messageId: number, remote: boolean, enabled = true) {
  return useQuery({
    queryKey: emailKeys.html(ticketId, messageId, remote),
    queryFn: ({ signal }) =>
      api<MessageHtml>(`/api/tickets/${ticketId}/messages/${messageId}/html${remote ? '?remote=true' : ''}`, {
        signal,
      }),
    staleTime: Number.POSITIVE_INFINITY,
    enabled,
    retry: false,
  });
}

export const emailApi = {
  createAddress: (body: Omit<SupportAddress, 'id'>) =>
    api<SupportAddress>('/api/email/addresses', { method: 'POST', body }),
  updateAddress: (id: number, body: Partial<Omit<SupportAddress, 'id'>>) =>
    api<SupportAddress>(`/api/email/addresses/${id}`, { method: 'PATCH', body }),
  deleteAddress: (id: number) => api<undefined>(`/api/email/addresses/${id}`, { method: 'DELETE' }),
  createMailbox: (body: Record<string, unknown>) =>
    api<Mailbox>('/api/email/mailboxes', { method: 'POST', body }),
  updateMailbox: (id: number, body: Record<string, unknown>) =>
    api<Mailbox>(`/api/email/mailboxes/${id}`, { method: 'PATCH', body }),
  deleteMailbox: (id: number) => api<undefined>(`/api/email/mailboxes/${id}`, { method: 'DELETE' }),
  pollMailbox: (id: number) =>
    api<{ imported: number; duplicates: number }>(`/api/email/mailboxes/${id}/poll`, { method: 'POST' }),
  saveTemplate: (kind: NotificationKind, language: string, body: { subject: string; body: string }) =>
    api<EmailTemplate>(`/api/email/templates/${kind}/${encodeURIComponent(language)}`, {
      method: 'PUT',
      body,
    }),
  resetTemplate: (kind: NotificationKind, language: string) =>
    api<undefined>(`/api/email/templates/${kind}/${encodeURIComponent(language)}`, { method: 'DELETE' }),
  previewTemplate: (body: { kind: NotificationKind; subject: string; body: string }) =>
    api<TemplatePreview>('/api/email/templates/preview', { method: 'POST', body }),
  savePreferences: (preferences: NotificationPreference[]) =>
    api<{ preferences: NotificationPreference[] }>('/api/me/notification-preferences', {
      method: 'PUT',
      body: { preferences },
    }),
  retryDelivery: (ticketId: number, deliveryId: number) =>
    api<Delivery>(`/api/tickets/${ticketId}/deliveries/${deliveryId}/retry`, { method: 'POST' }),
  addParticipant: (ticketId: number, body: { email: string; name?: string }) =>
    api<undefined>(`/api/tickets/${ticketId}/participants`, { method: 'POST', body }),
  removeParticipant: (ticketId: number, userId: number) =>
    api<undefined>(`/api/tickets/${ticketId}/participants/${userId}`, { method: 'DELETE' }),
};
