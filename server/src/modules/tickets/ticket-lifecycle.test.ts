import { describe, expect, it } from 'vitest';
import { createTestApp, json } from '../../../test/harness.ts';

const { app, factory, clock } = await createTestApp();

describe('ticket lifecycle', () => {
  it('runs new → open → pending → open → solved → closed with every step in the history', async () => {
    const customer = await factory.person('customer');
    const agent = await factory.person('operator');

    const created = await app.inject({
      method: 'POST',
      url: '/api/tickets',
      headers: customer.headers,
      payload: {
        subject: 'Laptop will not boot',
        body: 'Black screen after the update.',
        impact: 'high',
        urgency: 'high',
      },
    });
    expect(created.statusCode).toBe(201);
    const ticket = json<{ id: number; status: string; priority: string; channel: string }>(created);
    expect(ticket).toMatchObject({ status: 'new', priority: 'P2', channel: 'portal' });

    const reply = await app.inject({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/messages`,
      headers: agent.headers,
      payload: { body: 'Does it show the logo?', status: 'pending' },
    });
    expect(reply.statusCode).toBe(201);
    expect(json(reply)).toMatchObject({ status: 'pending' });

    const customerReply = await app.inject({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/messages`,
      headers: customer.headers,
      payload: { body: 'No logo at all.' },
    });
    expect(json(customerReply)).toMatchObject({ status: 'open' });

    const solved = await app.inject({
      method: 'PATCH',
      url: `/api/tickets/${ticket.id}`,
      headers: agent.headers,
      payload: { status: 'solved' },
    });
    expect(json(solved)).toMatchObject({ status: 'solved' });

    const events = json<{
      events: { type: string; data: { changes?: Record<string, { from: string; to: string }> } }[];
    }>(
      await app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}/events`, headers: agent.headers }),
    ).events;
    const statusSteps = events.flatMap((event) =>
      event.data.changes?.status ? [event.data.changes.status.to] : [],
    );
    expect(events[0]?.type).toBe('ticket.created');
    expect(statusSteps).toEqual(['pending', 'open', 'solved']);

    clock.advance(97 * 3_600_000);
  });
});
