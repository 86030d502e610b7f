import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { EmailDatabase } from '../modules/channels/email/email.tables.ts';
import type { KnowledgeDatabase } from './schema-knowledge.ts';
import type { SlaDatabase } from './schema-sla.ts';

/** Timestamps are written as Date or ISO strings and always read back as Date. */
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string | T, string | T>;

export const ROLES = [
  'customer',
  'client_admin',
  'operator',
  'engineer',
  'supervisor',
  'manager',
  'admin',
] as const;
export type Role = (typeof ROLES)[number];

export const TICKET_STATUSES = ['new', 'open', 'pending', 'on_hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
export const TICKET_TYPES = ['question', 'incident', 'problem', 'service_request', 'bug'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];
export const CHANNELS = ['email', 'portal', 'chat', 'phone', 'sms', 'api', 'web_form', 'forum'] as const;
export type Channel = (typeof CHANNELS)[number];
export const LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type Level = (typeof LEVELS)[number];
export const PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export type Priority = (typeof PRIORITIES)[number];

export type CustomFieldValues = Record<string, string | number | null>;

export interface OrganisationsTable {
  id: Generated<number>;
  name: string;
  domains: ColumnType<string[], string[] | undefined, string[]>;
  notes: ColumnType<string, string | undefined, string>;
  time_zone: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface UsersTable {
  id: Generated<number>;
  email: string;
  name: string;
  role: Role;
  organisation_id: number | null;
  position: ColumnType<string, string | undefined, string>;
  phone: ColumnType<string, string | undefined, string>;
  time_zone: ColumnType<string, string | undefined, string>;
  languages: ColumnType<string[], string[] | undefined, string[]>;
  password_hash: string | null;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface TeamsTable {
  id: Generated<number>;
  name: string;
  tier: number;
  description: ColumnType<string, string | undefined, string>;
  created_at: CreatedAt;
}

export interface TeamMembersTable {
  team_id: number;
  user_id: number;
}

export interface SkillsTable {
  id: Generated<number>;
  name: string;
  category: ColumnType<string, string | undefined, string>;
}

export interface UserSkillsTable {
  user_id: number;
  skill_id: number;
  level: number;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  created_at: CreatedAt;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  token_hash: string;
  prefix: string;
  scopes: string[];
  created_at: CreatedAt;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  email: string;
  ip: string;
  succeeded: boolean;
  created_at: CreatedAt;
}

export interface SettingsTable {
  key: string;
  value: Json<unknown>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CategoriesTable {
  id: Generated<number>;
  name: string;
  parent_id: number | null;
  created_at: CreatedAt;
}

export interface CustomFieldsTable {
  id: Generated<number>;
  key: string;
  label: string;
  type: 'text' | 'number' | 'date' | 'select';
  options: ColumnType<string[], string[] | undefined, string[]>;
  required: ColumnType<boolean, boolean | undefined, boolean>;
  customer_visible: ColumnType<boolean, boolean | undefined, boolean>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  position: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
}

export interface TicketsTable {
  id: Generated<number>;
  subject: string;
  status: ColumnType<TicketStatus, TicketStatus | undefined, TicketStatus>;
  type: ColumnType<TicketType, TicketType | undefined, TicketType>;
  channel: ColumnType<Channel, Channel | undefined, Channel>;
  impact: ColumnType<Level, Level | undefined, Level>;
  urgency: ColumnType<Level, Level | undefined, Level>;
  priority: ColumnType<Priority, Priority | undefined, Priority>;
  priority_overridden: ColumnType<boolean, boolean | undefined, boolean>;
  requester_id: number;
  organisation_id: number | null;
  category_id: number | null;
  team_id: number | null;
  assignee_id: number | null;
  parent_id: number | null;
  merged_into_id: number | null;
  tags: ColumnType<string[], string[] | undefined, string[]>;
  custom_fields: Json<CustomFieldValues>;
  version: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  first_responded_at: Timestamp | null;
  last_customer_reply_at: Timestamp | null;
  last_agent_reply_at: Timestamp | null;
  solved_at: Timestamp | null;
  closed_at: Timestamp | null;
}

export interface TicketMessagesTable {
  id: Generated<number>;
  ticket_id: number;
  author_id: number | null;
  visibility: 'public' | 'internal';
  channel: ColumnType<string, string | undefined, string>;
  body: string;
  body_html: string | null;
  mentions: ColumnType<number[], number[] | undefined, number[]>;
  created_at: CreatedAt;
}

export interface AttachmentsTable {
  id: Generated<number>;
  sha256: string;
  size_bytes: number;
  content_type: string;
  filename: string;
  uploaded_by: number | null;
  ticket_id: number | null;
  message_id: number | null;
  created_at: CreatedAt;
}

export interface TicketEventsTable {
  id: Generated<number>;
  ticket_id: number;
  actor_id: number | null;
  type: string;
  data: Json<Record<string, unknown>>;
  internal: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: CreatedAt;
}

export interface TicketWatchersTable {
  ticket_id: number;
  user_id: number;
  created_at: CreatedAt;
}

export interface TicketLinksTable {
  ticket_id: number;
  related_ticket_id: number;
  created_at: CreatedAt;
}

export interface TicketMergesTable {
  id: Generated<number>;
  source_ticket_id: number;
  target_ticket_id: number;
  moved_message_ids: number[];
  source_status: TicketStatus;
  merged_by: number | null;
  merged_at: CreatedAt;
  undone_by: number | null;
  undone_at: Timestamp | null;
}

export interface NotificationsTable {
  id: Generated<number>;
  user_id: number;
  ticket_id: number | null;
  kind: string;
  data: Json<Record<string, unknown>>;
  read_at: Timestamp | null;
  created_at: CreatedAt;
}

export interface ViewsTable {
  id: Generated<number>;
  owner_id: number | null;
  name: string;
  filters: Json<Record<string, unknown>>;
  sort: ColumnType<string, string | undefined, string>;
  columns: ColumnType<string[], string[] | undefined, string[]>;
  position: ColumnType<number, number | undefined, number>;
  created_at: CreatedAt;
}

export interface AuditLogTable {
  id: Generated<number>;
  actor_id: number | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  data: Json<Record<string, unknown>>;
  ip: string | null;
  created_at: ColumnType<Date, Date | string, never>;
  prev_hash: string;
  hash: string;
}

/**
 * The SLA, escalation and tracker tables are typed in schema-sla.ts; the email channel's in its module;
 * knowledge base, macros and playbooks in schema-knowledge.ts.
 */
export interface Database extends SlaDatabase, EmailDatabase, KnowledgeDatabase {
  organisations: OrganisationsTable;
  users: UsersTable;
  teams: TeamsTable;
  team_members: TeamMembersTable;
  skills: SkillsTable;
  user_skills: UserSkillsTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_attempts: LoginAttemptsTable;
  settings: SettingsTable;
  categories: CategoriesTable;
  custom_fields: CustomFieldsTable;
  tickets: TicketsTable;
  ticket_messages: TicketMessagesTable;
  attachments: AttachmentsTable;
  ticket_events: TicketEventsTable;
  ticket_watchers: TicketWatchersTable;
  ticket_links: TicketLinksTable;
  ticket_merges: TicketMergesTable;
  notifications: NotificationsTable;
  views: ViewsTable;
  audit_log: AuditLogTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type TicketRow = Selectable<TicketsTable>;
export type NewTicket = Insertable<TicketsTable>;
export type TicketUpdate = Updateable<TicketsTable>;
export type TicketMessageRow = Selectable<TicketMessagesTable>;
export type TicketEventRow = Selectable<TicketEventsTable>;
export type OrganisationRow = Selectable<OrganisationsTable>;
export type TeamRow = Selectable<TeamsTable>;
export type ViewRow = Selectable<ViewsTable>;
export type CustomFieldRow = Selectable<CustomFieldsTable>;
export type AttachmentRow = Selectable<AttachmentsTable>;
