import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import type { Priority, TicketRow, TicketStatus } from '../../db/schema.ts';
import type { PausableStatus } from '../../db/schema-sla.ts';
import { type BusinessCalendar, parseCalendar } from '../../sla/business-calendar.ts';
import { escalationLevelsSchema } from '../escalation/escalation-rule.schema.ts';
import type { WatchedRule } from './sla-checkpoints.ts';
import { type PolicyConditions, selectPolicy } from './sla-policy-match.ts';
import type { SlaTargetTerm, SlaTerms } from './sla-state.ts';

/** A policy as the engine uses it. */
export interface SlaPolicyConfig {
  readonly id: number;
  readonly name: string;
  readonly active: boolean;
  readonly conditions: PolicyConditions;
  readonly calendarId: number | null;
  readonly pauseStatuses: readonly PausableStatus[];
  readonly pauseOnVendor: boolean;
  readonly atRiskFraction: number;
  readonly targetsByPriority: ReadonlyMap<Priority, readonly SlaTargetTerm[]>;
}

export interface CalendarConfig {
  /** null: the built-in calendar (always open, UTC) used when nothing else is configured. */
  readonly id: number | null;
  readonly name: string;
  readonly calendar: BusinessCalendar;
}

export interface EscalationRuleConfig extends WatchedRule {
  readonly policyIds: readonly number[];
  readonly priorities: readonly Priority[];
}

/** Everything configured for SLAs, as of one config version. */
export interface SlaConfig {
  readonly version: number;
  readonly policies: readonly SlaPolicyConfig[];
  readonly calendars: ReadonlyMap<number, CalendarConfig>;
  readonly defaultCalendarId: number | null;
  readonly organisationCalendars: ReadonlyMap<number, number>;
  readonly teamCalendars: ReadonlyMap<number, number>;
  readonly rules: readonly EscalationRuleConfig[];
}

const allDay = [{ start: '00:00', end: '24:00' }];
export const ALWAYS_OPEN: CalendarConfig = {
  id: null,
  name: 'Always open (UTC)',
  calendar: parseCalendar({
    timeZone: 'UTC',
    weeklyHours: {
      monday: allDay,
      tuesday: allDay,
      wednesday: allDay,
      thursday: allDay,
      friday: allDay,
      saturday: allDay,
      sunday: allDay,
    },
  }),
};

/**
 * Makes every SLA-relevant configuration change visible to all nodes: called in the transaction
 * of the change, it also marks the state of every open ticket as stale for the recompute job.
 */
export async function bumpSlaConfigVersion(tx: Queryable): Promise<number> {
  const row = await tx
    .updateTable('sla_config')
    .set({ version: sql<number>`version + 1`, updated_at: new Date() })
    .returning('version')
    .executeTakeFirstOrThrow();
  return row.version;
}

export async function currentSlaConfigVersion(db: Queryable): Promise<number> {
  const row = await db.selectFrom('sla_config').select('version').executeTakeFirstOrThrow();
  return row.version;
}

/**
 * Keeps the compiled configuration of the latest version in memory: one small query per use
 * tells whether it is still current, so every node sees a change as soon as it commits.
 */
export class SlaConfigCache {
  #cached: SlaConfig | null = null;

  async get(db: Queryable): Promise<SlaConfig> {
    return this.at(db, await currentSlaConfigVersion(db));
  }

  /** The configuration of a version the caller has just read (e.g. along with the tickets). */
  async at(db: Queryable, version: number): Promise<SlaConfig> {
    if (this.#cached?.version === version) return this.#cached;
    const config = await loadSlaConfig(db, version);
    if (!this.#cached || version > this.#cached.version) this.#cached = config;
    return config;
  }
}

async function loadSlaConfig(db: Queryable, version: number): Promise<SlaConfig> {
  const [policies, targets, calendars, organisationCalendars, teamCalendars, rules] = await Promise.all([
    db.selectFrom('sla_policies').selectAll().orderBy('position').orderBy('id').execute(),
    db.selectFrom('sla_policy_targets').selectAll().execute(),
    db.selectFrom('business_calendars').selectAll().execute(),
    db.selectFrom('organisation_calendars').selectAll().execute(),
    db.selectFrom('team_calendars').selectAll().execute(),
    db.selectFrom('escalation_rules').selectAll().where('active', '=', true).orderBy('id').execute(),
  ]);
  const targetsByPolicy = Map.groupBy(targets, (row) => row.policy_id);
  return {
    version,
    policies: policies.map((row) => {
      const byPriority = new Map<Priority, SlaTargetTerm[]>();
      for (const t of targetsByPolicy.get(row.id) ?? []) {
        const list = byPriority.get(t.priority) ?? [];
        list.push({ metric: t.metric, minutes: t.minutes, businessHours: t.business_hours });
        byPriority.set(t.priority, list);
      }
      return {
        id: row.id,
        name: row.name,
        active: row.active,
        conditions: {
          organisationIds: row.organisation_ids,
          priorities: row.priorities,
          types: row.types,
          channels: row.channels,
          tags: row.tags,
          contractId: row.contract_id,
        },
        calendarId: row.calendar_id,
        pauseStatuses: row.pause_statuses,
        pauseOnVendor: row.pause_on_vendor,
        atRiskFraction: row.at_risk_fraction,
        targetsByPriority: byPriority,
      };
    }),
    calendars: new Map(
      calendars.map((row) => [
        row.id,
        { id: row.id, name: row.name, calendar: parseCalendar(row.definition) },
      ]),
    ),
    defaultCalendarId: calendars.find((row) => row.is_default)?.id ?? null,
    organisationCalendars: new Map(
      organisationCalendars.map((row) => [row.organisation_id, row.calendar_id]),
    ),
    teamCalendars: new Map(teamCalendars.map((row) => [row.team_id, row.calendar_id])),
    rules: rules.map((row) => ({
      id: row.id,
      name: row.name,
      policyIds: row.policy_ids,
      metrics: row.metrics,
      priorities: row.priorities,
      levels: escalationLevelsSchema.parse(row.levels),
    })),
  };
}

export type SlaTicketFacts = Pick<
  TicketRow,
  'organisation_id' | 'team_id' | 'priority' | 'type' | 'channel' | 'tags'
> & { status: TicketStatus };

export interface AppliedTerms {
  readonly policy: SlaPolicyConfig | null;
  readonly calendar: CalendarConfig;
  readonly terms: SlaTerms;
  readonly rules: readonly EscalationRuleConfig[];
}

/**
 * What applies to a ticket as it is now: the first matching policy, its targets for the
 * ticket's priority, and the calendar (organisation's, else policy's, else team's, else the
 * default, else always open).
 */
export function termsForTicket(config: SlaConfig, ticket: SlaTicketFacts): AppliedTerms {
  const policy = selectPolicy(config.policies, {
    organisationId: ticket.organisation_id,
    priority: ticket.priority,
    type: ticket.type,
    channel: ticket.channel,
    tags: ticket.tags,
  });
  const calendarId =
    (ticket.organisation_id === null
      ? undefined
      : config.organisationCalendars.get(ticket.organisation_id)) ??
    policy?.calendarId ??
    (ticket.team_id === null ? undefined : config.teamCalendars.get(ticket.team_id)) ??
    config.defaultCalendarId;
  const calendar = (calendarId === null ? undefined : config.calendars.get(calendarId)) ?? ALWAYS_OPEN;
  const terms: SlaTerms = policy
    ? {
        targets: policy.targetsByPriority.get(ticket.priority) ?? [],
        pauseStatuses: policy.pauseStatuses,
        pauseOnVendor: policy.pauseOnVendor,
        atRiskFraction: policy.atRiskFraction,
      }
    : { targets: [], pauseStatuses: [], pauseOnVendor: false, atRiskFraction: 0.75 };
  const rules = policy
    ? config.rules.filter(
        (rule) =>
          (rule.policyIds.length === 0 || rule.policyIds.includes(policy.id)) &&
          (rule.priorities.length === 0 || rule.priorities.includes(ticket.priority)),
      )
    : [];
  return { policy, calendar, terms, rules };
}
