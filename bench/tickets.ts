// Ticket core benchmark: seeds N tickets (default 100,000) into a fresh embedded PostgreSQL,
// starts Tierline as its own process, and measures over HTTP on 127.0.0.1:
//   - ticket creation per second at concurrency 1 and 16 (with p50/p99 latency)
//   - a view page of 50 open tickets (p50/p99)
//   - a ticket with its conversation (p50/p99)
// Usage: node bench/tickets.ts [--tickets 100000] [--creates 2000] [--reads 1000]
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startEmbeddedPostgres } from '../server/src/db/embedded-postgres.ts';
import { migrate } from '../server/src/db/migrate.ts';
import { signIn, startTierline } from '../server/test/processes.ts';

const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '100000' },
    creates: { type: 'string', default: '2000' },
    reads: { type: 'string', default: '1000' },
  },
});
const TICKETS = Number(values.tickets);
const CREATES = Number(values.creates);
const READS = Number(values.reads);

const root = path.resolve(import.meta.dirname, '..');
const dataDir = path.join(root, '.test-data', `bench-tickets-${crypto.randomBytes(3).toString('hex')}`);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

function summary(latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms`;
}

// The load comes from node:http on keep-alive connections, asking for compressed answers as a
// browser does but never inflating them: on these 2 cores, fetch() and decompression took a
// fifth of the CPU the server under test needs.
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

function send(
  method: 'GET' | 'POST',
  url: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; body: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method,
        agent,
        headers: {
          ...headers,
          'accept-encoding': 'gzip, br',
          ...(payload === undefined ? {} : { 'content-length': String(Buffer.byteLength(payload)) }),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('latin1') }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** Runs `total` requests with `concurrency` workers; returns per-request latencies and elapsed time. */
async function load(total: number, concurrency: number, request: (index: number) => Promise<void>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const index = next++;
        const t0 = performance.now();
        await request(index);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

/** Linux clock ticks per second (getconf CLK_TCK), the unit of /proc/<pid>/stat times. */
const CLOCK_TICKS = 100;

/** CPU seconds a process has used in user space and in the kernel, or 0 once it is gone. */
function cpuSecondsOf(pid: number): { user: number; system: number } {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of the file (utime, stime); the slice starts at field 3.
    return { user: Number(fields[11]) / CLOCK_TICKS, system: Number(fields[12]) / CLOCK_TICKS };
  } catch {
    return { user: 0, system: 0 };
  }
}

const total = (cpu: { user: number; system: number }) => cpu.user + cpu.system;

/**
 * CPU used by Tierline, by every PostgreSQL process and by this load generator, so a phase can
 * be reported as CPU per request: on a shared 2-core VM that moves far less from run to run than
 * requests per second, and it shows how the two cores were shared.
 */
async function cpuSnapshot(client: pg.Client, appPid: number) {
  const { rows } = await client.query<{ pid: number }>('SELECT pid FROM pg_stat_activity');
  const database = new Map(rows.map(({ pid }) => [pid, total(cpuSecondsOf(pid))]));
  const load = process.cpuUsage();
  return { app: cpuSecondsOf(appPid), database, load: (load.user + load.system) / 1e6 };
}

/** Milliseconds of app, PostgreSQL and load-generator CPU per request between two snapshots. */
function cpuPerRequest(
  before: Awaited<ReturnType<typeof cpuSnapshot>>,
  after: Awaited<ReturnType<typeof cpuSnapshot>>,
  requests: number,
): string {
  let database = 0;
  for (const [pid, seconds] of after.database) database += seconds - (before.database.get(pid) ?? 0);
  const perRequest = (seconds: number) => ((seconds * 1000) / requests).toFixed(2);
  const app = total(after.app) - total(before.app);
  const kernel = app > 0 ? (after.app.system - before.app.system) / app : 0;
  return (
    `CPU per request: app ${perRequest(app)} ms (${(kernel * 100).toFixed(0)} % in the kernel), ` +
    `PostgreSQL ${perRequest(database)} ms, load generator ${perRequest(after.load - before.load)} ms`
  );
}

async function seed(client: pg.Client, count: number): Promise<void> {
  // Realistic spread: 20 organisations, 2,000 customers, 30 agents, 6 teams; 3 messages and 3 events per ticket.
  await client.query(
    `INSERT INTO organisations (name, domains) SELECT 'Org ' || g, ARRAY['org' || g || '.example'] FROM generate_series(1, 20) g`,
  );
  await client.query(
    `INSERT INTO teams (name, tier) SELECT 'Team ' || g, g % 4 FROM generate_series(1, 6) g`,
  );
  await client.query(`INSERT INTO users (email, name, role, organisation_id)
    SELECT 'customer' || g || '@bench.example', 'Customer ' || g, 'customer', 1 + g % 20 FROM generate_series(1, 2000) g`);
  await client.query(`INSERT INTO users (email, name, role)
    SELECT 'agent' || g || '@bench.example', 'Agent ' || g, 'operator' FROM generate_series(1, 30) g`);
  await client.query(`
    INSERT INTO tickets (subject, status, type, channel, priority, requester_id, organisation_id, team_id, assignee_id, tags, created_at, updated_at)
    SELECT 'Seeded problem number ' || g || ' with the ' || (ARRAY['printer','vpn','laptop','email','database'])[1 + g % 5],
           (ARRAY['new','open','pending','on_hold','solved','closed','closed','closed'])[1 + g % 8],
           (ARRAY['question','incident','problem','service_request','bug'])[1 + g % 5],
           (ARRAY['email','portal','chat','phone','api'])[1 + g % 5],
           (ARRAY['P1','P2','P3','P4'])[1 + g % 4],
           u.id, u.organisation_id, 1 + g % 6, CASE WHEN g % 3 = 0 THEN NULL ELSE a.id END,
           ARRAY[(ARRAY['hardware','software','network'])[1 + g % 3]],
           date_trunc('milliseconds', now() - (g || ' minutes')::interval),
           date_trunc('milliseconds', now() - (g || ' minutes')::interval + interval '5 minutes')
    FROM generate_series(1, ${count}) g
    JOIN users u ON u.email = 'customer' || (1 + g % 2000) || '@bench.example'
    JOIN users a ON a.email = 'agent' || (1 + g % 30) || '@bench.example'`);
  await client.query(`
    INSERT INTO ticket_messages (ticket_id, author_id, visibility, body, created_at)
    SELECT t.id, CASE WHEN m = 2 THEN t.assignee_id ELSE t.requester_id END,
           CASE WHEN m = 3 THEN 'internal' ELSE 'public' END,
           repeat('Message ' || m || ' of ticket ' || t.id || '. ', 20), t.created_at + (m || ' minutes')::interval
    FROM tickets t CROSS JOIN generate_series(1, 3) m`);
  await client.query(`
    INSERT INTO ticket_events (ticket_id, actor_id, type, data, created_at)
    SELECT t.id, t.requester_id, e.type, '{}'::jsonb, t.created_at + (e.n || ' minutes')::interval
    FROM tickets t CROSS JOIN (VALUES (1, 'ticket.created'), (2, 'message.added'), (3, 'ticket.updated')) AS e(n, type)`);
  await client.query('VACUUM ANALYZE');
}

async function main(): Promise<void> {
  console.log(`Seeding ${TICKETS.toLocaleString('en')} tickets…`);
  const database = await startEmbeddedPostgres(dataDir, {
    info: () => {},
    warn: (message) => console.warn(message),
  });
  const pool = new pg.Pool({ connectionString: database.connectionString, max: 2 });
  let server: Awaited<ReturnType<typeof startTierline>> | null = null;
  try {
    await migrate(pool);
    const client = new pg.Client({ connectionString: database.connectionString });
    client.on('error', () => {}); // the server stops at the end while this client may still be open
    await client.connect();
    const seedStart = performance.now();
    await seed(client, TICKETS);
    console.log(`Seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    server = await startTierline({
      DATABASE_URL: database.connectionString,
      TIERLINE_DATA_DIR: path.join(dataDir, 'app'),
      TIERLINE_ADMIN_EMAIL: 'admin@bench.example',
      TIERLINE_ADMIN_PASSWORD: 'benchmark-password',
      TIERLINE_JOBS: 'false',
      LOG_LEVEL: 'warn',
    });
    const token = await signIn(server.url, 'admin@bench.example', 'benchmark-password');
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const url = server.url;
    const requester = Number(
      (await client.query<{ id: string }>("SELECT id FROM users WHERE email = 'customer7@bench.example'"))
        .rows[0]!.id,
    );
    const create = async (index: number) => {
      const response = await send('POST', `${url}/api/tickets`, headers, {
        subject: `Benchmark ticket ${index}`,
        body: 'The printer is on fire.',
        requesterId: requester,
        impact: 'medium',
        urgency: 'high',
        tags: ['bench'],
      });
      if (response.status !== 201) throw new Error(`create answered ${response.status}: ${response.body}`);
    };
    const get = async (path: string) => {
      const response = await send('GET', `${url}${path}`, headers);
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
    };

    await load(200, 4, (index) => create(-index)); // warm-up: JIT, pool, caches
    await load(200, 4, () => get('/api/tickets?status=new,open,pending,on_hold&limit=50'));

    const results: string[] = [];
    const appPid = server.process.pid ?? 0;
    const serial = await load(Math.min(500, CREATES), 1, create);
    results.push(
      `create, concurrency 1:  ${(serial.latencies.length / serial.seconds).toFixed(0)} tickets/s (${summary(serial.latencies)})`,
    );
    const beforeCreates = await cpuSnapshot(client, appPid);
    const parallel = await load(CREATES, 16, create);
    const afterCreates = await cpuSnapshot(client, appPid);
    results.push(
      `create, concurrency 16: ${(parallel.latencies.length / parallel.seconds).toFixed(0)} tickets/s (${summary(parallel.latencies)}); ${cpuPerRequest(beforeCreates, afterCreates, CREATES)}`,
    );

    const view = await load(READS, 1, () => get('/api/tickets?status=new,open,pending,on_hold&limit=50'));
    results.push(`view page of 50 open tickets: ${summary(view.latencies)}`);
    const viewPriority = await load(READS, 1, () =>
      get('/api/tickets?status=new,open&priority=P1,P2&sort=priority&limit=50'),
    );
    results.push(`view page, P1/P2 by priority: ${summary(viewPriority.latencies)}`);

    const maxId = Number(
      (await client.query<{ max: string }>('SELECT max(id) AS max FROM tickets')).rows[0]!.max,
    );
    const ticket = await load(READS, 1, () =>
      get(`/api/tickets/${1001 + Math.floor(Math.random() * (maxId - 1001))}`),
    );
    results.push(`ticket with conversation: ${summary(ticket.latencies)}`);
    const beforeReads = await cpuSnapshot(client, appPid);
    const concurrentReads = await load(READS * 2, 16, () =>
      get(`/api/tickets/${1001 + Math.floor(Math.random() * (maxId - 1001))}`),
    );
    const afterReads = await cpuSnapshot(client, appPid);
    results.push(
      `ticket with conversation, concurrency 16: ${(concurrentReads.latencies.length / concurrentReads.seconds).toFixed(0)} req/s (${summary(concurrentReads.latencies)}); ${cpuPerRequest(beforeReads, afterReads, READS * 2)}`,
    );
    await client.end();

    console.log(
      `\nTierline ticket benchmark — ${TICKETS.toLocaleString('en')} seeded tickets, ${(TICKETS * 3).toLocaleString('en')} messages, Node ${process.version}`,
    );
    for (const line of results) console.log(`  ${line}`);
  } finally {
    await server?.stop();
    await pool.end();
    await database.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
