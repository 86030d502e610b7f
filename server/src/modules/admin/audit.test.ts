import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestApp, json, type TestPerson } from '../../../test/harness.ts';
import type { Role } from '../../db/schema.ts';

const { app, ctx, factory } = await createTestApp();

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';
const call = (person: TestPerson, method: Method, url: string, payload?: object) =>
  app.inject({ method, url, headers: person.headers, ...(payload ? { payload } : {}) });

interface Entry {
  id: number;
  action: string;
  actor: { id: number; name: string } | null;
  targetType: string | null;
  targetId: string | null;
  data: Record<string, unknown>;
  createdAt: string;
}
interface EntryPage {
  entries: Entry[];
  nextCursor: string | null;
}

const admin = await factory.person('admin', { name: 'Alex Admin' });
const manager = await factory.person('manager', { name: 'Morgan Manager' });
const audit = async (query = '') => json<EntryPage>(await call(admin, 'GET', `/api/audit${query}`));

// One of each administrative action, through the API as people would do them.
const organisation = json<{ id: number }>(
  await call(manager, 'POST', '/api/organisations', { name: 'Audited Ltd' }),
);
const customer = json<{ id: number }>(
  await call(manager, 'POST', '/api/users', {
    name: 'Cleo',
    email: 'cleo@audited.example',
    role: 'customer',
    organisationId: organisation.id,
  }),
);
const operator = json<{ id: number }>(
  await call(admin, 'POST', '/api/users', { name: 'Otto', email: 'otto@audited.example', role: 'operator' }),
);
await call(admin, 'PATCH', `/api/users/${operator.id}`, { role: 'admin' });
await call(admin, 'PATCH', `/api/users/${operator.id}`, { password: 'a brand new secret' });
await call(admin, 'PATCH', `/api/users/${customer.id}`, { active: false });
const team = json<{ id: number }>(
  await call(manager, 'POST', '/api/teams', { name: 'Audited team', tier: 2 }),
);
await call(manager, 'PUT', `/api/teams/${team.id}/members`, { userIds: [manager.user.id] });
const skill = json<{ id: number }>(await call(manager, 'POST', '/api/skills', { name: 'Audited skill' }));
await call(manager, 'PUT', `/api/users/${manager.user.id}/skills`, {
  skills: [{ skillId: skill.id, level: 4 }],
});
await call(manager, 'PATCH', '/api/settings', { reopenWindowDays: 7 });
await call(admin, 'POST', '/api/custom-fields', { key: 'audited', label: 'Audited', type: 'number' });
await call(manager, 'POST', '/api/categories', { name: 'Audited' });

describe('the audit log', () => {
  it('records every administrative action, newest first, with who did it', async () => {
    const { entries } = await audit('?limit=500');
    expect(entries.map((entry) => entry.action).reverse()).toEqual([
      'organisation.created',
      'user.created',
      'user.created',
      'user.role_changed',
      'user.password_set',
      'user.deactivated',
      'team.created',
      'team.members_set',
      'skill.created',
      'user.skills_set',
      'settings.updated',
      'custom_field.created',
      'category.created',
    ]);
    expect(entries.at(-1)).toMatchObject({
      actor: { id: manager.user.id, name: 'Morgan Manager' },
      targetType: 'organisation',
    });
    expect(entries.find((entry) => entry.action === 'user.role_changed')).toMatchObject({
      actor: { id: admin.user.id, name: 'Alex Admin' },
      targetType: 'user',
      targetId: String(operator.id),
      data: { from: 'operator', to: 'admin' },
    });
  });

  it('filters by action, actor, target and time', async () => {
    expect((await audit('?action=user.created')).entries.map((entry) => entry.targetId)).toEqual([
      String(operator.id),
      String(customer.id),
    ]);
    const byManager = (await audit(`?actorId=${manager.user.id}`)).entries;
    expect(byManager.length).toBeGreaterThan(0);
    expect(byManager.every((entry) => entry.actor?.id === manager.user.id)).toBe(true);
    const aboutOperator = (await audit(`?targetType=user&targetId=${operator.id}`)).entries.map(
      (entry) => entry.action,
    );
    expect(aboutOperator).toEqual(['user.password_set', 'user.role_changed', 'user.created']);

    const all = (await audit('?limit=500')).entries;
    const middle = all[Math.floor(all.length / 2)]!;
    const since = (await audit(`?from=${encodeURIComponent(middle.createdAt)}&limit=500`)).entries;
    expect(since.at(-1)?.id).toBe(middle.id);
    const before = (await audit(`?to=${encodeURIComponent(middle.createdAt)}&limit=500`)).entries;
    expect(before[0]?.id).toBeLessThan(middle.id);
    expect(since.length + before.length).toBe(all.length);
  });

  it('pages newest first without gaps or repeats', async () => {
    const all = (await audit('?limit=500')).entries.map((entry) => entry.id);
    const seen: number[] = [];
    let page = await audit('?limit=4');
    seen.push(...page.entries.map((entry) => entry.id));
    while (page.nextCursor) {
      page = await audit(`?limit=4&cursor=${page.nextCursor}`);
      seen.push(...page.entries.map((entry) => entry.id));
    }
    expect(seen).toEqual(all);
  });

  it.each(['customer', 'client_admin', 'operator', 'engineer', 'supervisor', 'manager'] as Role[])(
    'is closed to %s',
    async (role) => {
      const person = await factory.person(role);
      for (const url of ['/api/audit', '/api/audit/verify']) {
        const response = await call(person, 'GET', url);
        expect(response.statusCode).toBe(403);
        expect(json(response)).toMatchObject({ error: { code: 'permission_denied' } });
      }
    },
  );

  it('is closed to an admin token without the admin scope', async () => {
    const { token } = json<{ token: string }>(
      await call(admin, 'POST', '/api/tokens', { name: 'reader', scopes: ['people:read'] }),
    );
    const response = await app.inject({
      method: 'GET',
      url: '/api/audit',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(403);
  });
});

// Last: tampering breaks the chain for the rest of this database.
describe('verifying the chain', () => {
  it('is valid as written and turns invalid at the row edited behind its back', async () => {
    const intact = json<{ valid: boolean; entries: number; brokenAtId: number | null }>(
      await call(admin, 'GET', '/api/audit/verify'),
    );
    expect(intact).toMatchObject({ valid: true, brokenAtId: null });
    expect(intact.entries).toBeGreaterThanOrEqual(13);

    const [promotion] = (await audit('?action=user.role_changed')).entries;
    await sql`UPDATE audit_log SET data = ${JSON.stringify({ from: 'operator', to: 'engineer' })}::jsonb WHERE id = ${promotion!.id}`.execute(
      ctx.db,
    );
    const tampered = json(await call(admin, 'GET', '/api/audit/verify'));
    expect(tampered).toEqual({ valid: false, entries: intact.entries, brokenAtId: promotion!.id });
  });
});
