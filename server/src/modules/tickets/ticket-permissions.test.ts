import { describe, expect, it } from 'vitest';
import { createTestApp, json, type TestPerson } from '../../../test/harness.ts';
import type { Role } from '../../db/schema.ts';

const { app, factory } = await createTestApp();

const acme = await factory.organisation();
const globex = await factory.organisation();
const alice = await factory.person('customer', { organisationId: acme.id });
const aliceColleague = await factory.person('customer', { organisationId: acme.id });
const acmeAdmin = await factory.person('client_admin', { organisationId: acme.id });
const bob = await factory.person('customer', { organisationId: globex.id });
const globexAdmin = await factory.person('client_admin', { organisationId: globex.id });
const staff: Record<string, TestPerson> = {};
for (const role of ['operator', 'engineer', 'supervisor', 'manager', 'admin'] as Role[])
  staff[role] = await factory.person(role);

const aliceTicket = await factory.ticket(alice, { subject: 'Acme VPN down' });
await app.inject({
  method: 'POST',
  url: `/api/tickets/${aliceTicket.id}/messages`,
  headers: staff.operator!.headers,
  payload: { body: 'Internal: customer is on the legacy plan', internal: true },
});

const people: [string, TestPerson][] = [
  ['requester', alice],
  ['colleague in the same organisation', aliceColleague],
  ['client admin of the organisation', acmeAdmin],
  ['customer of another organisation', bob],
  ['client admin of another organisation', globexAdmin],
  ...Object.entries(staff),
];

/** Who sees Alice's ticket: the requester, her organisation's client admin, and all staff. */
const seesAliceTicket = new Set([
  'requester',
  'client admin of the organisation',
  'operator',
  'engineer',
  'supervisor',
  'manager',
  'admin',
]);
const isStaffName = (name: string) =>
  ['operator', 'engineer', 'supervisor', 'manager', 'admin'].includes(name);

describe('who may see and change a ticket', () => {
  it.each(people)(
    '%s: read answers 200 or 404 (never 403), list contains it or not',
    async (name, person) => {
      const read = await app.inject({
        method: 'GET',
        url: `/api/tickets/${aliceTicket.id}`,
        headers: person.headers,
      });
      const events = await app.inject({
        method: 'GET',
        url: `/api/tickets/${aliceTicket.id}/events`,
        headers: person.headers,
      });
      const list = json<{ tickets: { id: number }[] }>(
        await app.inject({ method: 'GET', url: '/api/tickets?limit=200', headers: person.headers }),
      );
      const expected = seesAliceTicket.has(name);
      expect(read.statusCode).toBe(expected ? 200 : 404);
      expect(events.statusCode).toBe(expected ? 200 : 404);
      expect(list.tickets.some((ticket) => ticket.id === aliceTicket.id)).toBe(expected);
      if (expected) {
        const bodies = json<{ messages: { body: string; visibility: string }[] }>(read).messages.map(
          (m) => m.body,
        );
        expect(bodies.some((body) => body.startsWith('Internal:'))).toBe(isStaffName(name));
        const eventVisibility = json<{ events: { internal: boolean }[] }>(events).events.map(
          (event) => event.internal,
        );
        if (!isStaffName(name)) expect(eventVisibility).not.toContain(true);
      } else {
        expect(json(read)).toEqual({ error: { code: 'ticket_not_found', message: 'ticket not found' } });
      }
    },
  );

  it.each(people)('%s: may change fields only as staff', async (name, person) => {
    const response = await app.inject({
      method: 'PATCH',
      url: `/api/tickets/${aliceTicket.id}`,
      headers: person.headers,
      payload: { tags: ['vpn'] },
    });
    if (isStaffName(name)) expect(response.statusCode).toBe(200);
    else expect(response.statusCode).toBe(seesAliceTicket.has(name) ? 403 : 404);
  });

  it.each(people)('%s: may add an internal note only as staff', async (name, person) => {
    const response = await app.inject({
      method: 'POST',
      url: `/api/tickets/${aliceTicket.id}/messages`,
      headers: person.headers,
      payload: { body: 'note', internal: true },
    });
    expect(response.statusCode).toBe(isStaffName(name) ? 201 : seesAliceTicket.has(name) ? 403 : 403);
  });

  it('customers cannot reply to tickets of other organisations', async () => {
    const response = await app.inject({
      method: 'POST',
      url: `/api/tickets/${aliceTicket.id}/messages`,
      headers: bob.headers,
      payload: { body: 'Let me in' },
    });
    expect(response.statusCode).toBe(404);
  });

  it('bulk updates, merges and watchers are staff-only', async () => {
    for (const person of [alice, acmeAdmin]) {
      const bulk = await app.inject({
        method: 'POST',
        url: '/api/tickets/bulk',
        headers: person.headers,
        payload: { ticketIds: [aliceTicket.id], changes: { status: 'solved' } },
      });
      expect(bulk.statusCode).toBe(403);
      const merge = await app.inject({
        method: 'POST',
        url: `/api/tickets/${aliceTicket.id}/merge`,
        headers: person.headers,
        payload: { targetTicketId: aliceTicket.id },
      });
      expect(merge.statusCode).toBe(403);
    }
  });

  it('customers cannot open tickets on behalf of others or route them', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/tickets',
      headers: alice.headers,
      payload: { subject: 'x', body: 'y', requesterId: bob.user.id },
    });
    expect(response.statusCode).toBe(422);
    expect(json(response)).toMatchObject({ error: { code: 'field_not_allowed' } });
  });

  it('answers 401 without credentials and with a bad token', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/tickets' })).statusCode).toBe(401);
    const badToken = await app.inject({
      method: 'GET',
      url: '/api/tickets',
      headers: { authorization: 'Bearer tl_nope' },
    });
    expect(badToken.statusCode).toBe(401);
    expect(json(badToken)).toMatchObject({ error: { code: 'invalid_token' } });
  });
});

describe('API tokens', () => {
  it('act with their scopes only', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: staff.operator!.headers,
      payload: { name: 'reporting script', scopes: ['tickets:read'] },
    });
    expect(created.statusCode).toBe(201);
    const { token, id } = json<{ token: string; id: number }>(created);
    const auth = { authorization: `Bearer ${token}` };
    expect(
      (await app.inject({ method: 'GET', url: `/api/tickets/${aliceTicket.id}`, headers: auth })).statusCode,
    ).toBe(200);
    const write = await app.inject({
      method: 'PATCH',
      url: `/api/tickets/${aliceTicket.id}`,
      headers: auth,
      payload: { tags: ['x'] },
    });
    expect(write.statusCode).toBe(403);
    expect(json(write)).toMatchObject({ error: { code: 'token_scope_missing' } });

    const revoked = await app.inject({
      method: 'DELETE',
      url: `/api/tokens/${id}`,
      headers: staff.operator!.headers,
    });
    expect(revoked.statusCode).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/tickets', headers: auth })).statusCode).toBe(401);
  });

  it('of a customer never reach beyond the customer', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: bob.headers,
      payload: { name: 'mine', scopes: ['tickets:read', 'tickets:write', 'admin'] },
    });
    const { token } = json<{ token: string }>(created);
    const read = await app.inject({
      method: 'GET',
      url: `/api/tickets/${aliceTicket.id}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(read.statusCode).toBe(404);
  });
});
