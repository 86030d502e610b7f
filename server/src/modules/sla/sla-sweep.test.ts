import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.ts';
import { createDb } from '../../db/database.ts';
import { EscalationActions } from '../escalation/escalation-actions.ts';
import { caller, everyPriority, slaOf, targetIn } from './sla-api.fixtures.ts';
import { SlaConfigCache } from './sla-config.ts';
import { SlaSweep } from './sla-sweep.ts';

const { app, factory, ctx, clock, connectionString } = await createTestApp();
const managerPerson = await factory.person('manager');
const manager = caller(app, managerPerson);
const supervisorPerson = await factory.person('supervisor');
const MINUTE = 60_000;

async function setUp(targetMinutes: number) {
  const organisation = await factory.organisation();
  const customer = await factory.person('customer', { organisationId: organisation.id });
  const created = await manager('POST', '/api/sla/policies', {
    name: `Sweep ${organisation.id}`,
    conditions: { organisationIds: [organisation.id] },
    atRiskFraction: 0.5,
    targets: everyPriority([{ metric: 'first_response', minutes: targetMinutes }]),
  });
  expect(created.statusCode).toBe(201);
  return { customer, organisationId: organisation.id, policyId: created.body.id as number };
}

const eventsOf = (ticketId: number, types: string[]) =>
  ctx.db
    .selectFrom('ticket_events')
    .select(['type', 'data', 'internal'])
    .where('ticket_id', '=', ticketId)
    .where('type', 'in', types)
    .orderBy('id')
    .execute();

describe('breach-risk warnings', () => {
  it('records sla.at_risk at the risk threshold and sla.breached at the due time, each once', async () => {
    clock.now = new Date('2026-02-02T09:00:00Z');
    const { customer } = await setUp(60);
    const ticket = await factory.ticket(customer);
    clock.advance(20 * MINUTE);
    await ctx.slaSweep.run();
    expect(await eventsOf(ticket.id, ['sla.at_risk', 'sla.breached'])).toEqual([]);

    clock.advance(15 * MINUTE);
    expect((await ctx.slaSweep.run()).atRisk).toBeGreaterThanOrEqual(1);
    await ctx.slaSweep.run();
    const atRisk = await eventsOf(ticket.id, ['sla.at_risk', 'sla.breached']);
    expect(atRisk).toMatchObject([
      { type: 'sla.at_risk', internal: true, data: { metric: 'first_response', cycle: 1 } },
    ]);
    const stored = await ctx.db
      .selectFrom('ticket_sla')
      .select(['state', 'check_at'])
      .where('ticket_id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    expect(stored.state).toBe('at_risk');
    expect(stored.check_at?.toISOString().slice(0, 16)).toBe('2026-02-02T10:00');

    clock.advance(30 * MINUTE);
    await ctx.slaSweep.run();
    await ctx.slaSweep.run();
    const all = await eventsOf(ticket.id, ['sla.at_risk', 'sla.breached']);
    expect(all.map((event) => event.type)).toEqual(['sla.at_risk', 'sla.breached']);
    expect(all[1]?.data).toMatchObject({
      reachedAt: expect.stringMatching(/^2026-02-02T10:00/),
      targetMinutes: 60,
    });
    expect(targetIn(await slaOf(manager, ticket.id), 'first_response').state).toBe('breached');
  });

  it('lists open tickets at risk or breached for supervisors, soonest due first', async () => {
    clock.now = new Date('2026-02-03T09:00:00Z');
    const { customer } = await setUp(100);
    const first = await factory.ticket(customer);
    clock.advance(10 * MINUTE);
    const second = await factory.ticket(customer);
    clock.advance(60 * MINUTE);
    await ctx.slaSweep.run();
    const page = await caller(app, supervisorPerson)('GET', '/api/sla/at-risk?state=at_risk&limit=200');
    expect(page.statusCode).toBe(200);
    const listed = (
      page.body.tickets as { id: number; state: string; targets: { metric: string; dueAt: string }[] }[]
    ).filter((ticket) => ticket.id === first.id || ticket.id === second.id);
    expect(listed.map((ticket) => ticket.id)).toEqual([first.id, second.id]);
    expect(listed[0]?.targets).toMatchObject([
      { metric: 'first_response', dueAt: expect.stringMatching(/^2026-02-03T10:40/) },
    ]);
    const operator = caller(app, await factory.person('operator'));
    expect((await operator('GET', '/api/sla/at-risk')).statusCode).toBe(403);
  });
});

describe('automatic escalation', () => {
  it('fires each level once at its threshold: notify, raise priority, reassign to the next tier', async () => {
    clock.now = new Date('2026-02-04T09:00:00Z');
    const { customer, policyId } = await setUp(60);
    const tier1 = await factory.team(1);
    const tier2 = await factory.team(2);
    const engineer = await factory.person('engineer');
    const teamSupervisor = await factory.person('supervisor');
    await ctx.db
      .insertInto('team_members')
      .values([
        { team_id: tier1.id, user_id: teamSupervisor.user.id },
        { team_id: tier2.id, user_id: engineer.user.id },
      ])
      .execute();
    const assignee = await factory.person('operator');
    await ctx.db
      .insertInto('team_members')
      .values({ team_id: tier1.id, user_id: assignee.user.id })
      .execute();
    await manager('PUT', `/api/escalation-paths/${tier1.id}`, { toTeamIds: [tier2.id] });
    const rule = await manager('POST', '/api/escalation-rules', {
      name: `Three levels ${policyId}`,
      policyIds: [policyId],
      levels: [
        { level: 1, trigger: { on: 'at_risk', fraction: 0.75 }, actions: [{ kind: 'notify_assignee' }] },
        {
          level: 2,
          trigger: { on: 'breach' },
          actions: [{ kind: 'notify_supervisors' }, { kind: 'raise_priority' }],
        },
        { level: 3, trigger: { on: 'breach', delayMinutes: 60 }, actions: [{ kind: 'reassign_next_tier' }] },
      ],
    });
    expect(rule.statusCode, JSON.stringify(rule.body)).toBe(201);
    const ticket = await factory.ticket(customer);
    await caller(app, managerPerson)('PATCH', `/api/tickets/${ticket.id}`, {
      teamId: tier1.id,
      assigneeId: assignee.user.id,
    });

    const firings = () =>
      ctx.db
        .selectFrom('escalation_firings')
        .select('level')
        .where('ticket_id', '=', ticket.id)
        .orderBy('level')
        .execute();
    clock.advance(46 * MINUTE);
    await ctx.slaSweep.run();
    expect((await firings()).map((f) => f.level)).toEqual([1]);
    const notified = await ctx.db
      .selectFrom('notifications')
      .select(['user_id', 'kind'])
      .where('ticket_id', '=', ticket.id)
      .where('kind', '=', 'sla_escalation')
      .execute();
    expect(notified).toEqual([{ user_id: assignee.user.id, kind: 'sla_escalation' }]);

    clock.advance(15 * MINUTE);
    await ctx.slaSweep.run();
    await ctx.slaSweep.run();
    expect((await firings()).map((f) => f.level)).toEqual([1, 2]);
    const afterLevel2 = await ctx.db
      .selectFrom('tickets')
      .select(['priority', 'team_id'])
      .where('id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    expect(afterLevel2).toEqual({ priority: 'P3', team_id: tier1.id });
    const supervisorsTold = await ctx.db
      .selectFrom('notifications')
      .select('user_id')
      .where('ticket_id', '=', ticket.id)
      .where('kind', '=', 'sla_escalation')
      .where('user_id', '=', teamSupervisor.user.id)
      .execute();
    expect(supervisorsTold).toHaveLength(1);

    clock.advance(60 * MINUTE);
    await ctx.slaSweep.run();
    await ctx.slaSweep.run();
    expect((await firings()).map((f) => f.level)).toEqual([1, 2, 3]);
    const fired = await eventsOf(ticket.id, ['escalation.fired']);
    expect(fired.map((event) => [event.data.level, event.data.actions])).toEqual([
      [1, [{ kind: 'notify_assignee', notified: [assignee.user.id] }]],
      [
        2,
        [
          { kind: 'notify_supervisors', notified: [teamSupervisor.user.id] },
          { kind: 'raise_priority', from: 'P4', to: 'P3' },
        ],
      ],
      [3, [{ kind: 'reassign_next_tier', fromTeamId: tier1.id, toTeamId: tier2.id, toTier: 2 }]],
    ]);
    const moved = await ctx.db
      .selectFrom('tickets')
      .select(['team_id', 'assignee_id'])
      .where('id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    expect(moved).toEqual({ team_id: tier2.id, assignee_id: null });
    const history = await eventsOf(ticket.id, ['escalation.fired', 'ticket.escalated']);
    expect(history.map((event) => event.type)).toEqual([
      'escalation.fired',
      'escalation.fired',
      'ticket.escalated',
      'escalation.fired',
    ]);
  });

  it('fires each level exactly once when two sweepers run at the same moment', async () => {
    clock.now = new Date('2026-02-05T09:00:00Z');
    const { customer, policyId } = await setUp(30);
    await manager('POST', '/api/escalation-rules', {
      name: `Race ${policyId}`,
      policyIds: [policyId],
      levels: [
        { level: 1, trigger: { on: 'at_risk' }, actions: [{ kind: 'notify_assignee' }] },
        { level: 2, trigger: { on: 'breach' }, actions: [{ kind: 'raise_priority' }] },
      ],
    });
    const tickets = [];
    for (let index = 0; index < 20; index++) tickets.push(await factory.ticket(customer));
    clock.advance(90 * MINUTE);
    const other = createDb(connectionString, 5);
    afterAll(() => other.db.destroy());
    const second = new SlaSweep(other.db, new SlaConfigCache(), new EscalationActions(), () => clock.now);
    await Promise.all([
      ctx.slaSweep.run({ batchSize: 3 }),
      second.run({ batchSize: 3 }),
      ctx.slaSweep.run({ batchSize: 5 }),
    ]);
    const ids = tickets.map((ticket) => ticket.id);
    const counts = await ctx.db
      .selectFrom('escalation_firings')
      .select(['ticket_id', 'level', (eb) => eb.fn.countAll<number>().as('n')])
      .where('ticket_id', 'in', ids)
      .groupBy(['ticket_id', 'level'])
      .execute();
    expect(counts).toHaveLength(40);
    expect(counts.every((row) => Number(row.n) === 1)).toBe(true);
    const breaches = await ctx.db
      .selectFrom('ticket_events')
      .select(['ticket_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('ticket_id', 'in', ids)
      .where('type', 'in', ['sla.breached', 'escalation.fired'])
      .groupBy('ticket_id')
      .execute();
    expect(breaches.map((row) => Number(row.n))).toEqual(ids.map(() => 3));
    const priorities = await ctx.db.selectFrom('tickets').select('priority').where('id', 'in', ids).execute();
    expect(new Set(priorities.map((row) => row.priority))).toEqual(new Set(['P3']));
  });

  it('handles tickets that come due together in one batch, each with its own notices, levels and notifications', async () => {
    clock.now = new Date('2026-02-06T09:00:00Z');
    const { customer, policyId } = await setUp(30);
    const team = await factory.team(1);
    const teamSupervisor = await factory.person('supervisor');
    const assignees = [await factory.person('operator'), await factory.person('operator')];
    await ctx.db
      .insertInto('team_members')
      .values([teamSupervisor, ...assignees].map((person) => ({ team_id: team.id, user_id: person.user.id })))
      .execute();
    const rule = await manager('POST', '/api/escalation-rules', {
      name: `Together ${policyId}`,
      policyIds: [policyId],
      levels: [
        { level: 1, trigger: { on: 'at_risk' }, actions: [{ kind: 'notify_assignee' }] },
        { level: 2, trigger: { on: 'breach' }, actions: [{ kind: 'notify_supervisors' }] },
      ],
    });
    expect(rule.statusCode, JSON.stringify(rule.body)).toBe(201);
    const tickets = [];
    for (let index = 0; index < 6; index++) {
      const ticket = await factory.ticket(customer);
      const assigned = await manager('PATCH', `/api/tickets/${ticket.id}`, {
        teamId: team.id,
        assigneeId: assignees[index % 2]?.user.id,
      });
      expect(assigned.statusCode).toBe(200);
      tickets.push(ticket);
    }
    // Another sweeper already fired the second level of the third ticket.
    const claimedElsewhere = tickets[2]?.id ?? 0;
    await ctx.db
      .insertInto('escalation_firings')
      .values({
        ticket_id: claimedElsewhere,
        rule_id: rule.body.id as number,
        level: 2,
        metric: 'first_response',
        cycle: 1,
        fired_at: clock.now,
      })
      .execute();

    clock.advance(20 * MINUTE);
    const atRisk = await ctx.slaSweep.run({ batchSize: 50, concurrency: 1 });
    expect(atRisk).toMatchObject({ tickets: 6, atRisk: 6, breached: 0, escalations: 6 });
    clock.advance(15 * MINUTE);
    const breached = await ctx.slaSweep.run({ batchSize: 50, concurrency: 1 });
    expect(breached).toMatchObject({ tickets: 6, atRisk: 0, breached: 6, escalations: 5 });

    for (const ticket of tickets) {
      const history = await eventsOf(ticket.id, ['sla.at_risk', 'sla.breached', 'escalation.fired']);
      expect(history.map((event) => [event.type, event.data.level ?? null])).toEqual([
        ['sla.at_risk', null],
        ['escalation.fired', 1],
        ['sla.breached', null],
        ...(ticket.id === claimedElsewhere ? [] : [['escalation.fired', 2]]),
      ]);
    }
    const notifications = await ctx.db
      .selectFrom('notifications')
      .select(['user_id', 'ticket_id'])
      .where(
        'ticket_id',
        'in',
        tickets.map((ticket) => ticket.id),
      )
      .where('kind', '=', 'sla_escalation')
      .orderBy('id')
      .execute();
    const toldOf = (person: { user: { id: number } }) =>
      notifications.filter((row) => row.user_id === person.user.id).map((row) => row.ticket_id);
    expect(toldOf(assignees[0] as (typeof assignees)[number])).toEqual([
      tickets[0]?.id,
      tickets[2]?.id,
      tickets[4]?.id,
    ]);
    expect(toldOf(assignees[1] as (typeof assignees)[number])).toEqual([
      tickets[1]?.id,
      tickets[3]?.id,
      tickets[5]?.id,
    ]);
    expect(toldOf(teamSupervisor)).toEqual(
      tickets.filter((ticket) => ticket.id !== claimedElsewhere).map((ticket) => ticket.id),
    );
  });
});
