import type { HolidayDefinition } from './business-calendar.schema.ts';
import { dayNumberOf, dayNumberOfIsoDate, isLeapYear } from './local-date.ts';
import { DAY_MS } from './zone-offsets.ts';

function monthDayKey(month: number, day: number): number {
  return month * 100 + day;
}

// A yearly 02-29 is absent in up to 7 consecutive years (e.g. 2097–2103), so 8 years
// always reach the next occurrence of any yearly holiday.
const YEARS_TO_NEXT_YEARLY_OCCURRENCE = 8;

/** The closed days of a calendar, compiled for fast lookup. */
export class HolidaySet {
  /** Disjoint, ascending, non-adjacent [first, last] day-number pairs from dates and ranges. */
  readonly #closedRuns: ReadonlyArray<readonly [number, number]>;
  readonly #yearlyKeys: readonly number[];
  readonly #yearlyKeySet: ReadonlySet<number>;

  constructor(holidays: readonly HolidayDefinition[]) {
    const runs: Array<[number, number]> = [];
    const yearlyKeys = new Set<number>();
    for (const holiday of holidays) {
      if (holiday.kind === 'date') {
        const day = dayNumberOfIsoDate(holiday.date);
        runs.push([day, day]);
      } else if (holiday.kind === 'range') {
        runs.push([dayNumberOfIsoDate(holiday.from), dayNumberOfIsoDate(holiday.to)]);
      } else {
        const [month, day] = holiday.date.split('-').map(Number);
        yearlyKeys.add(monthDayKey(month, day));
      }
    }
    this.#closedRuns = mergeRuns(runs);
    this.#yearlyKeys = [...yearlyKeys].sort((a, b) => a - b);
    this.#yearlyKeySet = yearlyKeys;
  }

  /** Yearly holidays on all 366 days of the year close the calendar for good. */
  get closesEveryDayOfTheYear(): boolean {
    return this.#yearlyKeys.length === 366;
  }

  includes(day: number): boolean {
    const run = this.#closedRuns[this.#firstRunEndingOnOrAfter(day)];
    if (run && run[0] <= day) return true;
    if (this.#yearlyKeySet.size === 0) return false;
    const date = new Date(day * DAY_MS);
    return this.#yearlyKeySet.has(monthDayKey(date.getUTCMonth() + 1, date.getUTCDate()));
  }

  /** The first holiday on or after `day`, or Infinity when there is none. */
  firstOnOrAfter(day: number): number {
    const run = this.#closedRuns[this.#firstRunEndingOnOrAfter(day)];
    const dated = run ? Math.max(run[0], day) : Infinity;
    return Math.min(dated, this.#firstYearlyOnOrAfter(day));
  }

  #firstYearlyOnOrAfter(day: number): number {
    if (this.#yearlyKeys.length === 0) return Infinity;
    const date = new Date(day * DAY_MS);
    const year = date.getUTCFullYear();
    const todayKey = monthDayKey(date.getUTCMonth() + 1, date.getUTCDate());
    for (let candidateYear = year; candidateYear <= year + YEARS_TO_NEXT_YEARLY_OCCURRENCE; candidateYear++) {
      for (const key of this.#yearlyKeys) {
        if (candidateYear === year && key < todayKey) continue;
        if (key === monthDayKey(2, 29) && !isLeapYear(candidateYear)) continue;
        return dayNumberOf(candidateYear, Math.floor(key / 100), key % 100);
      }
    }
    return Infinity;
  }

  /** Index of the first run whose last day is >= `day` (runs.length if none). */
  #firstRunEndingOnOrAfter(day: number): number {
    let low = 0;
    let high = this.#closedRuns.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.#closedRuns[middle][1] < day) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}

function mergeRuns(runs: Array<[number, number]>): Array<readonly [number, number]> {
  const merged: Array<[number, number]> = [];
  for (const [first, last] of runs.sort((a, b) => a[0] - b[0])) {
    const previous = merged.at(-1);
    if (previous && first <= previous[1] + 1) previous[1] = Math.max(previous[1], last);
    else merged.push([first, last]);
  }
  return merged;
}
