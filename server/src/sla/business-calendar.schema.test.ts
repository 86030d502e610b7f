import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { businessIntervals, parseCalendar } from './business-calendar.ts';
import { InvalidBusinessCalendarError } from './sla.errors.ts';

const BERLIN = 'Europe/Berlin';

const at = (localDateTime: string) => DateTime.fromISO(localDateTime, { zone: BERLIN }).toJSDate();

describe('parseCalendar', () => {
  function issuesOf(input: unknown): Array<{ path: string; message: string }> {
    try {
      parseCalendar(input);
    } catch (error) {
      if (error instanceof InvalidBusinessCalendarError) return [...error.issues];
      throw error;
    }
    throw new Error('expected the calendar to be rejected');
  }

  it('accepts touching intervals and merges them', () => {
    const calendar = parseCalendar({
      timeZone: BERLIN,
      weeklyHours: {
        monday: [
          { start: '12:00', end: '17:00' },
          { start: '09:00', end: '12:00' },
        ],
      },
    });
    expect(businessIntervals(calendar, at('2025-06-16T00:00'), at('2025-06-17T00:00'))).toEqual([
      { start: at('2025-06-16T09:00'), end: at('2025-06-16T17:00') },
    ]);
  });

  it('rejects overlapping intervals within a day', () => {
    const issues = issuesOf({
      timeZone: BERLIN,
      weeklyHours: {
        tuesday: [
          { start: '09:00', end: '12:00' },
          { start: '11:00', end: '14:00' },
        ],
      },
    });
    expect(issues).toEqual([{ path: 'weeklyHours.tuesday.1', message: '11:00–14:00 overlaps 09:00–12:00' }]);
  });

  it('rejects an interval that ends before it starts and says how to write overnight hours', () => {
    const [issue] = issuesOf({
      timeZone: BERLIN,
      weeklyHours: { friday: [{ start: '22:00', end: '06:00' }] },
    });
    expect(issue?.path).toBe('weeklyHours.friday.0.end');
    expect(issue?.message).toMatch(/end must be after start.*22:00–24:00 and 00:00–06:00/);
  });

  it('rejects times that are not HH:mm between 00:00 and 24:00', () => {
    for (const time of ['9:00', '24:30', '12:60', '25:00', '12:00:00']) {
      expect(
        issuesOf({ timeZone: BERLIN, weeklyHours: { monday: [{ start: time, end: '24:00' }] } }),
      ).toContainEqual({
        path: 'weeklyHours.monday.0.start',
        message: 'must be a local wall-clock time "HH:mm" from 00:00 to 24:00',
      });
    }
  });

  it('rejects unknown and offset-style time zones', () => {
    for (const timeZone of ['Mars/Olympus_Mons', '+02:00', 'UTC+2', 'local', '']) {
      expect(issuesOf({ timeZone, weeklyHours: {} })).toEqual([
        { path: 'timeZone', message: 'must be an IANA time zone name such as "Europe/Berlin"' },
      ]);
    }
  });

  it('rejects impossible dates, reversed ranges, nameless and unknown kinds of holidays', () => {
    const issues = issuesOf({
      timeZone: BERLIN,
      weeklyHours: {},
      holidays: [
        { kind: 'date', name: 'Nope', date: '2025-02-29' },
        { kind: 'range', name: 'Backwards', from: '2025-08-10', to: '2025-08-01' },
        { kind: 'yearly', name: 'Nope', date: '02-30' },
        { kind: 'date', name: '  ', date: '2025-05-01' },
        { kind: 'weekly', name: 'Fridays', date: 'friday' },
      ],
    });
    expect(issues).toEqual([
      { path: 'holidays.0.date', message: 'must be a real calendar date "YYYY-MM-DD"' },
      { path: 'holidays.1.to', message: 'to must be on or after from' },
      { path: 'holidays.2.date', message: 'must be a real day of the year "MM-DD", e.g. 12-25' },
      { path: 'holidays.3.name', message: 'name is required' },
      { path: 'holidays.4.kind', message: 'kind must be "date", "range" or "yearly"' },
    ]);
  });

  it('rejects misspelt weekdays instead of silently closing that day', () => {
    const issues = issuesOf({ timeZone: BERLIN, weeklyHours: { mondy: [{ start: '09:00', end: '17:00' }] } });
    expect(issues.map((issue) => issue.path)).toEqual(['weeklyHours']);
  });

  it('reports every problem in one error with a stable code', () => {
    expect(() =>
      parseCalendar({ timeZone: 'Nowhere', weeklyHours: { monday: [{ start: '10:00', end: '09:00' }] } }),
    ).toThrow(expect.objectContaining({ code: 'invalid_business_calendar' }));
  });
});
