import type { ColumnType, Generated, Selectable } from 'kysely';

// Tables of migrations 0004_email.sql and 0006, merged into the Database type in db/schema.ts.

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | T | undefined, string | T>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export const INBOUND_STATES = ['processed', 'dropped', 'failed'] as const;
export type InboundState = (typeof INBOUND_STATES)[number];
export const DELIVERY_STATES = ['queued', 'sent', 'failed', 'bounced', 'suppressed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];
export const MAILBOX_MODES = ['poll', 'idle'] as const;
export type MailboxMode = (typeof MAILBOX_MODES)[number];

export interface EmailAddressesTable {
  id: Generated<number>;
  address: string;
  display_name: Defaulted<string>;
  team_id: number | null;
  is_default: Defaulted<boolean>;
  active: Defaulted<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface EmailMailboxesTable {
  id: Generated<number>;
  name: string;
  address_id: number | null;
  host: string;
  port: number;
  tls: Defaulted<boolean>;
  username: string;
  /** Sealed by SecretBox when password_sealed (migration 0006); never sent to clients. */
  password: string;
  password_sealed: Defaulted<boolean>;
  folder: Defaulted<string>;
  processed_folder: string | null;
  mode: Defaulted<MailboxMode>;
  poll_seconds: Defaulted<number>;
  active: Defaulted<boolean>;
  lease_until: Timestamp | null;
  last_polled_at: Timestamp | null;
  last_error: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface EmailInboundTable {
  id: Generated<number>;
  source: string;
  message_id: string;
  raw: Buffer;
  size_bytes: number;
  envelope_from: string | null;
  envelope_to: Defaulted<string[]>;
  from_address: string | null;
  subject: Defaulted<string>;
  state: InboundState;
  outcome: string;
  reason: string | null;
  suppress_auto_response: Defaulted<boolean>;
  ticket_id: number | null;
  ticket_message_id: number | null;
  html: string | null;
  inline_attachments: Json<Record<string, number>>;
  quoted_text: string | null;
  error: string | null;
  received_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface EmailMessageIdsTable {
  message_id: string;
  ticket_id: number;
  ticket_message_id: number | null;
  direction: 'inbound' | 'outbound';
  created_at: CreatedAt;
}

export interface EmailDeliveriesTable {
  id: Generated<number>;
  ticket_id: number | null;
  ticket_message_id: number | null;
  kind: string;
  recipient_user_id: number | null;
  from_address: string;
  to_addresses: string[];
  cc_addresses: Defaulted<string[]>;
  subject: string;
  message_id: string;
  in_reply_to: string | null;
  references_ids: Defaulted<string[]>;
  body_text: string;
  body_html: string;
  attachment_ids: Defaulted<number[]>;
  automatic: Defaulted<boolean>;
  state: Defaulted<DeliveryState>;
  attempts: Defaulted<number>;
  last_error: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  sent_at: Timestamp | null;
}

export interface EmailBouncesTable {
  address: string;
  reason: string;
  ticket_id: number | null;
  bounce_count: Defaulted<number>;
  first_bounced_at: CreatedAt;
  last_bounced_at: UpdatedAt;
}

export interface EmailSenderCountersTable {
  address: string;
  window_start: Timestamp;
  message_count: Defaulted<number>;
}

export interface EmailTemplatesTable {
  kind: string;
  language: string;
  subject: string;
  body: string;
  updated_by: number | null;
  updated_at: UpdatedAt;
}

export interface NotificationPreferencesTable {
  user_id: number;
  kind: string;
  email: boolean;
  updated_at: UpdatedAt;
}

export interface TicketParticipantsTable {
  ticket_id: number;
  user_id: number;
  source: Defaulted<string>;
  created_at: CreatedAt;
}

export interface EmailOutboxTable {
  id: Generated<number>;
  ticket_event_id: number | null;
  notification_id: number | null;
  created_at: CreatedAt;
}

export interface EmailDatabase {
  email_addresses: EmailAddressesTable;
  email_mailboxes: EmailMailboxesTable;
  email_inbound: EmailInboundTable;
  email_message_ids: EmailMessageIdsTable;
  email_deliveries: EmailDeliveriesTable;
  email_bounces: EmailBouncesTable;
  email_sender_counters: EmailSenderCountersTable;
  email_templates: EmailTemplatesTable;
  notification_preferences: NotificationPreferencesTable;
  ticket_participants: TicketParticipantsTable;
  email_outbox: EmailOutboxTable;
}

export type EmailAddressRow = Selectable<EmailAddressesTable>;
export type EmailMailboxRow = Selectable<EmailMailboxesTable>;
export type EmailInboundRow = Selectable<EmailInboundTable>;
export type EmailDeliveryRow = Selectable<EmailDeliveriesTable>;
