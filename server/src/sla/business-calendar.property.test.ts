import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { BusinessCalendarInput, OpeningInterval } from './business-calendar.schema.ts';
import {
  addBusinessMinutes,
  businessIntervals,
  businessMinutesBetween,
  isBusinessTime,
  nextBusinessOpening,
  parseCalendar,
} from './business-calendar.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const WEEKDAY_NAMES = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/**
 * The obviously-correct reference: read the zone's wall clock ("2025-03-30 03:15") for each
 * UTC minute from the platform time-zone database (Intl, which luxon reads too; asked
 * directly because it is several times faster per call) and look the weekday, time and date
 * up in the calendar as written. Every zone here has whole-minute offsets and every
 * interval starts on a whole minute, so business time is on or off for a whole UTC minute;
 * counting minutes is then exact, even for instants with milliseconds.
 */
class MinuteByMinuteCalendar {
  readonly #input: BusinessCalendarInput;
  readonly #wallClock: Intl.DateTimeFormat;
  readonly #openByMinute = new Map<number, boolean>();

  constructor(input: BusinessCalendarInput) {
    this.#input = input;
    // Swedish formats as "YYYY-MM-DD HH:mm", the ISO order.
    this.#wallClock = new Intl.DateTimeFormat('sv-SE', {
      timeZone: input.timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
  }

  isOpen(instantMs: number): boolean {
    const minute = Math.floor(instantMs / MINUTE);
    let open = this.#openByMinute.get(minute);
    if (open === undefined) {
      open = this.#wallClockIsOpen(this.#wallClock.format(minute * MINUTE));
      this.#openByMinute.set(minute, open);
    }
    return open;
  }

  /** Open stretches within [fromMs, toMs), touching ones merged. */
  openStretches(fromMs: number, toMs: number): Array<[number, number]> {
    const stretches: Array<[number, number]> = [];
    for (let minuteStart = floorToMinute(fromMs); minuteStart < toMs; minuteStart += MINUTE) {
      if (!this.isOpen(minuteStart)) continue;
      const start = Math.max(fromMs, minuteStart);
      const end = Math.min(toMs, minuteStart + MINUTE);
      if (end <= start) continue;
      const last = stretches.at(-1);
      if (last && last[1] === start) last[1] = end;
      else stretches.push([start, end]);
    }
    return stretches;
  }

  add(fromMs: number, budgetMs: number): number {
    if (budgetMs === 0) return fromMs;
    let remainingMs = budgetMs;
    for (let minuteStart = floorToMinute(fromMs); minuteStart < fromMs + 30 * DAY; minuteStart += MINUTE) {
      if (!this.isOpen(minuteStart)) continue;
      const start = Math.max(fromMs, minuteStart);
      const length = minuteStart + MINUTE - start;
      if (length >= remainingMs) return start + remainingMs;
      remainingMs -= length;
    }
    throw new Error('reference gave up after 30 days');
  }

  nextOpening(fromMs: number): number {
    for (let minuteStart = floorToMinute(fromMs); minuteStart < fromMs + 30 * DAY; minuteStart += MINUTE) {
      if (this.isOpen(minuteStart)) return Math.max(fromMs, minuteStart);
    }
    throw new Error('reference gave up after 30 days');
  }

  #wallClockIsOpen(wallClock: string): boolean {
    const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}:\d{2})$/.exec(wallClock);
    if (!match) throw new Error(`unexpected wall-clock format "${wallClock}"`);
    const [, year, month, day, time = ''] = match;
    const date = `${year}-${month}-${day}`;
    const closedForHoliday = (this.#input.holidays ?? []).some((holiday) => {
      if (holiday.kind === 'date') return holiday.date === date;
      if (holiday.kind === 'range') return holiday.from <= date && date <= holiday.to;
      return holiday.date === `${month}-${day}`;
    });
    if (closedForHoliday) return false;
    const weekday = WEEKDAY_NAMES[new Date(`${date}T00:00:00Z`).getUTCDay()];
    const hours: OpeningInterval[] = (weekday && this.#input.weeklyHours[weekday]) || [];
    return hours.some((interval) => interval.start <= time && time < interval.end);
  }
}

function floorToMinute(ms: number): number {
  return Math.floor(ms / MINUTE) * MINUTE;
}

interface Scenario {
  readonly name: string;
  readonly input: BusinessCalendarInput;
  /** DST transitions of the zone (UTC); generated instants concentrate around them. */
  readonly transitions: readonly string[];
  /** More instants to concentrate around, for a zone without DST. */
  readonly holidayEves?: readonly string[];
}

const BERLIN_TRANSITIONS = [
  '2025-03-30T01:00Z',
  '2025-10-26T01:00Z',
  '2026-03-29T01:00Z',
  '2026-10-25T01:00Z',
  '2027-03-28T01:00Z',
  '2027-10-31T01:00Z',
];
const allDay: OpeningInterval[] = [{ start: '00:00', end: '24:00' }];

// Each calendar has hours on the night its zone changes offset, with the wall-clock times on
// either side of the jump in different states (open/closed), so a transition found a minute
// off, or handled with the wrong offset, changes the answer.
const SCENARIOS: readonly Scenario[] = [
  {
    name: 'Europe/Berlin: weekdays, Saturday morning, Sunday hours through the DST switch, holidays',
    transitions: BERLIN_TRANSITIONS,
    input: {
      timeZone: 'Europe/Berlin',
      weeklyHours: {
        ...weekdayHours([{ start: '08:00', end: '18:00' }]),
        saturday: [{ start: '10:00', end: '14:00' }],
        // Closes as the clock jumps, opens and closes inside the skipped/repeated hour, opens in it.
        sunday: [
          { start: '01:00', end: '02:00' },
          { start: '02:15', end: '02:30' },
          { start: '02:45', end: '04:00' },
        ],
      },
      holidays: [
        { kind: 'date', name: 'Closed on the DST Sunday', date: '2026-03-29' },
        { kind: 'range', name: 'Offsite', from: '2025-10-24', to: '2025-10-25' },
        { kind: 'yearly', name: 'Christmas Day', date: '12-25' },
        { kind: 'yearly', name: "New Year's Day", date: '01-01' },
        { kind: 'yearly', name: 'Leap day', date: '02-29' },
      ],
    },
  },
  {
    name: 'America/New_York: 9–17 weekdays and a Sunday night shift over 02:00',
    transitions: [
      '2025-03-09T07:00Z',
      '2025-11-02T06:00Z',
      '2026-03-08T07:00Z',
      '2026-11-01T06:00Z',
      '2027-03-14T07:00Z',
      '2027-11-07T06:00Z',
    ],
    input: {
      timeZone: 'America/New_York',
      weeklyHours: {
        ...weekdayHours([{ start: '09:00', end: '17:00' }]),
        sunday: [{ start: '00:30', end: '03:00' }],
      },
      holidays: [
        { kind: 'yearly', name: 'Independence Day', date: '07-04' },
        { kind: 'date', name: 'Thanksgiving', date: '2025-11-27' },
        { kind: 'range', name: 'Christmas', from: '2026-12-24', to: '2026-12-26' },
      ],
    },
  },
  {
    name: 'Australia/Sydney: split shift with lunch break and Sunday early hours',
    transitions: [
      '2025-04-05T16:00Z',
      '2025-10-04T16:00Z',
      '2026-04-04T16:00Z',
      '2026-10-03T16:00Z',
      '2027-04-03T16:00Z',
      '2027-10-02T16:00Z',
    ],
    input: {
      timeZone: 'Australia/Sydney',
      weeklyHours: {
        ...weekdayHours([
          { start: '08:00', end: '12:00' },
          { start: '13:00', end: '17:30' },
        ]),
        sunday: [
          { start: '01:00', end: '02:00' },
          { start: '02:30', end: '04:00' },
        ],
      },
      holidays: [
        { kind: 'yearly', name: 'Australia Day', date: '01-26' },
        { kind: 'yearly', name: 'Anzac Day', date: '04-25' },
      ],
    },
  },
  {
    name: 'Asia/Kolkata: Monday to Saturday, half-hour offset, no DST',
    transitions: [],
    holidayEves: ['2025-08-14T18:30Z', '2025-10-01T18:30Z', '2026-01-25T18:30Z', '2027-01-25T18:30Z'],
    input: {
      timeZone: 'Asia/Kolkata',
      weeklyHours: {
        ...weekdayHours([{ start: '09:30', end: '18:30' }]),
        saturday: [{ start: '09:30', end: '18:30' }],
      },
      holidays: [
        { kind: 'yearly', name: 'Republic Day', date: '01-26' },
        { kind: 'yearly', name: 'Independence Day', date: '08-15' },
        { kind: 'yearly', name: 'Gandhi Jayanti', date: '10-02' },
      ],
    },
  },
  {
    name: 'Europe/Berlin 24/7',
    transitions: BERLIN_TRANSITIONS,
    input: {
      timeZone: 'Europe/Berlin',
      weeklyHours: { ...weekdayHours(allDay), saturday: allDay, sunday: allDay },
    },
  },
  {
    name: 'Pacific/Chatham: weekend night shifts across midnight and the 02:45 DST switch',
    transitions: [
      '2025-04-05T14:00Z',
      '2025-09-27T14:00Z',
      '2026-04-04T14:00Z',
      '2026-09-26T14:00Z',
      '2027-04-03T14:00Z',
      '2027-09-25T14:00Z',
    ],
    input: {
      timeZone: 'Pacific/Chatham',
      weeklyHours: {
        friday: [{ start: '22:00', end: '24:00' }],
        saturday: [
          { start: '00:00', end: '06:00' },
          { start: '22:00', end: '24:00' },
        ],
        sunday: [
          { start: '00:00', end: '02:45' },
          { start: '03:15', end: '06:00' },
        ],
      },
      holidays: [{ kind: 'yearly', name: 'Christmas Day', date: '12-25' }],
    },
  },
];

function weekdayHours(hours: OpeningInterval[]): BusinessCalendarInput['weeklyHours'] {
  return { monday: hours, tuesday: hours, wednesday: hours, thursday: hours, friday: hours };
}

/** Instants mostly within ±3 days of the hot spots, the rest anywhere in 2025–2027, often on round times. */
function instantNear(hotSpots: readonly string[]): fc.Arbitrary<number> {
  const anywhere = fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) });
  const hotSpotMs = hotSpots.map((hotSpot) => Date.parse(hotSpot));
  const nearHotSpot =
    hotSpotMs.length === 0
      ? anywhere
      : fc
          .tuple(fc.constantFrom(...hotSpotMs), fc.integer({ min: -3 * DAY, max: 3 * DAY }))
          .map(([t, d]) => t + d);
  const instant = fc.oneof({ weight: 3, arbitrary: nearHotSpot }, { weight: 1, arbitrary: anywhere });
  return fc.oneof(
    instant,
    instant.map(floorToMinute),
    instant.map((ms) => ms - (ms % (15 * MINUTE))),
  );
}

const ms = (minutes: number) => Math.round(minutes * MINUTE);

describe('the DST fixtures', () => {
  it.each(
    SCENARIOS.flatMap((scenario) => scenario.transitions.map((t) => [scenario.input.timeZone, t] as const)),
  )('%s changes its offset at %s', (zone, transition) => {
    const instant = Date.parse(transition);
    expect(DateTime.fromMillis(instant - 1, { zone }).offset).not.toBe(
      DateTime.fromMillis(instant, { zone }).offset,
    );
  });
});

describe.each(SCENARIOS)('$name', ({ input, transitions, holidayEves = [] }) => {
  const calendar = parseCalendar(input);
  const reference = new MinuteByMinuteCalendar(input);
  const instant = instantNear([...transitions, ...holidayEves]);

  it('isBusinessTime agrees with the wall clock', () => {
    fc.assert(
      fc.property(instant, (at) => {
        expect(isBusinessTime(calendar, new Date(at))).toBe(reference.isOpen(at));
      }),
      { numRuns: 400 },
    );
  });

  it('businessMinutesBetween and businessIntervals agree with minute-by-minute counting', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 2 * DAY }), (from, span) => {
        const stretches = reference.openStretches(from, from + span);
        const openMs = stretches.reduce((sum, [start, end]) => sum + end - start, 0);
        expect(ms(businessMinutesBetween(calendar, new Date(from), new Date(from + span)))).toBe(openMs);
        const intervals = businessIntervals(calendar, new Date(from), new Date(from + span));
        expect(intervals.map(({ start, end }) => [start.getTime(), end.getTime()])).toEqual(stretches);
      }),
      { numRuns: 200 },
    );
  });

  it('addBusinessMinutes agrees with minute-by-minute counting', () => {
    const budget = fc.oneof(
      fc.integer({ min: 0, max: 12 * 60 }).map(ms),
      fc.integer({ min: 0, max: 12 * HOUR }),
    );
    fc.assert(
      fc.property(instant, budget, (start, budgetMs) => {
        const due = addBusinessMinutes(calendar, new Date(start), budgetMs / MINUTE);
        expect(due.getTime()).toBe(reference.add(start, budgetMs));
      }),
      { numRuns: 200 },
    );
  });

  it('nextBusinessOpening agrees with minute-by-minute search', () => {
    fc.assert(
      fc.property(instant, (at) => {
        expect(nextBusinessOpening(calendar, new Date(at)).getTime()).toBe(reference.nextOpening(at));
      }),
      { numRuns: 200 },
    );
  });

  it('measures back exactly the minutes that were added, even over months', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 60_000 }), (start, minutes) => {
        const due = addBusinessMinutes(calendar, new Date(start), minutes);
        expect(businessMinutesBetween(calendar, new Date(start), due)).toBe(minutes);
        if (minutes > 0) expect(isBusinessTime(calendar, new Date(due.getTime() - 1))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('adds in small steps to the same due time as in one go', () => {
    const steps = fc.array(fc.integer({ min: 1, max: 600 }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(instant, steps, (start, stepMinutes) => {
        let due = new Date(start);
        for (const minutes of stepMinutes) due = addBusinessMinutes(calendar, due, minutes);
        const total = stepMinutes.reduce((sum, minutes) => sum + minutes, 0);
        expect(addBusinessMinutes(calendar, new Date(start), total)).toEqual(due);
      }),
      { numRuns: 100 },
    );
  });

  it('counts long spans the same whether it skips whole weeks or lists every interval', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 120 * DAY }), (from, span) => {
        const intervals = businessIntervals(calendar, new Date(from), new Date(from + span));
        const listedMs = intervals.reduce((sum, { start, end }) => sum + end.getTime() - start.getTime(), 0);
        expect(ms(businessMinutesBetween(calendar, new Date(from), new Date(from + span)))).toBe(listedMs);
      }),
      { numRuns: 100 },
    );
  });

  it('is monotonic in the start, the duration and the end', () => {
    const minutes = fc.integer({ min: 0, max: 5_000 });
    fc.assert(
      fc.property(instant, instant, minutes, minutes, (a, b, n, m) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const [fewer, more] = n <= m ? [n, m] : [m, n];
        const addAt = (start: number, count: number) =>
          addBusinessMinutes(calendar, new Date(start), count).getTime();
        expect(addAt(early, fewer)).toBeLessThanOrEqual(addAt(late, fewer));
        expect(addAt(early, fewer)).toBeLessThanOrEqual(addAt(early, more));
        const between = (from: number, to: number) =>
          businessMinutesBetween(calendar, new Date(from), new Date(to));
        expect(between(early - DAY, early)).toBeLessThanOrEqual(between(early - DAY, late));
        expect(between(early, late + DAY)).toBeLessThanOrEqual(between(early - DAY, late + DAY));
      }),
      { numRuns: 200 },
    );
  });

  it('adds up: between(a, b) + between(b, c) = between(a, c)', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 0, max: 20 * DAY }),
        fc.integer({ min: 0, max: 20 * DAY }),
        (a, ab, bc) => {
          const between = (from: number, to: number) =>
            ms(businessMinutesBetween(calendar, new Date(from), new Date(to)));
          expect(between(a, a + ab) + between(a + ab, a + ab + bc)).toBe(between(a, a + ab + bc));
        },
      ),
      { numRuns: 200 },
    );
  });
});
