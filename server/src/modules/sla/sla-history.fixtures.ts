import type { TicketStatus } from '../../db/schema.ts';
import type { SlaMetric } from '../../db/schema-sla.ts';
import { parseCalendar } from '../../sla/business-calendar.ts';
import type { SlaHistoryEvent, SlaTargetTerm, SlaTerms } from './sla-state.ts';

// Hand-written ticket histories for the tests of the SLA derivation: each helper is one row
// of ticket_events as the ticket service writes it.

const at = (iso: string) => new Date(iso);

export const history = {
  created: (iso: string, status: TicketStatus = 'new'): SlaHistoryEvent => ({
    type: 'ticket.created',
    at: at(iso),
    actor: 'customer',
    data: { status, priority: 'P3', channel: 'portal' },
  }),
  status: (iso: string, from: TicketStatus, to: TicketStatus): SlaHistoryEvent => ({
    type: 'ticket.updated',
    at: at(iso),
    actor: 'staff',
    data: { changes: { status: { from, to } } },
  }),
  priority: (iso: string, from: string, to: string): SlaHistoryEvent => ({
    type: 'ticket.updated',
    at: at(iso),
    actor: 'staff',
    data: { changes: { priority: { from, to } } },
  }),
  agentReply: (iso: string): SlaHistoryEvent => ({
    type: 'message.added',
    at: at(iso),
    actor: 'staff',
    data: { messageId: 1, visibility: 'public' },
  }),
  internalNote: (iso: string): SlaHistoryEvent => ({
    type: 'message.added',
    at: at(iso),
    actor: 'staff',
    data: { messageId: 1, visibility: 'internal' },
  }),
  customerReply: (iso: string): SlaHistoryEvent => ({
    type: 'message.added',
    at: at(iso),
    actor: 'customer',
    data: { messageId: 1, visibility: 'public' },
  }),
  vendorOut: (iso: string, id = 1): SlaHistoryEvent => ({
    type: 'vendor.escalated',
    at: at(iso),
    actor: 'staff',
    data: { vendorEscalationId: id },
  }),
  vendorBack: (iso: string, id = 1): SlaHistoryEvent => ({
    type: 'vendor.returned',
    at: at(iso),
    actor: 'staff',
    data: { vendorEscalationId: id },
  }),
  notice: (iso: string, kind: 'at_risk' | 'breached', metric: SlaMetric, cycle = 1): SlaHistoryEvent => ({
    type: `sla.${kind}`,
    at: at(iso),
    actor: 'system',
    data: { metric, cycle },
  }),
  fired: (iso: string, ruleId: number, level: number, metric: SlaMetric, cycle = 1): SlaHistoryEvent => ({
    type: 'escalation.fired',
    at: at(iso),
    actor: 'system',
    data: { ruleId, level, metric, cycle },
  }),
  mergedInto: (iso: string, mergeId: number, previousStatus: TicketStatus): SlaHistoryEvent => ({
    type: 'ticket.merged_into',
    at: at(iso),
    actor: 'staff',
    data: { mergeId, previousStatus, ticketId: 2 },
  }),
  mergeUndone: (iso: string, mergeId: number): SlaHistoryEvent => ({
    type: 'ticket.merge_undone',
    at: at(iso),
    actor: 'staff',
    data: { mergeId, ticketId: 2 },
  }),
};

export const target = (metric: SlaMetric, minutes: number, businessHours = false): SlaTargetTerm => ({
  metric,
  minutes,
  businessHours,
});

export function terms(targets: SlaTargetTerm[], options: Partial<Omit<SlaTerms, 'targets'>> = {}): SlaTerms {
  return {
    targets,
    pauseStatuses: ['pending', 'on_hold'],
    pauseOnVendor: false,
    atRiskFraction: 0.75,
    ...options,
  };
}

const allDay = [{ start: '00:00', end: '24:00' }];
const officeHours = [{ start: '09:00', end: '17:00' }];

export const alwaysOpen = parseCalendar({
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
});

/** Monday to Friday 09:00–17:00 in Berlin, closed on 2025-04-18 (Good Friday). */
export const berlinOffice = parseCalendar({
  timeZone: 'Europe/Berlin',
  weeklyHours: {
    monday: officeHours,
    tuesday: officeHours,
    wednesday: officeHours,
    thursday: officeHours,
    friday: officeHours,
    saturday: [],
    sunday: [],
  },
  holidays: [{ kind: 'date', name: 'Good Friday', date: '2025-04-18' }],
});

export const neverOpen = parseCalendar({
  timeZone: 'UTC',
  weeklyHours: { monday: [], tuesday: [], wednesday: [], thursday: [], friday: [], saturday: [], sunday: [] },
});
