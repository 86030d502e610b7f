import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, queryString } from './client';
import { ticketKeys } from './tickets';
import type { Channel, Priority, SlaState, TeamRef, TicketStatus, TicketType } from './types';

/** Shapes and calls of the SLA engine, escalation and dev-tracker APIs (dates arrive as ISO strings). */

export const SLA_METRICS = ['first_response', 'next_response', 'periodic_update', 'resolution'] as const;
export type SlaMetric = (typeof SLA_METRICS)[number];
export type SlaClock = 'running' | 'paused' | 'stopped';
export const PAUSABLE_STATUSES = ['new', 'open', 'pending', 'on_hold'] as const;
export type PausableStatus = (typeof PAUSABLE_STATUSES)[number];
export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface SlaTarget {
  metric: SlaMetric;
  cycle: number;
  state: SlaState;
  clock: SlaClock;
  pauseReason: string | null;
  targetMinutes: number;
  businessHours: boolean;
  startedAt: string;
  elapsedMinutes: number;
  pausedMinutes: number;
  remainingMinutes: number;
  dueAt: string | null;
  atRiskAt: string | null;
  breachedAt: string | null;
  metAt: string | null;
  endedAt?: string | null;
  endedBy?: 'agent_reply' | 'solved' | 'closed' | null;
}

/** The SLA of one ticket as `GET /api/tickets/:id` carries it (staff only). */
export interface TicketSla {
  policy: { id: number; name: string } | null;
  calendar: { id: number | null; name: string; timeZone: string };
  state: SlaState | null;
  paused: boolean;
  nextDueAt: string | null;
  targets: SlaTarget[];
  computedAt: string;
}

export interface SlaSegment {
  clock: SlaClock;
  reason: string | null;
  from: string;
  to: string | null;
  minutes: number;
  elapsedBefore: number;
}

export interface SlaExplanation extends TicketSla {
  terms: { pauseStatuses: TicketStatus[]; pauseOnVendor: boolean; atRiskFraction: number };
  targets: (SlaTarget & {
    why: string;
    timeline: SlaSegment[];
    earlierCycles: {
      cycle: number;
      startedAt: string;
      endedAt: string;
      endedBy: 'agent_reply' | 'solved' | 'closed';
      elapsedMinutes: number;
      state: 'met' | 'breached';
    }[];
  })[];
}

export interface AtRiskTicket {
  id: number;
  subject: string;
  status: TicketStatus;
  priority: Priority;
  team: TeamRef | null;
  assignee: { id: number; name: string } | null;
  organisation: { id: number; name: string } | null;
  state: SlaState;
  paused: boolean;
  nextDueAt: string | null;
  targets: (SlaTarget & { computedAt: string })[];
}

export interface OpeningInterval {
  start: string;
  end: string;
}

export type Holiday =
  | { kind: 'date'; name: string; date: string }
  | { kind: 'range'; name: string; from: string; to: string }
  | { kind: 'yearly'; name: string; date: string };

export interface BusinessCalendar {
  id: number;
  name: string;
  description: string;
  isDefault: boolean;
  timeZone: string;
  weeklyHours: Record<Weekday, OpeningInterval[]>;
  holidays: Holiday[];
  createdAt: string;
  updatedAt: string;
}

export type CalendarInput = Pick<
  BusinessCalendar,
  'name' | 'description' | 'isDefault' | 'timeZone' | 'weeklyHours' | 'holidays'
>;

export interface CalendarAssignments {
  organisations: { organisationId: number; calendarId: number }[];
  teams: { teamId: number; calendarId: number }[];
}

export interface PolicyTarget {
  priority: Priority;
  metric: SlaMetric;
  minutes: number;
  businessHours: boolean;
}

export interface SlaPolicy {
  id: number;
  name: string;
  description: string;
  position: number;
  active: boolean;
  conditions: {
    organisationIds: number[];
    priorities: Priority[];
    types: TicketType[];
    channels: Channel[];
    tags: string[];
  };
  calendarId: number | null;
  pauseStatuses: PausableStatus[];
  pauseOnVendor: boolean;
  atRiskFraction: number;
  targets: PolicyTarget[];
  createdAt: string;
  updatedAt: string;
}

export type PolicyInput = Omit<SlaPolicy, 'id' | 'position' | 'createdAt' | 'updatedAt'>;

export type EscalationTrigger = { on: 'at_risk'; fraction?: number } | { on: 'breach'; delayMinutes: number };
export const ESCALATION_ACTION_KINDS = [
  'notify_assignee',
  'notify_supervisors',
  'notify_team',
  'raise_priority',
  'reassign_next_tier',
  'page_user',
] as const;
export type EscalationActionKind = (typeof ESCALATION_ACTION_KINDS)[number];
export type EscalationAction =
  | { kind: Exclude<EscalationActionKind, 'page_user'> }
  | { kind: 'page_user'; userId: number };

export interface EscalationLevel {
  level: number;
  trigger: EscalationTrigger;
  actions: EscalationAction[];
}

export interface EscalationRule {
  id: number;
  name: string;
  active: boolean;
  policyIds: number[];
  metrics: SlaMetric[];
  priorities: Priority[];
  levels: EscalationLevel[];
  createdAt: string;
  updatedAt: string;
}

export type EscalationRuleInput = Omit<EscalationRule, 'id' | 'createdAt' | 'updatedAt'>;

export interface TeamPaths {
  team: TeamRef;
  toTeams: TeamRef[];
}

export const TRACKER_KINDS = ['github', 'gitlab', 'jira', 'generic'] as const;
export type TrackerKind = (typeof TRACKER_KINDS)[number];
export type BugState = 'pending' | 'open' | 'in_progress' | 'fixed' | 'closed' | 'wont_fix' | 'failed';

export interface TrackerIntegration {
  id: number;
  name: string;
  kind: TrackerKind;
  outboundUrl: string;
  active: boolean;
  inboundPath: string;
  /** Only in the answer that set them. */
  signingSecret?: string;
  inboundSecret?: string;
  secretHints: { signing: string; inbound: string };
  createdAt: string;
  updatedAt: string;
}

export interface IntegrationChoice {
  id: number;
  name: string;
  kind: TrackerKind;
  active: boolean;
}

export interface BugLink {
  id: number;
  ticketId: number;
  integration: { id: number; name: string; kind: TrackerKind };
  state: BugState;
  externalId: string | null;
  url: string | null;
  title: string;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  fixedAt: string | null;
}

export interface VendorEscalation {
  id: number;
  ticketId: number;
  vendorName: string;
  vendorReference: string;
  startedAt: string;
  startedBy: number | null;
  endedAt: string | null;
  endedBy: number | null;
  outcome: string;
  waitingMinutes: number;
}

export interface EscalationOverview {
  team: TeamRef | null;
  escalationTargets: TeamRef[];
  history: {
    id: number;
    type: string;
    actorId: number | null;
    data: Record<string, unknown>;
    createdAt: string;
  }[];
  bugs: BugLink[];
  vendorEscalations: VendorEscalation[];
  totalVendorWaitingMinutes: number;
}

export const slaKeys = {
  ticket: (id: number) => ['ticket-sla', id] as const,
  escalation: (id: number) => ['ticket-escalation', id] as const,
  atRisk: ['sla-at-risk'] as const,
  calendars: ['business-calendars'] as const,
  assignments: ['business-calendar-assignments'] as const,
  policies: ['sla-policies'] as const,
  rules: ['escalation-rules'] as const,
  paths: ['escalation-paths'] as const,
  integrations: ['integrations'] as const,
};

/** The "why" of a ticket's SLA, refreshed every minute so remaining business time stays current. */
export function useTicketSla(id: number, enabled = true) {
  return useQuery({
    queryKey: slaKeys.ticket(id),
    queryFn: ({ signal }) => api<SlaExplanation>(`/api/tickets/${id}/sla`, { signal }),
    refetchInterval: 60_000,
    enabled: enabled && Number.isFinite(id) && id > 0,
    retry: false,
  });
}

export function useTicketEscalation(id: number, enabled = true) {
  return useQuery({
    queryKey: slaKeys.escalation(id),
    queryFn: ({ signal }) => api<EscalationOverview>(`/api/tickets/${id}/escalation`, { signal }),
    enabled: enabled && Number.isFinite(id) && id > 0,
    retry: false,
  });
}

export interface AtRiskParams {
  state?: 'at_risk' | 'breached';
  teamId?: number;
}

export function useAtRisk(params: AtRiskParams) {
  return useInfiniteQuery({
    queryKey: [...slaKeys.atRisk, params],
    queryFn: ({ pageParam, signal }) =>
      api<{ tickets: AtRiskTicket[]; nextCursor: string | null }>(
        `/api/sla/at-risk${queryString({ ...params, limit: 100, cursor: pageParam })}`,
        { signal },
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    // The live stream refreshes it on every SLA event; this catches what a dropped connection missed.
    refetchInterval: 60_000,
    retry: false,
  });
}

const listOf =
  <T>(key: string) =>
  (payload: Record<string, T[]>) =>
    payload[key] ?? [];

export function useCalendars(enabled = true) {
  return useQuery({
    queryKey: slaKeys.calendars,
    queryFn: ({ signal }) => api<{ calendars: BusinessCalendar[] }>('/api/business-calendars', { signal }),
    select: listOf<BusinessCalendar>('calendars'),
    enabled,
    retry: false,
  });
}

export function useCalendarAssignments() {
  return useQuery({
    queryKey: slaKeys.assignments,
    queryFn: ({ signal }) => api<CalendarAssignments>('/api/business-calendars/assignments', { signal }),
    retry: false,
  });
}

export function usePolicies(enabled = true) {
  return useQuery({
    queryKey: slaKeys.policies,
    queryFn: ({ signal }) => api<{ policies: SlaPolicy[] }>('/api/sla/policies', { signal }),
    select: listOf<SlaPolicy>('policies'),
    enabled,
    retry: false,
  });
}

export function useEscalationRules() {
  return useQuery({
    queryKey: slaKeys.rules,
    queryFn: ({ signal }) => api<{ rules: EscalationRule[] }>('/api/escalation-rules', { signal }),
    select: listOf<EscalationRule>('rules'),
    retry: false,
  });
}

export function useEscalationPaths() {
  return useQuery({
    queryKey: slaKeys.paths,
    queryFn: ({ signal }) => api<{ teams: TeamPaths[] }>('/api/escalation-paths', { signal }),
    select: listOf<TeamPaths>('teams'),
    retry: false,
  });
}

export function useIntegrations(enabled = true) {
  return useQuery({
    queryKey: slaKeys.integrations,
    queryFn: ({ signal }) => api<{ integrations: IntegrationChoice[] }>('/api/integrations', { signal }),
    select: listOf<IntegrationChoice>('integrations'),
    enabled,
    retry: false,
  });
}

/** A write that refreshes the SLA lists it affects (and every ticket's SLA, which config changes move). */
export function useSlaSave<TInput, TResult = unknown>(
  request: (input: TInput) => Promise<TResult>,
  invalidates: readonly (readonly string[])[],
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () => {
      for (const key of invalidates) void client.invalidateQueries({ queryKey: key });
    },
  });
}

/** A ticket-level escalation action: refreshes the ticket, its history, SLA and escalation panel. */
export function useTicketEscalationAction<TInput, TResult>(
  ticketId: number,
  request: (input: TInput) => Promise<TResult>,
) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: request,
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: slaKeys.escalation(ticketId) });
      void client.invalidateQueries({ queryKey: slaKeys.ticket(ticketId) });
      void client.invalidateQueries({ queryKey: ticketKeys.detail(ticketId) });
      void client.invalidateQueries({ queryKey: ticketKeys.events(ticketId) });
    },
  });
}

export const sla = {
  createCalendar: (body: CalendarInput) =>
    api<BusinessCalendar>('/api/business-calendars', { method: 'POST', body }),
  updateCalendar: (id: number, body: Partial<CalendarInput>) =>
    api<BusinessCalendar>(`/api/business-calendars/${id}`, { method: 'PATCH', body }),
  deleteCalendar: (id: number) => api<undefined>(`/api/business-calendars/${id}`, { method: 'DELETE' }),
  importHolidays: (id: number, ics: string, replace: boolean) =>
    api<{
      calendar: BusinessCalendar;
      imported: number;
      skipped: { uid: string | null; summary: string | null; reason: string }[];
    }>(`/api/business-calendars/${id}/holidays/import`, { method: 'POST', body: { ics, replace } }),
  assignOrganisation: (organisationId: number, calendarId: number | null) =>
    api<undefined>(`/api/business-calendars/assignments/organisations/${organisationId}`, {
      method: 'PUT',
      body: { calendarId },
    }),
  assignTeam: (teamId: number, calendarId: number | null) =>
    api<undefined>(`/api/business-calendars/assignments/teams/${teamId}`, {
      method: 'PUT',
      body: { calendarId },
    }),
  createPolicy: (body: PolicyInput) => api<SlaPolicy>('/api/sla/policies', { method: 'POST', body }),
  updatePolicy: (id: number, body: Partial<PolicyInput>) =>
    api<SlaPolicy>(`/api/sla/policies/${id}`, { method: 'PATCH', body }),
  deletePolicy: (id: number) => api<undefined>(`/api/sla/policies/${id}`, { method: 'DELETE' }),
  reorderPolicies: (policyIds: number[]) =>
    api<{ policies: SlaPolicy[] }>('/api/sla/policies/order', { method: 'PUT', body: { policyIds } }),
  recompute: () => api<{ configVersion: number }>('/api/sla/recompute', { method: 'POST' }),
  createRule: (body: EscalationRuleInput) =>
    api<EscalationRule>('/api/escalation-rules', { method: 'POST', body }),
  updateRule: (id: number, body: Partial<EscalationRuleInput>) =>
    api<EscalationRule>(`/api/escalation-rules/${id}`, { method: 'PATCH', body }),
  deleteRule: (id: number) => api<undefined>(`/api/escalation-rules/${id}`, { method: 'DELETE' }),
  setPaths: (teamId: number, toTeamIds: number[]) =>
    api<TeamPaths>(`/api/escalation-paths/${teamId}`, { method: 'PUT', body: { toTeamIds } }),
  getIntegration: (id: number) => api<TrackerIntegration>(`/api/integrations/${id}`),
  createIntegration: (body: { name: string; kind: TrackerKind; outboundUrl: string; active: boolean }) =>
    api<TrackerIntegration>('/api/integrations', { method: 'POST', body }),
  updateIntegration: (
    id: number,
    body: Partial<{
      name: string;
      kind: TrackerKind;
      outboundUrl: string;
      active: boolean;
      regenerateSecrets: true;
    }>,
  ) => api<TrackerIntegration>(`/api/integrations/${id}`, { method: 'PATCH', body }),
  deleteIntegration: (id: number) => api<undefined>(`/api/integrations/${id}`, { method: 'DELETE' }),
  createBug: (
    ticketId: number,
    body: { integrationId: number; title?: string; description?: string; externalId?: string; url?: string },
  ) => api<BugLink>(`/api/tickets/${ticketId}/bugs`, { method: 'POST', body }),
  startVendorEscalation: (ticketId: number, body: { vendorName: string; vendorReference: string }) =>
    api<VendorEscalation>(`/api/tickets/${ticketId}/vendor-escalations`, { method: 'POST', body }),
  closeVendorEscalation: (id: number, outcome: string) =>
    api<VendorEscalation>(`/api/vendor-escalations/${id}/close`, { method: 'POST', body: { outcome } }),
};
