import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll } from 'vitest';
import type { TestApp } from '../../../../test/harness.ts';
import { JobRunner } from '../../jobs/job-runner.ts';

/** A support address routed to a new team, and the node's SMTP listener on a free port on 127.0.0.1. */
export async function startInboundSmtp(testApp: TestApp, address = 'support@help.example') {
  const { ctx, factory } = testApp;
  const team = await factory.team(1);
  await ctx.db
    .insertInto('email_addresses')
    .values({ address, display_name: 'Help Desk', team_id: team.id, is_default: true })
    .execute();
  ctx.email.addresses.invalidate();
  const port = await ctx.email.startSmtp(
    { ...ctx.config, TIERLINE_SMTP_PORT: 0, TIERLINE_SMTP_HOST: '127.0.0.1' },
    {
      info: () => {},
      warn: () => {},
      error: () => {},
    },
  );
  const client = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true });
  afterAll(async () => {
    client.close();
    await ctx.email.stop();
  });
  return { team, port, client, address };
}

export interface CaughtMail {
  envelopeTo: string[];
  raw: Buffer;
  parsed: ParsedMail;
}

/** An SMTP server standing in for the relay: it keeps what Tierline sends, and refuses rcpt "reject@…" with 550. */
export async function startSmtpSink() {
  const caught: CaughtMail[] = [];
  const server = new SMTPServer({
    logger: false,
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    onRcptTo: (address, _session, callback) => {
      if (address.address.startsWith('reject@')) {
        callback(Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }));
      } else callback();
    },
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw)
          .then((parsed) => {
            caught.push({ envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address), raw, parsed });
            callback();
          })
          .catch((error: Error) => callback(error));
      });
    },
  });
  const port = await new Promise<number>((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port, caught };
}

/** Runs the channel's jobs (send queue, outbox worker) on the test app's database. */
export async function startEmailJobs(testApp: TestApp) {
  const silent = { info: () => {}, warn: () => {}, error: () => {} };
  const jobs = new JobRunner(testApp.connectionString, silent);
  await jobs.start([]);
  await testApp.ctx.email.startJobs(jobs, testApp.ctx.live, silent, 1);
  afterAll(async () => {
    await testApp.ctx.email.stop();
    await jobs.stop();
  });
  return jobs;
}
