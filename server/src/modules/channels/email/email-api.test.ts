import { describe, expect, it } from 'vitest';
import { createTestApp, json } from '../../../../test/harness.ts';

const { app, ctx, factory } = await createTestApp();
const admin = await factory.person('admin');
const agent = await factory.person('operator');
await ctx.db
  .insertInto('email_addresses')
  .values({ address: 'desk@help.example', is_default: true })
  .execute();

const mail = (lines: string[]) => Buffer.from(lines.join('\r\n'));
const accept = (raw: Buffer) =>
  ctx.email.inbound.accept({ raw, source: 'smtp', envelopeFrom: null, envelopeTo: ['desk@help.example'] });

describe('email admin API', () => {
  it('lets admins manage support addresses and mailboxes (passwords never returned, changes audited), and nobody else', async () => {
    const team = await factory.team(2);
    const created = await app.inject({
      method: 'POST',
      url: '/api/email/addresses',
      headers: admin.headers,
      payload: { address: 'Billing@Help.Example', displayName: 'Billing', teamId: team.id },
    });
    expect(created.statusCode).toBe(201);
    const address = json<{ id: number; address: string; teamId: number }>(created);
    expect([address.address, address.teamId]).toEqual(['billing@help.example', team.id]);
    const duplicate = await app.inject({
      method: 'POST',
      url: '/api/email/addresses',
      headers: admin.headers,
      payload: { address: 'billing@help.example' },
    });
    expect(duplicate.statusCode).toBe(409);
    const forbidden = await app.inject({
      method: 'POST',
      url: '/api/email/addresses',
      headers: agent.headers,
      payload: { address: 'x@help.example' },
    });
    expect(forbidden.statusCode).toBe(403);

    const mailbox = await app.inject({
      method: 'POST',
      url: '/api/email/mailboxes',
      headers: admin.headers,
      payload: {
        name: 'Billing inbox',
        addressId: address.id,
        host: 'imap.help.example',
        username: 'billing',
        password: 's3cret',
        processedFolder: 'Tierline',
      },
    });
    expect(mailbox.statusCode).toBe(201);
    expect(mailbox.body).not.toContain('s3cret');
    expect(json(mailbox)).toMatchObject({
      hasPassword: true,
      port: 993,
      tls: true,
      mode: 'poll',
      folder: 'INBOX',
    });
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('action', 'like', 'email.%')
      .orderBy('id')
      .execute();
    expect(audit.map((row) => row.action)).toEqual(['email.address_created', 'email.mailbox_created']);
    expect(JSON.stringify(audit)).not.toContain('s3cret');
    const sameFolder = await app.inject({
      method: 'PATCH',
      url: `/api/email/mailboxes/${json<{ id: number }>(mailbox).id}`,
      headers: admin.headers,
      payload: { processedFolder: 'INBOX', folder: 'INBOX' },
    });
    expect(json(sameFolder)).toMatchObject({ error: { code: 'invalid_mailbox' } });
  });

  it('lists received messages with what became of them, and serves the raw message to admins', async () => {
    await accept(
      mail([
        'From: ooo@far.example',
        'To: desk@help.example',
        'Subject: Out of office',
        'Auto-Submitted: auto-replied',
        'Message-ID: <ooo@far.example>',
        '',
        'Away.',
      ]),
    );
    const list = json<{ messages: { id: number; outcome: string; reason: string }[] }>(
      await app.inject({ method: 'GET', url: '/api/email/inbound?state=dropped', headers: admin.headers }),
    );
    const dropped = list.messages.find((message) => message.outcome === 'auto_reply');
    expect(dropped?.reason).toBe('Auto-Submitted: auto-replied');
    const raw = await app.inject({
      method: 'GET',
      url: `/api/email/inbound/${dropped?.id}/raw`,
      headers: admin.headers,
    });
    expect(raw.body).toContain('Away.');
    expect(
      (await app.inject({ method: 'GET', url: '/api/email/inbound', headers: agent.headers })).statusCode,
    ).toBe(403);
  });
});

describe("people Cc'd on a ticket", () => {
  it("see that ticket — also from another organisation — and no other ticket of the requester's organisation", async () => {
    const requesterOrg = await factory.organisation();
    const domain = requesterOrg.domains[0];
    const colleagueTicket = await factory.ticket(
      await factory.person('customer', { organisationId: requesterOrg.id }),
      { subject: 'Colleague issue' },
    );
    const result = await accept(
      mail([
        `From: Rita <rita@${domain}>`,
        'To: desk@help.example',
        'Cc: Vic Vendor <vic@vendor-cc.example>',
        'Subject: Licence server down',
        `Message-ID: <cc-${domain}@mail.example>`,
        '',
        'Vic from our vendor is in Cc.',
      ]),
    );
    const vic = await ctx.people.findByEmail('vic@vendor-cc.example');
    expect(vic?.organisation_id).toBeNull();
    await ctx.db
      .insertInto('sessions')
      .values({ id: 'vic-session-hash', user_id: vic?.id ?? 0, expires_at: new Date(Date.now() + 3_600_000) })
      .execute();
    const vicActor = {
      userId: vic?.id ?? 0,
      role: 'customer' as const,
      organisationId: null,
      name: 'Vic',
      email: 'vic@vendor-cc.example',
      timeZone: 'UTC',
      scopes: null,
      sessionId: null,
    };

    const visible = await ctx.tickets.list(vicActor, {});
    expect(visible.rows.map((row) => row.id)).toEqual([result.ticketId]);
    await expect(ctx.tickets.get(vicActor, result.ticketId ?? 0)).resolves.toMatchObject({
      subject: 'Licence server down',
    });
    await expect(ctx.tickets.get(vicActor, colleagueTicket.id)).rejects.toMatchObject({
      code: 'ticket_not_found',
    });
    // A Cc'd person may answer in the portal like the requester.
    const answered = await ctx.tickets.addMessage(vicActor, result.ticketId ?? 0, {
      body: 'Restarted the licence service.',
      internal: false,
    });
    expect(answered.message.author_id).toBe(vic?.id);

    const clientAdmin = await factory.person('client_admin', { organisationId: requesterOrg.id });
    const adminView = await ctx.tickets.list(clientAdmin.actor, {});
    expect(adminView.rows.map((row) => row.id).sort()).toEqual([colleagueTicket.id, result.ticketId].sort());

    const participants = json<{ participants: { email: string }[] }>(
      await app.inject({
        method: 'GET',
        url: `/api/tickets/${result.ticketId}/participants`,
        headers: agent.headers,
      }),
    );
    expect(participants.participants.map((p) => p.email)).toEqual(['vic@vendor-cc.example']);
  });
});

describe('message HTML for display', () => {
  it('blocks remote images until asked, keeps them for restore, and hides internal notes from customers', async () => {
    const customer = await factory.person('customer');
    await ctx.db
      .updateTable('users')
      .set({ email: 'html-viewer@view.example' })
      .where('id', '=', customer.user.id)
      .execute();
    const result = await accept(
      mail([
        'From: html-viewer@view.example',
        'To: desk@help.example',
        'Subject: Newsletter broke my screen',
        'Message-ID: <html-1@view.example>',
        'Content-Type: text/html; charset=utf-8',
        '',
        '<p>See <img src="https://cdn.view.example/a.png" alt="a"></p><script>alert(1)</script>',
      ]),
    );
    const ticketId = result.ticketId ?? 0;
    const messageId = (
      await ctx.db
        .selectFrom('ticket_messages')
        .select('id')
        .where('ticket_id', '=', ticketId)
        .executeTakeFirstOrThrow()
    ).id;
    const blocked = json<{ html: string; hasRemoteContent: boolean; remoteShown: boolean }>(
      await app.inject({
        method: 'GET',
        url: `/api/tickets/${ticketId}/messages/${messageId}/html`,
        headers: customer.headers,
      }),
    );
    expect(blocked).toMatchObject({ hasRemoteContent: true, remoteShown: false });
    expect(blocked.html).toContain('data-remote-src="https://cdn.view.example/a.png"');
    expect(blocked.html).not.toContain('script');
    const shown = json<{ html: string }>(
      await app.inject({
        method: 'GET',
        url: `/api/tickets/${ticketId}/messages/${messageId}/html?remote=true`,
        headers: customer.headers,
      }),
    );
    expect(shown.html).toContain('<img alt="a" src="https://cdn.view.example/a.png" />');

    const note = json<{ messages: { id: number }[] }>(
      await app.inject({
        method: 'POST',
        url: `/api/tickets/${ticketId}/messages`,
        headers: agent.headers,
        payload: { body: 'internal', internal: true },
      }),
    );
    const noteId = note.messages.at(-1)?.id;
    expect(
      (
        await app.inject({
          method: 'GET',
          url: `/api/tickets/${ticketId}/messages/${noteId}/html`,
          headers: customer.headers,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await app.inject({
          method: 'GET',
          url: `/api/tickets/${ticketId}/messages/${noteId}/html`,
          headers: agent.headers,
        })
      ).statusCode,
    ).toBe(200);
  });

  it('gives each person their notification kinds, all on until turned off', async () => {
    const customer = await factory.person('customer');
    const prefs = json<{ preferences: { kind: string; email: boolean }[] }>(
      await app.inject({ method: 'GET', url: '/api/me/notification-preferences', headers: customer.headers }),
    );
    expect(prefs.preferences).toEqual([
      { kind: 'ticket_received', email: true },
      { kind: 'agent_reply', email: true },
      { kind: 'ticket_solved', email: true },
    ]);
    const staffPrefs = json<{ preferences: { kind: string }[] }>(
      await app.inject({ method: 'GET', url: '/api/me/notification-preferences', headers: agent.headers }),
    );
    expect(staffPrefs.preferences.map((p) => p.kind)).toContain('mentioned');
  });
});
