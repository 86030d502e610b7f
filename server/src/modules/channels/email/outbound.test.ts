import { describe, expect, it } from 'vitest';
import { createTestApp, json } from '../../../../test/harness.ts';
import { eventually } from '../../../../test/processes.ts';
import { type CaughtMail, startEmailJobs, startInboundSmtp, startSmtpSink } from './email-test-kit.ts';

const sink = await startSmtpSink();
const testApp = await createTestApp({
  TIERLINE_SMTP_RELAY_HOST: '127.0.0.1',
  TIERLINE_SMTP_RELAY_PORT: String(sink.port),
  TIERLINE_MAIL_SEND_ATTEMPTS: '2',
  TIERLINE_MAIL_RETRY_SECONDS: '1',
  TIERLINE_PUBLIC_URL: 'https://help.example',
});
const { app, ctx, factory } = testApp;
const { client, address } = await startInboundSmtp(testApp);
await startEmailJobs(testApp);
const agent = await factory.person('operator', { name: 'Olga Agent' });
const admin = await factory.person('admin');

const mailTo = (recipient: string, kind: RegExp) =>
  eventually(async () =>
    sink.caught.find((mail) => mail.envelopeTo.includes(recipient) && kind.test(mail.parsed.subject ?? '')),
  );
const inbound = (messageId: string) =>
  ctx.db
    .selectFrom('email_inbound')
    .selectAll()
    .where('message_id', '=', messageId)
    .executeTakeFirstOrThrow();
const header = (mail: CaughtMail, name: string) => String(mail.parsed.headers.get(name) ?? '');

describe('outgoing mail', () => {
  it('acknowledges a new email ticket, sends the agent reply threaded with attachment, and threads the customer answer back', async () => {
    await client.sendMail({
      from: '"Kim Customer" <kim@round.example>',
      to: address,
      subject: 'Laptop will not boot',
      text: 'Black screen since this morning.',
      messageId: '<boot-1@round.example>',
    });
    const ticketId = (await inbound('boot-1@round.example')).ticket_id ?? 0;

    const ack = await mailTo('kim@round.example', /Laptop will not boot/);
    expect(ack.parsed.subject).toBe(`[#${ticketId}] Laptop will not boot`);
    expect(header(ack, 'auto-submitted')).toBe('auto-replied');
    expect(ack.parsed.from?.text).toBe('"Help Desk" <support@help.example>');
    expect(ack.parsed.text).toContain(`https://help.example/tickets/${ticketId}`);

    const boundary = 'b';
    const upload = await app.inject({
      method: 'POST',
      url: '/api/attachments',
      headers: { ...agent.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: [
        `--${boundary}`,
        'Content-Disposition: form-data; name="file"; filename="steps.txt"',
        'Content-Type: text/plain',
        '',
        'Hold the power button 10 s',
        `--${boundary}--`,
        '',
      ].join('\r\n'),
    });
    const attachmentId = json<{ id: number }>(upload).id;
    const replied = await app.inject({
      method: 'POST',
      url: `/api/tickets/${ticketId}/messages`,
      headers: agent.headers,
      payload: {
        body: 'Please hold the power button for 10 seconds.',
        bodyHtml: '<p>Please hold the <b>power button</b> for 10 seconds.</p><script>x()</script>',
        attachmentIds: [attachmentId],
      },
    });
    expect(replied.statusCode).toBe(201);

    const answer = await mailTo('kim@round.example', /^Re: \[#\d+\] Laptop/);
    expect(answer.parsed.subject).toBe(`Re: [#${ticketId}] Laptop will not boot`);
    expect(answer.parsed.inReplyTo).toBe('<boot-1@round.example>');
    expect(String(answer.parsed.references)).toContain('<boot-1@round.example>');
    expect(answer.parsed.text).toContain('Please hold the power button for 10 seconds.');
    expect(answer.parsed.text).toContain('Olga Agent');
    expect(answer.parsed.html).toContain('<b>power button</b>');
    expect(answer.parsed.html).not.toContain('script');
    expect(header(answer, 'auto-submitted')).toBe('');
    expect(answer.parsed.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([
      ['steps.txt', 'Hold the power button 10 s'],
    ]);

    // The customer's mail client answers our Message-ID: same ticket, reopened from "open" state as a reply.
    await client.sendMail({
      from: 'kim@round.example',
      to: address,
      subject: `Re: [#${ticketId}] Laptop will not boot`,
      text: 'That worked, thanks!',
      inReplyTo: answer.parsed.messageId,
      references: answer.parsed.messageId,
      messageId: '<boot-2@round.example>',
    });
    expect((await inbound('boot-2@round.example')).ticket_id).toBe(ticketId);

    const deliveries = json<{ deliveries: { kind: string; state: string }[] }>(
      await app.inject({ method: 'GET', url: `/api/tickets/${ticketId}/deliveries`, headers: agent.headers }),
    );
    expect(deliveries.deliveries.map((d) => [d.kind, d.state])).toEqual([
      ['ticket_received', 'sent'],
      ['agent_reply', 'sent'],
    ]);
  });

  it('mails the assignee when assigned and when the customer replies, unless they turned that kind off; mails the solve', async () => {
    const engineer = await factory.person('engineer');
    const customer = await factory.person('customer');
    const ticket = await factory.ticket(customer, { subject: 'Monitor flickers' });
    await app.inject({
      method: 'PATCH',
      url: `/api/tickets/${ticket.id}`,
      headers: agent.headers,
      payload: { assigneeId: engineer.user.id },
    });
    const assigned = await mailTo(engineer.user.email, /Assigned to you/);
    expect(assigned.parsed.text).toContain('Olga Agent assigned ticket');

    const prefs = await app.inject({
      method: 'PUT',
      url: '/api/me/notification-preferences',
      headers: engineer.headers,
      payload: { preferences: [{ kind: 'customer_replied', email: false }] },
    });
    expect(json<{ preferences: { kind: string; email: boolean }[] }>(prefs).preferences).toContainEqual({
      kind: 'customer_replied',
      email: false,
    });
    await app.inject({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/messages`,
      headers: customer.headers,
      payload: { body: 'Still flickering' },
    });
    await app.inject({
      method: 'PATCH',
      url: `/api/tickets/${ticket.id}`,
      headers: agent.headers,
      payload: { status: 'solved' },
    });
    const solved = await mailTo(customer.user.email, /Solved/);
    expect(solved.parsed.subject).toBe(`[#${ticket.id}] Solved: Monitor flickers`);
    expect(
      sink.caught
        .filter((mail) => mail.envelopeTo.includes(engineer.user.email))
        .map((m) => m.parsed.subject),
    ).toEqual([assigned.parsed.subject]);

    const customerPrefs = await app.inject({
      method: 'PUT',
      url: '/api/me/notification-preferences',
      headers: customer.headers,
      payload: { preferences: [{ kind: 'assigned', email: false }] },
    });
    expect(customerPrefs.statusCode).toBe(422);
  });

  it("uses the template an admin wrote in the recipient's language, and refuses unknown variables", async () => {
    const bad = await app.inject({
      method: 'PUT',
      url: '/api/email/templates/ticket_solved/de',
      headers: admin.headers,
      payload: { subject: '{{tiket.id}}', body: 'x' },
    });
    expect(json(bad)).toMatchObject({ error: { code: 'unknown_template_variable' } });
    const put = await app.inject({
      method: 'PUT',
      url: '/api/email/templates/ticket_solved/de',
      headers: admin.headers,
      payload: {
        subject: 'Gelöst: {{ticket.subject}}',
        body: 'Hallo {{recipient.name}}, Ihre Anfrage ist gelöst.',
      },
    });
    expect(put.statusCode).toBe(200);
    const customer = await factory.person('customer', { name: 'Jana' });
    await ctx.db
      .updateTable('users')
      .set({ languages: ['de', 'en'] })
      .where('id', '=', customer.user.id)
      .execute();
    const ticket = await factory.ticket(customer, { subject: 'Drucker' });
    await app.inject({
      method: 'PATCH',
      url: `/api/tickets/${ticket.id}`,
      headers: agent.headers,
      payload: { status: 'solved' },
    });
    const mail = await mailTo(customer.user.email, /Gelöst/);
    // The ticket tag is added when a template leaves it out, so replies still thread.
    expect(mail.parsed.subject).toBe(`[#${ticket.id}] Gelöst: Drucker`);
    expect(mail.parsed.text).toContain('Hallo Jana, Ihre Anfrage ist gelöst.');
    const list = json<{ templates: { kind: string; language: string; customised: boolean }[] }>(
      await app.inject({ method: 'GET', url: '/api/email/templates', headers: admin.headers }),
    );
    expect(list.templates).toContainEqual(
      expect.objectContaining({ kind: 'ticket_solved', language: 'de', customised: true }),
    );
    expect(list.templates).toContainEqual(
      expect.objectContaining({ kind: 'ticket_solved', language: 'en', customised: false }),
    );
  });

  it('shows a failed send on the ticket, files the bounce on it, marks the address bouncing and stops mailing it', async () => {
    const customer = await factory.person('customer');
    await ctx.db
      .updateTable('users')
      .set({ email: `reject@${customer.user.id}.example` })
      .where('id', '=', customer.user.id)
      .execute();
    const ticket = await factory.ticket(customer, { subject: 'Mailbox full' });
    await app.inject({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/messages`,
      headers: agent.headers,
      payload: { body: 'We looked into it.' },
    });
    const failed = await eventually(async () => {
      const rows = await ctx.db
        .selectFrom('email_deliveries')
        .selectAll()
        .where('ticket_id', '=', ticket.id)
        .where('kind', '=', 'agent_reply')
        .execute();
      return rows[0]?.state === 'failed' ? rows[0] : undefined;
    });
    expect(failed.last_error).toContain('Mailbox unavailable');
    const events = json<{ type: string }[]>(
      await app.inject({ method: 'GET', url: `/api/tickets/${ticket.id}/events`, headers: agent.headers }),
    );
    expect(JSON.stringify(events)).toContain('email.delivery_failed');

    // A relay accepted the next mail and the recipient's server bounced it later (DSN).
    const other = await factory.person('customer');
    const second = await factory.ticket(other, { subject: 'Quota' });
    await app.inject({
      method: 'POST',
      url: `/api/tickets/${second.id}/messages`,
      headers: agent.headers,
      payload: { body: 'Quota raised.' },
    });
    const sent = await mailTo(other.user.email, /^Re: .*Quota/);
    await client.sendMail({
      envelope: { from: '', to: address },
      from: 'MAILER-DAEMON@mx.round.example',
      to: address,
      subject: 'Undelivered Mail Returned to Sender',
      headers: { 'Auto-Submitted': 'auto-replied' },
      text: `Your message could not be delivered.\n\n<${other.user.email}>: user unknown\n\nMessage-ID: ${sent.parsed.messageId}\n`,
      messageId: `<dsn-${second.id}@mx.round.example>`,
    });
    const bounce = await inbound(`dsn-${second.id}@mx.round.example`);
    expect([bounce.outcome, bounce.ticket_id]).toEqual(['bounce_attached', second.id]);
    const bouncing = await ctx.db
      .selectFrom('email_bounces')
      .selectAll()
      .where('address', '=', other.user.email.toLowerCase())
      .executeTakeFirst();
    expect(bouncing?.ticket_id).toBe(second.id);
    await app.inject({
      method: 'POST',
      url: `/api/tickets/${second.id}/messages`,
      headers: agent.headers,
      payload: { body: 'Anyone there?' },
    });
    const deliveries = await eventually(async () => {
      const body = json<{ deliveries: { state: string; lastError: string | null }[] }>(
        await app.inject({
          method: 'GET',
          url: `/api/tickets/${second.id}/deliveries`,
          headers: agent.headers,
        }),
      );
      return body.deliveries.length === 3 ? body.deliveries : undefined;
    });
    // acknowledgement, the reply that bounced, and the reply not sent to a bouncing address
    expect(deliveries.map((d) => d.state)).toEqual(['sent', 'bounced', 'suppressed']);
    const customerDeliveries = await app.inject({
      method: 'GET',
      url: `/api/tickets/${second.id}/deliveries`,
      headers: other.headers,
    });
    expect(customerDeliveries.statusCode).toBe(403);
  });

  it('never answers an auto-reply: the out-of-office reply to our acknowledgement is dropped and mails nobody', async () => {
    await client.sendMail({
      from: 'away@loop.example',
      to: address,
      subject: 'Need a licence',
      text: 'Please.',
      messageId: '<loop-1@loop.example>',
    });
    const ack = await mailTo('away@loop.example', /Need a licence/);
    const before = sink.caught.length;
    await client.sendMail({
      from: 'away@loop.example',
      to: address,
      subject: `Automatic reply: ${ack.parsed.subject}`,
      headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
      inReplyTo: ack.parsed.messageId,
      text: 'I am out of the office until Monday.',
      messageId: '<loop-2@loop.example>',
    });
    expect((await inbound('loop-2@loop.example')).outcome).toBe('auto_reply');
    await ctx.email.outbound.processOutbox();
    expect(sink.caught.length).toBe(before);
  });

  it("sends agent replies to the requester with the people Cc'd on the mail in Cc", async () => {
    await client.sendMail({
      from: 'lead@cc-out.example',
      to: address,
      cc: 'Partner <partner@cc-partner.example>',
      subject: 'Shared drive for the project',
      text: 'Please set it up for both of us.',
      messageId: '<cc-out-1@cc-out.example>',
    });
    const ticketId = (await inbound('cc-out-1@cc-out.example')).ticket_id ?? 0;
    await app.inject({
      method: 'POST',
      url: `/api/tickets/${ticketId}/messages`,
      headers: agent.headers,
      payload: { body: 'Done, the share is ready.' },
    });
    const answer = await mailTo('lead@cc-out.example', /^Re: .*Shared drive/);
    expect(answer.envelopeTo.sort()).toEqual(['lead@cc-out.example', 'partner@cc-partner.example']);
    const cc = answer.parsed.cc && !Array.isArray(answer.parsed.cc) ? answer.parsed.cc.value : [];
    expect(cc.map((person) => [person.name, person.address])).toEqual([
      ['Partner', 'partner@cc-partner.example'],
    ]);
  });
});
