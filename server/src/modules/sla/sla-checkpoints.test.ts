import { describe, expect, it } from 'vitest';
import type { EscalationLevel } from '../escalation/escalation-rule.schema.ts';
import { slaCheckpoints, type WatchedRule } from './sla-checkpoints.ts';
import { alwaysOpen, berlinOffice, history as h, target, terms } from './sla-history.fixtures.ts';
import { type PolicyConditions, policyMatches, selectPolicy } from './sla-policy-match.ts';
import { deriveSlaState, type SlaHistoryEvent } from './sla-state.ts';

const hourly = terms([target('first_response', 60)]);
const created = h.created('2025-03-03T10:00:00Z');
const check = (
  events: SlaHistoryEvent[],
  rules: WatchedRule[],
  now: string,
  calendar = alwaysOpen,
  t = hourly,
) =>
  slaCheckpoints(
    deriveSlaState({ events, terms: t, calendar, now: new Date(now) }),
    rules,
    calendar,
    new Date(now),
  );
const iso = (date: Date | null) => date?.toISOString() ?? null;

const level = (n: number, trigger: EscalationLevel['trigger']): EscalationLevel => ({
  level: n,
  trigger,
  actions: [{ kind: 'notify_assignee' }],
});
const rule: WatchedRule = {
  id: 9,
  name: 'Response watch',
  metrics: [],
  levels: [
    level(1, { on: 'at_risk' }),
    level(2, { on: 'breach', delayMinutes: 0 }),
    level(3, { on: 'breach', delayMinutes: 60 }),
  ],
};

describe('when the sweep must look at a ticket', () => {
  it('looks again at the at-risk instant, then at the due time', () => {
    const early = check([created], [], '2025-03-03T10:10:00Z');
    expect(early.notices).toEqual([]);
    expect(iso(early.nextCheckAt)).toBe('2025-03-03T10:45:00.000Z');
    const atRisk = check([created], [], '2025-03-03T10:45:00Z');
    expect(atRisk.notices.map((n) => n.kind)).toEqual(['at_risk']);
    const noticed = check(
      [created, h.notice('2025-03-03T10:45:00Z', 'at_risk', 'first_response')],
      [],
      '2025-03-03T10:45:00Z',
    );
    expect(noticed.notices).toEqual([]);
    expect(iso(noticed.nextCheckAt)).toBe('2025-03-03T11:00:00.000Z');
  });

  it('records only the breach when the at-risk moment was missed', () => {
    const late = check([created], [], '2025-03-03T11:30:00Z');
    expect(late.notices.map((n) => [n.kind, iso(n.at)])).toEqual([['breached', '2025-03-03T11:00:00.000Z']]);
    const done = check(
      [created, h.notice('2025-03-03T11:30:00Z', 'breached', 'first_response')],
      [],
      '2025-03-03T11:31:00Z',
    );
    expect(done).toEqual({ notices: [], levels: [], nextCheckAt: null });
  });

  it('still records a breach that a late reply ended, but no more warnings', () => {
    const events = [created, h.agentReply('2025-03-03T11:10:00Z')];
    expect(check(events, [rule], '2025-03-03T11:20:00Z').notices.map((n) => n.kind)).toEqual(['breached']);
    expect(check(events, [rule], '2025-03-03T11:20:00Z').levels).toEqual([]);
  });

  it('has nothing to look at while paused short of every threshold', () => {
    const events = [created, h.status('2025-03-03T10:10:00Z', 'new', 'pending')];
    expect(check(events, [rule], '2025-03-03T18:00:00Z')).toEqual({
      notices: [],
      levels: [],
      nextCheckAt: null,
    });
  });

  it('fires each level at its own threshold, once', () => {
    const at = (now: string, events = [created]) =>
      check(events, [rule], now).levels.map((due) => [due.level.level, iso(due.at)]);
    expect(at('2025-03-03T10:44:00Z')).toEqual([]);
    expect(at('2025-03-03T10:45:00Z')).toEqual([[1, '2025-03-03T10:45:00.000Z']]);
    expect(at('2025-03-03T12:00:00Z')).toEqual([
      [1, '2025-03-03T10:45:00.000Z'],
      [2, '2025-03-03T11:00:00.000Z'],
      [3, '2025-03-03T12:00:00.000Z'],
    ]);
    const afterFirst = [created, h.fired('2025-03-03T10:45:00Z', 9, 1, 'first_response')];
    expect(at('2025-03-03T11:00:00Z', afterFirst)).toEqual([[2, '2025-03-03T11:00:00.000Z']]);
    const next = check(afterFirst, [rule], '2025-03-03T10:50:00Z');
    expect(iso(next.nextCheckAt)).toBe('2025-03-03T10:45:00.000Z');
  });

  it('measures a breach delay in business time for a business-hours target', () => {
    // Friday 16:00 CET, a one-hour business target breaches at 17:00; an hour later is Monday 10:00.
    const events = [
      h.created('2025-03-07T15:00:00Z'),
      h.notice('2025-03-07T16:00:00Z', 'breached', 'first_response'),
    ];
    const business = terms([target('first_response', 60, true)]);
    const later = { ...rule, levels: [level(3, { on: 'breach', delayMinutes: 60 })] };
    const result = check(events, [later], '2025-03-08T12:00:00Z', berlinOffice, business);
    expect(result.levels).toEqual([]);
    expect(iso(result.nextCheckAt)).toBe('2025-03-10T09:00:00.000Z');
  });

  it('uses a rule only for the targets it names', () => {
    const resolutionOnly = { ...rule, metrics: ['resolution' as const] };
    expect(check([created], [resolutionOnly], '2025-03-03T12:00:00Z').levels).toEqual([]);
  });
});

const none: PolicyConditions = {
  organisationIds: [],
  priorities: [],
  types: [],
  channels: [],
  tags: [],
  contractId: null,
};
const ticket = {
  organisationId: 4,
  priority: 'P2',
  type: 'incident',
  channel: 'email',
  tags: ['vip', 'vpn'],
} as const;

describe('policy selection', () => {
  it('matches when every filled condition holds', () => {
    expect(policyMatches(none, ticket)).toBe(true);
    expect(policyMatches({ ...none, organisationIds: [4, 5], priorities: ['P1', 'P2'] }, ticket)).toBe(true);
    expect(policyMatches({ ...none, organisationIds: [5] }, ticket)).toBe(false);
    expect(policyMatches({ ...none, organisationIds: [4] }, { ...ticket, organisationId: null })).toBe(false);
    expect(policyMatches({ ...none, priorities: ['P1'] }, ticket)).toBe(false);
    expect(policyMatches({ ...none, types: ['question'] }, ticket)).toBe(false);
    expect(policyMatches({ ...none, channels: ['email', 'phone'] }, ticket)).toBe(true);
    expect(policyMatches({ ...none, channels: ['chat'] }, ticket)).toBe(false);
  });

  it('needs one of the tags, not all of them', () => {
    expect(policyMatches({ ...none, tags: ['vip', 'gold'] }, ticket)).toBe(true);
    expect(policyMatches({ ...none, tags: ['gold'] }, ticket)).toBe(false);
  });

  it('never matches a policy bound to a contract until contracts exist', () => {
    expect(policyMatches({ ...none, contractId: 1 }, ticket)).toBe(false);
  });

  it('takes the first active match in order', () => {
    const policies = [
      { name: 'VIP (off)', active: false, conditions: { ...none, tags: ['vip'] } },
      { name: 'Chat', active: true, conditions: { ...none, channels: ['chat' as const] } },
      { name: 'Incidents', active: true, conditions: { ...none, types: ['incident' as const] } },
      { name: 'Everything', active: true, conditions: none },
    ];
    expect(selectPolicy(policies, ticket)?.name).toBe('Incidents');
    expect(selectPolicy(policies, { ...ticket, type: 'question' })?.name).toBe('Everything');
    expect(selectPolicy(policies.slice(0, 2), ticket)).toBeNull();
  });
});
