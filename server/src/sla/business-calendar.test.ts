import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';
import type { BusinessCalendarInput, OpeningInterval } from './business-calendar.schema.ts';
import {
  addBusinessMinutes,
  businessIntervals,
  businessMinutesBetween,
  isBusinessTime,
  nextBusinessOpening,
  parseCalendar,
} from './business-calendar.ts';
import { CalendarHasNoBusinessHoursError } from './sla.errors.ts';

const BERLIN = 'Europe/Berlin';

function weekdays(...intervals: OpeningInterval[]): BusinessCalendarInput['weeklyHours'] {
  return {
    monday: intervals,
    tuesday: intervals,
    wednesday: intervals,
    thursday: intervals,
    friday: intervals,
  };
}

const nineToFive = (timeZone = BERLIN, holidays: BusinessCalendarInput['holidays'] = []) =>
  parseCalendar({ timeZone, weeklyHours: weekdays({ start: '09:00', end: '17:00' }), holidays });

/** An instant given as wall-clock time in `zone`. */
function at(localDateTime: string, zone = BERLIN): Date {
  return DateTime.fromISO(localDateTime, { zone }).toJSDate();
}

/** An instant shown as wall-clock time with offset in `zone`, for readable expectations. */
function local(instant: Date, zone = BERLIN): string {
  return DateTime.fromJSDate(instant, { zone }).toISO({ suppressMilliseconds: true }) ?? 'invalid';
}

describe('addBusinessMinutes', () => {
  it('makes a P1 logged Friday 16:30 in Berlin with 9–17 hours and 4 business hours due Monday 12:30', () => {
    // 30 minutes on Friday, 3 h 30 min on Monday.
    const due = addBusinessMinutes(nineToFive(), at('2025-06-13T16:30'), 4 * 60);
    expect(local(due)).toBe('2025-06-16T12:30:00+02:00');
  });

  it('starts counting at the next opening when the ticket arrives before opening', () => {
    expect(local(addBusinessMinutes(nineToFive(), at('2025-06-16T07:00'), 60))).toBe(
      '2025-06-16T10:00:00+02:00',
    );
  });

  it('starts counting on Monday morning when the ticket arrives on a weekend', () => {
    expect(local(addBusinessMinutes(nineToFive(), at('2025-06-14T12:00'), 30))).toBe(
      '2025-06-16T09:30:00+02:00',
    );
  });

  it('is due at closing time, not at the next opening, when the time runs out exactly at closing', () => {
    expect(local(addBusinessMinutes(nineToFive(), at('2025-06-16T09:00'), 8 * 60))).toBe(
      '2025-06-16T17:00:00+02:00',
    );
  });

  it('returns the start itself for 0 minutes, even outside business hours', () => {
    const saturday = at('2025-06-14T12:00');
    expect(addBusinessMinutes(nineToFive(), saturday, 0)).toEqual(saturday);
  });

  it('counts fractions of a minute to the millisecond', () => {
    expect(local(addBusinessMinutes(nineToFive(), at('2025-06-16T16:59'), 1.5))).toBe(
      '2025-06-17T09:00:30+02:00',
    );
  });

  it('skips single-date, range and yearly holidays', () => {
    const calendar = nineToFive(BERLIN, [
      { kind: 'date', name: 'Christmas Eve', date: '2025-12-24' },
      { kind: 'yearly', name: 'Christmas Day', date: '12-25' },
      { kind: 'yearly', name: 'Boxing Day', date: '12-26' },
      { kind: 'range', name: 'Year-end closure', from: '2025-12-29', to: '2025-12-31' },
      { kind: 'yearly', name: "New Year's Day", date: '01-01' },
    ]);
    expect(local(addBusinessMinutes(calendar, at('2025-12-23T16:00'), 120))).toBe(
      '2026-01-02T10:00:00+01:00',
    );
  });

  it('closes a yearly 02-29 holiday only in leap years', () => {
    const calendar = nineToFive(BERLIN, [{ kind: 'yearly', name: 'Leap day', date: '02-29' }]);
    expect(local(addBusinessMinutes(calendar, at('2028-02-28T16:00'), 120))).toBe(
      '2028-03-01T10:00:00+01:00',
    );
    expect(local(addBusinessMinutes(calendar, at('2029-02-28T16:00'), 120))).toBe(
      '2029-03-01T10:00:00+01:00',
    );
  });

  it('leaves the lunch break of a split shift out', () => {
    const splitShift = parseCalendar({
      timeZone: BERLIN,
      weeklyHours: weekdays({ start: '08:00', end: '12:00' }, { start: '13:00', end: '17:00' }),
    });
    expect(local(addBusinessMinutes(splitShift, at('2025-06-16T11:30'), 60))).toBe(
      '2025-06-16T13:30:00+02:00',
    );
  });

  it('runs through midnight on a night shift written as 22:00–24:00 plus 00:00–06:00', () => {
    const nightShift = parseCalendar({
      timeZone: BERLIN,
      weeklyHours: {
        friday: [{ start: '22:00', end: '24:00' }],
        saturday: [{ start: '00:00', end: '06:00' }],
      },
    });
    expect(local(addBusinessMinutes(nightShift, at('2025-06-13T23:00'), 180))).toBe(
      '2025-06-14T02:00:00+02:00',
    );
  });

  it('takes 10,000 business minutes (four weeks and a bit) across a DST change', () => {
    // 4 × 40 h bring Monday 6 Oct 09:00 to Friday 31 Oct 17:00; 6 h 40 min remain for Monday.
    expect(local(addBusinessMinutes(nineToFive(), at('2025-10-06T09:00'), 10_000))).toBe(
      '2025-11-03T15:40:00+01:00',
    );
  });

  it('rejects negative, non-finite and absurdly large durations and invalid dates', () => {
    const calendar = nineToFive();
    expect(() => addBusinessMinutes(calendar, at('2025-06-16T09:00'), -1)).toThrow(RangeError);
    expect(() => addBusinessMinutes(calendar, at('2025-06-16T09:00'), Number.NaN)).toThrow(RangeError);
    expect(() => addBusinessMinutes(calendar, at('2025-06-16T09:00'), 1e12)).toThrow(RangeError);
    expect(() => addBusinessMinutes(calendar, new Date('not a date'), 10)).toThrow(RangeError);
  });
});

describe('businessMinutesBetween', () => {
  it('counts only business hours between two instants', () => {
    expect(businessMinutesBetween(nineToFive(), at('2025-06-13T16:30'), at('2025-06-16T12:30'))).toBe(240);
  });

  it('is 0 when the end is not after the start', () => {
    const calendar = nineToFive();
    expect(businessMinutesBetween(calendar, at('2025-06-16T12:00'), at('2025-06-16T10:00'))).toBe(0);
    expect(businessMinutesBetween(calendar, at('2025-06-16T10:00'), at('2025-06-16T10:00'))).toBe(0);
  });

  it('reports fractional minutes', () => {
    expect(businessMinutesBetween(nineToFive(), at('2025-06-16T10:00:00'), at('2025-06-16T10:00:30'))).toBe(
      0.5,
    );
  });

  it('counts a year of 9–17 weekdays as 261 days of 8 hours', () => {
    expect(businessMinutesBetween(nineToFive(), at('2025-01-01T00:00'), at('2026-01-01T00:00'))).toBe(
      261 * 480,
    );
  });
});

describe('a 24/7 calendar', () => {
  const allDay = [{ start: '00:00', end: '24:00' }];
  const alwaysOpen = parseCalendar({
    timeZone: BERLIN,
    weeklyHours: { ...weekdays(...allDay), saturday: allDay, sunday: allDay },
  });

  it('counts real elapsed time, so a spring-forward day has 23 business hours', () => {
    expect(businessMinutesBetween(alwaysOpen, at('2025-03-30T00:00'), at('2025-03-31T00:00'))).toBe(23 * 60);
    expect(local(addBusinessMinutes(alwaysOpen, at('2025-03-29T12:00'), 24 * 60))).toBe(
      '2025-03-30T13:00:00+02:00',
    );
  });

  it('explains a week as one uninterrupted interval', () => {
    const intervals = businessIntervals(alwaysOpen, at('2025-10-20T00:00'), at('2025-10-27T00:00'));
    expect(intervals).toEqual([{ start: at('2025-10-20T00:00'), end: at('2025-10-27T00:00') }]);
  });
});

describe('daylight saving time (Europe/Berlin, Sunday hours 01:00–04:00)', () => {
  const sundayNight = (hours: OpeningInterval[]) =>
    parseCalendar({ timeZone: BERLIN, weeklyHours: { sunday: hours } });
  const earlyHours = sundayNight([{ start: '01:00', end: '04:00' }]);

  it('is two hours long on the spring-forward night, when 02:00–03:00 does not exist', () => {
    expect(businessMinutesBetween(earlyHours, at('2025-03-30T00:00'), at('2025-03-30T12:00'))).toBe(120);
  });

  it('is four hours long on the fall-back night, when 02:00–03:00 happens twice', () => {
    expect(businessMinutesBetween(earlyHours, at('2025-10-26T00:00'), at('2025-10-26T12:00'))).toBe(240);
  });

  it('opens an interval that starts in the skipped hour when the clock jumps to 03:00', () => {
    const calendar = sundayNight([{ start: '02:30', end: '05:00' }]);
    expect(nextBusinessOpening(calendar, at('2025-03-30T00:00'))).toEqual(new Date('2025-03-30T01:00:00Z'));
    expect(local(nextBusinessOpening(calendar, at('2025-03-30T00:00')))).toBe('2025-03-30T03:00:00+02:00');
  });

  it('gives an interval that lies entirely in the skipped hour no time that night', () => {
    const calendar = sundayNight([{ start: '02:00', end: '02:30' }]);
    expect(businessMinutesBetween(calendar, at('2025-03-30T00:00'), at('2025-03-31T00:00'))).toBe(0);
    expect(businessMinutesBetween(calendar, at('2025-04-06T00:00'), at('2025-04-07T00:00'))).toBe(30);
  });

  it('follows the wall clock through the repeated hour: 02:30–04:00 opens, closes for 02:00–02:30 again, reopens', () => {
    const calendar = sundayNight([{ start: '02:30', end: '04:00' }]);
    expect(businessIntervals(calendar, at('2025-10-26T00:00'), at('2025-10-27T00:00'))).toEqual([
      { start: new Date('2025-10-26T00:30:00Z'), end: new Date('2025-10-26T01:00:00Z') },
      { start: new Date('2025-10-26T01:30:00Z'), end: new Date('2025-10-26T03:00:00Z') },
    ]);
  });

  it('moves a New York weekday deadline across the spring-forward weekend by wall-clock hours', () => {
    const newYork = 'America/New_York';
    const due = addBusinessMinutes(nineToFive(newYork), at('2025-03-07T16:00', newYork), 120);
    expect(local(due, newYork)).toBe('2025-03-10T10:00:00-04:00');
  });
});

describe('time zones far from the server', () => {
  it('opens Monday 09:00 on Kiritimati (UTC+14) while it is still Sunday in UTC', () => {
    const calendar = nineToFive('Pacific/Kiritimati');
    expect(isBusinessTime(calendar, new Date('2025-06-15T19:30:00Z'))).toBe(true);
    expect(nextBusinessOpening(calendar, new Date('2025-06-15T12:00:00Z'))).toEqual(
      new Date('2025-06-15T19:00:00Z'),
    );
  });

  it('handles the half-hour offset of Kolkata and the 45-minute offset of the Chatham Islands', () => {
    expect(nextBusinessOpening(nineToFive('Asia/Kolkata'), new Date('2025-06-16T00:00:00Z'))).toEqual(
      new Date('2025-06-16T03:30:00Z'),
    );
    expect(nextBusinessOpening(nineToFive('Pacific/Chatham'), new Date('2025-06-15T12:00:00Z'))).toEqual(
      new Date('2025-06-15T20:15:00Z'),
    );
  });

  describe('whatever the server time zone is', () => {
    const expectedServerOffset = (zone: string) =>
      0 - DateTime.fromObject({ year: 2026, month: 1, day: 1 }, { zone: 'UTC' }).setZone(zone).offset;
    const serverZone = process.env.TZ;
    afterEach(() => {
      if (serverZone === undefined) delete process.env.TZ;
      else process.env.TZ = serverZone;
    });

    it.each(['UTC', 'Pacific/Chatham', 'America/Los_Angeles', 'Asia/Kathmandu'])(
      'gives the same due time with TZ=%s',
      (zone) => {
        process.env.TZ = zone;
        const calendar = nineToFive('Australia/Sydney', [
          { kind: 'yearly', name: 'Australia Day', date: '01-26' },
        ]);
        const due = addBusinessMinutes(calendar, new Date('2026-01-23T05:00:00Z'), 180);
        expect(new Date(Date.UTC(2026, 0, 1)).getTimezoneOffset()).toBe(expectedServerOffset(zone));
        expect(due).toEqual(new Date('2026-01-27T00:00:00Z'));
      },
    );
  });
});

describe('isBusinessTime and nextBusinessOpening', () => {
  it('treats opening as inside and closing as outside business hours', () => {
    const calendar = nineToFive();
    expect(isBusinessTime(calendar, at('2025-06-16T09:00'))).toBe(true);
    expect(isBusinessTime(calendar, at('2025-06-16T16:59:59.999'))).toBe(true);
    expect(isBusinessTime(calendar, at('2025-06-16T17:00'))).toBe(false);
  });

  it('returns the instant itself when already open, else the next opening', () => {
    const calendar = nineToFive();
    expect(nextBusinessOpening(calendar, at('2025-06-16T10:00'))).toEqual(at('2025-06-16T10:00'));
    expect(local(nextBusinessOpening(calendar, at('2025-06-13T17:00')))).toBe('2025-06-16T09:00:00+02:00');
  });
});

describe('businessIntervals', () => {
  it('lists the open stretches of a split-shift week, clipped to the range', () => {
    const calendar = parseCalendar({
      timeZone: BERLIN,
      weeklyHours: {
        monday: [
          { start: '08:00', end: '12:00' },
          { start: '13:00', end: '17:00' },
        ],
      },
    });
    expect(businessIntervals(calendar, at('2025-06-16T10:00'), at('2025-06-23T09:00'))).toEqual([
      { start: at('2025-06-16T10:00'), end: at('2025-06-16T12:00') },
      { start: at('2025-06-16T13:00'), end: at('2025-06-16T17:00') },
      { start: at('2025-06-23T08:00'), end: at('2025-06-23T09:00') },
    ]);
  });

  it('merges touching intervals, including across midnight', () => {
    const calendar = parseCalendar({
      timeZone: BERLIN,
      weeklyHours: {
        friday: [
          { start: '20:00', end: '22:00' },
          { start: '22:00', end: '24:00' },
        ],
        saturday: [{ start: '00:00', end: '06:00' }],
      },
    });
    expect(businessIntervals(calendar, at('2025-06-13T00:00'), at('2025-06-15T00:00'))).toEqual([
      { start: at('2025-06-13T20:00'), end: at('2025-06-14T06:00') },
    ]);
  });
});

describe('a calendar that never opens', () => {
  const closed = parseCalendar({ timeZone: BERLIN, weeklyHours: {} });

  it('refuses to compute a due time instead of searching forever', () => {
    expect(() => addBusinessMinutes(closed, at('2025-06-16T09:00'), 60)).toThrow(
      CalendarHasNoBusinessHoursError,
    );
    expect(() => nextBusinessOpening(closed, at('2025-06-16T09:00'))).toThrow(
      CalendarHasNoBusinessHoursError,
    );
  });

  it('still measures zero business time and no intervals', () => {
    expect(businessMinutesBetween(closed, at('2025-06-16T09:00'), at('2025-06-30T09:00'))).toBe(0);
    expect(businessIntervals(closed, at('2025-06-16T09:00'), at('2025-06-30T09:00'))).toEqual([]);
  });

  it('includes calendars whose yearly holidays cover every day of the year', () => {
    const everyDay = Array.from({ length: 366 }, (_, index) => {
      const date = DateTime.utc(2024, 1, 1).plus({ days: index });
      return { kind: 'yearly' as const, name: 'Closed', date: date.toFormat('MM-dd') };
    });
    const calendar = nineToFive(BERLIN, everyDay);
    expect(() => addBusinessMinutes(calendar, at('2025-06-16T09:00'), 60)).toThrow(
      CalendarHasNoBusinessHoursError,
    );
  });
});
