import { CompiledQuery } from 'kysely';
import { PgBoss } from 'pg-boss';
import type { Queryable } from '../../db/database.ts';

interface Logger {
  info(message: string): void;
  error(obj: unknown, message?: string): void;
}

export interface PeriodicJob {
  name: string;
  everySeconds: number;
  run(): Promise<void>;
}

/** A queue of one-off jobs (send this mail), each retried with exponential backoff when it throws. */
export interface QueueWorker<T extends object> {
  name: string;
  /** Attempts in all, the first included. */
  attempts: number;
  /** Delay before the first retry; it doubles on each further one. */
  retryDelaySeconds: number;
  /** Jobs this node works on at once. */
  concurrency: number;
  run(data: T): Promise<void>;
}

/**
 * Periodic work on a PostgreSQL job queue. Every node offers a tick each interval, but a
 * singleton slot lets only one job per interval into the queue and only one worker takes it,
 * so sweeps run once per interval however many nodes are up.
 */
export class JobRunner {
  readonly #boss: PgBoss;
  readonly #log: Logger;
  readonly #timers: NodeJS.Timeout[] = [];

  constructor(connectionString: string, log: Logger) {
    this.#boss = new PgBoss({ connectionString, schema: 'pgboss', application_name: 'tierline-jobs' });
    this.#log = log;
    this.#boss.on('error', (error) => log.error({ err: error }, 'job queue error'));
  }

  async start(jobs: PeriodicJob[]): Promise<void> {
    await this.#boss.start();
    for (const job of jobs) {
      await this.#boss.createQueue(job.name);
      await this.#boss.work(
        job.name,
        { pollingIntervalSeconds: Math.max(0.5, Math.min(2, job.everySeconds / 2)) },
        async () => {
          await job.run();
        },
      );
      const offer = () => {
        this.#boss
          .send(job.name, {}, { singletonKey: job.name, singletonSeconds: job.everySeconds })
          .catch((error: unknown) => this.#log.error({ err: error }, `could not queue ${job.name}`));
      };
      offer();
      this.#timers.push(setInterval(offer, job.everySeconds * 1000));
    }
  }

  /** Starts working a queue of one-off jobs on this node; call after start(). */
  async addQueue<T extends object>(worker: QueueWorker<T>): Promise<void> {
    await this.#boss.createQueue(worker.name, {
      retryLimit: worker.attempts - 1,
      retryDelay: worker.retryDelaySeconds,
      retryBackoff: true,
      retryDelayMax: worker.retryDelaySeconds * 64,
    });
    await this.#boss.work<T>(
      worker.name,
      { localConcurrency: worker.concurrency, pollingIntervalSeconds: 1 },
      async (jobs) => {
        for (const job of jobs) await worker.run(job.data);
      },
    );
  }

  /**
   * Queues a job. With `db` (a transaction) the job is written in it: it exists if and only if
   * the transaction commits, so work and the job that finishes it cannot part.
   */
  async send(name: string, data: object, options: { db?: Queryable } = {}): Promise<void> {
    const { db } = options;
    await this.#boss.send(name, data, {
      ...(db
        ? {
            db: {
              executeSql: async (text: string, values: unknown[] = []) => ({
                rows: (await db.executeQuery(CompiledQuery.raw(text, values))).rows,
              }),
            },
          }
        : {}),
    });
  }

  async stop(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    await this.#boss.stop({ graceful: true, timeout: 5000 }).catch(() => {});
  }
}
