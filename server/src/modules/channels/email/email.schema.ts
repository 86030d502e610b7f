import { z } from 'zod';
import {
  DELIVERY_STATES,
  type EmailAddressRow,
  type EmailDeliveryRow,
  type EmailInboundRow,
  type EmailMailboxRow,
  INBOUND_STATES,
  MAILBOX_MODES,
} from './email.tables.ts';
import { NOTIFICATION_KINDS, type StoredTemplate } from './templates.ts';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const queryId = z.coerce.number().pipe(id);
export const idParams = z.object({ id: queryId });
export const messageParams = z.object({ id: queryId, messageId: queryId });
export const participantParams = z.object({ id: queryId, userId: queryId });
const emailAddress = z
  .email()
  .max(320)
  .transform((value) => value.toLowerCase());

export const createAddressSchema = z.object({
  address: emailAddress,
  displayName: z.string().trim().max(200).default(''),
  teamId: id.nullable().default(null),
  isDefault: z.boolean().default(false),
  active: z.boolean().default(true),
});
export type CreateAddressInput = z.output<typeof createAddressSchema>;
export const updateAddressSchema = createAddressSchema.partial().strict();
export type UpdateAddressInput = z.output<typeof updateAddressSchema>;

export const addressSchema = z.object({
  id: z.number(),
  address: z.string(),
  displayName: z.string(),
  teamId: z.number().nullable(),
  isDefault: z.boolean(),
  active: z.boolean(),
});
export const presentAddress = (row: EmailAddressRow): z.output<typeof addressSchema> => ({
  id: row.id,
  address: row.address,
  displayName: row.display_name,
  teamId: row.team_id,
  isDefault: row.is_default,
  active: row.active,
});

const folder = z.string().trim().min(1).max(200);
export const createMailboxSchema = z.object({
  name: z.string().trim().min(1).max(200),
  addressId: id.nullable().default(null),
  host: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65535).default(993),
  tls: z.boolean().default(true),
  username: z.string().min(1).max(320),
  password: z.string().min(1).max(1000),
  folder: folder.default('INBOX'),
  /** Imported mail is moved here; without one it is flagged \Seen and left in place. */
  processedFolder: folder.nullable().default(null),
  mode: z.enum(MAILBOX_MODES).default('poll'),
  pollSeconds: z.number().int().min(5).max(86_400).default(60),
  active: z.boolean().default(true),
});
export type CreateMailboxInput = z.output<typeof createMailboxSchema>;
export const updateMailboxSchema = createMailboxSchema.partial().strict();
export type UpdateMailboxInput = z.output<typeof updateMailboxSchema>;

/** The password is never sent back; hasPassword says one is stored. */
export const mailboxSchema = z.object({
  id: z.number(),
  name: z.string(),
  addressId: z.number().nullable(),
  host: z.string(),
  port: z.number(),
  tls: z.boolean(),
  username: z.string(),
  hasPassword: z.boolean(),
  folder: z.string(),
  processedFolder: z.string().nullable(),
  mode: z.enum(MAILBOX_MODES),
  pollSeconds: z.number(),
  active: z.boolean(),
  lastPolledAt: z.date().nullable(),
  lastError: z.string().nullable(),
});
export const presentMailbox = (row: EmailMailboxRow): z.output<typeof mailboxSchema> => ({
  id: row.id,
  name: row.name,
  addressId: row.address_id,
  host: row.host,
  port: row.port,
  tls: row.tls,
  username: row.username,
  hasPassword: row.password !== '',
  folder: row.folder,
  processedFolder: row.processed_folder,
  mode: row.mode,
  pollSeconds: row.poll_seconds,
  active: row.active,
  lastPolledAt: row.last_polled_at,
  lastError: row.last_error,
});

export const inboundQuerySchema = z.object({
  state: z.enum(INBOUND_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  before: queryId.optional(),
});
export const inboundSchema = z.object({
  id: z.number(),
  source: z.string(),
  messageId: z.string(),
  from: z.string().nullable(),
  subject: z.string(),
  sizeBytes: z.number(),
  state: z.enum(INBOUND_STATES),
  outcome: z.string(),
  reason: z.string().nullable(),
  error: z.string().nullable(),
  ticketId: z.number().nullable(),
  receivedAt: z.date(),
});
export const presentInbound = (
  row: Omit<EmailInboundRow, 'raw' | 'html'>,
): z.output<typeof inboundSchema> => ({
  id: row.id,
  source: row.source,
  messageId: row.message_id,
  from: row.from_address,
  subject: row.subject,
  sizeBytes: row.size_bytes,
  state: row.state,
  outcome: row.outcome,
  reason: row.reason,
  error: row.error,
  ticketId: row.ticket_id,
  receivedAt: row.received_at,
});

export const templateParams = z.object({
  kind: z.enum(NOTIFICATION_KINDS),
  language: z.string().regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/i),
});
export const templateBodySchema = z.object({
  subject: z.string().trim().min(1).max(500),
  body: z.string().min(1).max(50_000),
});
export const templateSchema = z.object({
  kind: z.enum(NOTIFICATION_KINDS),
  language: z.string(),
  subject: z.string(),
  body: z.string(),
  customised: z.boolean(),
  updatedAt: z.date().nullable(),
});
export const presentTemplate = (template: StoredTemplate): z.output<typeof templateSchema> => template;

export const templatePreviewBodySchema = templateBodySchema.extend({ kind: z.enum(NOTIFICATION_KINDS) });
export const templatePreviewSchema = z.object({ subject: z.string(), text: z.string(), html: z.string() });

/** The channel's settings as this node runs them (from the environment; read-only here). */
export const channelSettingsSchema = z.object({
  inbound: z.object({
    /** The SMTP listener of the node that answered; port 0 when it is off. */
    listening: z.boolean(),
    host: z.string(),
    port: z.number(),
    maxMessageMb: z.number(),
    startTls: z.boolean(),
    authRequired: z.boolean(),
    subjectMatchDays: z.number(),
    senderLimitPerHour: z.number(),
  }),
  outbound: z.object({
    relayConfigured: z.boolean(),
    host: z.string().nullable(),
    port: z.number(),
    secure: z.boolean(),
    authenticated: z.boolean(),
    from: z.string(),
    attempts: z.number(),
    firstRetrySeconds: z.number(),
  }),
});

export const preferencesSchema = z.object({
  preferences: z.array(z.object({ kind: z.enum(NOTIFICATION_KINDS), email: z.boolean() })),
});

export const deliveryParams = z.object({ id: queryId, deliveryId: queryId });
export const deliverySchema = z.object({
  id: z.number(),
  kind: z.string(),
  messageId: z.number().nullable(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  subject: z.string(),
  state: z.enum(DELIVERY_STATES),
  attempts: z.number(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  sentAt: z.date().nullable(),
});
export const presentDelivery = (row: EmailDeliveryRow): z.output<typeof deliverySchema> => ({
  id: row.id,
  kind: row.kind,
  messageId: row.ticket_message_id,
  to: row.to_addresses,
  cc: row.cc_addresses,
  subject: row.subject,
  state: row.state,
  attempts: row.attempts,
  lastError: row.last_error,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  sentAt: row.sent_at,
});

export const htmlQuerySchema = z.object({ remote: z.enum(['true', 'false']).default('false') });
export const messageHtmlSchema = z.object({
  /** Safe to put in the page: sanitised, remote images behind placeholders unless remote=true. */
  html: z.string(),
  hasRemoteContent: z.boolean(),
  remoteShown: z.boolean(),
  hasQuote: z.boolean(),
  /** Plain-text quoted history cut from the message body (email only). */
  quotedText: z.string().nullable(),
  /** Headers of the mail the message came in as; null for messages that did not come by mail. */
  email: z
    .object({
      from: z.string().nullable(),
      to: z.array(z.string()),
      cc: z.array(z.string()),
      subject: z.string(),
      date: z.string().nullable(),
    })
    .nullable(),
});

export const participantSchema = z.object({
  id: z.number(),
  name: z.string(),
  email: z.string(),
  source: z.string(),
});
export const addParticipantSchema = z.object({
  email: emailAddress,
  name: z.string().trim().max(200).default(''),
});
