import type { ColumnType, Generated, Selectable } from 'kysely';
import type { BusinessCalendarDefinition } from '../sla/business-calendar.schema.ts';
import type { Channel, Priority, TicketStatus, TicketType } from './schema.ts';

// Tables of migration 0003_sla.sql: SLA engine, business calendars, escalation, trackers, vendors.

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string | T, string | T>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export const SLA_METRICS = ['first_response', 'next_response', 'periodic_update', 'resolution'] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];
export const SLA_STATES = ['ok', 'at_risk', 'breached', 'met'] as const;
export type SlaState = (typeof SLA_STATES)[number];
export const SLA_CLOCKS = ['running', 'paused', 'stopped'] as const;
export type SlaClock = (typeof SLA_CLOCKS)[number];
/** Statuses a policy may pause on; solved and closed always stop the clock. */
export const PAUSABLE_STATUSES = [
  'new',
  'open',
  'pending',
  'on_hold',
] as const satisfies readonly TicketStatus[];
export type PausableStatus = (typeof PAUSABLE_STATUSES)[number];
export const TRACKER_KINDS = ['github', 'gitlab', 'jira', 'generic'] as const;
export type TrackerKind = (typeof TRACKER_KINDS)[number];
export const BUG_STATES = [
  'pending',
  'open',
  'in_progress',
  'fixed',
  'closed',
  'wont_fix',
  'failed',
] as const;
export type BugState = (typeof BUG_STATES)[number];

export interface SlaConfigTable {
  singleton: Defaulted<boolean>;
  version: Defaulted<number>;
  recomputed_version: Defaulted<number>;
  updated_at: UpdatedAt;
}

export interface BusinessCalendarsTable {
  id: Generated<number>;
  name: string;
  description: Defaulted<string>;
  definition: Json<BusinessCalendarDefinition>;
  is_default: Defaulted<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface OrganisationCalendarsTable {
  organisation_id: number;
  calendar_id: number;
}

export interface TeamCalendarsTable {
  team_id: number;
  calendar_id: number;
}

export interface SlaPoliciesTable {
  id: Generated<number>;
  name: string;
  description: Defaulted<string>;
  position: number;
  active: Defaulted<boolean>;
  organisation_ids: Defaulted<number[]>;
  priorities: Defaulted<Priority[]>;
  types: Defaulted<TicketType[]>;
  channels: Defaulted<Channel[]>;
  tags: Defaulted<string[]>;
  contract_id: number | null;
  calendar_id: number | null;
  pause_statuses: Defaulted<PausableStatus[]>;
  pause_on_vendor: Defaulted<boolean>;
  at_risk_fraction: Defaulted<number>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface SlaPolicyTargetsTable {
  policy_id: number;
  priority: Priority;
  metric: SlaMetric;
  minutes: number;
  business_hours: Defaulted<boolean>;
}

export interface TicketSlaTable {
  ticket_id: number;
  policy_id: number | null;
  calendar_id: number | null;
  state: SlaState | null;
  open: boolean;
  paused: Defaulted<boolean>;
  next_due_at: Timestamp | null;
  check_at: Timestamp | null;
  computed_at: Timestamp;
  fingerprint: Defaulted<string>;
  last_event_id: Defaulted<number>;
}

export interface TicketSlaTargetsTable {
  ticket_id: number;
  metric: SlaMetric;
  cycle: number;
  state: SlaState;
  clock: SlaClock;
  pause_reason: string | null;
  target_minutes: number;
  business_hours: boolean;
  started_at: Timestamp;
  elapsed_minutes: number;
  paused_minutes: number;
  remaining_minutes: number;
  due_at: Timestamp | null;
  at_risk_at: Timestamp | null;
  breached_at: Timestamp | null;
  met_at: Timestamp | null;
  computed_at: Timestamp;
}

export interface EscalationRulesTable {
  id: Generated<number>;
  name: string;
  active: Defaulted<boolean>;
  policy_ids: Defaulted<number[]>;
  metrics: Defaulted<SlaMetric[]>;
  priorities: Defaulted<Priority[]>;
  /** Validated by escalationLevelsSchema (modules/escalation/escalation-rule.schema.ts). */
  levels: Json<unknown>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface EscalationFiringsTable {
  id: Generated<number>;
  ticket_id: number;
  rule_id: number;
  level: number;
  metric: SlaMetric;
  cycle: number;
  fired_at: Timestamp;
}

export interface TeamEscalationPathsTable {
  team_id: number;
  to_team_id: number;
  position: Defaulted<number>;
}

export interface TrackerIntegrationsTable {
  id: Generated<number>;
  name: string;
  kind: TrackerKind;
  outbound_url: string;
  signing_secret: string;
  inbound_secret: string;
  active: Defaulted<boolean>;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface TicketBugLinksTable {
  id: Generated<number>;
  ticket_id: number;
  integration_id: number;
  state: BugState;
  external_id: string | null;
  url: string | null;
  title: string;
  description: Defaulted<string>;
  attempts: Defaulted<number>;
  last_error: string | null;
  queued_at: Timestamp | null;
  created_by: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  fixed_at: Timestamp | null;
}

export interface VendorEscalationsTable {
  id: Generated<number>;
  ticket_id: number;
  vendor_name: string;
  vendor_reference: string;
  started_at: Timestamp;
  started_by: number | null;
  ended_at: Timestamp | null;
  ended_by: number | null;
  outcome: Defaulted<string>;
}

/** Merged into `Database` in schema.ts. */
export interface SlaDatabase {
  sla_config: SlaConfigTable;
  business_calendars: BusinessCalendarsTable;
  organisation_calendars: OrganisationCalendarsTable;
  team_calendars: TeamCalendarsTable;
  sla_policies: SlaPoliciesTable;
  sla_policy_targets: SlaPolicyTargetsTable;
  ticket_sla: TicketSlaTable;
  ticket_sla_targets: TicketSlaTargetsTable;
  escalation_rules: EscalationRulesTable;
  escalation_firings: EscalationFiringsTable;
  team_escalation_paths: TeamEscalationPathsTable;
  tracker_integrations: TrackerIntegrationsTable;
  ticket_bug_links: TicketBugLinksTable;
  vendor_escalations: VendorEscalationsTable;
}

export type BusinessCalendarRow = Selectable<BusinessCalendarsTable>;
export type SlaPolicyRow = Selectable<SlaPoliciesTable>;
export type SlaPolicyTargetRow = Selectable<SlaPolicyTargetsTable>;
export type TicketSlaRow = Selectable<TicketSlaTable>;
export type TicketSlaTargetRow = Selectable<TicketSlaTargetsTable>;
export type EscalationRuleRow = Selectable<EscalationRulesTable>;
export type TrackerIntegrationRow = Selectable<TrackerIntegrationsTable>;
export type TicketBugLinkRow = Selectable<TicketBugLinksTable>;
export type VendorEscalationRow = Selectable<VendorEscalationsTable>;
