import { describe, expect, it } from 'vitest';
import { createTestApp, type TestPerson } from '../../../test/harness.ts';
import { caller, everyPriority, officeWeek, type SlaView, slaOf, targetIn } from './sla-api.fixtures.ts';
import { computeTicketSla, loadSlaInputs } from './sla-refresh.ts';
import { writeTicketSla } from './sla-store.ts';

const { app, factory, ctx, clock } = await createTestApp();
const manager = caller(app, await factory.person('manager'));
const agentPerson = await factory.person('operator');
const agent = caller(app, agentPerson);
const MINUTE = 60_000;

/** A customer of a fresh organisation, so each test's policies match only its own tickets. */
async function freshCustomer(): Promise<{ customer: TestPerson; organisationId: number }> {
  const organisation = await factory.organisation();
  return {
    customer: await factory.person('customer', { organisationId: organisation.id }),
    organisationId: organisation.id,
  };
}

async function policy(body: object): Promise<{ id: number; name: string }> {
  const response = await manager('POST', '/api/sla/policies', body);
  expect(response.statusCode, JSON.stringify(response.body)).toBe(201);
  return response.body as { id: number; name: string };
}

const policyName = async (ticketId: number) => (await slaOf(manager, ticketId)).policy?.name ?? null;

describe('policy selection', () => {
  it('takes the first policy in order whose conditions all match', async () => {
    const { customer, organisationId } = await freshCustomer();
    const targets = everyPriority([{ metric: 'resolution', minutes: 600 }]);
    const vip = await policy({
      name: `VIP ${organisationId}`,
      conditions: { organisationIds: [organisationId], tags: ['vip'] },
      targets,
    });
    const incidents = await policy({
      name: `Incidents ${organisationId}`,
      conditions: { organisationIds: [organisationId], types: ['incident'] },
      targets,
    });
    const fallback = await policy({
      name: `Rest ${organisationId}`,
      conditions: { organisationIds: [organisationId] },
      targets,
    });

    const tagged = await factory.ticket(customer);
    await agent('PATCH', `/api/tickets/${tagged.id}`, { tags: ['vip'], type: 'incident' });
    const incident = await factory.ticket(customer);
    await agent('PATCH', `/api/tickets/${incident.id}`, { type: 'incident' });
    const plain = await factory.ticket(customer);
    expect([await policyName(tagged.id), await policyName(incident.id), await policyName(plain.id)]).toEqual([
      vip.name,
      incidents.name,
      fallback.name,
    ]);

    const all = (await manager('GET', '/api/sla/policies')).body.policies as { id: number }[];
    const others = all.map((p) => p.id).filter((id) => ![vip.id, incidents.id, fallback.id].includes(id));
    const reordered = await manager('PUT', '/api/sla/policies/order', {
      policyIds: [fallback.id, ...others, vip.id, incidents.id],
    });
    expect(reordered.statusCode).toBe(200);
    expect(await policyName(tagged.id)).toBe(fallback.name);
    // The stored state follows once the recompute job has run.
    expect((await ctx.sla.recomputeStale()).complete).toBe(true);
    const stored = await ctx.db
      .selectFrom('ticket_sla')
      .select(['ticket_id', 'policy_id'])
      .where('ticket_id', 'in', [tagged.id, incident.id])
      .execute();
    expect(stored.map((row) => row.policy_id)).toEqual([fallback.id, fallback.id]);
  });

  it('shows no SLA for a ticket no policy matches, and staff only', async () => {
    const { customer } = await freshCustomer();
    const ticket = await factory.ticket(customer);
    const asStaff = (await agent('GET', `/api/tickets/${ticket.id}`)).body.sla as {
      policy: unknown;
      targets: unknown[];
    };
    expect(asStaff).toMatchObject({ targets: [] });
    const asCustomer = await caller(app, customer)('GET', `/api/tickets/${ticket.id}`);
    expect(asCustomer.body.sla).toBeNull();
    expect((await caller(app, customer)('GET', `/api/tickets/${ticket.id}/sla`)).statusCode).toBe(403);
  });
});

describe('the clock of a ticket', () => {
  it('pauses while pending, resumes on the customer reply, and shows why', async () => {
    const { customer, organisationId } = await freshCustomer();
    await policy({
      name: `Pause ${organisationId}`,
      conditions: { organisationIds: [organisationId] },
      targets: everyPriority([{ metric: 'resolution', minutes: 240 }]),
    });
    const ticket = await factory.ticket(customer);
    clock.advance(30 * MINUTE);
    await agent('POST', `/api/tickets/${ticket.id}/messages`, {
      body: 'Can you send a screenshot?',
      status: 'pending',
    });
    clock.advance(120 * MINUTE);
    await caller(app, customer)('POST', `/api/tickets/${ticket.id}/messages`, { body: 'Here it is' });
    clock.advance(10 * MINUTE);

    const resolution = targetIn(await slaOf(manager, ticket.id), 'resolution');
    expect(resolution.elapsedMinutes).toBeCloseTo(40, 0);
    expect(resolution.pausedMinutes).toBeCloseTo(120, 0);
    expect(resolution.timeline.map((s) => [s.clock, s.reason])).toEqual([
      ['running', null],
      ['paused', 'pending'],
      ['running', null],
    ]);
    expect(resolution.why).toMatch(
      /^On track, due .*: 40(\.\d)? of 240 calendar minutes ran \(not counted: 120(\.\d)? min pending\)\.$/,
    );
  });

  it('answers a change with the state it computed, as a read right after shows it', async () => {
    const { customer, organisationId } = await freshCustomer();
    await policy({
      name: `Answers ${organisationId}`,
      conditions: { organisationIds: [organisationId] },
      targets: [
        { priority: 'P4', metric: 'first_response', minutes: 60, businessHours: false },
        { priority: 'P1', metric: 'first_response', minutes: 15, businessHours: false },
      ],
    });
    // What a change answers is as of the change; the read a moment later differs only in the time passed.
    const settled = (sla: unknown) => {
      const { policy: applied, state, nextDueAt, targets } = sla as SlaView;
      return {
        applied,
        state,
        nextDueAt,
        targets: targets.map(({ metric, state, targetMinutes, dueAt }) => ({
          metric,
          state,
          targetMinutes,
          dueAt,
        })),
      };
    };
    const read = async (id: number) => settled((await agent('GET', `/api/tickets/${id}`)).body.sla);
    const created = await agent('POST', '/api/tickets', {
      subject: 'Scanner offline',
      body: 'It shows no network.',
      requesterId: customer.user.id,
    });
    expect(created.statusCode).toBe(201);
    const id = (created.body as { id: number }).id;
    expect(created.body.sla).toMatchObject({ policy: { name: `Answers ${organisationId}` } });
    expect(settled(created.body.sla)).toEqual(await read(id));
    const changed = await agent('PATCH', `/api/tickets/${id}`, { priority: 'P1' });
    expect(targetIn(changed.body.sla as SlaView, 'first_response').targetMinutes).toBe(15);
    expect(settled(changed.body.sla)).toEqual(await read(id));
    const replied = await agent('POST', `/api/tickets/${id}/messages`, { body: 'Looking into it.' });
    expect(targetIn(replied.body.sla as SlaView, 'first_response').state).toBe('met');
    expect(settled(replied.body.sla)).toEqual(await read(id));
  });

  it('answers creates that are written together each with the state of its own ticket', async () => {
    const { customer, organisationId } = await freshCustomer();
    await policy({
      name: `Together ${organisationId}`,
      conditions: { organisationIds: [organisationId] },
      targets: [
        { priority: 'P4', metric: 'first_response', minutes: 60, businessHours: false },
        { priority: 'P1', metric: 'first_response', minutes: 15, businessHours: false },
      ],
    });
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        agent('POST', '/api/tickets', {
          subject: `Printer ${index}`,
          body: 'It is offline.',
          requesterId: customer.user.id,
          priority: index % 3 === 0 ? 'P1' : 'P4',
        }),
      ),
    );
    for (const [index, response] of created.entries()) {
      expect(response.statusCode).toBe(201);
      const target = targetIn(response.body.sla as SlaView, 'first_response');
      expect(target.targetMinutes).toBe(index % 3 === 0 ? 15 : 60);
      const { id } = response.body as { id: number };
      const read = targetIn((await agent('GET', `/api/tickets/${id}`)).body.sla as SlaView, 'first_response');
      expect(target.dueAt).toBe(read.dueAt);
    }
  });

  it('keeps the time already spent when the priority, and with it the target, changes', async () => {
    const { customer, organisationId } = await freshCustomer();
    await policy({
      name: `Priorities ${organisationId}`,
      conditions: { organisationIds: [organisationId] },
      targets: [
        { priority: 'P4', metric: 'resolution', minutes: 480, businessHours: false },
        { priority: 'P1', metric: 'resolution', minutes: 90, businessHours: false },
      ],
    });
    const ticket = await factory.ticket(customer);
    clock.advance(60 * MINUTE);
    const before = targetIn(await slaOf(manager, ticket.id), 'resolution');
    expect(before).toMatchObject({ targetMinutes: 480, state: 'ok' });
    await agent('PATCH', `/api/tickets/${ticket.id}`, { priority: 'P1' });
    clock.advance(20 * MINUTE);
    const after = targetIn(await slaOf(manager, ticket.id), 'resolution');
    expect(after.targetMinutes).toBe(90);
    expect(after.elapsedMinutes).toBeCloseTo(80, 0);
    expect(after.state).toBe('at_risk');
    const stored = await ctx.db
      .selectFrom('ticket_sla_targets')
      .selectAll()
      .where('ticket_id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    expect(stored.target_minutes).toBe(90);
  });

  it('recomputes open tickets after a policy edit, with the history replayed under the new targets', async () => {
    const { customer, organisationId } = await freshCustomer();
    const created = await policy({
      name: `Edit ${organisationId}`,
      conditions: { organisationIds: [organisationId] },
      targets: everyPriority([{ metric: 'first_response', minutes: 120 }]),
    });
    const ticket = await factory.ticket(customer);
    clock.advance(45 * MINUTE);
    await manager('PATCH', `/api/sla/policies/${created.id}`, {
      targets: everyPriority([{ metric: 'first_response', minutes: 30 }]),
    });
    const staleState = await ctx.db
      .selectFrom('ticket_sla_targets')
      .select('state')
      .where('ticket_id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    expect(staleState.state).toBe('ok');
    const recomputed = await ctx.sla.recomputeStale();
    expect(recomputed).toMatchObject({ complete: true });
    expect(recomputed.tickets).toBeGreaterThan(0);
    // The version is done: the next run costs one small query.
    expect((await ctx.sla.recomputeStale()).tickets).toBe(0);
    const fresh = await ctx.db
      .selectFrom('ticket_sla_targets')
      .selectAll()
      .where('ticket_id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    expect(fresh).toMatchObject({ state: 'breached', target_minutes: 30 });
    expect(fresh.elapsed_minutes).toBeCloseTo(45, 0);
  });

  it('drops the stored target of a metric a policy no longer has, and only for that ticket', async () => {
    const { customer, organisationId } = await freshCustomer();
    const created = await policy({
      name: `Drop ${organisationId}`,
      conditions: { organisationIds: [organisationId] },
      targets: everyPriority([
        { metric: 'first_response', minutes: 60 },
        { metric: 'resolution', minutes: 600 },
      ]),
    });
    const other = await freshCustomer();
    await policy({
      name: `Keep ${other.organisationId}`,
      conditions: { organisationIds: [other.organisationId] },
      targets: everyPriority([
        { metric: 'first_response', minutes: 60 },
        { metric: 'resolution', minutes: 600 },
      ]),
    });
    const ticket = await factory.ticket(customer);
    const untouched = await factory.ticket(other.customer);
    const metricsOf = async (ticketId: number) =>
      (
        await ctx.db
          .selectFrom('ticket_sla_targets')
          .select('metric')
          .where('ticket_id', '=', ticketId)
          .orderBy('metric')
          .execute()
      ).map((row) => row.metric);
    expect(await metricsOf(ticket.id)).toEqual(['first_response', 'resolution']);
    await manager('PATCH', `/api/sla/policies/${created.id}`, {
      targets: everyPriority([{ metric: 'resolution', minutes: 600 }]),
    });
    await ctx.sla.recomputeStale();
    expect(await metricsOf(ticket.id)).toEqual(['resolution']);
    expect(await metricsOf(untouched.id)).toEqual(['first_response', 'resolution']);
  });

  it('runs next response from a customer message to the next public agent reply, cycle by cycle', async () => {
    const { customer, organisationId } = await freshCustomer();
    await policy({
      name: `Next ${organisationId}`,
      conditions: { organisationIds: [organisationId] },
      targets: everyPriority([
        { metric: 'first_response', minutes: 60 },
        { metric: 'next_response', minutes: 30 },
      ]),
    });
    const customerCall = caller(app, customer);
    const ticket = await factory.ticket(customer);
    clock.advance(10 * MINUTE);
    await agent('POST', `/api/tickets/${ticket.id}/messages`, { body: 'Looking into it' });
    expect((await slaOf(manager, ticket.id)).targets.map((t) => t.metric)).toEqual(['first_response']);
    clock.advance(60 * MINUTE);
    await customerCall('POST', `/api/tickets/${ticket.id}/messages`, { body: 'Any news?' });
    clock.advance(20 * MINUTE);
    await agent('POST', `/api/tickets/${ticket.id}/messages`, {
      body: 'Internal: ask the network team',
      internal: true,
    });
    await agent('POST', `/api/tickets/${ticket.id}/messages`, { body: 'Still on it' });
    clock.advance(60 * MINUTE);
    await customerCall('POST', `/api/tickets/${ticket.id}/messages`, { body: 'Hello?' });
    clock.advance(35 * MINUTE);
    const next = targetIn(await slaOf(manager, ticket.id), 'next_response');
    expect(next).toMatchObject({ cycle: 2, state: 'breached', clock: 'running' });
    expect(next.earlierCycles).toMatchObject([{ cycle: 1, state: 'met' }]);
  });

  it('counts business hours of the organisation’s calendar, which wins over the policy’s', async () => {
    const { customer, organisationId } = await freshCustomer();
    const berlin = await manager('POST', '/api/business-calendars', {
      name: `Berlin ${organisationId}`,
      timeZone: 'Europe/Berlin',
      weeklyHours: officeWeek,
    });
    const sydney = await manager('POST', '/api/business-calendars', {
      name: `Sydney ${organisationId}`,
      timeZone: 'Australia/Sydney',
      weeklyHours: officeWeek,
    });
    await policy({
      name: `Business ${organisationId}`,
      conditions: { organisationIds: [organisationId] },
      calendarId: sydney.body.id,
      targets: everyPriority([{ metric: 'first_response', minutes: 120 }], true),
    });
    const assigned = await manager(
      'PUT',
      `/api/business-calendars/assignments/organisations/${organisationId}`,
      {
        calendarId: berlin.body.id,
      },
    );
    expect(assigned.statusCode).toBe(204);
    // Friday 16:00 in Berlin: one business hour on Friday, the second on Monday 09:00–10:00.
    clock.now = new Date('2025-03-07T15:00:00Z');
    const ticket = await factory.ticket(customer);
    const view = await slaOf(manager, ticket.id);
    expect(view.calendar).toMatchObject({ id: berlin.body.id, timeZone: 'Europe/Berlin' });
    expect(targetIn(view, 'first_response').dueAt?.slice(0, 16)).toBe('2025-03-10T09:00');
  });
});

describe('the stored state', () => {
  it('is written only when it changes, and never from an older history than the stored one', async () => {
    const { customer, organisationId } = await freshCustomer();
    await policy({
      name: `Store ${organisationId}`,
      conditions: { organisationIds: [organisationId] },
      targets: everyPriority([{ metric: 'resolution', minutes: 600 }]),
    });
    const ticket = await factory.ticket(customer);
    const stored = () =>
      ctx.db
        .selectFrom('ticket_sla')
        .selectAll()
        .where('ticket_id', '=', ticket.id)
        .executeTakeFirstOrThrow();
    const before = await stored();
    const config = await ctx.sla.config.get(ctx.db);
    const read = await loadSlaInputs(ctx.db, [ticket.id]);
    const [row] = read.tickets;
    if (!row) throw new Error('no ticket');
    // Recomputing later with nothing new: same fingerprint, nothing written.
    clock.advance(5 * MINUTE);
    await writeTicketSla(ctx.db, [computeTicketSla(config, row, read.histories.get(ticket.id), clock.now)]);
    expect((await stored()).computed_at).toEqual(before.computed_at);

    // A change lands after that read; a writer holding the older read must not undo it.
    await agent('PATCH', `/api/tickets/${ticket.id}`, { status: 'pending' });
    const afterChange = await stored();
    expect(afterChange).toMatchObject({ paused: true });
    const stale = computeTicketSla(
      config,
      { ...row, stored_fingerprint: null },
      read.histories.get(ticket.id),
      clock.now,
    );
    await writeTicketSla(ctx.db, [stale]);
    expect(await stored()).toEqual(afterChange);
  });
});

describe('the ticket list by SLA', () => {
  it('sorts by due time, soonest first, across pages, and filters by state', async () => {
    const { customer, organisationId } = await freshCustomer();
    const fast = `fast-${organisationId}`;
    await policy({
      name: `Fast ${organisationId}`,
      conditions: { organisationIds: [organisationId], tags: [fast] },
      targets: everyPriority([{ metric: 'resolution', minutes: 30 }]),
    });
    await policy({
      name: `Slow ${organisationId}`,
      conditions: { organisationIds: [organisationId] },
      targets: everyPriority([{ metric: 'resolution', minutes: 600 }]),
    });
    const ids: number[] = [];
    for (let index = 0; index < 5; index++) {
      const ticket = await factory.ticket(customer);
      if (index % 2 === 0) await agent('PATCH', `/api/tickets/${ticket.id}`, { tags: [fast] });
      ids.push(ticket.id);
      clock.advance(MINUTE);
    }
    await agent('PATCH', `/api/tickets/${ids[4]}`, { status: 'pending' });
    clock.advance(60 * MINUTE);
    await ctx.slaSweep.run();

    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/tickets?organisationId=${organisationId}&sort=sla_due&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await agent('GET', query)).body as {
        tickets: { id: number; sla: { state: string } }[];
        nextCursor: string | null;
      };
      seen.push(...page.tickets.map((t) => t.id));
      cursor = page.nextCursor;
    } while (cursor);
    // Breached fast ones first (oldest due first), then the slow one, then the paused one.
    expect(seen).toEqual([ids[0], ids[2], ids[1], ids[3], ids[4]]);

    const breached = (await agent('GET', `/api/tickets?organisationId=${organisationId}&slaState=breached`))
      .body as { tickets: { id: number }[] };
    expect(breached.tickets.map((t) => t.id).sort()).toEqual([ids[0], ids[2]].sort());
    const forbidden = await caller(app, customer)('GET', '/api/tickets?slaState=breached');
    expect(forbidden.statusCode).toBe(403);
  });
});
