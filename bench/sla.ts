// SLA engine benchmark: seeds N open tickets (default 100,000) with realistic event histories
// into a fresh embedded PostgreSQL, configures calendars, policies and an escalation rule through
// the services, and measures in process:
//   - the full recompute of the SLA state of every open ticket: the first pass (every row
//     inserted), after a policy change that moves every target, after a change that moves nothing
//   - the sweep query that finds tickets whose next checkpoint has come (p50/p99)
//   - the sweep job, once the backlog is handled, run minute by minute of simulated time (p50/p99)
// Usage: npm run bench:sla [-- --tickets 100000 --queries 300 --minutes 60 --concurrency 4]
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import type { Actor } from '../server/src/access/actor.ts';
import { createDb } from '../server/src/db/database.ts';
import { startEmbeddedPostgres } from '../server/src/db/embedded-postgres.ts';
import { migrate } from '../server/src/db/migrate.ts';
import { EscalationActions } from '../server/src/modules/escalation/escalation-actions.ts';
import { EscalationRuleService } from '../server/src/modules/escalation/escalation-rule.service.ts';
import { BusinessCalendarService } from '../server/src/modules/sla/calendar.service.ts';
import { SlaService } from '../server/src/modules/sla/sla.service.ts';
import { SlaPolicyService } from '../server/src/modules/sla/sla-policy.service.ts';
import { computeTicketSla, loadSlaInputs } from '../server/src/modules/sla/sla-refresh.ts';
import { SlaSweep } from '../server/src/modules/sla/sla-sweep.ts';
import { setTicketEventListener } from '../server/src/modules/tickets/ticket-history.ts';

const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '100000' },
    queries: { type: 'string', default: '300' },
    minutes: { type: 'string', default: '60' },
    concurrency: { type: 'string', default: '4' },
  },
});
const TICKETS = Number(values.tickets);
const QUERIES = Number(values.queries);
const MINUTES = Number(values.minutes);
const CONCURRENCY = Number(values.concurrency);
const MINUTE = 60_000;

const root = path.resolve(import.meta.dirname, '..');
const dataDir = path.join(root, '.test-data', `bench-sla-${crypto.randomBytes(3).toString('hex')}`);
// Bounded: whatever happens, the process ends (the finally block below cleans up first).
setTimeout(() => {
  console.error('bench/sla.ts: gave up after 20 minutes');
  process.exit(2);
}, 20 * MINUTE).unref();

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
function summary(latencies: number[]): string {
  const sorted = [...latencies].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms, max ${(sorted.at(-1) ?? 0).toFixed(2)} ms`;
}
async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const started = performance.now();
  const result = await run();
  return { ms: performance.now() - started, result };
}

type Db = ReturnType<typeof createDb>['db'];

/**
 * 200 organisations, 5,000 customers, 50 agents. Each ticket: created by its customer; unless new,
 * a public agent reply that opens it (within 6 h); an internal note on a third; pending and on-hold
 * tickets waited on the customer or a third party; half of the open ones went pending and came
 * back with a customer reply; a tenth changed priority. About 5 events per ticket.
 */
export async function seed(db: Db, count: number): Promise<number> {
  const run = (text: string) => sql.raw(text).execute(db);
  await run(`INSERT INTO organisations (name) SELECT 'Org ' || g FROM generate_series(1, 200) g`);
  await run(`INSERT INTO users (email, name, role, organisation_id)
    SELECT 'customer' || g || '@bench.example', 'Customer ' || g, 'customer', o.id
    FROM generate_series(1, 5000) g JOIN (SELECT id, row_number() OVER (ORDER BY id) AS n FROM organisations) o ON o.n = 1 + g % 200`);
  await run(
    `INSERT INTO users (email, name, role) SELECT 'agent' || g || '@bench.example', 'Agent ' || g, 'operator' FROM generate_series(1, 50) g`,
  );
  await run(
    `INSERT INTO users (email, name, role) VALUES ('supervisor@bench.example', 'Supervisor', 'supervisor'), ('admin@bench.example', 'Admin', 'admin')`,
  );
  await run(
    `INSERT INTO teams (name, tier) VALUES ('Service desk', 1), ('Network', 2), ('Platform', 2), ('Engineering', 3)`,
  );
  await run(`SELECT setseed(0.42)`);
  await run(`CREATE TEMP TABLE plan AS
    SELECT g, 1000 + g AS ticket_id,
      (ARRAY['new','open','open','open','open','pending','pending','on_hold'])[1 + floor(random() * 8)::int] AS status,
      (ARRAY['P1','P2','P3','P3','P4','P4'])[1 + floor(random() * 6)::int] AS priority,
      (ARRAY['question','incident','problem','service_request','bug'])[1 + floor(random() * 5)::int] AS type,
      (ARRAY['email','portal','chat','phone'])[1 + floor(random() * 4)::int] AS channel,
      1 + floor(random() * 5000)::int AS customer_n, floor(random() * 50)::int AS agent_n,
      random() AS age, random() * interval '6 hours' AS reply_after, random() AS later, random() < 0.5 AS followed_up
    FROM generate_series(1, ${count}) g`);
  // New tickets came in over the last 4 hours; the others over the last 10 days.
  await run(`ALTER TABLE plan ADD COLUMN created_at timestamptz`);
  await run(
    `UPDATE plan SET created_at = date_trunc('milliseconds', now() - CASE WHEN status = 'new' THEN age * interval '4 hours' ELSE interval '6 hours' + age * interval '10 days' END)`,
  );
  await run(
    `CREATE TEMP TABLE customers AS SELECT row_number() OVER (ORDER BY id) AS n, id, organisation_id FROM users WHERE role = 'customer'`,
  );
  await run(
    `CREATE TEMP TABLE agents AS SELECT row_number() OVER (ORDER BY id) - 1 AS n, id FROM users WHERE role = 'operator'`,
  );
  await run(`INSERT INTO tickets (id, subject, status, type, channel, priority, requester_id, organisation_id, team_id, assignee_id, created_at, updated_at, first_responded_at)
    OVERRIDING SYSTEM VALUE
    SELECT p.ticket_id, 'Seeded request ' || p.g, p.status, p.type, p.channel, p.priority, c.id, c.organisation_id,
      (SELECT min(id) FROM teams), a.id, p.created_at, p.created_at, CASE WHEN p.status <> 'new' THEN p.created_at + p.reply_after END
    FROM plan p JOIN customers c ON c.n = p.customer_n JOIN agents a ON a.n = p.agent_n ORDER BY p.g`);
  await run(`SELECT setval(pg_get_serial_sequence('tickets', 'id'), (SELECT max(id) FROM tickets))`);
  // Events in time order per ticket, so their ids follow the history.
  await run(`INSERT INTO ticket_events (ticket_id, actor_id, type, data, created_at)
    SELECT ticket_id, actor_id, type, data::jsonb, least(at, now() - interval '1 minute') FROM (
      SELECT p.ticket_id, c.id AS actor_id, 'ticket.created' AS type,
        json_build_object('status', 'new', 'priority', p.priority, 'channel', p.channel)::text AS data, p.created_at AS at, 0 AS step
        FROM plan p JOIN customers c ON c.n = p.customer_n
      UNION ALL SELECT p.ticket_id, a.id, 'message.added', '{"messageId":0,"visibility":"internal"}', p.created_at + p.reply_after / 2, 1
        FROM plan p JOIN agents a ON a.n = p.agent_n WHERE p.g % 3 = 0
      UNION ALL SELECT p.ticket_id, a.id, 'ticket.updated', json_build_object('changes', json_build_object('priority', json_build_object('from', 'P4', 'to', p.priority)))::text,
        p.created_at + p.reply_after / 3, 2 FROM plan p JOIN agents a ON a.n = p.agent_n WHERE p.g % 10 = 0
      UNION ALL SELECT p.ticket_id, a.id, 'message.added', '{"messageId":0,"visibility":"public"}', p.created_at + p.reply_after, 3
        FROM plan p JOIN agents a ON a.n = p.agent_n WHERE p.status <> 'new'
      UNION ALL SELECT p.ticket_id, a.id, 'ticket.updated', '{"changes":{"status":{"from":"new","to":"open"}}}', p.created_at + p.reply_after, 4
        FROM plan p JOIN agents a ON a.n = p.agent_n WHERE p.status <> 'new'
      UNION ALL SELECT p.ticket_id, a.id, 'ticket.updated', json_build_object('changes', json_build_object('status', json_build_object('from', 'open', 'to', p.status)))::text,
        p.created_at + p.reply_after + p.later * interval '1 day', 5 FROM plan p JOIN agents a ON a.n = p.agent_n WHERE p.status IN ('pending', 'on_hold')
      UNION ALL SELECT p.ticket_id, a.id, 'ticket.updated', '{"changes":{"status":{"from":"open","to":"pending"}}}',
        p.created_at + p.reply_after + p.later * interval '12 hours', 6 FROM plan p JOIN agents a ON a.n = p.agent_n WHERE p.status = 'open' AND p.followed_up
      UNION ALL SELECT p.ticket_id, c.id, 'message.added', '{"messageId":0,"visibility":"public"}',
        p.created_at + p.reply_after + p.later * interval '1 day', 7 FROM plan p JOIN customers c ON c.n = p.customer_n WHERE p.status = 'open' AND p.followed_up
      UNION ALL SELECT p.ticket_id, c.id, 'ticket.updated', '{"changes":{"status":{"from":"pending","to":"open"}}}',
        p.created_at + p.reply_after + p.later * interval '1 day', 8 FROM plan p JOIN customers c ON c.n = p.customer_n WHERE p.status = 'open' AND p.followed_up
    ) events ORDER BY ticket_id, at, step`);
  await run('ANALYZE');
  const row = await sql<{ n: string }>`SELECT count(*) AS n FROM ticket_events`.execute(db);
  return Number(row.rows[0]?.n);
}

/** Two office calendars (Berlin with its public holidays, New York) and 24/7; policies in both kinds of time. */
export async function configure(db: Db, clock: () => Date): Promise<{ actor: Actor; berlinId: number }> {
  const admin = await db
    .selectFrom('users')
    .select(['id', 'email'])
    .where('role', '=', 'admin')
    .executeTakeFirstOrThrow();
  const actor: Actor = {
    userId: admin.id,
    role: 'admin',
    organisationId: null,
    name: 'Bench',
    email: admin.email,
    timeZone: 'UTC',
    scopes: null,
    sessionId: null,
  };
  const calendars = new BusinessCalendarService(db, clock);
  const office = (start: string, end: string) => {
    const day = [{ start, end }];
    return {
      monday: day,
      tuesday: day,
      wednesday: day,
      thursday: day,
      friday: day,
      saturday: [],
      sunday: [],
    };
  };
  const berlin = await calendars.create(
    actor,
    {
      name: 'Berlin office',
      description: '',
      isDefault: true,
      timeZone: 'Europe/Berlin',
      weeklyHours: office('08:00', '18:00'),
      holidays: [],
    },
    null,
  );
  const ics = fs.readFileSync(path.join(root, 'server/src/sla/fixtures/public-holidays-berlin.ics'), 'utf8');
  await calendars.importHolidays(actor, berlin.id, { ics, replace: false }, null);
  const newYork = await calendars.create(
    actor,
    {
      name: 'New York office',
      description: '',
      isDefault: false,
      timeZone: 'America/New_York',
      weeklyHours: office('09:00', '17:00'),
      holidays: [],
    },
    null,
  );
  const organisations = await db.selectFrom('organisations').select('id').orderBy('id').limit(50).execute();
  for (const { id } of organisations) await calendars.assignToOrganisation(actor, id, newYork.id, null);

  const policies = new SlaPolicyService(db, clock);
  const targets = (minutes: Record<string, [number, number, number, number]>, businessHours: boolean) =>
    (['P1', 'P2', 'P3', 'P4'] as const).flatMap((priority, index) =>
      (['first_response', 'next_response', 'periodic_update', 'resolution'] as const)
        .filter((metric) => minutes[metric])
        .map((metric) => ({ priority, metric, minutes: minutes[metric]?.[index] ?? 60, businessHours })),
    );
  const common = {
    description: '',
    active: true,
    pauseStatuses: ['pending', 'on_hold'] as const,
    pauseOnVendor: false,
    atRiskFraction: 0.75,
  };
  const none = { organisationIds: [], priorities: [], types: [], channels: [], tags: [] };
  await policies.create(
    actor,
    {
      ...common,
      pauseStatuses: ['pending'],
      name: 'Incidents around the clock',
      conditions: { ...none, types: ['incident', 'problem'] },
      calendarId: null,
      targets: targets(
        {
          first_response: [30, 120, 480, 960],
          next_response: [60, 240, 960, 1920],
          resolution: [480, 2880, 10080, 20160],
        },
        false,
      ),
    },
    null,
  );
  await policies.create(
    actor,
    {
      ...common,
      pauseStatuses: [...common.pauseStatuses],
      name: 'Standard in business hours',
      conditions: none,
      calendarId: berlin.id,
      targets: targets(
        {
          first_response: [60, 240, 480, 960],
          next_response: [120, 480, 960, 1920],
          resolution: [960, 2400, 4800, 9600],
        },
        true,
      ),
    },
    null,
  );
  await new EscalationRuleService(db, clock).create(
    actor,
    {
      name: 'Warn, then tell the supervisors',
      active: true,
      policyIds: [],
      metrics: [],
      priorities: [],
      levels: [
        { level: 1, trigger: { on: 'at_risk' }, actions: [{ kind: 'notify_assignee' }] },
        { level: 2, trigger: { on: 'breach', delayMinutes: 0 }, actions: [{ kind: 'notify_supervisors' }] },
      ],
    },
    null,
  );
  return { actor, berlinId: berlin.id };
}

async function main(): Promise<void> {
  console.log(
    `SLA benchmark: ${TICKETS.toLocaleString('en')} open tickets, embedded PostgreSQL in ${path.relative(root, dataDir)}`,
  );
  const database = await startEmbeddedPostgres(dataDir, {
    info: () => {},
    warn: (message) => console.warn(message),
  });
  const { db, pool } = createDb(database.connectionString, 20);
  try {
    await migrate(pool);
    const seeded = await timed(() => seed(db, TICKETS));
    console.log(
      `seeded ${TICKETS.toLocaleString('en')} tickets and ${seeded.result.toLocaleString('en')} events in ${(seeded.ms / 1000).toFixed(1)} s`,
    );
    let now = new Date();
    const clock = () => now;
    const { actor, berlinId } = await configure(db, clock);
    const engine = new SlaService(db, clock);
    const policies = new SlaPolicyService(db, clock);
    const calendars = new BusinessCalendarService(db, clock);
    setTicketEventListener('sla', engine.onTicketEvents);

    const recompute = async (label: string) => {
      const run = await timed(() =>
        engine.recomputeStale({ concurrency: CONCURRENCY, budgetMs: 10 * MINUTE }),
      );
      const perSecond = Math.round(run.result.tickets / (run.ms / 1000)).toLocaleString('en');
      console.log(
        `full recompute, ${label}: ${run.result.tickets.toLocaleString('en')} tickets in ${(run.ms / 1000).toFixed(2)} s (${perSecond} tickets/s; target < 10 s)`,
      );
    };
    // A server has long warmed up its JIT when the job runs; derive (without storing) a few
    // thousand tickets first so the figures are not of the compiler.
    const warmUp = await timed(async () => {
      const config = await engine.config.get(db);
      const sample = await db.selectFrom('tickets').select('id').orderBy('id').limit(5000).execute();
      const { tickets, histories } = await loadSlaInputs(
        db,
        sample.map((row) => row.id),
      );
      for (const ticket of tickets) computeTicketSla(config, ticket, histories.get(ticket.id), now);
    });
    console.log(
      `JIT warm-up: derived 5,000 tickets without storing them in ${(warmUp.ms / 1000).toFixed(2)} s`,
    );
    await recompute('first pass, every row inserted');
    // A manager shortens every target of the standard policy by a tenth: every running target moves.
    const standard = (await policies.list(actor)).find(
      ({ policy }) => policy.name === 'Standard in business hours',
    );
    if (!standard) throw new Error('no standard policy');
    await policies.update(
      actor,
      standard.policy.id,
      {
        targets: standard.targets.map((t) => ({
          priority: t.priority,
          metric: t.metric,
          minutes: Math.round(t.minutes * 0.9),
          businessHours: t.business_hours,
        })),
      },
      null,
    );
    await recompute('after a policy change that moves every target');
    await calendars.update(actor, berlinId, { description: 'Head office' }, null);
    await recompute('after a change that moves nothing');
    const states = await sql<{
      state: string;
      n: string;
    }>`SELECT coalesce(state, 'none') AS state, count(*) AS n FROM ticket_sla WHERE open GROUP BY 1 ORDER BY 1`.execute(
      db,
    );
    console.log(
      `  states: ${states.rows.map((row) => `${row.state} ${Number(row.n).toLocaleString('en')}`).join(', ')}`,
    );

    const sweep = new SlaSweep(db, engine.config, new EscalationActions(), clock);
    const plan = await sql<{
      'QUERY PLAN': string;
    }>`EXPLAIN SELECT ticket_id FROM ticket_sla WHERE check_at <= ${now} ORDER BY check_at LIMIT 100`.execute(
      db,
    );
    console.log(`  sweep query plan: ${plan.rows.map((row) => row['QUERY PLAN'].trim()).join(' / ')}`);
    const queryTimes: number[] = [];
    for (let index = 0; index < QUERIES; index++)
      queryTimes.push((await timed(() => sweep.dueTickets(now, 100))).ms);
    console.log(
      `sweep query (tickets whose checkpoint has come, 100 at a time) over ${QUERIES} runs: ${summary(queryTimes)} (target < 200 ms)`,
    );

    const backlog = await timed(() => sweep.run({ batchSize: 100, maxBatches: 100_000 }));
    const { tickets, atRisk, breached, escalations } = backlog.result;
    console.log(
      `catch-up sweep of the backlog (everything already due at start): ${tickets.toLocaleString('en')} tickets, ${atRisk.toLocaleString('en')} at-risk and ` +
        `${breached.toLocaleString('en')} breach notices, ${escalations.toLocaleString('en')} escalations in ${(backlog.ms / 1000).toFixed(1)} s ` +
        `(${(backlog.ms / Math.max(1, tickets)).toFixed(2)} ms per ticket)`,
    );

    const runTimes: number[] = [];
    let handled = 0;
    let busiest = { minute: 0, tickets: 0, ms: 0 };
    for (let minute = 1; minute <= MINUTES; minute++) {
      now = new Date(now.getTime() + MINUTE);
      const run = await timed(() => sweep.run());
      runTimes.push(run.ms);
      handled += run.result.tickets;
      if (run.ms > busiest.ms) busiest = { minute, tickets: run.result.tickets, ms: run.ms };
    }
    console.log(
      `sweep job once a minute for ${MINUTES} simulated minutes at ${TICKETS.toLocaleString('en')} open tickets: ${summary(runTimes)} ` +
        `(${(handled / MINUTES).toFixed(1)} tickets newly due per run; target < 200 ms)`,
    );
    console.log(
      `  the slowest run: minute ${busiest.minute}, ${busiest.tickets.toLocaleString('en')} tickets in ${busiest.ms.toFixed(1)} ms`,
    );
    const quiet = await timed(() => sweep.run());
    console.log(`  a sweep with nothing due: ${quiet.ms.toFixed(2)} ms`);
  } finally {
    setTicketEventListener('sla', null);
    await db.destroy();
    await database.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.main) await main();
