import ICAL from 'ical.js';
import type { HolidayDefinition } from './business-calendar.schema.ts';
import { dayNumberOf, isoDateOfDayNumber } from './local-date.ts';
import { InvalidIcsError } from './sla.errors.ts';

/** A VEVENT that did not become a holiday, and why, so the admin can add it by hand. */
export interface SkippedIcsEntry {
  readonly uid: string | null;
  readonly summary: string | null;
  readonly reason: string;
}

export interface IcsHolidayImport {
  readonly holidays: HolidayDefinition[];
  readonly skipped: SkippedIcsEntry[];
}

const FALLBACK_NAME = 'Holiday';
const MAX_NAME_LENGTH = 200;
// A finite yearly rule (COUNT/UNTIL) is expanded into its dates; past this it is surely a mistake.
const MAX_EXPANDED_OCCURRENCES = 100;
const MOVING_RULE_PARTS = ['BYDAY', 'BYSETPOS', 'BYYEARDAY', 'BYWEEKNO'] as const;

type Time = InstanceType<typeof ICAL.Time>;
type IcalEvent = InstanceType<typeof ICAL.Event>;
type IcalComponent = InstanceType<typeof ICAL.Component>;
type Recur = InstanceType<typeof ICAL.Recur>;

/**
 * Reads holidays from an iCalendar file such as a public-holiday feed. All-day events become
 * a date or a range (DTEND is exclusive, as RFC 5545 says); a yearly RRULE on the same day
 * becomes a yearly holiday. Everything else (timed events, moving rules such as "fourth
 * Thursday", other frequencies) is returned in `skipped` with a reason.
 */
export function importHolidaysFromIcs(icsText: string): IcsHolidayImport {
  const holidays: HolidayDefinition[] = [];
  const skipped: SkippedIcsEntry[] = [];
  for (const calendar of parseCalendars(icsText)) {
    for (const vevent of calendar.getAllSubcomponents('vevent')) {
      const event = new ICAL.Event(vevent);
      const outcome = holidaysOf(event, vevent);
      if (typeof outcome === 'string') {
        skipped.push({
          uid: textOrNull(vevent, 'uid'),
          summary: textOrNull(vevent, 'summary'),
          reason: outcome,
        });
      } else {
        holidays.push(...outcome);
      }
    }
  }
  return { holidays, skipped };
}

function parseCalendars(icsText: string): IcalComponent[] {
  let parsed: unknown;
  try {
    parsed = ICAL.parse(icsText);
  } catch (error) {
    throw new InvalidIcsError(error instanceof Error ? error.message : String(error));
  }
  // ical.js returns one jCal array for a single VCALENDAR and an array of them for several.
  const jcals = Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed : [parsed];
  const calendars = jcals
    .filter((jcal): jcal is unknown[] => Array.isArray(jcal) && jcal.length > 0)
    .map((jcal) => new ICAL.Component(jcal))
    .filter((component) => component.name === 'vcalendar');
  if (calendars.length === 0) throw new InvalidIcsError('no VCALENDAR found');
  return calendars;
}

/** The holidays an event stands for, or the reason it is skipped. */
function holidaysOf(event: IcalEvent, vevent: IcalComponent): HolidayDefinition[] | string {
  if (textOrNull(vevent, 'status')?.toUpperCase() === 'CANCELLED') return 'the event is cancelled';
  if (vevent.hasProperty('recurrence-id')) {
    return 'it changes one occurrence of another event (RECURRENCE-ID), which holidays cannot express';
  }
  if (!vevent.hasProperty('dtstart')) return 'it has no start date (DTSTART)';
  const start = event.startDate;
  if (!start.isDate) return 'it is not an all-day event (DTSTART has a time of day)';
  const firstDay = dayNumberOfTime(start);
  const days = dayNumberOfTime(event.endDate) - firstDay;
  if (!Number.isInteger(days) || days < 1) return 'it does not end after it starts (DTEND/DURATION)';
  if (vevent.hasProperty('rdate') || vevent.hasProperty('exdate')) {
    return 'it lists extra or excluded dates (RDATE/EXDATE), which holidays cannot express';
  }
  const name = holidayName(vevent);
  const rules = vevent.getAllProperties('rrule');
  if (rules.length === 0) return [datedHoliday(name, firstDay, days)];
  if (rules.length > 1) return 'it has several repeat rules (RRULE)';
  const rule = rules[0]?.getFirstValue();
  if (!(rule instanceof ICAL.Recur)) return 'its repeat rule (RRULE) cannot be read';
  const unsupported = unsupportedYearlyRule(rule, start);
  if (unsupported) return unsupported;
  return rule.isFinite() ? expandFiniteRule(event, name, days) : yearlyHolidays(name, firstDay, days);
}

function unsupportedYearlyRule(rule: Recur, start: Time): string | null {
  if (rule.freq !== 'YEARLY') return `it repeats ${rule.freq}; only yearly repeats become holidays`;
  if (rule.interval > 1)
    return `it repeats every ${rule.interval} years; a yearly holiday repeats every year`;
  const movingPart = MOVING_RULE_PARTS.find((part) => (rule.parts[part]?.length ?? 0) > 0);
  if (movingPart) {
    return `its date moves from year to year (${movingPart}); add each year's date instead`;
  }
  const months = rule.parts.BYMONTH ?? [start.month];
  const monthDays = rule.parts.BYMONTHDAY ?? [start.day];
  if (
    months.length !== 1 ||
    monthDays.length !== 1 ||
    months[0] !== start.month ||
    monthDays[0] !== start.day
  ) {
    return 'it repeats on other days of the year than its start (BYMONTH/BYMONTHDAY)';
  }
  return null;
}

function expandFiniteRule(event: IcalEvent, name: string, days: number): HolidayDefinition[] | string {
  const holidays: HolidayDefinition[] = [];
  const occurrences = event.iterator();
  for (let occurrence = occurrences.next(); occurrence; occurrence = occurrences.next()) {
    if (holidays.length === MAX_EXPANDED_OCCURRENCES) {
      return `it repeats more than ${MAX_EXPANDED_OCCURRENCES} times; shorten COUNT/UNTIL or drop the end`;
    }
    holidays.push(datedHoliday(name, dayNumberOfTime(occurrence), days));
  }
  return holidays;
}

/** One yearly holiday per day the event lasts, e.g. 12-24, 12-25 and 12-26 for a three-day Christmas. */
function yearlyHolidays(name: string, firstDay: number, days: number): HolidayDefinition[] | string {
  if (days > 31) return 'it repeats yearly but lasts more than a month';
  return Array.from({ length: days }, (_, offset) => ({
    kind: 'yearly' as const,
    name,
    date: isoDateOfDayNumber(firstDay + offset).slice(5),
  }));
}

function datedHoliday(name: string, firstDay: number, days: number): HolidayDefinition {
  if (days === 1) return { kind: 'date', name, date: isoDateOfDayNumber(firstDay) };
  return {
    kind: 'range',
    name,
    from: isoDateOfDayNumber(firstDay),
    to: isoDateOfDayNumber(firstDay + days - 1),
  };
}

function holidayName(vevent: IcalComponent): string {
  const summary = textOrNull(vevent, 'summary')?.trim();
  return summary ? summary.slice(0, MAX_NAME_LENGTH) : FALLBACK_NAME;
}

function dayNumberOfTime(time: Time): number {
  return dayNumberOf(time.year, time.month, time.day);
}

function textOrNull(vevent: IcalComponent, property: string): string | null {
  const value = vevent.getFirstPropertyValue(property);
  return typeof value === 'string' ? value : null;
}
