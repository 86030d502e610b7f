import { describe, expect, it } from 'vitest';
import { createTestApp, json } from '../../../../test/harness.ts';
import { eventually } from '../../../../test/processes.ts';
import { startEmailJobs, startInboundSmtp, startSmtpSink } from './email-test-kit.ts';

// What the admin screens and the ticket page read beyond the core channel API.
const sink = await startSmtpSink();
const testApp = await createTestApp({
  TIERLINE_SMTP_RELAY_HOST: '127.0.0.1',
  TIERLINE_SMTP_RELAY_PORT: String(sink.port),
  TIERLINE_SMTP_RELAY_USER: 'relay-user',
  TIERLINE_SMTP_RELAY_PASSWORD: 'relay-password-never-shown',
  TIERLINE_MAIL_SEND_ATTEMPTS: '1',
  TIERLINE_MAIL_RETRY_SECONDS: '1',
  TIERLINE_PUBLIC_URL: 'https://help.example',
});
const { app, ctx, factory } = testApp;
const { client, address, port } = await startInboundSmtp(testApp);
await startEmailJobs(testApp);
const admin = await factory.person('admin', { name: 'Ada Admin' });
const agent = await factory.person('operator');
const customer = await factory.person('customer');

describe('channel settings', () => {
  it('tells admins how mail comes in and goes out, without the relay password, and nobody else', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/email/settings', headers: admin.headers });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toMatchObject({
      inbound: { listening: true, host: '127.0.0.1', port, startTls: false, authRequired: false },
      outbound: {
        relayConfigured: true,
        host: '127.0.0.1',
        port: sink.port,
        authenticated: true,
        attempts: 1,
        firstRetrySeconds: 1,
      },
    });
    expect(response.body).not.toContain('relay-password-never-shown');
    const forbidden = await app.inject({ method: 'GET', url: '/api/email/settings', headers: agent.headers });
    expect(forbidden.statusCode).toBe(403);
  });
});

describe('template preview', () => {
  it('renders a draft with example values and the ticket tag, lists the variables, and refuses unknown ones', async () => {
    const list = json<{ variables: string[] }>(
      await app.inject({ method: 'GET', url: '/api/email/templates', headers: admin.headers }),
    );
    expect(list.variables).toContain('ticket.url');
    const preview = await app.inject({
      method: 'POST',
      url: '/api/email/templates/preview',
      headers: admin.headers,
      payload: {
        kind: 'agent_reply',
        subject: 'Update on {{ticket.subject}}',
        body: 'Hi {{recipient.name}},\n\n{{message.body}}\n\n{{actor.name}} · {{ticket.url}}',
      },
    });
    expect(preview.statusCode).toBe(200);
    const rendered = json<{ subject: string; text: string; html: string }>(preview);
    expect(rendered.subject).toBe('[#1042] Update on Printer on the 3rd floor is offline');
    expect(rendered.text).toContain('Hi Kim Customer,');
    expect(rendered.text).toContain('Ada Admin · https://help.example/tickets/1042');
    expect(rendered.html).toContain('<p>Hi Kim Customer,</p>');

    const typo = await app.inject({
      method: 'POST',
      url: '/api/email/templates/preview',
      headers: admin.headers,
      payload: { kind: 'agent_reply', subject: 'x', body: '{{tiket.id}}' },
    });
    expect(typo.statusCode).toBe(422);
    expect(json(typo)).toMatchObject({
      error: { code: 'unknown_template_variable', details: { variables: ['tiket.id'] } },
    });
    const badKind = await app.inject({
      method: 'POST',
      url: '/api/email/templates/preview',
      headers: admin.headers,
      payload: { kind: 'newsletter', subject: 'x', body: 'y' },
    });
    expect(json(badKind)).toMatchObject({ error: { code: 'invalid_request' } });
    const byAgent = await app.inject({
      method: 'POST',
      url: '/api/email/templates/preview',
      headers: agent.headers,
      payload: { kind: 'agent_reply', subject: 'x', body: 'y' },
    });
    expect(byAgent.statusCode).toBe(403);
  });
});

describe('email details of a message', () => {
  it('gives From, To and Cc of the mail a message came in as, and none for other messages', async () => {
    await client.sendMail({
      from: '"Rita Requester" <rita@headers.example>',
      to: address,
      cc: ['"Carl Colleague" <carl@headers.example>'],
      subject: 'Scanner jams',
      text: 'It jams on every page.',
      messageId: '<scanner-1@headers.example>',
    });
    const inbound = await ctx.db
      .selectFrom('email_inbound')
      .select(['ticket_id', 'ticket_message_id'])
      .where('message_id', '=', 'scanner-1@headers.example')
      .executeTakeFirstOrThrow();
    const details = json<{ email: Record<string, unknown> }>(
      await app.inject({
        method: 'GET',
        url: `/api/tickets/${inbound.ticket_id}/messages/${inbound.ticket_message_id}/html`,
        headers: agent.headers,
      }),
    );
    expect(details.email).toMatchObject({
      from: 'Rita Requester <rita@headers.example>',
      to: [address],
      cc: ['Carl Colleague <carl@headers.example>'],
      subject: 'Scanner jams',
    });
    const ticket = await factory.ticket(customer);
    const message = await ctx.db
      .selectFrom('ticket_messages')
      .select('id')
      .where('ticket_id', '=', ticket.id)
      .executeTakeFirstOrThrow();
    const portalMessage = json<{ email: unknown }>(
      await app.inject({
        method: 'GET',
        url: `/api/tickets/${ticket.id}/messages/${message.id}/html`,
        headers: customer.headers,
      }),
    );
    expect(portalMessage.email).toBeNull();
  });
});

describe('sending a failed mail again', () => {
  it('queues a failed delivery afresh for staff, refuses one that did not fail, and hides it from customers', async () => {
    const bouncing = await factory.person('customer');
    await ctx.db
      .updateTable('users')
      .set({ email: `reject@${bouncing.user.id}.example` })
      .where('id', '=', bouncing.user.id)
      .execute();
    const ticket = await factory.ticket(bouncing, { subject: 'Mail to a full mailbox' });
    await app.inject({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/messages`,
      headers: agent.headers,
      payload: { body: 'We looked into it.' },
    });
    const deliveries = (headers: { cookie: string }) =>
      app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}/deliveries`, headers });
    type Listed = {
      deliveries: { id: number; kind: string; state: string; attempts: number }[];
      maxAttempts: number;
    };
    const failed = await eventually(async () => {
      const listed = json<Listed>(await deliveries(agent.headers));
      return listed.deliveries.find((d) => d.kind === 'agent_reply' && d.state === 'failed');
    });
    expect(json<Listed>(await deliveries(agent.headers)).maxAttempts).toBe(1);

    const retried = await app.inject({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/deliveries/${failed.id}/retry`,
      headers: agent.headers,
    });
    expect(retried.statusCode).toBe(200);
    expect(json(retried)).toMatchObject({ id: failed.id, state: 'queued', attempts: 0, lastError: null });
    // The relay still refuses the address: it fails again, after one more attempt.
    const again = await eventually(async () => {
      const listed = json<Listed>(await deliveries(agent.headers));
      const row = listed.deliveries.find((d) => d.id === failed.id);
      return row?.state === 'failed' ? row : undefined;
    });
    expect(again.attempts).toBe(1);

    // The acknowledgement of another customer's request went out: there is nothing to send again.
    const delivered = await factory.ticket(customer, { subject: 'Keyboard missing keys' });
    const sent = await eventually(async () =>
      json<Listed>(
        await app.inject({
          method: 'GET',
          url: `/api/tickets/${delivered.id}/deliveries`,
          headers: agent.headers,
        }),
      ).deliveries.find((d) => d.state === 'sent'),
    );
    const refused = await app.inject({
      method: 'POST',
      url: `/api/tickets/${delivered.id}/deliveries/${sent.id}/retry`,
      headers: agent.headers,
    });
    expect(refused.statusCode).toBe(409);
    expect(json(refused)).toMatchObject({ error: { code: 'delivery_not_failed' } });
    // A delivery of another ticket is not found through this one.
    const crossed = await app.inject({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/deliveries/${sent.id}/retry`,
      headers: agent.headers,
    });
    expect(crossed.statusCode).toBe(404);
    const elsewhere = await app.inject({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/deliveries/999999/retry`,
      headers: agent.headers,
    });
    expect(elsewhere.statusCode).toBe(404);
    const byCustomer = await app.inject({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/deliveries/${failed.id}/retry`,
      headers: bouncing.headers,
    });
    expect(byCustomer.statusCode).toBe(403);
    expect((await deliveries(bouncing.headers)).statusCode).toBe(403);
  });
});
