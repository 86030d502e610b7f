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

  it('offers every agent the shared macros and a published playbook that runs on a demo ticket', async () => {
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'operator@demo.tierline.local', password: DEMO_PASSWORD },
    });
    const cookie = String(login.headers['set-cookie']).split(';')[0]!;
    const headers = { cookie };
    const { macros } = json<{ macros: { id: number; title: string; shared: boolean }[] }>(
      await app.inject({ method: 'GET', url: '/api/macros', headers }),
    );
    expect(macros.filter((macro) => macro.shared).map((macro) => macro.title)).toEqual(
      expect.arrayContaining(['Ask for details', 'Password reset done']),
    );
    const ticket = await ctx.db
      .selectFrom('tickets')
      .select('id')
      .where('subject', '=', 'Outlook keeps asking for password')
      .executeTakeFirstOrThrow();
    const details = macros.find((macro) => macro.title === 'Ask for details')!;
    const preview = json<{ body: string; changes: { status?: string } }>(
      await app.inject({
        method: 'POST',
        url: `/api/tickets/${ticket.id}/macros/${details.id}/apply`,
        headers,
        payload: { preview: true },
      }),
    );
    expect(preview.body).toContain(`Hi Gita,`);
    expect(preview.body).toContain(`#${ticket.id}`);
    expect(preview.changes.status).toBe('pending');

    const { playbooks } = json<{ playbooks: { id: number; name: string; currentVersion: number | null }[] }>(
      await app.inject({ method: 'GET', url: '/api/playbooks', headers }),
    );
    const vpn = playbooks.find((playbook) => playbook.name === 'VPN does not connect');
    expect(vpn?.currentVersion).toBe(1);
    const run = await app.inject({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/playbook-runs`,
      headers,
      payload: { playbookId: vpn!.id },
    });
    expect(run.statusCode).toBe(201);
    expect(json<{ currentStep: { id: string } }>(run).currentStep.id).toBe('internet');
  });

  it('shows SLA badges at once: a default calendar and policy, a breached ticket on the supervisors’ list', async () => {
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'supervisor@demo.tierline.local', password: DEMO_PASSWORD },
    });
    const headers = { cookie: String(login.headers['set-cookie']).split(';')[0]! };
    const { calendars } = json<{ calendars: { name: string; isDefault: boolean }[] }>(
      await app.inject({ method: 'GET', url: '/api/business-calendars', headers }),
    );
    expect(calendars.filter((calendar) => calendar.isDefault).map((calendar) => calendar.name)).toEqual([
      'Office hours (London)',
    ]);
    const { tickets } = json<{ tickets: { subject: string; state: string }[] }>(
      await app.inject({ method: 'GET', url: '/api/sla/at-risk?state=breached', headers }),
    );
    expect(tickets.map((ticket) => ticket.subject)).toContain('Outlook keeps asking for password');
    const list = json<{ tickets: { subject: string; sla: { state: string | null } | null }[] }>(
      await app.inject({ method: 'GET', url: '/api/tickets?limit=50', headers }),
    );
    const states = new Map(list.tickets.map((ticket) => [ticket.subject, ticket.sla?.state]));
    expect(states.get('Outlook keeps asking for password')).toBe('breached');
    expect(states.get('New laptop for starter on Monday')).toBe('ok');
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
