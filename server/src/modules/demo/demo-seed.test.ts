import { describe, expect, it } from 'vitest';
import { createTestApp, json } from '../../../test/harness.ts';
import { DEMO_PASSWORD, seedDemoWorkspace } from './demo-seed.ts';

const { app, ctx } = await createTestApp();

describe('demo workspace', () => {
  it('has people in every role, teams in every tier, tickets in every state, and seeds only once', async () => {
    expect(await seedDemoWorkspace(ctx)).toBe(true);
    const roles = await ctx.db.selectFrom('users').select('role').distinct().execute();
    expect(roles.map((row) => row.role).sort()).toEqual([
      'client_admin',
      'customer',
      'engineer',
      'manager',
      'operator',
      'supervisor',
    ]);
    const tiers = await ctx.db.selectFrom('teams').select('tier').distinct().orderBy('tier').execute();
    expect(tiers.map((row) => row.tier)).toEqual([0, 1, 2, 3, 4]);
    const statuses = await ctx.db.selectFrom('tickets').select('status').distinct().execute();
    expect(statuses.map((row) => row.status).sort()).toEqual([
      'closed',
      'new',
      'on_hold',
      'open',
      'pending',
      'solved',
    ]);
    expect(await seedDemoWorkspace(ctx)).toBe(false);
  });

  it('lets a demo customer sign in and see only their organisation’s side of things', async () => {
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'noah@northwind.example', password: DEMO_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const list = json<{ tickets: { requester: { email: string } }[] }>(
      await app.inject({ method: 'GET', url: '/api/tickets', headers: { cookie } }),
    );
    expect(list.tickets.length).toBeGreaterThan(0);
    expect(new Set(list.tickets.map((ticket) => ticket.requester.email))).toEqual(
      new Set(['noah@northwind.example']),
    );
  });
});
