import { describe, expect, it } from 'vitest';
import { createTestApp, json } from '../../../test/harness.ts';

const { app, factory, ctx } = await createTestApp();
const agent = await factory.person('operator');
const customer = await factory.person('customer');

const ticketCount = async () =>
  Number(
    (
      await ctx.db
        .selectFrom('tickets')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const messageCount = async () =>
  Number(
    (
      await ctx.db
        .selectFrom('ticket_messages')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

const post = (payload: string | object, headers: Record<string, string> = {}) =>
  app.inject({
    method: 'POST',
    url: '/api/tickets',
    headers: { ...agent.headers, 'content-type': 'application/json', ...headers },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });

describe('bad input gets a clear 4xx and writes nothing', () => {
  const cases: [string, string | object, number, string][] = [
    ['malformed JSON', '{"subject": "x", "body": ', 400, 'malformed_json'],
    ['empty body', '', 400, 'malformed_json'],
    ['missing subject', { body: 'b' }, 422, 'invalid_request'],
    ['subject of wrong type', { subject: 42, body: 'b' }, 422, 'invalid_request'],
    ['unknown status', { subject: 's', body: 'b', status: 'exploded' }, 422, 'invalid_request'],
    ['negative requester id', { subject: 's', body: 'b', requesterId: -1 }, 422, 'invalid_request'],
    [
      'requester that does not exist',
      { subject: 's', body: 'b', requesterId: 987654321 },
      422,
      'invalid_requester',
    ],
    [
      'assignee who is a customer',
      { subject: 's', body: 'b', assigneeId: 'CUSTOMER' },
      422,
      'invalid_assignee',
    ],
    ['team that does not exist', { subject: 's', body: 'b', teamId: 987654321 }, 422, 'invalid_team'],
    [
      'unknown custom field',
      { subject: 's', body: 'b', customFields: { nope: 'x' } },
      422,
      'unknown_custom_field',
    ],
    ['tag with spaces', { subject: 's', body: 'b', tags: ['two words'] }, 422, 'invalid_request'],
    [
      "someone else's attachment",
      { subject: 's', body: 'b', attachmentIds: [987654321] },
      422,
      'invalid_attachment',
    ],
    ['id beyond bigint', { subject: 's', body: 'b', requesterId: 1e300 }, 422, 'invalid_request'],
  ];

  it.each(cases)('%s', async (_name, payload, status, code) => {
    const body =
      typeof payload === 'object' && 'assigneeId' in payload
        ? { ...payload, assigneeId: customer.user.id }
        : payload;
    const before = [await ticketCount(), await messageCount()];
    const response = await post(body);
    expect(response.statusCode).toBe(status);
    expect(json(response)).toMatchObject({ error: { code } });
    expect(typeof json<{ error: { message: string } }>(response).error.message).toBe('string');
    expect([await ticketCount(), await messageCount()]).toEqual(before);
  });

  it('refuses a huge body with 413', async () => {
    const response = await post({ subject: 's', body: 'x'.repeat(5 * 1024 * 1024) });
    expect(response.statusCode).toBe(413);
    expect(json(response)).toMatchObject({ error: { code: 'payload_too_large' } });
  });

  it('refuses a non-JSON content type with 415', async () => {
    const response = await post('subject=x', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(response.statusCode).toBe(415);
  });

  it('stores SQL and HTML injection strings as plain text', async () => {
    const subject = "'; DROP TABLE tickets; -- <script>alert(1)</script>";
    const response = await post({ subject, body: '<img src=x onerror=alert(1)>' });
    expect(response.statusCode).toBe(201);
    const ticket = json<{ id: number; subject: string; messages: { body: string }[] }>(response);
    expect(ticket.subject).toBe(subject);
    expect(ticket.messages[0]?.body).toBe('<img src=x onerror=alert(1)>');
    const search = await app.inject({
      method: 'GET',
      url: `/api/tickets?text=${encodeURIComponent("%' OR 1=1 --")}`,
      headers: agent.headers,
    });
    expect(json<{ tickets: unknown[] }>(search).tickets).toEqual([]);
  });

  it('answers unknown ids and routes with 404 codes', async () => {
    const missing = await app.inject({
      method: 'GET',
      url: '/api/tickets/987654321',
      headers: agent.headers,
    });
    expect(json(missing)).toMatchObject({ error: { code: 'ticket_not_found' } });
    const notNumber = await app.inject({ method: 'GET', url: '/api/tickets/abc', headers: agent.headers });
    expect(notNumber.statusCode).toBe(422);
    const noRoute = await app.inject({ method: 'GET', url: '/api/nothing-here', headers: agent.headers });
    expect(json(noRoute)).toMatchObject({ error: { code: 'route_not_found' } });
  });

  it('rejects a stale version with 409 and leaves the ticket as it was', async () => {
    const ticket = await factory.ticket(customer);
    const first = await app.inject({
      method: 'PATCH',
      url: `/api/tickets/${ticket.id}`,
      headers: agent.headers,
      payload: { status: 'open', version: 1 },
    });
    expect(first.statusCode).toBe(200);
    const stale = await app.inject({
      method: 'PATCH',
      url: `/api/tickets/${ticket.id}`,
      headers: agent.headers,
      payload: { status: 'solved', version: 1 },
    });
    expect(stale.statusCode).toBe(409);
    expect(json(stale)).toMatchObject({ error: { code: 'ticket_changed', details: { currentVersion: 2 } } });
  });

  it('rejects unknown fields in a change and invalid cursors', async () => {
    const ticket = await factory.ticket(customer);
    const unknown = await app.inject({
      method: 'PATCH',
      url: `/api/tickets/${ticket.id}`,
      headers: agent.headers,
      payload: { colour: 'red' },
    });
    expect(unknown.statusCode).toBe(422);
    const cursor = await app.inject({
      method: 'GET',
      url: '/api/tickets?cursor=garbage',
      headers: agent.headers,
    });
    expect(json(cursor)).toMatchObject({ error: { code: 'invalid_cursor' } });
  });

  it('rejects a closed ticket moving anywhere', async () => {
    const ticket = await factory.ticket(customer);
    await app.inject({
      method: 'PATCH',
      url: `/api/tickets/${ticket.id}`,
      headers: agent.headers,
      payload: { status: 'closed' },
    });
    const reopen = await app.inject({
      method: 'PATCH',
      url: `/api/tickets/${ticket.id}`,
      headers: agent.headers,
      payload: { status: 'open' },
    });
    expect(json(reopen)).toMatchObject({ error: { code: 'ticket_closed' } });
  });
});
