import { ImapFlow } from 'imapflow';
import { afterAll, describe, expect, it } from 'vitest';
import { startDovecot } from '../../../../test/dovecot.ts';
import { createTestApp, json } from '../../../../test/harness.ts';
import { eventually } from '../../../../test/processes.ts';

const dovecot = await startDovecot();
afterAll(() => dovecot.stop());
const { app, ctx, factory } = await createTestApp();
const admin = await factory.person('admin');
const team = await factory.team(1);
await ctx.db
  .insertInto('email_addresses')
  .values({ address: 'support@imap.example', team_id: team.id, is_default: true })
  .execute();

const mailbox = new ImapFlow({
  host: dovecot.host,
  port: dovecot.port,
  secure: false,
  auth: { user: dovecot.user, pass: dovecot.password },
  logger: false,
});
await mailbox.connect();
afterAll(async () => {
  await ctx.email.stop();
  await mailbox.logout();
});

const mail = (id: string, subject: string) =>
  Buffer.from(
    [
      `From: Yara <yara@imap-customer.example>`,
      'To: support@imap.example',
      `Subject: ${subject}`,
      `Message-ID: <${id}@imap-customer.example>`,
      '',
      `${subject}, please help.`,
      '',
    ].join('\r\n'),
  );
const count = async (folder: string) => {
  const status = await mailbox.status(folder, { messages: true });
  return status ? (status.messages ?? 0) : 0;
};
const addMailbox = async (payload: Record<string, unknown>) => {
  const response = await app.inject({
    method: 'POST',
    url: '/api/email/mailboxes',
    headers: admin.headers,
    payload: {
      name: 'Support',
      host: dovecot.host,
      port: dovecot.port,
      tls: false,
      username: dovecot.user,
      password: dovecot.password,
      pollSeconds: 5,
      ...payload,
    },
  });
  expect(response.statusCode).toBe(201);
  return json<{ id: number }>(response).id;
};
const ticketOf = (messageId: string) =>
  ctx.db
    .selectFrom('email_inbound')
    .select(['ticket_id', 'source'])
    .where('message_id', '=', messageId)
    .execute();

describe('IMAP mailbox (Dovecot on 127.0.0.1)', () => {
  it('imports new mail, moves it to the processed folder only after the import, and never imports a message twice', async () => {
    await mailbox.append('INBOX', mail('imap-1', 'Docking station dead'));
    await mailbox.append('INBOX', mail('imap-2', 'Keyboard missing keys'));
    const id = await addMailbox({ processedFolder: 'Tierline' });

    const polled = await app.inject({
      method: 'POST',
      url: `/api/email/mailboxes/${id}/poll`,
      headers: admin.headers,
    });
    expect(json(polled)).toEqual({ imported: 2, duplicates: 0 });
    expect(await count('INBOX')).toBe(0);
    expect(await count('Tierline')).toBe(2);
    const [first] = await ticketOf('imap-1@imap-customer.example');
    expect(first?.source).toBe(`mailbox:${id}`);
    const ticket = await ctx.tickets.get(admin.actor, first?.ticket_id ?? 0);
    expect([ticket.subject, ticket.channel, ticket.team_id]).toEqual([
      'Docking station dead',
      'email',
      team.id,
    ]);

    // As if Tierline died after committing but before the move: the message is still there next time.
    await mailbox.append('INBOX', mail('imap-1', 'Docking station dead'));
    expect(await ctx.email.poller.pollMailbox(id)).toEqual({ imported: 0, duplicates: 1 });
    expect(await count('INBOX')).toBe(0);
    expect(await ticketOf('imap-1@imap-customer.example')).toHaveLength(1);
    const row = json<{ mailboxes: { id: number; lastPolledAt: string | null; lastError: string | null }[] }>(
      await app.inject({ method: 'GET', url: '/api/email/mailboxes', headers: admin.headers }),
    ).mailboxes.find((candidate) => candidate.id === id);
    expect(row?.lastError).toBeNull();
    expect(row?.lastPolledAt).not.toBeNull();
    await app.inject({
      method: 'PATCH',
      url: `/api/email/mailboxes/${id}`,
      headers: admin.headers,
      payload: { active: false },
    });
  });

  it('without a processed folder, flags imported mail \\Seen and leaves it in place', async () => {
    await mailbox.mailboxCreate('Billing');
    await mailbox.append('Billing', mail('imap-3', 'Invoice twice'));
    const id = await addMailbox({ folder: 'Billing' });
    expect(await ctx.email.poller.pollMailbox(id)).toEqual({ imported: 1, duplicates: 0 });
    expect(await ctx.email.poller.pollMailbox(id)).toEqual({ imported: 0, duplicates: 0 });
    const lock = await mailbox.getMailboxLock('Billing');
    try {
      const message = await mailbox.fetchOne('*', { flags: true });
      expect(message && [...(message.flags ?? [])]).toContain('\\Seen');
    } finally {
      lock.release();
    }
    await app.inject({
      method: 'PATCH',
      url: `/api/email/mailboxes/${id}`,
      headers: admin.headers,
      payload: { active: false },
    });
  });

  it('in IDLE mode fetches a message as soon as the server announces it', async () => {
    await mailbox.mailboxCreate('Urgent');
    const id = await addMailbox({
      folder: 'Urgent',
      mode: 'idle',
      processedFolder: 'Urgent-done',
      pollSeconds: 3600,
    });
    expect(await ctx.email.poller.pollMailbox(id)).toEqual({ imported: 0, duplicates: 0 });
    await mailbox.append('Urgent', mail('imap-4', 'Server room too hot'));
    const [row] = await eventually(async () => {
      const rows = await ticketOf('imap-4@imap-customer.example');
      return rows.length > 0 ? rows : undefined;
    });
    expect(row?.ticket_id).toBeGreaterThan(0);
    await eventually(async () => ((await count('Urgent-done')) === 1 ? true : undefined));
  });

  it('reports a mailbox it cannot log in to', async () => {
    const id = await addMailbox({ password: 'wrong-password', folder: 'INBOX' });
    const response = await app.inject({
      method: 'POST',
      url: `/api/email/mailboxes/${id}/poll`,
      headers: admin.headers,
    });
    expect(json(response)).toMatchObject({ error: { code: 'mailbox_unreachable' } });
    const saved = await ctx.db
      .selectFrom('email_mailboxes')
      .select('last_error')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(saved.last_error).toBeTruthy();
  });
});
