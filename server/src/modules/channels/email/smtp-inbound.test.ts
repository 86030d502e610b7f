import nodemailer from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, json } from '../../../../test/harness.ts';
import { startInboundSmtp } from './email-test-kit.ts';
import { SmtpListener } from './smtp-listener.ts';

const testApp = await createTestApp({ TIERLINE_EMAIL_SUBJECT_MATCH_DAYS: '7', TIERLINE_SMTP_MAX_MB: '1' });
const { app, ctx, factory } = testApp;
const { client, team, address } = await startInboundSmtp(testApp);
const agent = await factory.person('operator');

interface TicketBody {
  id: number;
  status: string;
  channel: string;
  team: { id: number } | null;
  requester: { id: number; email: string };
  messages: { body: string; channel: string; attachments: { filename: string }[] }[];
}
const ticket = async (id: number) =>
  json<TicketBody>(await app.inject({ method: 'GET', url: `/api/tickets/${id}`, headers: agent.headers }));
const inboundOf = (messageId: string) =>
  ctx.db
    .selectFrom('email_inbound')
    .selectAll()
    .where('message_id', '=', messageId)
    .executeTakeFirstOrThrow();

describe('SMTP listener', () => {
  it("turns a mail from an unknown sender into an email ticket in the address's queue, with the sender as a customer of their domain's organisation", async () => {
    const organisation = await factory.organisation();
    const domain = organisation.domains[0];
    const info = await client.sendMail({
      from: `"Maria Lopez" <maria@${domain}>`,
      to: address,
      subject: 'VPN drops every hour',
      text: 'Since Monday the VPN disconnects every hour.\n\nMaria',
      messageId: `<first-${domain}@mail.example>`,
      attachments: [{ filename: 'vpn.log', content: 'timeout at 10:00' }],
    });
    expect(info.response).toMatch(/^250/);
    const row = await inboundOf(`first-${domain}@mail.example`);
    expect(row.outcome).toBe('new_ticket');
    const created = await ticket(row.ticket_id ?? 0);
    expect(created.channel).toBe('email');
    expect(created.team?.id).toBe(team.id);
    expect(created.requester.email).toBe(`maria@${domain}`);
    expect(created.messages[0]?.body).toBe('Since Monday the VPN disconnects every hour.\n\nMaria');
    expect(created.messages[0]?.attachments.map((a) => a.filename)).toEqual(['vpn.log']);
    const person = await ctx.people.findByEmail(`maria@${domain}`);
    expect(person?.organisation_id).toBe(organisation.id);

    // The reply threads by In-Reply-To, and the quoted history is not part of the body.
    await client.sendMail({
      from: `maria@${domain}`,
      to: address,
      subject: 'Re: VPN drops every hour',
      text: `It happened again.\n\nOn Mon, 3 Mar 2025 at 10:00, Maria <maria@${domain}> wrote:\n> Since Monday the VPN disconnects every hour.`,
      inReplyTo: `<first-${domain}@mail.example>`,
      messageId: `<second-${domain}@mail.example>`,
    });
    const reply = await inboundOf(`second-${domain}@mail.example`);
    expect(reply.ticket_id).toBe(created.id);
    expect(reply.quoted_text).toContain('> Since Monday');
    const after = await ticket(created.id);
    expect(after.messages.map((m) => m.body)).toEqual([created.messages[0]?.body, 'It happened again.']);
    expect(after.messages[1]?.channel).toBe('email');
  });

  it('imports a message delivered twice (same Message-ID) once, and answers 250 both times', async () => {
    const mail = {
      from: 'twice@elsewhere.example',
      to: address,
      subject: 'Printer jam',
      text: 'Jammed.',
      messageId: '<twice@elsewhere.example>',
    };
    expect((await client.sendMail(mail)).response).toMatch(/^250/);
    expect((await client.sendMail(mail)).response).toMatch(/^250/);
    const rows = await ctx.db
      .selectFrom('email_inbound')
      .select('ticket_id')
      .where('message_id', '=', 'twice@elsewhere.example')
      .execute();
    expect(rows).toHaveLength(1);
    const tickets = await ctx.db
      .selectFrom('tickets')
      .select('id')
      .where('subject', '=', 'Printer jam')
      .execute();
    expect(tickets).toHaveLength(1);
  });

  it('refuses recipients that are not support addresses (550) and messages over the size limit (552)', async () => {
    await expect(
      client.sendMail({ from: 'a@b.example', to: 'nobody@help.example', subject: 'x', text: 'x' }),
    ).rejects.toMatchObject({
      responseCode: 550,
    });
    await expect(
      client.sendMail({ from: 'a@b.example', to: address, subject: 'big', text: 'x'.repeat(1_200_000) }),
    ).rejects.toMatchObject({ responseCode: 552 });
  });

  it('with AUTH configured, refuses senders who do not log in (530) and takes mail from those who do', async () => {
    const silent = { warn: () => {}, error: () => {} };
    const listener = new SmtpListener(ctx.email.inbound, ctx.email.addresses, {
      host: '127.0.0.1',
      port: 0,
      maxBytes: 1024 * 1024,
      authUser: 'mta',
      authPassword: 'relay-secret',
      log: silent,
    });
    const port = await listener.start();
    afterAll(() => listener.stop());
    const mail = {
      from: 'auth@relay.example',
      to: address,
      subject: 'Via the relay',
      text: 'Hello',
      messageId: '<auth-1@relay.example>',
    };
    const anonymous = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
    await expect(anonymous.sendMail(mail)).rejects.toMatchObject({ responseCode: 530 });
    const wrong = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      ignoreTLS: true,
      auth: { user: 'mta', pass: 'nope' },
    });
    await expect(wrong.sendMail(mail)).rejects.toMatchObject({ responseCode: 535 });
    const relay = nodemailer.createTransport({
      host: '127.0.0.1',
      port,
      secure: false,
      ignoreTLS: true,
      auth: { user: 'mta', pass: 'relay-secret' },
    });
    expect((await relay.sendMail(mail)).response).toMatch(/^250/);
  });
});
