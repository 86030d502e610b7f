import { describe, expect, it } from 'vitest';
import { alwaysOpen, berlinOffice, history as h, target, terms } from './sla-history.fixtures.ts';
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

describe('first response, in calendar time', () => {
  const created = h.created('2025-03-03T10:00:00Z');

  it('runs from creation and projects its due time', () => {
    const fr = targetOf(derive([created], firstResponseHour, '2025-03-03T10:30:00Z'), 'first_response');
    expect(fr).toMatchObject({
      state: 'ok',
      clock: 'running',
      elapsedMinutes: 30,
      remainingMinutes: 30,
      cycle: 1,
    });
    expect(iso(fr.dueAt)).toBe('2025-03-03T11:00:00.000Z');
    expect(iso(fr.atRiskAt)).toBe('2025-03-03T10:45:00.000Z');
    expect(fr.timeline).toEqual([
      { clock: 'running', reason: null, from: created.at, to: null, minutes: 30, elapsedBefore: 0 },
    ]);
  });

  it('is at risk from the configured fraction of the target on', () => {
    expect(
      targetOf(derive([created], firstResponseHour, '2025-03-03T10:44:59Z'), 'first_response').state,
    ).toBe('ok');
    expect(
      targetOf(derive([created], firstResponseHour, '2025-03-03T10:45:00Z'), 'first_response').state,
    ).toBe('at_risk');
    const early = terms([target('first_response', 60)], { atRiskFraction: 0.5 });
    expect(targetOf(derive([created], early, '2025-03-03T10:31:00Z'), 'first_response').state).toBe(
      'at_risk',
    );
  });

  it('breaches at its due time and keeps counting past it', () => {
    const fr = targetOf(derive([created], firstResponseHour, '2025-03-03T11:10:00Z'), 'first_response');
    expect(fr).toMatchObject({ state: 'breached', elapsedMinutes: 70, remainingMinutes: -10 });
    expect(iso(fr.breachedAt)).toBe('2025-03-03T11:00:00.000Z');
  });

  it('is met by the first public agent reply, not by notes or customer messages', () => {
    const events = [
      created,
      h.internalNote('2025-03-03T10:10:00Z'),
      h.customerReply('2025-03-03T10:20:00Z'),
      h.agentReply('2025-03-03T10:40:00Z'),
    ];
    const fr = targetOf(derive(events, firstResponseHour, '2025-03-03T12:00:00Z'), 'first_response');
    expect(fr).toMatchObject({ state: 'met', clock: 'stopped', elapsedMinutes: 40, endedBy: 'agent_reply' });
    expect(iso(fr.metAt)).toBe('2025-03-03T10:40:00.000Z');
    expect(fr.breachedAt).toBeNull();
  });

  it('stays breached when the reply comes late', () => {
    const events = [created, h.agentReply('2025-03-03T11:30:00Z')];
    const fr = targetOf(derive(events, firstResponseHour, '2025-03-03T12:00:00Z'), 'first_response');
    expect(fr).toMatchObject({ state: 'breached', clock: 'stopped', elapsedMinutes: 90 });
    expect(iso(fr.breachedAt)).toBe('2025-03-03T11:00:00.000Z');
    expect(fr.metAt).toBeNull();
  });

  it('counts a reply exactly at the due time as breached, like the sweep does', () => {
    const fr = targetOf(
      derive([created, h.agentReply('2025-03-03T11:00:00Z')], firstResponseHour, '2025-03-03T12:00:00Z'),
      'first_response',
    );
    expect(fr.state).toBe('breached');
  });

  it('reports only the targets the terms name', () => {
    const result = derive([created], terms([target('resolution', 600)]), '2025-03-03T10:30:00Z');
    expect(result.targets.map((t) => t.metric)).toEqual(['resolution']);
    expect(derive([created], terms([]), '2025-03-03T10:30:00Z').targets).toEqual([]);
  });

  it('is empty before the ticket exists', () => {
    expect(derive([], firstResponseHour, '2025-03-03T10:30:00Z')).toMatchObject({
      status: null,
      targets: [],
    });
  });
});

describe('pausing', () => {
  const created = h.created('2025-03-03T10:00:00Z');

  it('pauses while pending and resumes with the time already spent', () => {
    const events = [
      created,
      h.status('2025-03-03T10:20:00Z', 'new', 'pending'),
      h.status('2025-03-03T11:20:00Z', 'pending', 'open'),
    ];
    const fr = targetOf(derive(events, firstResponseHour, '2025-03-03T11:40:00Z'), 'first_response');
    expect(fr).toMatchObject({ state: 'ok', clock: 'running', elapsedMinutes: 40, pausedMinutes: 60 });
    expect(iso(fr.dueAt)).toBe('2025-03-03T12:00:00.000Z');
    expect(fr.timeline.map((s) => [s.clock, s.reason, s.minutes, s.elapsedBefore])).toEqual([
      ['running', null, 20, 0],
      ['paused', 'pending', 60, 20],
      ['running', null, 20, 20],
    ]);
  });

  it('has no due time while paused, but keeps an at-risk state reached before the pause', () => {
    const events = [created, h.status('2025-03-03T10:50:00Z', 'new', 'on_hold')];
    const fr = targetOf(derive(events, firstResponseHour, '2025-03-03T15:00:00Z'), 'first_response');
    expect(fr).toMatchObject({
      state: 'at_risk',
      clock: 'paused',
      pauseReason: 'on_hold',
      elapsedMinutes: 50,
    });
    expect(fr.dueAt).toBeNull();
    expect(iso(fr.atRiskAt)).toBe('2025-03-03T10:45:00.000Z');
  });

  it('follows the policy: a status it does not list keeps the clock running', () => {
    const events = [created, h.status('2025-03-03T10:20:00Z', 'new', 'on_hold')];
    const onlyPending = terms([target('first_response', 60)], { pauseStatuses: ['pending'] });
    const fr = targetOf(derive(events, onlyPending, '2025-03-03T10:50:00Z'), 'first_response');
    expect(fr).toMatchObject({ clock: 'running', elapsedMinutes: 50, pausedMinutes: 0 });
    expect(fr.timeline).toHaveLength(1);
  });

  it('pauses while a vendor works on it, when the policy says so', () => {
    const events = [created, h.vendorOut('2025-03-03T10:10:00Z'), h.vendorBack('2025-03-03T12:10:00Z')];
    const withVendorPause = terms([target('resolution', 240)], { pauseOnVendor: true });
    const paused = targetOf(derive(events, withVendorPause, '2025-03-03T12:30:00Z'), 'resolution');
    expect(paused).toMatchObject({ elapsedMinutes: 30, pausedMinutes: 120 });
    expect(paused.timeline[1]).toMatchObject({ clock: 'paused', reason: 'waiting_on_vendor', minutes: 120 });
    const notPaused = targetOf(
      derive(events, terms([target('resolution', 240)]), '2025-03-03T12:30:00Z'),
      'resolution',
    );
    expect(notPaused).toMatchObject({ elapsedMinutes: 150, pausedMinutes: 0 });
  });

  it('records the reason of each pause across several pauses', () => {
    const events = [
      created,
      h.status('2025-03-03T10:10:00Z', 'new', 'pending'),
      h.status('2025-03-03T10:40:00Z', 'pending', 'on_hold'),
      h.status('2025-03-03T11:00:00Z', 'on_hold', 'open'),
    ];
    const r = targetOf(
      derive(events, terms([target('resolution', 600)]), '2025-03-03T11:30:00Z'),
      'resolution',
    );
    expect(r.timeline.map((s) => `${s.clock}:${s.reason}:${s.minutes}`)).toEqual([
      'running:null:10',
      'paused:pending:30',
      'paused:on_hold:20',
      'running:null:30',
    ]);
    expect(r).toMatchObject({ elapsedMinutes: 40, pausedMinutes: 50 });
  });
});

describe('resolution', () => {
  const created = h.created('2025-03-03T10:00:00Z');
  const resolutionFourHours = terms([target('first_response', 60), target('resolution', 240)]);

  it('is met when solved in time and resumes on reopen with the time kept', () => {
    const solved = [
      created,
      h.agentReply('2025-03-03T10:30:00Z'),
      h.status('2025-03-03T11:00:00Z', 'open', 'solved'),
    ];
    const met = targetOf(derive(solved, resolutionFourHours, '2025-03-03T15:00:00Z'), 'resolution');
    expect(met).toMatchObject({ state: 'met', clock: 'stopped', pauseReason: 'solved', elapsedMinutes: 60 });
    expect(iso(met.metAt)).toBe('2025-03-03T11:00:00.000Z');

    const reopened = [...solved, h.status('2025-03-03T16:00:00Z', 'solved', 'open')];
    const resumed = targetOf(derive(reopened, resolutionFourHours, '2025-03-03T16:30:00Z'), 'resolution');
    expect(resumed).toMatchObject({ state: 'ok', clock: 'running', elapsedMinutes: 90, cycle: 1 });
    expect(iso(resumed.dueAt)).toBe('2025-03-03T19:00:00.000Z');
    expect(resumed.timeline.map((s) => s.clock)).toEqual(['running', 'stopped', 'running']);
  });

  it('solving fulfils a first response that never came', () => {
    const events = [created, h.status('2025-03-03T10:20:00Z', 'new', 'solved')];
    const fr = targetOf(derive(events, resolutionFourHours, '2025-03-03T12:00:00Z'), 'first_response');
    expect(fr).toMatchObject({ state: 'met', endedBy: 'solved', elapsedMinutes: 20 });
  });

  it('closing by merge stops the clock and undoing the merge restarts it', () => {
    const merged = [created, h.mergedInto('2025-03-03T10:30:00Z', 7, 'new')];
    expect(targetOf(derive(merged, resolutionFourHours, '2025-03-03T12:00:00Z'), 'resolution')).toMatchObject(
      {
        clock: 'stopped',
        pauseReason: 'closed',
        elapsedMinutes: 30,
      },
    );
    const undone = [...merged, h.mergeUndone('2025-03-03T11:30:00Z', 7)];
    const result = derive(undone, resolutionFourHours, '2025-03-03T12:00:00Z');
    expect(result.status).toBe('new');
    expect(targetOf(result, 'resolution')).toMatchObject({ clock: 'running', elapsedMinutes: 60 });
  });
});

describe('a change of policy, priority or calendar mid-life', () => {
  const events = [
    h.created('2025-03-03T10:00:00Z'),
    h.agentReply('2025-03-03T10:15:00Z'),
    h.status('2025-03-03T11:00:00Z', 'open', 'pending'),
    h.status('2025-03-03T13:00:00Z', 'pending', 'open'),
    h.priority('2025-03-03T13:30:00Z', 'P3', 'P1'),
  ];

  it('replays the history under the new targets with the time already spent kept', () => {
    const now = '2025-03-03T14:00:00Z';
    const before = targetOf(derive(events, terms([target('resolution', 480)]), now), 'resolution');
    const after = targetOf(derive(events, terms([target('resolution', 120)]), now), 'resolution');
    expect(before).toMatchObject({ elapsedMinutes: 120, pausedMinutes: 120, state: 'ok' });
    expect(after).toMatchObject({ elapsedMinutes: 120, pausedMinutes: 120, state: 'breached' });
    expect(iso(before.dueAt)).toBe('2025-03-03T20:00:00.000Z');
    expect(iso(after.breachedAt)).toBe('2025-03-03T14:00:00.000Z');
    expect(after.timeline).toEqual(before.timeline);
  });

  it('keeps the pauses when the new policy measures business time in another calendar', () => {
    const business = terms([target('resolution', 480, true)]);
    const r = targetOf(derive(events, business, '2025-03-03T14:00:00Z', berlinOffice), 'resolution');
    // 10:00Z is 11:00 in Berlin: all of it is inside office hours.
    expect(r).toMatchObject({ elapsedMinutes: 120, pausedMinutes: 120, businessHours: true });
    expect(r.timeline.map((s) => s.reason)).toEqual([null, 'pending', null]);
  });
});

describe('next response', () => {
  const created = h.created('2025-03-03T10:00:00Z');
  const nextHalfHour = terms([target('first_response', 60), target('next_response', 30)]);

  it('does not start before the first response', () => {
    const events = [created, h.customerReply('2025-03-03T10:05:00Z')];
    const result = derive(events, nextHalfHour, '2025-03-03T10:20:00Z');
    expect(result.targets.map((t) => t.metric)).toEqual(['first_response']);
  });

  it('starts with a customer message after a reply and is met by the next public agent reply', () => {
    const events = [
      created,
      h.agentReply('2025-03-03T10:10:00Z'),
      h.customerReply('2025-03-03T11:00:00Z'),
      h.internalNote('2025-03-03T11:10:00Z'),
      h.agentReply('2025-03-03T11:20:00Z'),
    ];
    const nr = targetOf(derive(events, nextHalfHour, '2025-03-03T12:00:00Z'), 'next_response');
    expect(nr).toMatchObject({ cycle: 1, state: 'met', elapsedMinutes: 20, endedBy: 'agent_reply' });
    expect(iso(nr.startedAt)).toBe('2025-03-03T11:00:00.000Z');
  });

  it('counts from the oldest unanswered customer message and resets after each answered one', () => {
    const events = [
      created,
      h.agentReply('2025-03-03T10:10:00Z'),
      h.customerReply('2025-03-03T11:00:00Z'),
      h.customerReply('2025-03-03T11:20:00Z'),
      h.agentReply('2025-03-03T11:45:00Z'),
      h.customerReply('2025-03-03T13:00:00Z'),
    ];
    const nr = targetOf(derive(events, nextHalfHour, '2025-03-03T13:10:00Z'), 'next_response');
    expect(nr).toMatchObject({ cycle: 2, state: 'ok', clock: 'running', elapsedMinutes: 10 });
    expect(iso(nr.dueAt)).toBe('2025-03-03T13:30:00.000Z');
    expect(nr.earlierCycles).toEqual([
      {
        cycle: 1,
        startedAt: new Date('2025-03-03T11:00:00Z'),
        endedAt: new Date('2025-03-03T11:45:00Z'),
        endedBy: 'agent_reply',
        elapsedMinutes: 45,
        state: 'breached',
      },
    ]);
  });

  it('a customer reply that reopens a pending ticket starts it running', () => {
    const events = [
      created,
      h.agentReply('2025-03-03T10:10:00Z'),
      h.status('2025-03-03T10:10:00Z', 'open', 'pending'),
      h.customerReply('2025-03-03T12:00:00Z'),
      h.status('2025-03-03T12:00:00Z', 'pending', 'open'),
    ];
    const nr = targetOf(derive(events, nextHalfHour, '2025-03-03T12:10:00Z'), 'next_response');
    expect(nr).toMatchObject({ clock: 'running', elapsedMinutes: 10, pausedMinutes: 0 });
  });
});

describe('periodic update', () => {
  const created = h.created('2025-03-03T10:00:00Z');
  const hourly = terms([target('periodic_update', 60)]);

  it('starts at the first public agent reply and restarts after each one', () => {
    const events = [created, h.agentReply('2025-03-03T10:10:00Z'), h.agentReply('2025-03-03T11:40:00Z')];
    const pu = targetOf(derive(events, hourly, '2025-03-03T12:00:00Z'), 'periodic_update');
    expect(pu).toMatchObject({ cycle: 2, state: 'ok', elapsedMinutes: 20 });
    expect(pu.earlierCycles.map((c) => [c.cycle, c.state, c.elapsedMinutes])).toEqual([[1, 'breached', 90]]);
  });

  it('ends with the solve and starts again on reopen', () => {
    const events = [
      created,
      h.agentReply('2025-03-03T10:10:00Z'),
      h.status('2025-03-03T10:10:00Z', 'open', 'solved'),
      h.status('2025-03-03T15:00:00Z', 'solved', 'open'),
    ];
    const solvedOnly = derive(events.slice(0, 3), hourly, '2025-03-03T12:00:00Z');
    expect(solvedOnly.targets).toEqual([]);
    const pu = targetOf(derive(events, hourly, '2025-03-03T15:30:00Z'), 'periodic_update');
    expect(pu).toMatchObject({ cycle: 1, clock: 'running', elapsedMinutes: 30 });
    expect(iso(pu.startedAt)).toBe('2025-03-03T15:00:00.000Z');
  });
});
