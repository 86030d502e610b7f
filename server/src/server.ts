import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { buildApp } from './app.ts';
import { type AppContext, createContext } from './app-context.ts';
import type { Config } from './config.ts';
import { lockDataDir } from './db/data-dir-lock.ts';
import { createDb } from './db/database.ts';
import { startEmbeddedPostgres } from './db/embedded-postgres.ts';
import { migrate } from './db/migrate.ts';
import { seedDemoWorkspace } from './modules/demo/demo-seed.ts';
import { JobRunner } from './modules/jobs/job-runner.ts';
import { LiveHub } from './modules/live/live-hub.ts';
import { ensureFirstAdmin, type FirstAdminResult } from './modules/people/first-admin.ts';

export interface RunningServer {
  app: FastifyInstance;
  ctx: AppContext;
  url: string;
  firstAdmin: FirstAdminResult | null;
  demoSeeded: boolean;
  stop(): Promise<void>;
}

/**
 * Starts one Tierline node: the database (embedded unless DATABASE_URL is set), migrations,
 * first admin, live hub, jobs and the HTTP server. Stops them in reverse order.
 */
export async function startServer(config: Config): Promise<RunningServer> {
  const log = pino({ level: config.LOG_LEVEL });
  const stops: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const step of stops.reverse()) await step();
  };
  try {
    let connectionString = config.DATABASE_URL;
    if (!connectionString) {
      fs.mkdirSync(config.dataDir, { recursive: true });
      const lock = lockDataDir(config.dataDir);
      stops.push(() => lock.release());
      const embedded = await startEmbeddedPostgres(config.dataDir, {
        info: (message) => log.info(message),
        warn: (message) => log.warn(message),
      });
      stops.push(() => embedded.stop());
      connectionString = embedded.connectionString;
    }
    const { db, pool } = createDb(connectionString, config.DATABASE_POOL_SIZE, {
      preparedStatements: config.DATABASE_PREPARED_STATEMENTS,
    });
    stops.push(() => db.destroy());
    const applied = await migrate(pool);
    if (applied.length > 0) log.info(`Applied migrations: ${applied.join(', ')}`);

    const live = new LiveHub(connectionString, (error) =>
      log.warn({ err: error }, 'live updates connection lost'),
    );
    await live.start();
    stops.push(() => live.stop());
    const ctx = createContext(config, db, live);
    stops.push(() => ctx.email.stop());
    const sealed = await ctx.email.sealMailboxPasswords();
    if (sealed > 0) log.info(`Sealed ${sealed} stored mailbox passwords`);

    const firstAdmin = await ensureFirstAdmin(db, ctx.people, {
      email: config.TIERLINE_ADMIN_EMAIL,
      password: config.TIERLINE_ADMIN_PASSWORD,
    });
    const demoSeeded = config.TIERLINE_DEMO ? await seedDemoWorkspace(ctx) : false;

    if (config.TIERLINE_JOBS) {
      const jobs = new JobRunner(connectionString, log);
      stops.push(() => jobs.stop());
      await jobs.start([
        {
          name: 'tickets.auto-close',
          everySeconds: config.TIERLINE_SWEEP_SECONDS,
          run: async () => {
            const closed = await ctx.tickets.autoCloseSolved();
            if (closed.length > 0) log.info(`Auto-closed ${closed.length} solved tickets`);
          },
        },
        {
          name: 'sla.sweep',
          everySeconds: config.TIERLINE_SWEEP_SECONDS,
          run: async () => {
            const swept = await ctx.slaSweep.run();
            if (swept.atRisk + swept.breached + swept.escalations > 0) {
              log.info(
                `SLA sweep: ${swept.atRisk} at risk, ${swept.breached} breached, ${swept.escalations} escalations`,
              );
            }
          },
        },
        {
          name: 'sla.recompute',
          everySeconds: config.TIERLINE_SWEEP_SECONDS,
          run: async () => {
            const recomputed = await ctx.sla.recomputeStale();
            if (recomputed.tickets > 0) log.info(`Recomputed the SLA state of ${recomputed.tickets} tickets`);
          },
        },
        {
          name: 'integrations.bug-queue',
          everySeconds: config.TIERLINE_SWEEP_SECONDS,
          run: async () => {
            await ctx.bugs.queueUnqueued();
          },
        },
      ]);
      await ctx.bugs.startJobs(jobs);
      await ctx.email.startJobs(jobs, live, log, config.TIERLINE_SWEEP_SECONDS);
    }

    const app = await buildApp(ctx, { serveWeb: true });
    stops.push(() => app.close());
    await app.listen({ port: config.PORT, host: config.HOST });
    // Mail is taken in only once everything that imports it is up.
    await ctx.email.startSmtp(config, log);
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
    return {
      app,
      ctx,
      url: config.TIERLINE_PUBLIC_URL ?? `http://${host}:${port}`,
      firstAdmin,
      demoSeeded,
      stop,
    };
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}
