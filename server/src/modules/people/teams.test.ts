import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestApp, json, type TestPerson } from '../../../test/harness.ts';
import type { Role } from '../../db/schema.ts';

const { app, ctx, factory } = await createTestApp();

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';
const call = (person: TestPerson, method: Method, url: string, payload?: object) =>
  app.inject({ method, url, headers: person.headers, ...(payload ? { payload } : {}) });
const uniqueName = (label: string) => `${label} ${crypto.randomBytes(4).toString('hex')}`;

interface Team {
  id: number;
  name: string;
  tier: number;
  description: string;
  members: { id: number; name: string; role: Role }[];
}

const STAFF = ['operator', 'engineer', 'supervisor', 'manager', 'admin'] as const;
const ROLES: Role[] = ['customer', 'client_admin', ...STAFF];
const as: Record<Role, TestPerson> = {
  customer: await factory.person('customer'),
  client_admin: await factory.person('client_admin'),
  operator: await factory.person('operator'),
  engineer: await factory.person('engineer'),
  supervisor: await factory.person('supervisor'),
  manager: await factory.person('manager'),
  admin: await factory.person('admin'),
};
const team = await factory.team(2, uniqueName('Network'));
const skill = await ctx.db
  .insertInto('skills')
  .values({ name: 'Networking', category: 'network' })
  .returningAll()
  .executeTakeFirstOrThrow();

describe('who may do what with teams and skills', () => {
  const isStaff = (role: Role) => (STAFF as readonly Role[]).includes(role);
  const manages = (role: Role) => role === 'manager' || role === 'admin';
  const table: {
    action: string;
    allowed: (role: Role) => boolean;
    status: number;
    request: (p: TestPerson, role: Role) => Promise<{ statusCode: number }>;
  }[] = [
    { action: 'list teams', allowed: isStaff, status: 200, request: (p) => call(p, 'GET', '/api/teams') },
    {
      action: 'open a team',
      allowed: isStaff,
      status: 200,
      request: (p) => call(p, 'GET', `/api/teams/${team.id}`),
    },
    {
      action: 'add a team',
      allowed: manages,
      status: 201,
      request: (p, role) => call(p, 'POST', '/api/teams', { name: uniqueName(`Tier 1 ${role}`), tier: 1 }),
    },
    {
      action: 'change a team',
      allowed: manages,
      status: 200,
      request: (p, role) =>
        call(p, 'PATCH', `/api/teams/${team.id}`, { description: `Looked after by ${role}` }),
    },
    {
      action: 'set the members',
      allowed: manages,
      status: 200,
      request: (p) => call(p, 'PUT', `/api/teams/${team.id}/members`, { userIds: [as.engineer.user.id] }),
    },
    { action: 'list skills', allowed: isStaff, status: 200, request: (p) => call(p, 'GET', '/api/skills') },
    {
      action: 'add a skill',
      allowed: manages,
      status: 201,
      request: (p, role) =>
        call(p, 'POST', '/api/skills', { name: uniqueName(`Skill ${role}`), category: 'hardware' }),
    },
  ];
  describe.each(table)('$action', ({ allowed, status, request }) => {
    it.each(ROLES)('as %s', async (role) => {
      const response = await request(as[role], role);
      expect(response.statusCode).toBe(allowed(role) ? status : 403);
    });
  });
});

describe('teams', () => {
  it('adds a team on a tier, lists it with its members and records both steps', async () => {
    const name = uniqueName('Service Desk');
    const created = await call(as.manager, 'POST', '/api/teams', {
      name,
      tier: 1,
      description: 'First line',
    });
    expect(created.statusCode).toBe(201);
    const added = json<Team>(created);
    expect(added).toMatchObject({ name, tier: 1, description: 'First line', members: [] });

    const [ann, bob] = [
      await factory.person('operator', { name: 'Ann Op' }),
      await factory.person('engineer', { name: 'Bob Eng' }),
    ];
    const members = await call(as.manager, 'PUT', `/api/teams/${added.id}/members`, {
      userIds: [bob.user.id, ann.user.id, bob.user.id],
    });
    expect(json<Team>(members).members).toEqual([
      { id: ann.user.id, name: 'Ann Op', role: 'operator' },
      { id: bob.user.id, name: 'Bob Eng', role: 'engineer' },
    ]);
    const listed = json<{ teams: Team[] }>(await call(as.operator, 'GET', '/api/teams')).teams.find(
      (t) => t.id === added.id,
    );
    expect(listed?.members.map((member) => member.id)).toEqual([ann.user.id, bob.user.id]);

    await call(as.manager, 'PUT', `/api/teams/${added.id}/members`, { userIds: [ann.user.id] });
    const entries = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('target_type', '=', 'team')
      .where('target_id', '=', String(added.id))
      .orderBy('id')
      .execute();
    expect(entries).toEqual([
      { action: 'team.created', data: { name, tier: 1 } },
      { action: 'team.members_set', data: { added: [bob.user.id, ann.user.id], removed: [] } },
      { action: 'team.members_set', data: { added: [], removed: [bob.user.id] } },
    ]);
  });

  it.each([
    ['a customer', async () => (await factory.person('customer')).user.id, 'member_not_staff'],
    ['a client admin', async () => (await factory.person('client_admin')).user.id, 'member_not_staff'],
    ['somebody who does not exist', async () => 999_999, 'invalid_user'],
    [
      'a deactivated engineer',
      async () => {
        const gone = await factory.person('engineer');
        await ctx.db.updateTable('users').set({ active: false }).where('id', '=', gone.user.id).execute();
        return gone.user.id;
      },
      'member_inactive',
    ],
  ])('refuses %s as a member with 422 and keeps the members', async (_case, makeUser, code) => {
    const squad = await factory.team(3);
    await call(as.admin, 'PUT', `/api/teams/${squad.id}/members`, { userIds: [as.engineer.user.id] });
    const userId = await makeUser();
    const response = await call(as.admin, 'PUT', `/api/teams/${squad.id}/members`, {
      userIds: [as.operator.user.id, userId],
    });
    expect(response.statusCode).toBe(422);
    expect(json(response)).toMatchObject({ error: { code, details: { userIds: [userId] } } });
    const kept = await ctx.db
      .selectFrom('team_members')
      .select('user_id')
      .where('team_id', '=', squad.id)
      .execute();
    expect(kept).toEqual([{ user_id: as.engineer.user.id }]);
  });

  it('validates tiers and names, and answers 409 for a name in use', async () => {
    for (const payload of [
      { name: uniqueName('Vendors'), tier: 5 },
      { name: uniqueName('Vendors'), tier: -1 },
      { name: '', tier: 1 },
      { tier: 1 },
    ]) {
      const response = await call(as.admin, 'POST', '/api/teams', payload);
      expect(response.statusCode).toBe(422);
      expect(json(response)).toMatchObject({ error: { code: 'invalid_request' } });
    }
    const duplicate = await call(as.admin, 'POST', '/api/teams', { name: team.name.toLowerCase(), tier: 4 });
    expect(duplicate.statusCode).toBe(409);
    expect(json(duplicate)).toMatchObject({ error: { code: 'team_name_taken' } });

    const other = await factory.team(1);
    const rename = await call(as.admin, 'PATCH', `/api/teams/${other.id}`, { name: team.name });
    expect(json(rename)).toMatchObject({ error: { code: 'team_name_taken' } });
    const move = await call(as.admin, 'PATCH', `/api/teams/${other.id}`, { tier: 4 });
    expect(json<Team>(move)).toMatchObject({ id: other.id, tier: 4 });
    expect((await call(as.admin, 'PATCH', '/api/teams/999999', { tier: 4 })).statusCode).toBe(404);
    expect((await call(as.admin, 'PUT', '/api/teams/999999/members', { userIds: [] })).statusCode).toBe(404);
  });
});

describe('the skills catalogue', () => {
  it('adds skills with a category and answers 409 for a name in use', async () => {
    const name = uniqueName('Active Directory');
    const created = await call(as.manager, 'POST', '/api/skills', { name, category: 'Application' });
    expect(created.statusCode).toBe(201);
    expect(json(created)).toMatchObject({ name, category: 'application' });
    const skills = json<{ skills: { name: string }[] }>(await call(as.operator, 'GET', '/api/skills')).skills;
    expect(skills.map((skill) => skill.name)).toContain(name);

    const duplicate = await call(as.manager, 'POST', '/api/skills', { name: name.toUpperCase() });
    expect(duplicate.statusCode).toBe(409);
    expect(json(duplicate)).toMatchObject({ error: { code: 'skill_name_taken' } });
    expect((await call(as.manager, 'POST', '/api/skills', { name: '' })).statusCode).toBe(422);
  });
});

describe('skills of a person', () => {
  it('replaces the skills with their levels', async () => {
    const engineer = await factory.person('engineer');
    const second = await ctx.db
      .insertInto('skills')
      .values({ name: `Exchange ${engineer.user.id}` })
      .returningAll()
      .executeTakeFirstOrThrow();
    const url = `/api/users/${engineer.user.id}/skills`;
    await call(as.manager, 'PUT', url, { skills: [{ skillId: skill.id, level: 2 }] });
    const response = await call(as.manager, 'PUT', url, {
      skills: [
        { skillId: second.id, level: 5 },
        { skillId: skill.id, level: 4 },
      ],
    });
    expect(response.statusCode).toBe(200);
    expect(json<{ skills: unknown[] }>(response).skills).toEqual([
      { id: second.id, name: second.name, level: 5 },
      { id: skill.id, name: 'Networking', level: 4 },
    ]);
  });

  it.each([
    ['a level above 5', (id: number) => ({ skills: [{ skillId: id, level: 6 }] }), 'invalid_request'],
    ['a skill that does not exist', () => ({ skills: [{ skillId: 999_999, level: 2 }] }), 'invalid_skill'],
    [
      'the same skill twice',
      (id: number) => ({
        skills: [
          { skillId: id, level: 2 },
          { skillId: id, level: 3 },
        ],
      }),
      'duplicate_skill',
    ],
  ])('refuses %s and keeps the old skills', async (_case, payload, code) => {
    const engineer = await factory.person('engineer');
    await call(as.admin, 'PUT', `/api/users/${engineer.user.id}/skills`, {
      skills: [{ skillId: skill.id, level: 1 }],
    });
    const response = await call(as.admin, 'PUT', `/api/users/${engineer.user.id}/skills`, payload(skill.id));
    expect(response.statusCode).toBe(422);
    expect(json(response)).toMatchObject({ error: { code } });
    const kept = await ctx.db
      .selectFrom('user_skills')
      .select(['skill_id', 'level'])
      .where('user_id', '=', engineer.user.id)
      .execute();
    expect(kept).toEqual([{ skill_id: skill.id, level: 1 }]);
  });

  it('keeps skills for staff only', async () => {
    const response = await call(as.admin, 'PUT', `/api/users/${as.customer.user.id}/skills`, {
      skills: [{ skillId: skill.id, level: 2 }],
    });
    expect(response.statusCode).toBe(422);
    expect(json(response)).toMatchObject({ error: { code: 'not_staff' } });
  });
});
