import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import type { Actor } from '../src/access/actor.ts';
import { buildApp } from '../src/app.ts';
import { type AppContext, createContext } from '../src/app-context.ts';
import { loadConfig } from '../src/config.ts';
import { createDb } from '../src/db/database.ts';
import type { Role, UserRow } from '../src/db/schema.ts';
import { SESSION_COOKIE } from '../src/http/authenticate.ts';
import { LiveHub } from '../src/modules/live/live-hub.ts';

const TEMPLATE_DB = 'tierline_test_template';

export function databaseUrl(serverUrl: string, database: string): string {
  const parsed = new URL(serverUrl);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A fresh database cloned from the migrated template; dropped when the file's tests end. */
export async function createTestDatabase(): Promise<string> {
  const serverUrl = inject('postgresUrl');
  const name = `tierline_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DB}`);
  await admin.end();
  afterAll(async () => {
    const cleanup = new pg.Client({ connectionString: serverUrl });
    await cleanup.connect();
    await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await cleanup.end();
  });
  return databaseUrl(serverUrl, name);
}

export interface TestApp {
  app: FastifyInstance;
  ctx: AppContext;
  connectionString: string;
  /** Moves the clock the services read; starts at the real time. */
  clock: { now: Date; advance(ms: number): void };
  factory: Factory;
}

/** An app on its own database, driven with app.inject (or app.listen for real HTTP). */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const connectionString = await createTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierline-test-'));
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    TIERLINE_DATA_DIR: dataDir,
    DATABASE_URL: connectionString,
    ...env,
  });
  const { db } = createDb(connectionString, 5);
  const live = new LiveHub(connectionString, () => {});
  await live.start();
  const clock = {
    now: new Date(),
    advance(ms: number) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
  // Time moves on by itself between calls too, so ordering by time behaves as in production.
  let lastReal = Date.now();
  const ctx = createContext(config, db, live, () => {
    const real = Date.now();
    clock.now = new Date(clock.now.getTime() + Math.max(1, real - lastReal));
    lastReal = real;
    return clock.now;
  });
  const app = await buildApp(ctx, { logLevel: 'silent' });
  await app.ready();
  afterAll(async () => {
    await app.close();
    await live.stop();
    await db.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return { app, ctx, connectionString, clock, factory: new Factory(ctx) };
}

export interface TestPerson {
  user: UserRow;
  actor: Actor;
  /** Headers that authenticate as this person (a real session row). */
  headers: { cookie: string };
}

let sequence = 0;
const unique = () =>
  `${Date.now().toString(36)}${(sequence++).toString(36)}${crypto.randomBytes(2).toString('hex')}`;

/** Creates what a test needs, each thing new, so tests never depend on each other's data. */
export class Factory {
  readonly #ctx: AppContext;

  constructor(ctx: AppContext) {
    this.#ctx = ctx;
  }

  async organisation(name = `Org ${unique()}`) {
    return this.#ctx.db
      .insertInto('organisations')
      .values({ name, domains: [`${unique()}.example`] })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async team(tier = 1, name = `Team ${unique()}`) {
    return this.#ctx.db.insertInto('teams').values({ name, tier }).returningAll().executeTakeFirstOrThrow();
  }

  async person(
    role: Role,
    options: { organisationId?: number | null; password?: string; name?: string } = {},
  ): Promise<TestPerson> {
    let organisationId = options.organisationId ?? null;
    if ((role === 'customer' || role === 'client_admin') && options.organisationId === undefined) {
      organisationId = (await this.organisation()).id;
    }
    const user = await this.#ctx.people.insertUser(this.#ctx.db, {
      email: `${role}-${unique()}@test.example`,
      name: options.name ?? `${role} ${unique()}`,
      role,
      organisation_id: organisationId,
      password: options.password ?? null,
    });
    const secret = crypto.randomBytes(24).toString('base64url');
    await this.#ctx.db
      .insertInto('sessions')
      .values({
        id: crypto.createHash('sha256').update(secret).digest('hex'),
        user_id: user.id,
        expires_at: new Date(Date.now() + 365 * 86_400_000),
      })
      .execute();
    return {
      user,
      actor: {
        userId: user.id,
        role: user.role,
        organisationId: user.organisation_id,
        name: user.name,
        email: user.email,
        timeZone: user.time_zone,
        scopes: null,
        sessionId: null,
      },
      headers: { cookie: `${SESSION_COOKIE}=${secret}` },
    };
  }

  /** A ticket opened by the customer (through the service, so history and rules apply). */
  async ticket(requester: TestPerson, fields: { subject?: string; body?: string } = {}) {
    return this.#ctx.tickets.create(requester.actor, {
      subject: fields.subject ?? `Printer broken ${unique()}`,
      body: fields.body ?? 'It does not print.',
    });
  }
}

/** JSON body of an inject() response, typed by the caller. */
export function json<T = Record<string, unknown>>(response: LightMyRequestResponse): T {
  return response.json() as T;
}
