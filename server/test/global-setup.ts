import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrate } from '../src/db/migrate.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A PostgreSQL server URL (any database) on which each test file creates its own database. */
    postgresUrl: string;
  }
}

export const TEMPLATE_DB = 'tierline_test_template';

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/**
 * One PostgreSQL for the whole run: Debian's (or any) server when TEST_DATABASE_URL is set,
 * otherwise an embedded one in .test-data. A migrated template database is cloned per test file.
 */
export default async function setup(project: TestProject) {
  let serverUrl = process.env.TEST_DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | null = null;
  let dataDir: string | null = null;
  if (!serverUrl) {
    dataDir = path.resolve(import.meta.dirname, '../../.test-data', `pg-${process.pid}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    const child = spawn(
      process.execPath,
      [path.join(import.meta.dirname, 'embedded-postgres-process.ts'), dataDir],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    serverUrl = await new Promise<string>((resolve, reject) => {
      let buffered = '';
      child.stdout.on('data', (chunk) => {
        buffered += String(chunk);
        const line = buffered.split('\n')[0];
        if (buffered.includes('\n') && line)
          resolve((JSON.parse(line) as { connectionString: string }).connectionString);
      });
      child.on('exit', (code) => reject(new Error(`embedded PostgreSQL exited with ${code}`)));
    });
    stopEmbedded = async () => {
      child.kill('SIGTERM');
      await exited;
    };
  }
  const admin = new pg.Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  const pool = new pg.Pool({ connectionString: withDatabase(serverUrl, TEMPLATE_DB), max: 1 });
  await migrate(pool);
  await pool.end();
  project.provide('postgresUrl', withDatabase(serverUrl, 'postgres'));

  return async () => {
    const leftovers = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE 'tierline_test_%'",
    );
    for (const row of leftovers.rows)
      await admin.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
    await admin.end();
    await stopEmbedded?.();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
