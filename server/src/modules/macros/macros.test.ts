import { describe, expect, it } from 'vitest';
import { createTestApp, json, type TestPerson } from '../../../test/harness.ts';

const { app, factory } = await createTestApp();
const supervisor = await factory.person('supervisor');
const agent = await factory.person('operator', { name: 'Olga Operator' });
const otherAgent = await factory.person('operator');
const organisation = await factory.organisation('Acme Corporation');
const customer = await factory.person('customer', {
  organisationId: organisation.id,
  name: 'Carla Customer',
});
const tier2 = await factory.team(2, 'Tier 2 network');

const call = (
  person: TestPerson,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
) => app.inject({ method, url, headers: person.headers, ...(payload ? { payload } : {}) });

interface Macro {
  id: number;
  shared: boolean;
}
interface Application {
  body: string;
  changes: Record<string, unknown>;
  applied: boolean;
  messageId: number | null;
  ticketVersion: number;
}

const waitingOnCustomer = json<Macro>(
  await call(supervisor, 'POST', '/api/macros', {
    title: 'Ask for logs',
    body: 'Hello {{requester.first_name}},\n\nplease send the VPN log for ticket {{ticket.number}} ({{organisation.name}}).\n\n{{agent.name}}',
    actions: {
      status: 'pending',
      addTags: ['needs-logs'],
      removeTags: ['new'],
      priority: 'P2',
      teamId: tier2.id,
    },
    shared: true,
  }),
);

describe('macros', () => {
  it('previews the reply with the ticket’s values and the changes, without making them', async () => {
    const ticket = await factory.ticket(customer, { subject: 'VPN drops' });
    const preview = await call(
      agent,
      'POST',
      `/api/tickets/${ticket.id}/macros/${waitingOnCustomer.id}/apply`,
      { preview: true },
    );
    expect(preview.statusCode).toBe(200);
    const result = json<Application>(preview);
    expect(result.body).toBe(
      `Hello Carla,\n\nplease send the VPN log for ticket #${ticket.id} (Acme Corporation).\n\nOlga Operator`,
    );
    expect(result).toMatchObject({
      applied: false,
      changes: { status: 'pending', priority: 'P2', teamId: tier2.id, tags: ['needs-logs'] },
    });
    const unchanged = json<{ status: string; tags: string[] }>(
      await call(agent, 'GET', `/api/tickets/${ticket.id}`),
    );
    expect(unchanged).toMatchObject({ status: 'new', tags: [] });
  });

  it('applies the field changes through the ticket rules and sends the reply, with history', async () => {
    const ticket = await factory.ticket(customer, { subject: 'VPN drops again' });
    await call(agent, 'PATCH', `/api/tickets/${ticket.id}`, { tags: ['new', 'vpn'] });
    const applied = json<Application>(
      await call(agent, 'POST', `/api/tickets/${ticket.id}/macros/${waitingOnCustomer.id}/apply`, {
        postReply: true,
      }),
    );
    expect(applied.applied).toBe(true);
    const after = json<{
      status: string;
      priority: string;
      tags: string[];
      team: { id: number } | null;
      messages: { id: number; body: string; visibility: string }[];
    }>(await call(agent, 'GET', `/api/tickets/${ticket.id}`));
    expect(after).toMatchObject({
      status: 'pending',
      priority: 'P2',
      tags: ['needs-logs', 'vpn'],
      team: { id: tier2.id },
    });
    expect(after.messages.at(-1)).toMatchObject({ id: applied.messageId, visibility: 'public' });
    expect(after.messages.at(-1)?.body).toContain(`ticket #${ticket.id}`);
    const events = json<{
      events: { type: string; data: { changes?: Record<string, unknown>; macroId?: number } }[];
    }>(await call(agent, 'GET', `/api/tickets/${ticket.id}/events`)).events;
    const update = events.findLast((event) => event.type === 'ticket.updated');
    expect(Object.keys(update?.data.changes ?? {}).sort()).toEqual([
      'priority',
      'priority_overridden',
      'status',
      'tags',
      'team_id',
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'macro.applied', data: { macroId: waitingOnCustomer.id } });
  });

  it('refuses a stale ticket version and a status the ticket cannot take', async () => {
    const ticket = await factory.ticket(customer);
    const stale = await call(
      agent,
      'POST',
      `/api/tickets/${ticket.id}/macros/${waitingOnCustomer.id}/apply`,
      { version: 99 },
    );
    expect(json(stale)).toMatchObject({ error: { code: 'ticket_changed' } });
    await call(agent, 'PATCH', `/api/tickets/${ticket.id}`, { status: 'closed' });
    const closed = await call(
      agent,
      'POST',
      `/api/tickets/${ticket.id}/macros/${waitingOnCustomer.id}/apply`,
      {},
    );
    expect(closed.statusCode).toBe(409);
    const after = json<{ tags: string[] }>(await call(agent, 'GET', `/api/tickets/${ticket.id}`));
    expect(after.tags).toEqual([]);
  });

  it('assigns to whoever applies a personal macro; personal macros stay personal', async () => {
    const mine = json<Macro>(
      await call(agent, 'POST', '/api/macros', {
        title: 'Take it',
        body: '',
        actions: { assignToMe: true, status: 'open' },
      }),
    );
    expect(mine.shared).toBe(false);
    const ticket = await factory.ticket(customer);
    await call(agent, 'POST', `/api/tickets/${ticket.id}/macros/${mine.id}/apply`, {});
    const after = json<{ assignee: { id: number } | null; status: string }>(
      await call(agent, 'GET', `/api/tickets/${ticket.id}`),
    );
    expect(after).toMatchObject({ assignee: { id: agent.user.id }, status: 'open' });
    expect((await call(otherAgent, 'GET', `/api/macros/${mine.id}`)).statusCode).toBe(404);
    const listed = json<{ macros: { id: number }[] }>(await call(otherAgent, 'GET', '/api/macros'));
    expect(listed.macros.map((macro) => macro.id)).toEqual([waitingOnCustomer.id]);
  });

  it('refuses unknown variables, shared macros from operators, and macros for customers', async () => {
    const typo = await call(agent, 'POST', '/api/macros', { title: 'Typo', body: 'Hi {{requester.nmae}}' });
    expect(json(typo)).toMatchObject({
      error: { code: 'unknown_variable', details: { unknown: ['requester.nmae'] } },
    });
    expect((await call(agent, 'POST', '/api/macros', { title: 'For all', shared: true })).statusCode).toBe(
      403,
    );
    expect(
      (await call(agent, 'PATCH', `/api/macros/${waitingOnCustomer.id}`, { title: 'Mine now' })).statusCode,
    ).toBe(403);
    expect((await call(customer, 'GET', '/api/macros')).statusCode).toBe(403);
    const ticket = await factory.ticket(customer);
    const asCustomer = await call(
      customer,
      'POST',
      `/api/tickets/${ticket.id}/macros/${waitingOnCustomer.id}/apply`,
      {},
    );
    expect(asCustomer.statusCode).toBe(403);
    const variables = json<{ variables: { name: string }[] }>(
      await call(agent, 'GET', '/api/macros/variables'),
    );
    expect(variables.variables.map((variable) => variable.name)).toContain('requester.name');
  });
});
