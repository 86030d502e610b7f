/** Shapes of the Tierline REST API as the web app reads them (dates arrive as ISO strings). */

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
export const STAFF_ROLES: readonly Role[] = ['operator', 'engineer', 'supervisor', 'manager', 'admin'];

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
export const SORTS = [
  'updated_desc',
  'updated_asc',
  'created_desc',
  'created_asc',
  'priority',
  'id_desc',
  'sla_due',
] as const;
export type TicketSort = (typeof SORTS)[number];
export const SCOPES = ['tickets:read', 'tickets:write', 'people:read', 'people:write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export interface TeamRef {
  id: number;
  name: string;
  tier: number;
}

export interface Me {
  id: number;
  name: string;
  email: string;
  role: Role;
  organisationId: number | null;
  organisationName: string | null;
  timeZone: string;
  languages: string[];
  position: string;
  teams: TeamRef[];
}

export interface Person {
  id: number;
  name: string;
  email: string;
}

export interface TicketRef {
  id: number;
  subject: string;
  status: TicketStatus;
}

interface TicketCore {
  id: number;
  subject: string;
  status: TicketStatus;
  type: TicketType;
  channel: Channel;
  priority: Priority;
  tags: string[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

export type SlaState = 'ok' | 'at_risk' | 'breached' | 'met';

export interface TicketListItem extends TicketCore {
  requester: Person;
  organisation: { id: number; name: string } | null;
  team: { id: number; name: string } | null;
  assignee: { id: number; name: string } | null;
  /** Staff only, when the SLA engine runs: worst state of the running targets and the next due time. */
  sla?: { state: SlaState | null; nextDueAt: string | null } | null;
}

export interface TicketPage {
  tickets: TicketListItem[];
  nextCursor: string | null;
}

export interface Attachment {
  id: number;
  filename: string;
  contentType: string;
  size: number;
}

export interface TicketMessage {
  id: number;
  visibility: 'public' | 'internal';
  author: { id: number; name: string; role: Role } | null;
  channel: string;
  body: string;
  bodyHtml: string | null;
  mentions: number[];
  createdAt: string;
  attachments: Attachment[];
}

export type CustomFieldValue = string | number | null;

export interface Ticket extends TicketCore {
  impact: Level;
  urgency: Level;
  priorityOverridden: boolean;
  requester: Person;
  organisation: { id: number; name: string } | null;
  categoryId: number | null;
  team: TeamRef | null;
  assignee: Person | null;
  customFields: Record<string, CustomFieldValue>;
  parent: TicketRef | null;
  children: TicketRef[];
  related: TicketRef[];
  mergedIntoId: number | null;
  mergedFrom: { id: number; subject: string }[];
  watchers: Person[];
  firstRespondedAt: string | null;
  lastCustomerReplyAt: string | null;
  lastAgentReplyAt: string | null;
  solvedAt: string | null;
  closedAt: string | null;
  messages: TicketMessage[];
  /** Staff only: every SLA target with due time, remaining time and state. */
  sla?: import('./sla').TicketSla | null;
}

export interface TicketEvent {
  id: number;
  type: string;
  actor: { id: number; name: string } | null;
  data: Record<string, unknown>;
  internal: boolean;
  createdAt: string;
}

export interface TicketFilters {
  status?: TicketStatus[];
  type?: TicketType[];
  priority?: Priority[];
  channel?: Channel[];
  assignee?: 'me' | 'none' | number;
  teamId?: 'mine' | 'none' | number;
  requesterId?: number;
  organisationId?: number;
  categoryId?: number;
  tags?: string[];
  text?: string;
}

export interface SavedView {
  id: number;
  name: string;
  shared: boolean;
  filters: TicketFilters;
  sort: TicketSort;
  columns: string[];
  position: number;
  count?: number;
}

export interface TicketChanges {
  subject?: string;
  status?: TicketStatus;
  type?: TicketType;
  impact?: Level;
  urgency?: Level;
  priority?: Priority | null;
  requesterId?: number;
  categoryId?: number | null;
  teamId?: number | null;
  assigneeId?: number | null;
  parentId?: number | null;
  tags?: string[];
  customFields?: Record<string, CustomFieldValue>;
  version?: number;
}

export interface BulkChanges {
  status?: TicketStatus;
  type?: TicketType;
  impact?: Level;
  urgency?: Level;
  priority?: Priority | null;
  categoryId?: number | null;
  teamId?: number | null;
  assigneeId?: number | null;
  addTags?: string[];
  removeTags?: string[];
}

export interface NewMessage {
  body: string;
  bodyHtml?: string;
  internal: boolean;
  mentions?: number[];
  attachmentIds?: number[];
  status?: TicketStatus;
}

export interface NewTicket {
  subject: string;
  body: string;
  bodyHtml?: string;
  requesterEmail?: string;
  requesterName?: string;
  channel?: Channel;
  type?: TicketType;
  impact?: Level;
  urgency?: Level;
  categoryId?: number | null;
  teamId?: number | null;
  assigneeId?: number | null;
  tags?: string[];
  attachmentIds?: number[];
  customFields?: Record<string, CustomFieldValue>;
}

export interface AppNotification {
  id: number;
  kind: string;
  ticketId: number | null;
  data: Record<string, unknown>;
  readAt: string | null;
  createdAt: string;
}

export interface User {
  id: number;
  name: string;
  email: string;
  role: Role;
  organisationId: number | null;
  organisationName: string | null;
  active: boolean;
  position: string;
  phone: string;
  timeZone: string;
  languages: string[];
  teams: TeamRef[];
  skills: { id: number; name: string; level: number }[];
}

export interface Organisation {
  id: number;
  name: string;
  domains: string[];
  timeZone: string | null;
  notes: string | null;
  peopleCount: number | null;
  openTicketCount: number | null;
}

export interface Team {
  id: number;
  name: string;
  tier: number;
  description: string;
  members: { id: number; name: string; role: Role }[];
}

export interface Skill {
  id: number;
  name: string;
  category: string;
}

export interface Category {
  id: number;
  name: string;
  parentId: number | null;
}

export const CUSTOM_FIELD_TYPES = ['text', 'number', 'date', 'select'] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export interface CustomField {
  id: number;
  key: string;
  label: string;
  type: CustomFieldType;
  options: string[];
  required: boolean;
  customerVisible: boolean;
  active: boolean;
  position: number;
}

export type PriorityMatrix = Record<Level, Record<Level, Priority>>;

export interface HelpdeskSettings {
  priorityMatrix: PriorityMatrix;
  autoCloseAfterHours: number;
  reopenWindowDays: number;
}

export interface ApiToken {
  id: number;
  name: string;
  prefix: string;
  scopes: Scope[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export interface AuditEntry {
  id: number;
  action: string;
  actor: { id: number; name: string } | null;
  targetType: string | null;
  targetId: string | null;
  data: Record<string, unknown>;
  ip: string | null;
  createdAt: string;
}
