import type { Actor } from '../../access/actor.ts';
import type { AppContext } from '../../app-context.ts';
import type { Priority } from '../../db/schema.ts';
import type { SlaMetric } from '../../db/schema-sla.ts';
import { EscalationRuleService } from '../escalation/escalation-rule.service.ts';
import { BusinessCalendarService } from '../sla/calendar.service.ts';
import { SlaPolicyService } from '../sla/sla-policy.service.ts';
import { TicketService } from '../tickets/ticket.service.ts';

const weekday = [{ start: '08:00', end: '18:00' }];
const TARGETS: [Priority, SlaMetric, number, boolean][] = [
  // P1 runs around the clock; the rest count office hours.
  ['P1', 'first_response', 30, false],
  ['P1', 'periodic_update', 120, false],
  ['P1', 'resolution', 480, false],
  ['P2', 'first_response', 60, true],
  ['P2', 'next_response', 120, true],
  ['P2', 'resolution', 960, true],
  ['P3', 'first_response', 240, true],
  ['P3', 'next_response', 480, true],
  ['P3', 'resolution', 2400, true],
  ['P4', 'first_response', 480, true],
  ['P4', 'resolution', 4800, true],
];

/**
 * The demo's service definition, set up by the demo manager: an office-hours calendar (the
 * default), a 24/7 one, a standard SLA policy with targets for every priority, and a two-level
 * escalation rule, so the demo tickets carry SLA badges from the first look.
 */
export async function seedDemoSla(ctx: AppContext, manager: Actor): Promise<void> {
  const calendars = new BusinessCalendarService(ctx.db, ctx.clock);
  const policies = new SlaPolicyService(ctx.db, ctx.clock);
  const rules = new EscalationRuleService(ctx.db, ctx.clock);
  await calendars.create(
    manager,
    {
      name: 'Office hours (London)',
      description: 'Monday to Friday, 08:00–18:00 UK time, closed on UK bank holidays',
      isDefault: true,
      timeZone: 'Europe/London',
      weeklyHours: {
        monday: weekday,
        tuesday: weekday,
        wednesday: weekday,
        thursday: weekday,
        friday: weekday,
        saturday: [],
        sunday: [],
      },
      holidays: [
        { kind: 'yearly', name: "New Year's Day", date: '01-01' },
        { kind: 'yearly', name: 'Christmas Day', date: '12-25' },
        { kind: 'yearly', name: 'Boxing Day', date: '12-26' },
      ],
    },
    null,
  );
  const allDay = [{ start: '00:00', end: '24:00' }];
  await calendars.create(
    manager,
    {
      name: '24/7',
      description: 'Always open, for round-the-clock contracts',
      isDefault: false,
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
      holidays: [],
    },
    null,
  );
  const policy = await policies.create(
    manager,
    {
      name: 'Standard support',
      description: 'Every ticket: P1 around the clock, the rest in office hours',
      active: true,
      conditions: { organisationIds: [], priorities: [], types: [], channels: [], tags: [] },
      calendarId: null,
      pauseStatuses: ['pending', 'on_hold'],
      pauseOnVendor: true,
      atRiskFraction: 0.75,
      targets: TARGETS.map(([priority, metric, minutes, businessHours]) => ({
        priority,
        metric,
        minutes,
        businessHours,
      })),
    },
    null,
  );
  await rules.create(
    manager,
    {
      name: 'Warn, then call the supervisors',
      active: true,
      policyIds: [policy.policy.id],
      metrics: [],
      priorities: [],
      levels: [
        { level: 1, trigger: { on: 'at_risk' }, actions: [{ kind: 'notify_assignee' }] },
        { level: 2, trigger: { on: 'breach', delayMinutes: 0 }, actions: [{ kind: 'notify_supervisors' }] },
      ],
    },
    null,
  );
}

/**
 * Demo tickets arrive over the past days rather than all at once, so their SLA clocks show every
 * state (on track, at risk, breached, paused, met). The ticket service runs on a clock set back
 * by `minutesAgo`; the SLA engine still derives the state as of now.
 */
export function ticketsInThePast(ctx: AppContext) {
  const start = ctx.clock().getTime();
  let minutesAgo = 0;
  const tickets = new TicketService(ctx.db, ctx.settings, () => new Date(start - minutesAgo * 60_000));
  return {
    tickets,
    at(minutes: number) {
      minutesAgo = minutes;
    },
    /** The stored SLA state is as of each ticket's last change; bring it to now, as the sweep would. */
    async settle() {
      await ctx.slaSweep.run();
    },
  };
}

/** When each demo ticket arrived and when staff handled it, in minutes before the seed ran. */
const TICKET_AGES: Record<string, { arrived: number; handled: number }> = {
  // P2, answered: first response met, resolution running in office hours.
  'VPN drops every 10 minutes': { arrived: 180, handled: 170 },
  // P4, new: on track.
  'New laptop for starter on Monday': { arrived: 40, handled: 35 },
  // P3, answered, then on hold: paused.
  'Invoice export fails with error 500': { arrived: 1500, handled: 1440 },
  // P3, answered, waiting on the customer: paused.
  'How do I reset my MFA device?': { arrived: 300, handled: 280 },
  'Printer on 3rd floor jams': { arrived: 1600, handled: 1400 },
  'Access to shared drive "Finance"': { arrived: 2900, handled: 2880 },
  // P1, not answered yet: 30 minutes around the clock, at risk within minutes, then breached.
  'Database replication lag on reporting server': { arrived: 20, handled: 15 },
  // P3, never answered in five days: breached whatever the day of the week.
  'Outlook keeps asking for password': { arrived: 7200, handled: 7200 },
};

export const demoTicketAge = (subject: string) => TICKET_AGES[subject] ?? { arrived: 0, handled: 0 };
