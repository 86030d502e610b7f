import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signIn, startTierline, type TierlineProcess } from './processes.ts';

// Embedded PostgreSQL needs a data dir the postgres user can reach: under the repo, not in /tmp.
const dataDir = path.resolve(
  import.meta.dirname,
  '../../.test-data',
  `durability-${crypto.randomBytes(4).toString('hex')}`,
);
const env = {
  TIERLINE_DATA_DIR: dataDir,
  TIERLINE_ADMIN_EMAIL: 'admin@durability.test',
  TIERLINE_ADMIN_PASSWORD: 'correct horse battery',
  TIERLINE_JOBS: 'false',
};
const running: TierlineProcess[] = [];
afterAll(async () => {
  await Promise.all(running.map((node) => node.stop()));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

function postmasterPid(): number {
  const text = fs.readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8');
  return Number.parseInt(text.split('\n')[0] ?? '', 10);
}

describe('embedded database durability', () => {
  it('keeps every acknowledged ticket through kill -9 of Tierline and its PostgreSQL, and refuses a second instance', async () => {
    const first = await startTierline(env);
    running.push(first);

    const second = await startTierline(env).then(
      () => 'started',
      (error: Error) => error.message,
    );
    expect(second).toMatch(/Another Tierline \(pid \d+\) is already running on the data directory/);

    const token = await signIn(first.url, env.TIERLINE_ADMIN_EMAIL, env.TIERLINE_ADMIN_PASSWORD);
    const acknowledged: number[] = [];
    let stop = false;
    const writer = async (worker: number) => {
      for (let index = 0; !stop; index++) {
        try {
          const response = await fetch(`${first.url}/api/tickets`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({ subject: `Crash test ${worker}-${index}`, body: 'Must survive' }),
          });
          if (response.status === 201) acknowledged.push(((await response.json()) as { id: number }).id);
        } catch {
          return; // the server is gone
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, worker) => writer(worker));
    while (acknowledged.length < 150) await new Promise((resolve) => setTimeout(resolve, 10));
    const postgresPid = postmasterPid();
    first.process.kill('SIGKILL');
    process.kill(postgresPid, 'SIGKILL');
    stop = true;
    await Promise.all(writers);
    await first.exited;

    const restarted = await startTierline(env);
    running.push(restarted);
    const restartedToken = await signIn(restarted.url, env.TIERLINE_ADMIN_EMAIL, env.TIERLINE_ADMIN_PASSWORD);
    const missing: number[] = [];
    for (const id of acknowledged) {
      const response = await fetch(`${restarted.url}/api/tickets/${id}`, {
        headers: { authorization: `Bearer ${restartedToken}` },
      });
      if (response.status !== 200) missing.push(id);
    }
    expect(acknowledged.length).toBeGreaterThanOrEqual(150);
    expect(missing).toEqual([]);

    // SIGTERM stops the app and its PostgreSQL cleanly.
    const restartedPostgres = postmasterPid();
    expect(await restarted.stop()).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    expect(() => process.kill(restartedPostgres, 0)).toThrow();
  }, 120_000);
});
