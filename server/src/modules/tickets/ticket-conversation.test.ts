import { describe, expect, it } from 'vitest';
import { createTestApp, json } from '../../../test/harness.ts';

const { app, factory, clock, ctx } = await createTestApp();
const agent = await factory.person('operator');
const engineer = await factory.person('engineer');
const customer = await factory.person('customer');

interface TicketBody {
  id: number;
  status: string;
  firstRespondedAt: string | null;
  watchers: { id: number }[];
  messages: {
    id: number;
    body: string;
    visibility: string;
    attachments: { id: number; filename: string }[];
  }[];
}

const reply = (id: number, headers: { cookie: string }, payload: object) =>
  app.inject({ method: 'POST', url: `/api/tickets/${id}/messages`, headers, payload });

describe('conversation', () => {
  it('hides internal notes from the customer, stamps the first response, and notifies mentioned staff', async () => {
    const ticket = await factory.ticket(customer);
    await reply(ticket.id, agent.headers, {
      body: `Looping in @engineer`,
      internal: true,
      mentions: [engineer.user.id],
    });
    const afterNoteResponse = await app.inject({
      method: 'GET',
      url: `/api/tickets/${ticket.id}`,
      headers: agent.headers,
    });
    const afterNote = json<TicketBody>(afterNoteResponse);
    expect(afterNote.firstRespondedAt).toBeNull();
    expect(afterNote.watchers.map((w) => w.id)).toContain(engineer.user.id);

    const answered = json<TicketBody>(await reply(ticket.id, agent.headers, { body: 'We are on it.' }));
    expect(answered.status).toBe('open');
    expect(answered.firstRespondedAt).not.toBeNull();

    const customerView = json<TicketBody>(
      await app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}`, headers: customer.headers }),
    );
    expect(customerView.messages.map((m) => m.visibility)).toEqual(['public', 'public']);

    const notifications = json<{ notifications: { kind: string; ticketId: number }[]; unread: number }>(
      await app.inject({ method: 'GET', url: '/api/notifications', headers: engineer.headers }),
    );
    // Newest first: the mention, then (as a watcher now) the public reply.
    expect(notifications.notifications.map((n) => [n.kind, n.ticketId])).toEqual([
      ['watching_update', ticket.id],
      ['mentioned', ticket.id],
    ]);
    expect(notifications.unread).toBeGreaterThan(0);
    await app.inject({
      method: 'POST',
      url: '/api/notifications/read',
      headers: engineer.headers,
      payload: {},
    });
    expect(
      json<{ unread: number }>(
        await app.inject({ method: 'GET', url: '/api/notifications', headers: engineer.headers }),
      ).unread,
    ).toBe(0);
  });

  it('refuses mentions of customers', async () => {
    const ticket = await factory.ticket(customer);
    const response = await reply(ticket.id, agent.headers, {
      body: 'hi',
      internal: true,
      mentions: [customer.user.id],
    });
    expect(json(response)).toMatchObject({ error: { code: 'invalid_mention' } });
  });

  it('reopens a solved ticket on a customer reply within the window, refuses after it', async () => {
    const ticket = await factory.ticket(customer);
    await app.inject({
      method: 'PATCH',
      url: `/api/tickets/${ticket.id}`,
      headers: agent.headers,
      payload: { status: 'solved' },
    });
    expect(json<TicketBody>(await reply(ticket.id, customer.headers, { body: 'Still broken' })).status).toBe(
      'open',
    );

    await app.inject({
      method: 'PATCH',
      url: `/api/tickets/${ticket.id}`,
      headers: agent.headers,
      payload: { status: 'solved' },
    });
    clock.advance(15 * 86_400_000);
    const late = await reply(ticket.id, customer.headers, { body: 'Broken again' });
    expect(late.statusCode).toBe(409);
    expect(json(late)).toMatchObject({ error: { code: 'reopen_window_passed' } });
  });

  it('lets the customer mark the request solved, not set other statuses', async () => {
    const ticket = await factory.ticket(customer);
    const solved = await app.inject({
      method: 'PATCH',
      url: `/api/tickets/${ticket.id}`,
      headers: customer.headers,
      payload: { status: 'solved' },
    });
    expect(json<TicketBody>(solved).status).toBe('solved');
    const onHold = await app.inject({
      method: 'PATCH',
      url: `/api/tickets/${ticket.id}`,
      headers: customer.headers,
      payload: { status: 'on_hold' },
    });
    expect(onHold.statusCode).toBe(403);
  });

  it('stores attachments content-addressed and lets only people who see the message download them', async () => {
    const ticket = await factory.ticket(customer);
    const boundary = 'tierline-boundary';
    const upload = await app.inject({
      method: 'POST',
      url: '/api/attachments',
      headers: { ...agent.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: [
        `--${boundary}`,
        'Content-Disposition: form-data; name="file"; filename="log.txt"',
        'Content-Type: text/plain',
        '',
        'error at line 42',
        `--${boundary}--`,
        '',
      ].join('\r\n'),
    });
    expect(upload.statusCode).toBe(201);
    const attachment = json<{ id: number; size: number }>(upload);
    expect(attachment.size).toBe(16);

    const note = json<TicketBody>(
      await reply(ticket.id, agent.headers, {
        body: 'log attached',
        internal: true,
        attachmentIds: [attachment.id],
      }),
    );
    expect(note.messages.at(-1)?.attachments.map((a) => a.filename)).toEqual(['log.txt']);
    const staffDownload = await app.inject({
      method: 'GET',
      url: `/api/attachments/${attachment.id}`,
      headers: engineer.headers,
    });
    expect(staffDownload.statusCode).toBe(200);
    expect(staffDownload.body).toBe('error at line 42');
    expect(staffDownload.headers['content-disposition']).toContain('attachment');
    const customerDownload = await app.inject({
      method: 'GET',
      url: `/api/attachments/${attachment.id}`,
      headers: customer.headers,
    });
    expect(customerDownload.statusCode).toBe(404);

    const reuse = await reply(ticket.id, agent.headers, { body: 'again', attachmentIds: [attachment.id] });
    expect(json(reuse)).toMatchObject({ error: { code: 'invalid_attachment' } });
  });

  it('refuses an upload over the size limit without keeping a partial file', async () => {
    const boundary = 'b';
    const big = 'x'.repeat(ctx.attachments.maxBytes + 10);
    const upload = await app.inject({
      method: 'POST',
      url: '/api/attachments',
      headers: { ...agent.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: [
        `--${boundary}`,
        'Content-Disposition: form-data; name="file"; filename="big.bin"',
        '',
        big,
        `--${boundary}--`,
        '',
      ].join('\r\n'),
    });
    expect(upload.statusCode).toBe(413);
  }, 60_000);
});
