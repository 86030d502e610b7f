import { IANAZone } from 'luxon';
import { z } from 'zod';

export const WEEKDAYS = [
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const WALL_CLOCK_TIME = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;
const MONTH_DAY = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
// Offset-style names ("+02:00", "UTC+2") are accepted by Intl but are not zones: they have no DST rules.
const IANA_ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/;

/** Minutes after local midnight of a validated "HH:mm" (24:00 gives 1440). */
export function minuteOfDay(wallClockTime: string): number {
  const [hours = '', minutes = ''] = wallClockTime.split(':');
  return Number(hours) * 60 + Number(minutes);
}

function isIanaTimeZone(name: string): boolean {
  return IANA_ZONE_NAME.test(name) && IANAZone.isValidZone(name);
}

function isRealMonthDay(monthDay: string): boolean {
  const match = MONTH_DAY.exec(monthDay);
  if (!match) return false;
  // 2000 is a leap year, so 02-29 is a valid yearly holiday; it only closes leap years.
  const date = new Date(Date.UTC(2000, Number(match[1]) - 1, Number(match[2])));
  return date.getUTCDate() === Number(match[2]);
}

export const wallClockTimeSchema = z
  .string()
  .regex(WALL_CLOCK_TIME, { error: 'must be a local wall-clock time "HH:mm" from 00:00 to 24:00' });

export const openingIntervalSchema = z
  .strictObject({ start: wallClockTimeSchema, end: wallClockTimeSchema })
  .refine(
    (interval) =>
      !WALL_CLOCK_TIME.test(interval.start) ||
      !WALL_CLOCK_TIME.test(interval.end) ||
      minuteOfDay(interval.end) > minuteOfDay(interval.start),
    {
      error:
        'end must be after start; write hours past midnight as two intervals, e.g. 22:00–24:00 and 00:00–06:00 on the next day',
      path: ['end'],
    },
  );
export type OpeningInterval = z.output<typeof openingIntervalSchema>;

const dayHoursSchema = z
  .array(openingIntervalSchema)
  .superRefine((intervals, ctx) => {
    const valid = intervals
      .map((interval, index) => ({
        index,
        start: minuteOfDay(interval.start),
        end: minuteOfDay(interval.end),
        interval,
      }))
      .filter(({ start, end }) => Number.isFinite(start) && Number.isFinite(end) && end > start)
      .sort((a, b) => a.start - b.start);
    for (let i = 1; i < valid.length; i++) {
      const earlier = valid[i - 1];
      const later = valid[i];
      if (earlier && later && later.start < earlier.end) {
        ctx.addIssue({
          code: 'custom',
          path: [later.index],
          message: `${later.interval.start}–${later.interval.end} overlaps ${earlier.interval.start}–${earlier.interval.end}`,
        });
      }
    }
  })
  .default([]);

const holidayNameSchema = z.string().trim().min(1, { error: 'name is required' }).max(200);
const localDateSchema = z.iso.date({ error: 'must be a real calendar date "YYYY-MM-DD"' });
const monthDaySchema = z
  .string()
  .refine(isRealMonthDay, { error: 'must be a real day of the year "MM-DD", e.g. 12-25' });

export const holidayDefinitionSchema = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({ kind: z.literal('date'), name: holidayNameSchema, date: localDateSchema }),
    z
      .strictObject({
        kind: z.literal('range'),
        name: holidayNameSchema,
        from: localDateSchema,
        to: localDateSchema,
      })
      .refine((range) => range.to >= range.from, { error: 'to must be on or after from', path: ['to'] }),
    z.strictObject({ kind: z.literal('yearly'), name: holidayNameSchema, date: monthDaySchema }),
  ],
  { error: 'kind must be "date", "range" or "yearly"' },
);
export type HolidayDefinition = z.output<typeof holidayDefinitionSchema>;

/**
 * A business calendar as stored and sent over the API. Weekdays left out are closed; a
 * 24/7 calendar opens every day 00:00–24:00. Holiday dates are local dates in `timeZone`
 * and a range includes both `from` and `to`.
 */
export const businessCalendarSchema = z.strictObject({
  timeZone: z
    .string()
    .refine(isIanaTimeZone, { error: 'must be an IANA time zone name such as "Europe/Berlin"' }),
  weeklyHours: z.strictObject({
    monday: dayHoursSchema,
    tuesday: dayHoursSchema,
    wednesday: dayHoursSchema,
    thursday: dayHoursSchema,
    friday: dayHoursSchema,
    saturday: dayHoursSchema,
    sunday: dayHoursSchema,
  }),
  holidays: z.array(holidayDefinitionSchema).default([]),
});
export type BusinessCalendarInput = z.input<typeof businessCalendarSchema>;
export type BusinessCalendarDefinition = z.output<typeof businessCalendarSchema>;
