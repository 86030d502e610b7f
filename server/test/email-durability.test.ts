import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import nodemailer from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, signIn, startTierline, type TierlineProcess } from './processes.ts';

// Embedded PostgreSQL needs a data dir the postgres user can reach: under the repo, not in /tmp.
const dataDir = path.resolve(
  import.meta.dirname,
  '../../.test-data',
  `email-durability-${crypto.randomBytes(4).toString('hex')}`,
);
const smtpPort = await freePort();
const env = {
  TIERLINE_DATA_DIR: dataDir,
  TIERLINE_ADMIN_EMAIL: 'admin@mail-durability.test',
  TIERLINE_ADMIN_PASSWORD: 'correct horse battery',
  TIERLINE_JOBS: 'false',
  TIERLINE_SMTP_PORT: String(smtpPort),
  TIERLINE_EMAIL_SENDER_LIMIT: '100000',
};
const running: TierlineProcess[] = [];
afterAll(async () => {
  await Promise.all(running.map((node) => node.stop()));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const TOTAL = 500;
const message = (index: number) => ({
  envelope: { from: `sender${index % 25}@crash.example`, to: ['support@crash.example'] },
  raw: [
    `From: Sender ${index % 25} <sender${index % 25}@crash.example>`,
    'To: support@crash.example',
    `Subject: Crash mail ${index}`,
    `Message-ID: <crash-${index}@crash.example>`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    `Message number ${index} must be in exactly one ticket.`,
    '',
  ].join('\r\n'),
});

function postmasterPid(): number {
  const text = fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8');
  return Number.parseInt(text.split('\n')[0] ?? '', 10);
}

/** Every received message with its ticket, read through the admin API, newest first. */
async function inboundLog(url: string, token: string) {
  const rows: { messageId: string; ticketId: number | null; outcome: string }[] = [];
  let before: number | undefined;
  for (;;) {
    const response = await fetch(`${url}/api/email/inbound?limit=200${before ? `&before=${before}` : ''}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const page = (
      (await response.json()) as {
        messages: { id: number; messageId: string; ticketId: number | null; outcome: string }[];
      }
    ).messages;
    rows.push(...page);
    if (page.length < 200) return rows;
    before = page.at(-1)?.id;
  }
}

describe('email durability', () => {
  it('keeps every message answered 250 through kill -9 of Tierline and its PostgreSQL, and imports none twice', async () => {
    const first = await startTierline(env);
    running.push(first);
    const token = await signIn(first.url, env.TIERLINE_ADMIN_EMAIL, env.TIERLINE_ADMIN_PASSWORD);
    const added = await fetch(`${first.url}/api/email/addresses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ address: 'support@crash.example', isDefault: true }),
    });
    expect(added.status).toBe(201);

    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: smtpPort,
      secure: false,
      ignoreTLS: true,
    });
    const acknowledged = new Set<number>();
    let next = 0;
    const sender = async () => {
      while (next < TOTAL) {
        const index = next++;
        try {
          const info = await transport.sendMail(message(index));
          if (info.response.startsWith('250')) acknowledged.add(index);
        } catch {
          // Refused, or the server is gone: not acknowledged, the sender would retry later.
        }
      }
    };
    const senders = Array.from({ length: 8 }, sender);
    while (acknowledged.size < 200) await new Promise((resolve) => setTimeout(resolve, 5));
    const postgresPid = postmasterPid();
    first.process.kill('SIGKILL');
    process.kill(postgresPid, 'SIGKILL');
    await Promise.all(senders);
    await first.exited;
    expect(acknowledged.size).toBeGreaterThanOrEqual(200);
    expect(acknowledged.size).toBeLessThan(TOTAL);

    const restarted = await startTierline(env);
    running.push(restarted);
    const restartedToken = await signIn(restarted.url, env.TIERLINE_ADMIN_EMAIL, env.TIERLINE_ADMIN_PASSWORD);
    const afterCrash = await inboundLog(restarted.url, restartedToken);
    const byMessageId = new Map(afterCrash.map((row) => [row.messageId, row]));
    const lost = [...acknowledged].filter(
      (index) => typeof byMessageId.get(`crash-${index}@crash.example`)?.ticketId !== 'number',
    );
    expect(lost).toEqual([]);

    // Senders retry everything they did not see acknowledged — and some of what they did, as
    // when a 250 is lost on the way (the last ones before the kill, and a sample of the rest).
    const acked = [...acknowledged].sort((a, b) => a - b);
    const resend = [
      ...Array.from({ length: TOTAL }, (_, index) => index).filter((index) => !acknowledged.has(index)),
      ...acked.slice(-20),
      ...acked.filter((_, position) => position % 10 === 0),
    ];
    const responses: string[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let index = resend.shift(); index !== undefined; index = resend.shift()) {
          responses.push((await transport.sendMail(message(index))).response);
        }
      }),
    );
    transport.close();
    expect(responses.filter((response) => !response.startsWith('250'))).toEqual([]);
    const final = await inboundLog(restarted.url, restartedToken);
    expect(final).toHaveLength(TOTAL);
    const tickets = new Set(final.map((row) => row.ticketId));
    expect(tickets.size).toBe(TOTAL);
    expect(final.every((row) => row.outcome === 'new_ticket')).toBe(true);
    const sample = [...acknowledged].slice(0, 20);
    for (const index of sample) {
      const ticketId = byMessageId.get(`crash-${index}@crash.example`)?.ticketId;
      const response = await fetch(`${restarted.url}/api/tickets/${ticketId}`, {
        headers: { authorization: `Bearer ${restartedToken}` },
      });
      expect(((await response.json()) as { subject: string }).subject).toBe(`Crash mail ${index}`);
    }
  }, 120_000);
});
