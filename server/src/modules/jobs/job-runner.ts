import { PgBoss } from 'pg-boss';

interface Logger {
  info(message: string): void;
  error(obj: unknown, message?: string): void;
}

export interface PeriodicJob {
  name: string;
  everySeconds: number;
  run(): Promise<void>;
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

  async stop(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    await this.#boss.stop({ graceful: true, timeout: 5000 }).catch(() => {});
  }
}
