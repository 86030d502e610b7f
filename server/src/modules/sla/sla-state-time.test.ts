import { describe, expect, it } from 'vitest';
import { alwaysOpen, berlinOffice, history as h, neverOpen, target, terms } from './sla-history.fixtures.ts';
import { deriveSlaState, type SlaHistoryEvent, type SlaTerms } from './sla-state.ts';

const derive = (events: SlaHistoryEvent[], slaTerms: SlaTerms, now: string, calendar = alwaysOpen) =>
  deriveSlaState({ events, terms: slaTerms, calendar, now: new Date(now) });
const targetOf = (result: ReturnType<typeof derive>, metric: string) => {
  const found = result.targets.find((candidate) => candidate.metric === metric);
  if (!found) throw new Error(`no ${metric} target`);
  return found;
};
const iso = (date: Date | null) => date?.toISOString() ?? null;
const firstResponseHour = terms([target('first_response', 60)]);

describe('business time', () => {
  it('counts only office hours across a weekend', () => {
    // Friday 16:00 in Berlin (CET, UTC+1); two business hours run out on Monday at 10:00.
    const events = [h.created('2025-03-07T15:00:00Z')];
    const business = terms([target('first_response', 120, true)]);
    const saturday = targetOf(
      derive(events, business, '2025-03-08T12:00:00Z', berlinOffice),
      'first_response',
    );
    expect(saturday).toMatchObject({ elapsedMinutes: 60, remainingMinutes: 60, state: 'ok' });
    expect(iso(saturday.dueAt)).toBe('2025-03-10T09:00:00.000Z');
    const calendarTime = terms([target('first_response', 120)]);
    const inCalendarTime = targetOf(
      derive(events, calendarTime, '2025-03-08T12:00:00Z', berlinOffice),
      'first_response',
    );
    expect(inCalendarTime.state).toBe('breached');
    expect(iso(inCalendarTime.dueAt)).toBe('2025-03-07T17:00:00.000Z');
  });

  it('follows the wall clock across the switch to summer time', () => {
    // Friday 28 March 16:00 CET; the clocks go forward on Sunday; Monday 10:00 CEST is 08:00Z.
    const events = [h.created('2025-03-28T15:00:00Z')];
    const fr = targetOf(
      derive(events, terms([target('first_response', 120, true)]), '2025-03-31T07:30:00Z', berlinOffice),
      'first_response',
    );
    expect(iso(fr.dueAt)).toBe('2025-03-31T08:00:00.000Z');
    expect(fr.elapsedMinutes).toBe(90);
  });

  it('skips holidays and measures paused time in business minutes too', () => {
    // Thursday 17 April 16:00 CEST; Good Friday is closed, so the next business hour is Monday 09:00.
    const events = [
      h.created('2025-04-17T14:00:00Z'),
      h.status('2025-04-17T14:30:00Z', 'new', 'pending'),
      h.status('2025-04-22T07:00:00Z', 'pending', 'open'),
    ];
    const fr = targetOf(
      derive(events, terms([target('first_response', 120, true)]), '2025-04-22T07:30:00Z', berlinOffice),
      'first_response',
    );
    // Paused Thursday 16:30–17:00 and Monday 09:00–17:00 (Easter Monday is not in this calendar).
    expect(fr).toMatchObject({ elapsedMinutes: 60, pausedMinutes: 30 + 480 });
    expect(iso(fr.dueAt)).toBe('2025-04-22T08:30:00.000Z');
  });

  it('never comes due in a calendar that never opens, without failing', () => {
    const fr = targetOf(
      derive(
        [h.created('2025-03-03T10:00:00Z')],
        terms([target('first_response', 60, true)]),
        '2025-03-10T10:00:00Z',
        neverOpen,
      ),
      'first_response',
    );
    expect(fr).toMatchObject({ state: 'ok', elapsedMinutes: 0, dueAt: null });
  });
});

describe('what the history already says', () => {
  const events = [
    h.created('2025-03-03T10:00:00Z'),
    h.notice('2025-03-03T10:46:00Z', 'at_risk', 'first_response'),
  ];

  it('remembers the notices recorded for the current cycle', () => {
    const fr = targetOf(derive(events, firstResponseHour, '2025-03-03T10:50:00Z'), 'first_response');
    expect(fr.noticed).toEqual({ atRisk: true, breached: false });
  });

  it('remembers which escalation levels fired', () => {
    const result = derive(
      [...events, h.fired('2025-03-03T10:46:00Z', 5, 1, 'first_response')],
      firstResponseHour,
      '2025-03-03T10:50:00Z',
    );
    expect([...result.firedEscalations]).toEqual(['5:1:first_response:1']);
  });

  it('treats an event stamped before the previous one (clock skew) as simultaneous', () => {
    const skewed = [
      h.created('2025-03-03T10:00:00Z'),
      h.status('2025-03-03T10:30:00Z', 'new', 'pending'),
      h.status('2025-03-03T10:29:00Z', 'pending', 'open'),
    ];
    const fr = targetOf(derive(skewed, firstResponseHour, '2025-03-03T10:40:00Z'), 'first_response');
    expect(fr).toMatchObject({ elapsedMinutes: 40, pausedMinutes: 0 });
  });
});

describe('more rules of the clock', () => {
  const created = h.created('2025-03-03T10:00:00Z');

  it('starts paused when the ticket is opened as pending', () => {
    const events = [
      h.created('2025-03-03T10:00:00Z', 'pending'),
      h.status('2025-03-03T11:00:00Z', 'pending', 'open'),
    ];
    const fr = targetOf(
      derive(events, terms([target('first_response', 60)]), '2025-03-03T11:15:00Z'),
      'first_response',
    );
    expect(fr).toMatchObject({ elapsedMinutes: 15, pausedMinutes: 60 });
  });

  it('names the status as the reason when a status pause and a vendor pause overlap', () => {
    const events = [
      created,
      h.vendorOut('2025-03-03T10:10:00Z'),
      h.status('2025-03-03T10:20:00Z', 'open', 'on_hold'),
    ];
    const withVendor = terms([target('resolution', 600)], { pauseOnVendor: true });
    const r = targetOf(derive(events, withVendor, '2025-03-03T10:30:00Z'), 'resolution');
    expect(r.timeline.map((s) => s.reason)).toEqual([null, 'waiting_on_vendor', 'on_hold']);
    expect(r).toMatchObject({ elapsedMinutes: 10, pausedMinutes: 20, pauseReason: 'on_hold' });
  });

  it('projects the at-risk moment into the next business day', () => {
    // Friday 16:30 CET (15:30Z): 30 business minutes of a 120-minute target run on Friday; 90 (75 %) is reached Monday 10:00.
    const events = [h.created('2025-03-07T15:30:00Z')];
    const fr = targetOf(
      derive(events, terms([target('first_response', 120, true)]), '2025-03-08T10:00:00Z', berlinOffice),
      'first_response',
    );
    expect(iso(fr.atRiskAt)).toBe('2025-03-10T09:00:00.000Z');
    expect(fr.state).toBe('ok');
  });

  it('lets solving fulfil a running next response, and a new customer message start the next one', () => {
    const events = [
      created,
      h.agentReply('2025-03-03T10:05:00Z'),
      h.customerReply('2025-03-03T11:00:00Z'),
      h.status('2025-03-03T11:10:00Z', 'open', 'solved'),
      h.customerReply('2025-03-03T12:00:00Z'),
      h.status('2025-03-03T12:00:00Z', 'solved', 'open'),
    ];
    const nr = targetOf(
      derive(events, terms([target('next_response', 30)]), '2025-03-03T12:20:00Z'),
      'next_response',
    );
    expect(nr).toMatchObject({ cycle: 2, clock: 'running', elapsedMinutes: 20 });
    expect(nr.earlierCycles).toMatchObject([
      { cycle: 1, endedBy: 'solved', state: 'met', elapsedMinutes: 10 },
    ]);
  });

  it('keeps the resolution time over several reopenings', () => {
    const events = [
      created,
      h.status('2025-03-03T11:00:00Z', 'new', 'solved'),
      h.status('2025-03-04T09:00:00Z', 'solved', 'open'),
      h.status('2025-03-04T09:30:00Z', 'open', 'solved'),
      h.status('2025-03-05T09:00:00Z', 'solved', 'open'),
    ];
    const r = targetOf(
      derive(events, terms([target('resolution', 120)]), '2025-03-05T09:45:00Z'),
      'resolution',
    );
    expect(r).toMatchObject({ elapsedMinutes: 135, state: 'breached', cycle: 1 });
    expect(iso(r.breachedAt)).toBe('2025-03-05T09:30:00.000Z');
  });

  it('ignores what the history records after now', () => {
    const events = [created, h.agentReply('2025-03-03T12:00:00Z')];
    const fr = targetOf(
      derive(events, terms([target('first_response', 60)]), '2025-03-03T10:30:00Z'),
      'first_response',
    );
    expect(fr).toMatchObject({ state: 'ok', clock: 'running', elapsedMinutes: 30 });
  });
});
