import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestApp, json } from '../../../test/harness.ts';
import { eventually } from '../../../test/processes.ts';
import type { Actor } from '../../access/actor.ts';
import { ActorCache } from './actor-cache.ts';

const { app, ctx, factory } = await createTestApp();

async function tokenOf(headers: { cookie: string }, scopes: string[]) {
  const created = await app.inject({
    method: 'POST',
    url: '/api/tokens',
    headers,
    payload: { name: 'cache test', scopes },
  });
  expect(created.statusCode).toBe(201);
  return { authorization: `Bearer ${json<{ token: string }>(created).token}` };
}

/** Answers 200 for admins only: what it answers shows the role the node takes the caller for. */
const audit = async (headers: Record<string, string>) =>
  (await app.inject({ method: 'GET', url: '/api/audit?limit=1', headers })).statusCode;
const me = async (headers: Record<string, string>) =>
  (await app.inject({ method: 'GET', url: '/api/me', headers })).statusCode;
const until = (check: () => Promise<boolean>) =>
  eventually(async () => ((await check()) ? true : undefined), 5_000);

describe('callers remembered by a node', () => {
  it('are asked about again when another node (or SQL by hand) changes the person', async () => {
    await factory.person('admin'); // someone stays admin
    const person = await factory.person('admin');
    const bearer = await tokenOf(person.headers, ['admin']);
    expect(await audit(person.headers)).toBe(200);
    expect(await audit(bearer)).toBe(200);
    // Written straight to the database, as another node would: only the announcement tells this one.
    await ctx.db.updateTable('users').set({ role: 'manager' }).where('id', '=', person.user.id).execute();
    await until(async () => (await audit(person.headers)) !== 200);
    await until(async () => (await audit(bearer)) !== 200);
    await ctx.db.updateTable('users').set({ active: false }).where('id', '=', person.user.id).execute();
    await until(async () => (await me(person.headers)) === 401);
    await until(async () => (await me(bearer)) === 401);
  });

  it('end a session or token at once on the node that ended it', async () => {
    const person = await factory.person('operator', { password: 'remembered callers' });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: person.user.email, password: 'remembered callers' },
    });
    const cookie = String(login.headers['set-cookie']).split(';')[0] ?? '';
    expect(await me({ cookie })).toBe(200);
    expect(
      (await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode,
    ).toBe(204);
    expect(await me({ cookie })).toBe(401);

    const bearer = await tokenOf(person.headers, ['tickets:read']);
    expect(await me(bearer)).toBe(200);
    const [token] = json<{ tokens: { id: number }[] }>(
      await app.inject({ method: 'GET', url: '/api/tokens', headers: person.headers }),
    ).tokens;
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/tokens/${token?.id}`, headers: person.headers }))
        .statusCode,
    ).toBe(204);
    expect(await me(bearer)).toBe(401);
  });

  it('apply a role an admin changed at once on the node that changed it', async () => {
    const admin = await factory.person('admin');
    const person = await factory.person('admin');
    expect(await audit(person.headers)).toBe(200);
    const changed = await app.inject({
      method: 'PATCH',
      url: `/api/users/${person.user.id}`,
      headers: admin.headers,
      payload: { role: 'manager' },
    });
    expect(changed.statusCode).toBe(200);
    expect(await audit(person.headers)).not.toBe(200);
  });

  it('are all asked about again after the live connection was lost, as announcements may be', async () => {
    await factory.person('admin');
    const person = await factory.person('admin');
    expect(await audit(person.headers)).toBe(200);
    await sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity
      WHERE application_name = 'tierline-live' AND datname = current_database()`.execute(ctx.db);
    // A change while this node does not listen, which no trigger announces.
    await ctx.db.transaction().execute(async (tx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(tx);
      await tx.updateTable('users').set({ role: 'manager' }).where('id', '=', person.user.id).execute();
    });
    expect(await audit(person.headers)).toBe(200);
    await until(async () => (await audit(person.headers)) !== 200);
  });
});

describe('ActorCache', () => {
  it('does not remember a caller whose read was under way when a change was announced', () => {
    const cache = new ActorCache();
    const actor = { userId: 7, role: 'operator' } as Actor;
    const generationAtRead = cache.generation;
    cache.forgetPerson(7); // announced while the caller was being read
    cache.set('session:a', actor, null, 1_000, null, generationAtRead);
    expect(cache.get('session:a', 1_000)).toBeUndefined();
    cache.set('session:a', actor, null, 1_000, null, cache.generation);
    expect(cache.get('session:a', 1_000)?.actor).toEqual(actor);
  });
});
