import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addBusinessMinutes, parseCalendar } from './business-calendar.ts';
import { importHolidaysFromIcs } from './ics-holidays.ts';
import { InvalidIcsError } from './sla.errors.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

function calendarFile(...events: string[]): string {
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Tierline//Test//EN', ...events, 'END:VCALENDAR'].join(
    '\r\n',
  );
}

function event(...lines: string[]): string {
  return ['BEGIN:VEVENT', 'UID:event@example.test', 'DTSTAMP:20250101T000000Z', ...lines, 'END:VEVENT'].join(
    '\r\n',
  );
}

describe('importHolidaysFromIcs', () => {
  it('turns a public-holiday feed of all-day events into dates and ranges', () => {
    const { holidays, skipped } = importHolidaysFromIcs(fixture('public-holidays-berlin.ics'));
    expect(holidays).toEqual([
      { kind: 'date', name: 'Neujahr', date: '2025-01-01' },
      { kind: 'date', name: 'Internationaler Frauentag', date: '2025-03-08' },
      { kind: 'date', name: 'Karfreitag', date: '2025-04-18' },
      { kind: 'date', name: 'Ostermontag', date: '2025-04-21' },
      {
        kind: 'range',
        name: 'Weihnachten (Heiligabend bis 2. Feiertag)',
        from: '2025-12-24',
        to: '2025-12-26',
      },
    ]);
    expect(skipped).toEqual([]);
  });

  it('imports yearly rules, expands finite ones and explains every event it leaves out', () => {
    const { holidays, skipped } = importHolidaysFromIcs(fixture('company-closures.ics'));
    expect(holidays).toEqual([
      { kind: 'yearly', name: 'Christmas', date: '12-25' },
      { kind: 'yearly', name: 'Christmas', date: '12-26' },
      { kind: 'yearly', name: "New Year's Day", date: '01-01' },
      { kind: 'date', name: "Founders' Day (three years only)", date: '2025-07-04' },
      { kind: 'date', name: "Founders' Day (three years only)", date: '2026-07-04' },
      { kind: 'date', name: "Founders' Day (three years only)", date: '2027-07-04' },
      { kind: 'range', name: 'Summer shutdown', from: '2025-08-04', to: '2025-08-15' },
      { kind: 'date', name: 'Holiday', date: '2025-12-31' },
    ]);
    expect(skipped).toEqual([
      {
        uid: 'thanksgiving@example.test',
        summary: 'Thanksgiving',
        reason: "its date moves from year to year (BYDAY); add each year's date instead",
      },
      {
        uid: 'all-hands@example.test',
        summary: 'All-hands meeting',
        reason: 'it is not an all-day event (DTSTART has a time of day)',
      },
      {
        uid: 'inventory@example.test',
        summary: 'Inventory day',
        reason: 'it repeats MONTHLY; only yearly repeats become holidays',
      },
      {
        uid: 'biennial-offsite@example.test',
        summary: 'Offsite (every other year)',
        reason: 'it repeats every 2 years; a yearly holiday repeats every year',
      },
      { uid: 'cancelled-party@example.test', summary: 'Winter party', reason: 'the event is cancelled' },
      {
        uid: 'christmas@example.test',
        summary: 'Christmas (starts a day early in 2025)',
        reason: 'it changes one occurrence of another event (RECURRENCE-ID), which holidays cannot express',
      },
    ]);
  });

  it('produces holidays that a calendar accepts and closes', () => {
    const { holidays } = importHolidaysFromIcs(fixture('public-holidays-berlin.ics'));
    const nineToFive = [{ start: '09:00', end: '17:00' }];
    const calendar = parseCalendar({
      timeZone: 'Europe/Berlin',
      weeklyHours: {
        monday: nineToFive,
        tuesday: nineToFive,
        wednesday: nineToFive,
        thursday: nineToFive,
        friday: nineToFive,
      },
      holidays,
    });
    // Tuesday 23 Dec 16:00 + 2 h: one hour on Tuesday, Christmas closes Wednesday to Friday.
    expect(addBusinessMinutes(calendar, new Date('2025-12-23T15:00:00Z'), 120)).toEqual(
      new Date('2025-12-29T09:00:00Z'),
    );
  });

  it('skips yearly rules on other days than the start and lists with RDATE/EXDATE', () => {
    const { holidays, skipped } = importHolidaysFromIcs(
      calendarFile(
        event('DTSTART;VALUE=DATE:20250501', 'RRULE:FREQ=YEARLY;BYMONTH=5,6', 'SUMMARY:Spring'),
        event(
          'DTSTART;VALUE=DATE:20250501',
          'RRULE:FREQ=YEARLY',
          'EXDATE;VALUE=DATE:20260501',
          'SUMMARY:May Day',
        ),
      ),
    );
    expect(holidays).toEqual([]);
    expect(skipped.map((entry) => entry.reason)).toEqual([
      'it repeats on other days of the year than its start (BYMONTH/BYMONTHDAY)',
      'it lists extra or excluded dates (RDATE/EXDATE), which holidays cannot express',
    ]);
  });

  it('refuses to expand a finite yearly rule into more than a hundred dates', () => {
    const { skipped } = importHolidaysFromIcs(
      calendarFile(event('DTSTART;VALUE=DATE:20250101', 'RRULE:FREQ=YEARLY;COUNT=500', 'SUMMARY:New Year')),
    );
    expect(skipped).toEqual([
      {
        uid: 'event@example.test',
        summary: 'New Year',
        reason: 'it repeats more than 100 times; shorten COUNT/UNTIL or drop the end',
      },
    ]);
  });

  it('reads every calendar of a file with several', () => {
    const file = `${calendarFile(event('DTSTART;VALUE=DATE:20250101', 'SUMMARY:A'))}\r\n${calendarFile(
      event('DTSTART;VALUE=DATE:20250102', 'SUMMARY:B'),
    )}`;
    expect(importHolidaysFromIcs(file).holidays.map((holiday) => holiday.name)).toEqual(['A', 'B']);
  });

  it('rejects text that is not iCalendar with a stable code', () => {
    for (const text of ['', 'hello world', 'BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ada\r\nEND:VCARD']) {
      expect(() => importHolidaysFromIcs(text)).toThrow(InvalidIcsError);
    }
    expect(() => importHolidaysFromIcs('not ics')).toThrow(expect.objectContaining({ code: 'invalid_ics' }));
  });
});
