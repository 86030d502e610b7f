// Email intake benchmark: starts Tierline as its own process on a fresh embedded PostgreSQL with
// its SMTP listener on 127.0.0.1, and measures messages per second accepted over SMTP (250 after
// the ticket is committed), with p50/p99 time to 250:
//   - new tickets: each message from a new sender (a customer is created, organisation by domain)
//   - replies: each message answers one of those tickets by In-Reply-To
// Usage: node bench/email.ts [--messages 2000] [--concurrency 16]
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import nodemailer from 'nodemailer';
import { freePort, signIn, startTierline } from '../server/test/processes.ts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '16' },
  },
});
const MESSAGES = Number(values.messages);
const CONCURRENCY = Number(values.concurrency);

const root = path.resolve(import.meta.dirname, '..');
const dataDir = path.join(root, '.test-data', `bench-email-${crypto.randomBytes(3).toString('hex')}`);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function load(total: number, concurrency: number, send: (index: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const index = next++;
        const t0 = performance.now();
        await send(index);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const sorted = latencies.sort((a, b) => a - b);
  return `${(total / seconds).toFixed(0)} messages/s (${total} in ${seconds.toFixed(1)} s; 250 after p50 ${percentile(sorted, 50).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms)`;
}

async function main(): Promise<void> {
  const smtpPort = await freePort();
  const server = await startTierline({
    TIERLINE_DATA_DIR: dataDir,
    TIERLINE_ADMIN_EMAIL: 'admin@bench.example',
    TIERLINE_ADMIN_PASSWORD: 'benchmark-password',
    TIERLINE_JOBS: 'false',
    TIERLINE_SMTP_PORT: String(smtpPort),
    TIERLINE_EMAIL_SENDER_LIMIT: '100000',
    LOG_LEVEL: 'warn',
  });
  // A mail server keeps its connections to a relay open; so does this one.
  const transport = nodemailer.createTransport({
    host: '127.0.0.1',
    port: smtpPort,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: CONCURRENCY,
    maxMessages: Number.POSITIVE_INFINITY,
  });
  try {
    const token = await signIn(server.url, 'admin@bench.example', 'benchmark-password');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const team = await fetch(`${server.url}/api/teams`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'Service desk', tier: 1 }),
    });
    const teamId = ((await team.json()) as { id?: number }).id ?? null;
    await fetch(`${server.url}/api/email/addresses`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ address: 'support@bench.example', isDefault: true, teamId }),
    });
    const send = async (raw: string, from: string) => {
      const info = await transport.sendMail({ envelope: { from, to: ['support@bench.example'] }, raw });
      if (!info.response.startsWith('250')) throw new Error(`answered ${info.response}`);
    };
    const newTicket = (prefix: string) => (index: number) => {
      const from = `customer${index}@${prefix}${index % 50}.example`;
      return send(
        [
          `From: Customer ${index} <${from}>`,
          'To: support@bench.example',
          `Subject: Printer ${index} shows error E-${index % 900}`,
          `Message-ID: <${prefix}-${index}@bench.example>`,
          'MIME-Version: 1.0',
          'Content-Type: multipart/alternative; boundary="b"',
          '',
          '--b',
          'Content-Type: text/plain; charset=utf-8',
          '',
          `The printer on floor ${index % 7} shows an error and prints nothing since this morning.`,
          '--b',
          'Content-Type: text/html; charset=utf-8',
          '',
          `<p>The printer on floor ${index % 7} shows an <b>error</b> and prints nothing since this morning.</p>`,
          '--b--',
          '',
        ].join('\r\n'),
        from,
      );
    };
    const reply = (index: number) => {
      const from = `customer${index}@new${index % 50}.example`;
      return send(
        [
          `From: Customer ${index} <${from}>`,
          'To: support@bench.example',
          `Subject: Re: Printer ${index} shows error E-${index % 900}`,
          `In-Reply-To: <new-${index}@bench.example>`,
          `References: <new-${index}@bench.example>`,
          `Message-ID: <reply-${index}@bench.example>`,
          'Content-Type: text/plain; charset=utf-8',
          '',
          'It happened again just now.',
          '',
          `On Mon, 3 Mar 2025 at 09:00, Customer ${index} <${from}> wrote:`,
          '> The printer shows an error and prints nothing since this morning.',
          '',
        ].join('\r\n'),
        from,
      );
    };

    await load(200, CONCURRENCY, newTicket('warmup')); // JIT, pool, caches
    const results = [
      `new tickets, ${CONCURRENCY} connections: ${await load(MESSAGES, CONCURRENCY, newTicket('new'))}`,
      `replies,     ${CONCURRENCY} connections: ${await load(MESSAGES, CONCURRENCY, reply)}`,
      `new tickets, 1 connection:   ${await load(Math.min(500, MESSAGES), 1, newTicket('serial'))}`,
    ];
    console.log(
      `\nTierline email intake benchmark — SMTP on 127.0.0.1, embedded PostgreSQL, Node ${process.version}`,
    );
    for (const line of results) console.log(`  ${line}`);
  } finally {
    transport.close();
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
