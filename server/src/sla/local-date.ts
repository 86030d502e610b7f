import { DAY_MS } from './zone-offsets.ts';

// Local dates are handled as day numbers: whole days since 1970-01-01 of the calendar's
// local date. Holiday checks become integer comparisons that never touch the process time
// zone, because only the UTC methods of Date are used.

/** Day number of a proleptic Gregorian date; setUTCFullYear keeps years below 100 literal and rolls over day 32. */
export function dayNumberOf(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return Math.round(date.getTime() / DAY_MS);
}

/** Day number of an ISO local date "YYYY-MM-DD". */
export function dayNumberOfIsoDate(isoDate: string): number {
  const [year = Number.NaN, month = Number.NaN, day = Number.NaN] = isoDate.split('-').map(Number);
  return dayNumberOf(year, month, day);
}

/** The ISO local date "YYYY-MM-DD" of a day number (years 0–9999). */
export function isoDateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}
