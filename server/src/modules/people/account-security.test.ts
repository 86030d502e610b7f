import { describe, expect, it } from 'vitest';
import { createTestApp, json, type TestPerson } from '../../../test/harness.ts';

const { app, ctx, factory } = await createTestApp();

type Method = 'GET' | 'POST' | 'PATCH';
const call = (person: TestPerson, method: Method, url: string, payload?: object) =>
  app.inject({ method, url, headers: person.headers, ...(payload ? { payload } : {}) });
const asCookie = (setCookie: string | string[] | undefined) => ({
  cookie: String(Array.isArray(setCookie) ? setCookie[0] : setCookie).split(';')[0] ?? '',
});
const auditOf = (userId: number, action: string) =>
  ctx.db
    .selectFrom('audit_log')
    .selectAll()
    .where('target_type', '=', 'user')
    .where('target_id', '=', String(userId))
    .where('action', '=', action)
    .orderBy('id')
    .execute();

const admin = await factory.person('admin');

describe('deactivating a person', () => {
  it('ends their sessions and revokes their API tokens at once', async () => {
    const engineer = await factory.person('engineer');
    const token = json<{ token: string }>(
      await call(engineer, 'POST', '/api/tokens', { name: 'laptop', scopes: ['tickets:read'] }),
    ).token;
    const bearer = { authorization: `Bearer ${token}` };
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: engineer.headers })).statusCode).toBe(
      200,
    );
    expect((await app.inject({ method: 'GET', url: '/api/tickets', headers: bearer })).statusCode).toBe(200);

    const response = await call(admin, 'PATCH', `/api/users/${engineer.user.id}`, { active: false });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toMatchObject({ active: false });

    const withCookie = await app.inject({ method: 'GET', url: '/api/me', headers: engineer.headers });
    expect(withCookie.statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/tickets', headers: bearer })).statusCode).toBe(401);
    const sessions = await ctx.db
      .selectFrom('sessions')
      .select('id')
      .where('user_id', '=', engineer.user.id)
      .execute();
    expect(sessions).toEqual([]);
    const tokens = await ctx.db
      .selectFrom('api_tokens')
      .select('revoked_at')
      .where('user_id', '=', engineer.user.id)
      .execute();
    expect(tokens.every((row) => row.revoked_at !== null)).toBe(true);
    const [entry] = await auditOf(engineer.user.id, 'user.deactivated');
    expect(entry).toMatchObject({ actor_id: admin.user.id, data: { sessionsEnded: 1, tokensRevoked: 1 } });

    // Coming back does not bring old credentials back.
    await call(admin, 'PATCH', `/api/users/${engineer.user.id}`, { active: true });
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: engineer.headers })).statusCode).toBe(
      401,
    );
    expect(await auditOf(engineer.user.id, 'user.reactivated')).toHaveLength(1);
  });

  it('keeps a deactivated person from signing in', async () => {
    const customer = await factory.person('customer', { password: 'correct horse battery' });
    await call(admin, 'PATCH', `/api/users/${customer.user.id}`, { active: false });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: customer.user.email, password: 'correct horse battery' },
    });
    expect(login.statusCode).toBe(401);
  });
});

describe('roles and passwords set by an admin', () => {
  it('audits a promotion to admin and a demotion from it, with from and to', async () => {
    const operator = await factory.person('operator');
    await call(admin, 'PATCH', `/api/users/${operator.user.id}`, { role: 'admin' });
    await call(admin, 'PATCH', `/api/users/${operator.user.id}`, { role: 'engineer' });
    const entries = await auditOf(operator.user.id, 'user.role_changed');
    expect(entries.map((entry) => entry.data)).toEqual([
      { from: 'operator', to: 'admin' },
      { from: 'admin', to: 'engineer' },
    ]);
  });

  it('takes someone who stops being staff out of their teams', async () => {
    const operator = await factory.person('operator');
    const team = await factory.team(1);
    await ctx.db.insertInto('team_members').values({ team_id: team.id, user_id: operator.user.id }).execute();
    const response = await call(admin, 'PATCH', `/api/users/${operator.user.id}`, { role: 'customer' });
    expect(json(response)).toMatchObject({ role: 'customer', teams: [] });
    const [entry] = await auditOf(operator.user.id, 'user.role_changed');
    expect(entry?.data).toEqual({ from: 'operator', to: 'customer', leftTeamIds: [team.id] });
  });

  it('sets a new password: the old sessions end, the new password works, the log never holds it', async () => {
    const engineer = await factory.person('engineer', { password: 'the old password' });
    const response = await call(admin, 'PATCH', `/api/users/${engineer.user.id}`, {
      password: 'the new password',
    });
    expect(response.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: engineer.headers })).statusCode).toBe(
      401,
    );
    const login = (password: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: engineer.user.email, password },
      });
    expect((await login('the old password')).statusCode).toBe(401);
    expect((await login('the new password')).statusCode).toBe(200);
    const entries = await auditOf(engineer.user.id, 'user.password_set');
    expect(entries).toHaveLength(1);
    expect(JSON.stringify(entries)).not.toContain('the new password');
    // The admin's own session is untouched.
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: admin.headers })).statusCode).toBe(
      200,
    );
  });
});

describe('your own account', () => {
  it('changes your name, time zone and languages but nothing an admin decides', async () => {
    const customer = await factory.person('customer');
    const response = await call(customer, 'PATCH', '/api/me', {
      name: 'Renamed Me',
      timeZone: 'America/Sao_Paulo',
      languages: ['pt-br', 'en'],
    });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toMatchObject({
      name: 'Renamed Me',
      timeZone: 'America/Sao_Paulo',
      languages: ['pt-BR', 'en'],
    });
    for (const payload of [
      { role: 'admin' },
      { organisationId: null },
      { email: 'new@example.com' },
      { timeZone: 'Nowhere/Land' },
    ]) {
      const refused = await call(customer, 'PATCH', '/api/me', payload);
      expect(refused.statusCode).toBe(422);
      expect(json(refused)).toMatchObject({ error: { code: 'invalid_request' } });
    }
    const stored = await ctx.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', customer.user.id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      role: 'customer',
      time_zone: 'America/Sao_Paulo',
      organisation_id: customer.user.organisation_id,
    });
  });

  it('changes your password only with the current one, and signs out your other sessions', async () => {
    const engineer = await factory.person('engineer', { password: 'my first password' });
    const login = (password: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: engineer.user.email, password },
      });
    const here = asCookie((await login('my first password')).headers['set-cookie']);
    const elsewhere = engineer.headers;

    const without = await app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: here,
      payload: { password: 'my second password' },
    });
    expect(json(without)).toMatchObject({ error: { code: 'current_password_required' } });
    const wrong = await app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: here,
      payload: { password: 'my second password', currentPassword: 'not my password' },
    });
    expect(wrong.statusCode).toBe(422);
    expect(json(wrong)).toMatchObject({ error: { code: 'current_password_incorrect' } });
    expect((await login('my second password')).statusCode).toBe(401);

    const changed = await app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: here,
      payload: { password: 'my second password', currentPassword: 'my first password' },
    });
    expect(changed.statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: here })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: elsewhere })).statusCode).toBe(401);
    expect((await login('my second password')).statusCode).toBe(200);
    const [entry] = await auditOf(engineer.user.id, 'user.password_changed');
    expect(entry).toMatchObject({ actor_id: engineer.user.id, data: { sessionsEnded: 1 } });
  });
});

// Last: these tests leave a single active admin behind.
describe('the last active admin', () => {
  it('may not be demoted or deactivated, by anyone', async () => {
    const last = await factory.person('admin');
    const others = await ctx.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .where('active', '=', true)
      .where('id', '!=', last.user.id)
      .execute();
    // Removing other admins is fine while one remains.
    for (const other of others) {
      expect((await call(last, 'PATCH', `/api/users/${other.id}`, { active: false })).statusCode).toBe(200);
    }
    for (const payload of [{ role: 'manager' }, { active: false }, { role: 'customer', active: false }]) {
      const response = await call(last, 'PATCH', `/api/users/${last.user.id}`, payload);
      expect(response.statusCode).toBe(409);
      expect(json(response)).toMatchObject({ error: { code: 'last_admin' } });
    }
    const stored = await ctx.db
      .selectFrom('users')
      .select(['role', 'active'])
      .where('id', '=', last.user.id)
      .executeTakeFirstOrThrow();
    expect(stored).toEqual({ role: 'admin', active: true });

    const successor = json<{ id: number }>(
      await call(last, 'POST', '/api/users', {
        name: 'Successor',
        email: `successor-${last.user.id}@people.example`,
        role: 'admin',
      }),
    );
    expect((await call(last, 'PATCH', `/api/users/${last.user.id}`, { role: 'manager' })).statusCode).toBe(
      200,
    );
    await ctx.db.updateTable('users').set({ active: false }).where('id', '=', successor.id).execute();
  });

  it('survives two admins demoting each other at the same moment', async () => {
    const first = await factory.person('admin');
    const second = await factory.person('admin');
    await ctx.db
      .updateTable('users')
      .set({ active: false })
      .where('role', '=', 'admin')
      .where('id', 'not in', [first.user.id, second.user.id])
      .execute();
    const answers = await Promise.all([
      call(first, 'PATCH', `/api/users/${second.user.id}`, { role: 'engineer' }),
      call(second, 'PATCH', `/api/users/${first.user.id}`, { role: 'engineer' }),
    ]);
    // One demotion wins. The other either reaches the last-admin check (409) or, when it
    // authenticates after the winner committed, finds its caller no longer an admin (403).
    const statuses = answers.map((answer) => answer.statusCode).sort();
    expect(statuses[0]).toBe(200);
    expect([403, 409]).toContain(statuses[1]);
    const admins = await ctx.db
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'admin')
      .where('active', '=', true)
      .execute();
    expect(admins).toHaveLength(1);
  });
});
