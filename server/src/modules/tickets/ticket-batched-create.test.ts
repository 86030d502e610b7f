import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestApp, json } from '../../../test/harness.ts';

const { app, ctx, factory } = await createTestApp();

interface CreatedTicket {
  id: number;
  subject: string;
  organisation: { id: number } | null;
  requester: { id: number };
  messages: { body: string; visibility: string }[];
}

describe('tickets created at the same moment', () => {
  it('are written together, each whole and with its own message, history and organisation', async () => {
    const agent = await factory.person('operator');
    const customers = await Promise.all(Array.from({ length: 4 }, () => factory.person('customer')));
    const responses = await Promise.all(
      Array.from({ length: 24 }, (_, index) => {
        const customer = customers[index % customers.length]!;
        // Customers open their own; the agent opens some for them.
        return index % 2 === 0
          ? app.inject({
              method: 'POST',
              url: '/api/tickets',
              headers: customer.headers,
              payload: { subject: `Together ${index}`, body: `Body of ${index}` },
            })
          : app.inject({
              method: 'POST',
              url: '/api/tickets',
              headers: agent.headers,
              payload: {
                subject: `Together ${index}`,
                body: `Body of ${index}`,
                requesterId: customer.user.id,
              },
            });
      }),
    );
    expect(responses.map((response) => response.statusCode)).toEqual(responses.map(() => 201));
    const tickets = responses.map((response) => json<CreatedTicket>(response));
    for (const [index, ticket] of tickets.entries()) {
      const customer = customers[index % customers.length]!;
      expect(ticket).toMatchObject({
        subject: `Together ${index}`,
        organisation: { id: customer.user.organisation_id },
        requester: { id: customer.user.id },
        messages: [{ body: `Body of ${index}`, visibility: 'public' }],
      });
      const events = json<{ events: { type: string }[] }>(
        await app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}/events`, headers: agent.headers }),
      ).events;
      expect(events.map((event) => event.type)).toEqual(['ticket.created']);
    }
    // Rows written in one transaction share its id: fewer transactions than tickets.
    const { rows } = await sql<{ transactions: number }>`
      SELECT count(DISTINCT xmin::text)::int AS transactions FROM tickets
      WHERE id = any(${tickets.map((ticket) => ticket.id)}::bigint[])`.execute(ctx.db);
    expect(rows[0]?.transactions).toBeLessThan(tickets.length);
  });

  it('fail alone when one of them is bad, and leave nothing of it behind', async () => {
    const agent = await factory.person('operator');
    const customer = await factory.person('customer');
    const before = await sql<{ tickets: number; messages: number }>`
      SELECT (SELECT count(*)::int FROM tickets) AS tickets, (SELECT count(*)::int FROM ticket_messages) AS messages`.execute(
      ctx.db,
    );
    const responses = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        app.inject({
          method: 'POST',
          url: '/api/tickets',
          headers: agent.headers,
          payload: {
            subject: `Mixed ${index}`,
            body: `Body of ${index}`,
            // Ticket 5 names a person who does not exist, ticket 8 a team that does not.
            requesterId: index === 5 ? 987_654_321 : customer.user.id,
            ...(index === 8 ? { teamId: 987_654_321 } : {}),
          },
        }),
      ),
    );
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(10);
    expect(responses[5]?.statusCode).toBe(422);
    expect(json<{ error: { code: string } }>(responses[5]!).error.code).toBe('invalid_requester');
    expect(responses[8]?.statusCode).toBe(422);
    const after = await sql<{ tickets: number; messages: number }>`
      SELECT (SELECT count(*)::int FROM tickets) AS tickets, (SELECT count(*)::int FROM ticket_messages) AS messages`.execute(
      ctx.db,
    );
    expect(after.rows[0]!.tickets - before.rows[0]!.tickets).toBe(10);
    expect(after.rows[0]!.messages - before.rows[0]!.messages).toBe(10);
  });
});
