import {
  type BusinessCalendarDefinition,
  businessCalendarSchema,
  minuteOfDay,
  type OpeningInterval,
  WEEKDAYS,
} from './business-calendar.schema.ts';
import { HolidaySet } from './holiday-set.ts';
import { CalendarHasNoBusinessHoursError, InvalidBusinessCalendarError } from './sla.errors.ts';
import { DAY_MS, MINUTE_MS, WEEK_MS, type ZoneOffsets, zoneOffsetsFor } from './zone-offsets.ts';

// The one rule behind every function here: an instant is business time when the calendar
// zone's wall clock at that instant shows a local date that is not a holiday and a time
// inside one of that weekday's intervals. DST follows from it (see README.md): skipped wall
// times never occur, repeated wall times count twice.

/** A validated calendar compiled for fast maths. Build it with `parseCalendar`. */
export interface BusinessCalendar {
  readonly definition: BusinessCalendarDefinition;
  readonly timeZone: string;
  /** Monday first; each day's hours as flat [startMs, endMs, …] after local midnight, touching intervals merged. */
  readonly openingsByWeekday: ReadonlyArray<readonly number[]>;
  readonly openMsByWeekday: readonly number[];
  readonly openMsPerWeek: number;
  readonly holidays: HolidaySet;
  readonly offsets: ZoneOffsets;
  /** No instant is ever business time: no weekly hours, or yearly holidays on every day. */
  readonly neverOpen: boolean;
}

/** A stretch of business time as UTC instants, `end` exclusive. */
export interface BusinessInterval {
  readonly start: Date;
  readonly end: Date;
}

/** Larger SLA targets are input errors; the cap keeps a bad value from walking for seconds. */
export const MAX_BUSINESS_MINUTES = 10_000_000;

// How far one walk step looks for the next offset change. Whole weeks are skipped inside a
// step, so a longer step only helps very long durations and costs offset lookups up front.
const STEP_LOOKAHEAD_MS = 5 * WEEK_MS;
const END_OF_SEARCH_MS = Date.UTC(10_000, 0, 1);
const NO_OPENINGS: readonly number[] = [];

export function parseCalendar(input: unknown): BusinessCalendar {
  const result = businessCalendarSchema.safeParse(input);
  if (!result.success) {
    throw new InvalidBusinessCalendarError(
      result.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
      })),
    );
  }
  return compileCalendar(result.data);
}

function compileCalendar(definition: BusinessCalendarDefinition): BusinessCalendar {
  const openingsByWeekday = WEEKDAYS.map((weekday) => compileOpenings(definition.weeklyHours[weekday]));
  const openMsByWeekday = openingsByWeekday.map((openings) => {
    let total = 0;
    for (let i = 0; i < openings.length; i += 2) total += openings[i + 1] - openings[i];
    return total;
  });
  const openMsPerWeek = openMsByWeekday.reduce((sum, dayMs) => sum + dayMs, 0);
  const holidays = new HolidaySet(definition.holidays);
  return {
    definition,
    timeZone: definition.timeZone,
    openingsByWeekday,
    openMsByWeekday,
    openMsPerWeek,
    holidays,
    offsets: zoneOffsetsFor(definition.timeZone),
    neverOpen: openMsPerWeek === 0 || holidays.closesEveryDayOfTheYear,
  };
}

function compileOpenings(intervals: readonly OpeningInterval[]): number[] {
  const sorted = intervals
    .map(
      (interval) => [minuteOfDay(interval.start) * MINUTE_MS, minuteOfDay(interval.end) * MINUTE_MS] as const,
    )
    .sort((a, b) => a[0] - b[0]);
  const flat: number[] = [];
  for (const [startMs, endMs] of sorted) {
    if (flat.length > 0 && flat[flat.length - 1] === startMs) flat[flat.length - 1] = endMs;
    else flat.push(startMs, endMs);
  }
  return flat;
}

/** Whether `at` is inside business hours. */
export function isBusinessTime(calendar: BusinessCalendar, at: Date): boolean {
  const atMs = instantMsOf(at, 'at');
  const wallMs = atMs + calendar.offsets.offsetAt(atMs);
  const day = Math.floor(wallMs / DAY_MS);
  const msIntoDay = wallMs - day * DAY_MS;
  const openings = openingsOn(calendar, day);
  for (let i = 0; i < openings.length; i += 2) {
    if (openings[i] <= msIntoDay && msIntoDay < openings[i + 1]) return true;
  }
  return false;
}

/** The first business instant at or after `at` (so `at` itself when it is business time). */
export function nextBusinessOpening(calendar: BusinessCalendar, at: Date): Date {
  const atMs = instantMsOf(at, 'at');
  assertOpensSometime(calendar);
  const walk = walkBusinessTime(calendar, atMs, 0, END_OF_SEARCH_MS);
  if (!walk.budgetReached) throw new CalendarHasNoBusinessHoursError(calendar.timeZone);
  return new Date(walk.endMs);
}

/**
 * The instant at which `minutes` of business time have passed since `start`. Counting begins
 * at the next opening when `start` is closed; the result is the closing instant (not the
 * next opening) when the time runs out exactly at closing. Adding 0 returns `start`
 * unchanged, even when closed. Millisecond resolution.
 */
export function addBusinessMinutes(calendar: BusinessCalendar, start: Date, minutes: number): Date {
  const startMs = instantMsOf(start, 'start');
  if (!Number.isFinite(minutes) || minutes < 0 || minutes > MAX_BUSINESS_MINUTES) {
    throw new RangeError(`minutes must be a number from 0 to ${MAX_BUSINESS_MINUTES}, got ${minutes}`);
  }
  const budgetMs = Math.round(minutes * MINUTE_MS);
  if (budgetMs === 0) return new Date(startMs);
  assertOpensSometime(calendar);
  const walk = walkBusinessTime(calendar, startMs, budgetMs, END_OF_SEARCH_MS);
  if (!walk.budgetReached) {
    throw new RangeError(`${minutes} business minutes from ${start.toISOString()} end after year 9999`);
  }
  return new Date(walk.endMs);
}

/** Business minutes in [from, to), fractional to the millisecond; 0 when `to` is not after `from`. */
export function businessMinutesBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  const fromMs = instantMsOf(from, 'from');
  const toMs = instantMsOf(to, 'to');
  if (toMs <= fromMs) return 0;
  return walkBusinessTime(calendar, fromMs, Infinity, toMs).consumedMs / MINUTE_MS;
}

/** The business time in [from, to) as maximal intervals, clipped to the range; for explaining SLA timelines. */
export function businessIntervals(calendar: BusinessCalendar, from: Date, to: Date): BusinessInterval[] {
  const fromMs = instantMsOf(from, 'from');
  const toMs = instantMsOf(to, 'to');
  if (toMs <= fromMs) return [];
  const spans: Array<[number, number]> = [];
  walkBusinessTime(calendar, fromMs, Infinity, toMs, (startMs, endMs) => {
    const previous = spans.at(-1);
    // Merges across midnight (22:00–24:00 + 00:00–06:00) and across offset changes of a 24/7 calendar.
    if (previous && previous[1] === startMs) previous[1] = endMs;
    else spans.push([startMs, endMs]);
  });
  return spans.map(([startMs, endMs]) => ({ start: new Date(startMs), end: new Date(endMs) }));
}

interface Walk {
  /** Where the walk stopped: when the budget ran out, else `limitMs`. */
  readonly endMs: number;
  readonly consumedMs: number;
  readonly budgetReached: boolean;
}

/**
 * Walks forward from `fromMs` through business time until `budgetMs` of it has been used
 * (a budget of 0 stops at the first business instant) or `limitMs` is reached. The walk goes
 * through stretches of constant UTC offset; inside one, wall-clock time is UTC plus that
 * offset, so each local day is plain arithmetic. Whole days are summed from their totals and
 * whole weeks skipped, unless `onSpan` wants to see every interval.
 */
function walkBusinessTime(
  calendar: BusinessCalendar,
  fromMs: number,
  budgetMs: number,
  limitMs: number,
  onSpan?: (startMs: number, endMs: number) => void,
): Walk {
  let consumedMs = 0;
  let atMs = fromMs;
  while (atMs < limitMs) {
    const { offsetMs, untilMs } = calendar.offsets.segmentAt(
      atMs,
      Math.min(limitMs, atMs + STEP_LOOKAHEAD_MS),
    );
    const wallEndMs = untilMs + offsetMs;
    let wallMs = atMs + offsetMs;
    while (wallMs < wallEndMs) {
      const day = Math.floor(wallMs / DAY_MS);
      const dayStartMs = day * DAY_MS;
      if (!onSpan && wallMs === dayStartMs && dayStartMs + DAY_MS <= wallEndMs) {
        const weeks = skippableWeeks(calendar, day, wallEndMs - wallMs, budgetMs - consumedMs);
        if (weeks > 0) {
          consumedMs += weeks * calendar.openMsPerWeek;
          wallMs += weeks * WEEK_MS;
          continue;
        }
        const dayOpenMs = calendar.holidays.includes(day) ? 0 : calendar.openMsByWeekday[weekdayOf(day)];
        if (consumedMs + dayOpenMs < budgetMs) {
          consumedMs += dayOpenMs;
          wallMs += DAY_MS;
          continue;
        }
      }
      const openings = openingsOn(calendar, day);
      for (let i = 0; i < openings.length; i += 2) {
        const spanStartMs = Math.max(dayStartMs + openings[i], wallMs);
        const spanEndMs = Math.min(dayStartMs + openings[i + 1], wallEndMs);
        if (spanEndMs <= spanStartMs) continue;
        const remainingMs = budgetMs - consumedMs;
        if (spanEndMs - spanStartMs >= remainingMs) {
          return { endMs: spanStartMs + remainingMs - offsetMs, consumedMs: budgetMs, budgetReached: true };
        }
        consumedMs += spanEndMs - spanStartMs;
        onSpan?.(spanStartMs - offsetMs, spanEndMs - offsetMs);
      }
      wallMs = Math.min(dayStartMs + DAY_MS, wallEndMs);
    }
    atMs = untilMs;
  }
  return { endMs: limitMs, consumedMs, budgetReached: false };
}

/**
 * Whole weeks from local midnight of `day` that can be counted as `openMsPerWeek` each:
 * inside the constant-offset stretch, before the next holiday, and leaving some budget
 * so the final partial week is walked exactly.
 */
function skippableWeeks(
  calendar: BusinessCalendar,
  day: number,
  wallMsLeft: number,
  budgetLeftMs: number,
): number {
  const weeksInStretch = Math.floor(wallMsLeft / WEEK_MS);
  if (weeksInStretch === 0 || calendar.openMsPerWeek === 0 || budgetLeftMs <= calendar.openMsPerWeek)
    return 0;
  const weeksInBudget = Math.ceil(budgetLeftMs / calendar.openMsPerWeek) - 1;
  const weeksBeforeHoliday = Math.floor((calendar.holidays.firstOnOrAfter(day) - day) / 7);
  return Math.min(weeksInStretch, weeksInBudget, weeksBeforeHoliday);
}

function openingsOn(calendar: BusinessCalendar, day: number): readonly number[] {
  if (calendar.holidays.includes(day)) return NO_OPENINGS;
  return calendar.openingsByWeekday[weekdayOf(day)];
}

/** 0 = Monday; day 0 (1970-01-01) was a Thursday. */
function weekdayOf(day: number): number {
  return ((day % 7) + 10) % 7;
}

function assertOpensSometime(calendar: BusinessCalendar): void {
  if (calendar.neverOpen) throw new CalendarHasNoBusinessHoursError(calendar.timeZone);
}

function instantMsOf(instant: Date, name: string): number {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`${name} must be a valid Date`);
  return ms;
}
