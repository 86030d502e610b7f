import { DomainError } from '../errors.ts';

export interface CalendarIssue {
  /** Dotted path into the calendar input, e.g. "weeklyHours.monday.1.end". */
  readonly path: string;
  readonly message: string;
}

export class InvalidBusinessCalendarError extends DomainError {
  readonly issues: readonly CalendarIssue[];

  constructor(issues: readonly CalendarIssue[]) {
    const summary = issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
    super('invalid', 'invalid_business_calendar', `Invalid business calendar: ${summary}`, { issues });
    this.name = 'InvalidBusinessCalendarError';
    this.issues = issues;
  }
}

/** The calendar never opens (no weekly hours, or holidays on every day), so no due time exists. */
export class CalendarHasNoBusinessHoursError extends DomainError {
  constructor(timeZone: string) {
    super(
      'invalid',
      'calendar_has_no_business_hours',
      `The business calendar (${timeZone}) has no business hours, so business time never passes`,
    );
    this.name = 'CalendarHasNoBusinessHoursError';
  }
}

export class InvalidIcsError extends DomainError {
  constructor(reason: string) {
    super('invalid', 'invalid_ics', `The iCalendar file could not be read: ${reason}`);
    this.name = 'InvalidIcsError';
  }
}
