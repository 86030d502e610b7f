import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.ts';
import { caller, everyPriority, slaOf, targetIn } from '../sla/sla-api.fixtures.ts';

const { app, factory, ctx, clock } = await createTestApp();
const operatorPerson = await factory.person('operator');
const operator = caller(app, operatorPerson);
const manager = caller(app, await factory.person('manager'));
const customer = await factory.person('customer');
const MINUTE = 60_000;

const tier1 = await factory.team(1);
const tier2 = await factory.team(2);
const tier3 = await factory.team(3);
const engineer = await factory.person('engineer');
await ctx.db
  .insertInto('team_members')
  .values([{ team_id: tier2.id, user_id: engineer.user.id }])
  .execute();

async function ticketOnTier1() {
  const ticket = await factory.ticket(customer);
  await operator('PATCH', `/api/tickets/${ticket.id}`, {
    teamId: tier1.id,
    assigneeId: operatorPerson.user.id,
  });
  return ticket;
}

describe('manual escalation', () => {
  it('hands over to a higher tier with the summary as an internal note and an event', async () => {
    const ticket = await ticketOnTier1();
    const summary = 'Tried a reboot and a new cable. Customer says it fails only on Wi-Fi.';
    const response = await operator('POST', `/api/tickets/${ticket.id}/escalate`, {
      teamId: tier2.id,
      summary,
      assigneeId: engineer.user.id,
    });
    expect(response.statusCode, JSON.stringify(response.body)).toBe(200);
    expect(response.body).toMatchObject({
      team: { id: tier2.id, tier: 2 },
      assignee: { id: engineer.user.id },
    });
    const messages = response.body.messages as { visibility: string; body: string }[];
    expect(messages.at(-1)).toMatchObject({
      visibility: 'internal',
      body: `Hand-over to ${tier2.name} (Tier 2)\n\n${summary}`,
    });

    const overview = await operator('GET', `/api/tickets/${ticket.id}/escalation`);
    expect(overview.body.team).toMatchObject({ id: tier2.id, tier: 2 });
    expect(overview.body.history).toMatchObject([
      {
        type: 'ticket.escalated',
        data: { fromTeamId: tier1.id, fromTier: 1, toTeamId: tier2.id, toTier: 2, summary },
      },
    ]);
    const customerView = await caller(app, customer)('GET', `/api/tickets/${ticket.id}`);
    expect((customerView.body.messages as { body: string }[]).some((m) => m.body.includes(summary))).toBe(
      false,
    );
  });

  it('requires a summary and a team of a higher tier', async () => {
    const ticket = await ticketOnTier1();
    const withoutSummary = await operator('POST', `/api/tickets/${ticket.id}/escalate`, { teamId: tier2.id });
    expect(withoutSummary.statusCode).toBe(422);
    const blankSummary = await operator('POST', `/api/tickets/${ticket.id}/escalate`, {
      teamId: tier2.id,
      summary: '   ',
    });
    expect(blankSummary.statusCode).toBe(422);
    const sideways = await operator('POST', `/api/tickets/${ticket.id}/escalate`, {
      teamId: (await factory.team(1)).id,
      summary: 'x',
    });
    expect(sideways.statusCode).toBe(422);
    expect(sideways.body.error?.code).toBe('not_a_higher_tier');
    const notMember = await operator('POST', `/api/tickets/${ticket.id}/escalate`, {
      teamId: tier2.id,
      summary: 'x',
      assigneeId: operatorPerson.user.id,
    });
    expect(notMember.body.error?.code).toBe('invalid_assignee');
    const events = await ctx.db
      .selectFrom('ticket_events')
      .select('type')
      .where('ticket_id', '=', ticket.id)
      .where('type', '=', 'ticket.escalated')
      .execute();
    expect(events).toEqual([]);
  });

  it('follows the escalation paths of the team when it has any', async () => {
    const pathsFrom = await factory.team(1);
    const ticket = await factory.ticket(customer);
    await operator('PATCH', `/api/tickets/${ticket.id}`, { teamId: pathsFrom.id });
    const set = await manager('PUT', `/api/escalation-paths/${pathsFrom.id}`, { toTeamIds: [tier3.id] });
    expect(set.statusCode).toBe(200);
    expect(set.body.toTeams).toMatchObject([{ id: tier3.id }]);
    const notOnPath = await operator('POST', `/api/tickets/${ticket.id}/escalate`, {
      teamId: tier2.id,
      summary: 'x',
    });
    expect(notOnPath.body.error?.code).toBe('escalation_path_not_allowed');
    const onPath = await operator('POST', `/api/tickets/${ticket.id}/escalate`, {
      teamId: tier3.id,
      summary: 'Needs Tier 3',
    });
    expect(onPath.statusCode).toBe(200);
    const downward = await manager('PUT', `/api/escalation-paths/${tier2.id}`, { toTeamIds: [tier1.id] });
    expect(downward.body.error?.code).toBe('not_a_higher_tier');
  });

  it('de-escalates to a lower tier with a note', async () => {
    const ticket = await ticketOnTier1();
    await operator('POST', `/api/tickets/${ticket.id}/escalate`, {
      teamId: tier2.id,
      summary: 'Over to you',
    });
    const noNote = await operator('POST', `/api/tickets/${ticket.id}/de-escalate`, { teamId: tier1.id });
    expect(noNote.statusCode).toBe(422);
    const up = await operator('POST', `/api/tickets/${ticket.id}/de-escalate`, {
      teamId: tier3.id,
      note: 'x',
    });
    expect(up.body.error?.code).toBe('not_a_lower_tier');
    const back = await operator('POST', `/api/tickets/${ticket.id}/de-escalate`, {
      teamId: tier1.id,
      note: 'Fixed the config; please confirm with the customer',
    });
    expect(back.statusCode).toBe(200);
    expect(back.body).toMatchObject({ team: { id: tier1.id }, assignee: null });
    const types = (await operator('GET', `/api/tickets/${ticket.id}/escalation`)).body.history as {
      type: string;
    }[];
    expect(types.map((event) => event.type)).toEqual(['ticket.escalated', 'ticket.de_escalated']);
  });
});

describe('vendor escalation (Tier 4)', () => {
  it('keeps the vendor reference and the time spent waiting, and can pause the SLA meanwhile', async () => {
    clock.now = new Date('2026-03-02T09:00:00Z');
    const organisation = await factory.organisation();
    const requester = await factory.person('customer', { organisationId: organisation.id });
    await manager('POST', '/api/sla/policies', {
      name: `Vendor pause ${organisation.id}`,
      conditions: { organisationIds: [organisation.id] },
      pauseOnVendor: true,
      targets: everyPriority([{ metric: 'resolution', minutes: 480 }]),
    });
    const ticket = await factory.ticket(requester);
    clock.advance(30 * MINUTE);
    const started = await operator('POST', `/api/tickets/${ticket.id}/vendor-escalations`, {
      vendorName: 'Acme Routers',
      vendorReference: 'CASE-4711',
    });
    expect(started.statusCode).toBe(201);
    clock.advance(90 * MINUTE);
    const second = await operator('POST', `/api/tickets/${ticket.id}/vendor-escalations`, {
      vendorName: 'Fibre Co',
      vendorReference: 'F-1',
    });
    clock.advance(30 * MINUTE);
    const closed = await operator('POST', `/api/vendor-escalations/${started.body.id}/close`, {
      outcome: 'Firmware 2.1 fixes it',
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.body.waitingMinutes).toBeCloseTo(120, 0);
    expect(
      (await operator('POST', `/api/vendor-escalations/${started.body.id}/close`, {})).body.error?.code,
    ).toBe('vendor_escalation_closed');
    clock.advance(30 * MINUTE);
    await operator('POST', `/api/vendor-escalations/${second.body.id}/close`, {});
    clock.advance(15 * MINUTE);

    const overview = await operator('GET', `/api/tickets/${ticket.id}/escalation`);
    expect(overview.body.vendorEscalations).toMatchObject([
      { vendorName: 'Acme Routers', vendorReference: 'CASE-4711', outcome: 'Firmware 2.1 fixes it' },
      { vendorName: 'Fibre Co', vendorReference: 'F-1' },
    ]);
    // 09:30–11:30 with Acme and 11:00–12:00 with Fibre Co: 150 minutes of waiting, not 180.
    expect(overview.body.totalVendorWaitingMinutes).toBeCloseTo(150, 0);
    const resolution = targetIn(await slaOf(operator, ticket.id), 'resolution');
    expect(resolution.pausedMinutes).toBeCloseTo(150, 0);
    expect(resolution.elapsedMinutes).toBeCloseTo(45, 0);
    expect(resolution.timeline.map((segment) => segment.reason)).toEqual([null, 'waiting_on_vendor', null]);
  });
});
