import { describe, expect, it } from 'vitest';
import { createTestApp, json } from '../../../test/harness.ts';
import { verifyAuditChain } from '../audit/audit.service.ts';

const { app, factory, ctx, clock } = await createTestApp({
  TIERLINE_LOGIN_ATTEMPTS: '3',
  TIERLINE_SESSION_HOURS: '2',
});

const cookieOf = (setCookie: string | string[] | undefined) =>
  (Array.isArray(setCookie) ? setCookie[0] : setCookie)?.split(';')[0] ?? '';

describe('password sign-in and sessions', () => {
  it('signs in, answers /api/me, signs out, and the session is gone', async () => {
    const person = await factory.person('engineer', { password: 'a long enough password' });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: person.user.email.toUpperCase(), password: 'a long enough password' },
    });
    expect(login.statusCode).toBe(200);
    expect(login.headers['set-cookie']).toMatch(/HttpOnly/);
    expect(login.headers['set-cookie']).toMatch(/SameSite=Lax/);
    const cookie = cookieOf(login.headers['set-cookie']);
    const me = await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    expect(json(me)).toMatchObject({ id: person.user.id, role: 'engineer' });

    expect(
      (await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode,
    ).toBe(204);
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('stores only an argon2id hash', async () => {
    const person = await factory.person('operator', { password: 'another long password' });
    const row = await ctx.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', person.user.id)
      .executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
  });

  it('gives the same answer for a wrong password and an unknown account', async () => {
    const person = await factory.person('operator', { password: 'right password here' });
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: person.user.email, password: 'nope' },
    });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'nobody@nowhere.test', password: 'nope' },
    });
    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(json(wrong)).toEqual(json(unknown));
  });

  it('refuses further attempts after too many failures, even with the right password', async () => {
    const person = await factory.person('operator', { password: 'the right password' });
    for (let attempt = 0; attempt < 3; attempt++) {
      await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: person.user.email, password: 'wrong' },
      });
    }
    const blocked = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: person.user.email, password: 'the right password' },
    });
    expect(blocked.statusCode).toBe(429);
    expect(json(blocked)).toMatchObject({ error: { code: 'too_many_login_attempts' } });
    clock.advance(16 * 60_000);
    const later = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: person.user.email, password: 'the right password' },
    });
    expect(later.statusCode).toBe(200);
  });

  it('ends idle sessions and slides active ones', async () => {
    const person = await factory.person('operator', { password: 'sliding sessions ok' });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: person.user.email, password: 'sliding sessions ok' },
    });
    const cookie = cookieOf(login.headers['set-cookie']);
    clock.advance(90 * 60_000);
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
    clock.advance(90 * 60_000); // 3 h after sign-in, but only 1.5 h after the last use
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
    clock.advance(2 * 3_600_000 + 1000);
    expect((await app.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('refuses cross-origin writes made with a session cookie', async () => {
    const person = await factory.person('customer');
    const response = await app.inject({
      method: 'POST',
      url: '/api/tickets',
      headers: { ...person.headers, origin: 'https://evil.example', host: 'localhost:80' },
      payload: { subject: 'x', body: 'y' },
    });
    expect(response.statusCode).toBe(403);
    expect(json(response)).toMatchObject({ error: { code: 'cross_origin_request' } });
  });

  it('records sign-ins in a hash chain that detects tampering', async () => {
    const before = await verifyAuditChain(ctx.db);
    expect(before.valid).toBe(true);
    expect(before.entries).toBeGreaterThan(3);
    const actions = await ctx.db.selectFrom('audit_log').select('action').execute();
    expect(actions.map((row) => row.action)).toEqual(
      expect.arrayContaining(['auth.login', 'auth.login_failed', 'auth.logout']),
    );
    const victim = await ctx.db
      .selectFrom('audit_log')
      .select('id')
      .where('action', '=', 'auth.login_failed')
      .executeTakeFirstOrThrow();
    await ctx.db.updateTable('audit_log').set({ action: 'auth.login' }).where('id', '=', victim.id).execute();
    expect(await verifyAuditChain(ctx.db)).toMatchObject({ valid: false, brokenAtId: victim.id });
  });
});

describe('system endpoints', () => {
  it('serves health and an OpenAPI document that lists the ticket API', async () => {
    expect(json(await app.inject({ method: 'GET', url: '/health' }))).toEqual({
      status: 'ok',
      database: 'ok',
    });
    const openapi = json<{ openapi: string; paths: Record<string, unknown> }>(
      await app.inject({ method: 'GET', url: '/api/openapi.json' }),
    );
    expect(openapi.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining([
        '/api/tickets',
        '/api/tickets/{id}',
        '/api/tickets/{id}/messages',
        '/api/tickets/{id}/events',
        '/api/auth/login',
      ]),
    );
    const docs = await app.inject({ method: 'GET', url: '/api/docs' });
    expect([200, 302]).toContain(docs.statusCode);
  });
});
