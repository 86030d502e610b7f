import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestApp, json, type TestPerson } from '../../../test/harness.ts';
import type { Role } from '../../db/schema.ts';

const { app, ctx, factory } = await createTestApp();

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT';
const call = (person: TestPerson, method: Method, url: string, payload?: object) =>
  app.inject({ method, url, headers: person.headers, ...(payload ? { payload } : {}) });
const uniqueEmail = (label: string) => `${label}-${crypto.randomBytes(4).toString('hex')}@people.example`;

interface User {
  id: number;
  name: string;
  email: string;
  role: Role;
  organisationId: number | null;
  organisationName: string | null;
  active: boolean;
  timeZone: string;
  languages: string[];
  teams: { id: number; name: string; tier: number }[];
  skills: { id: number; name: string; level: number }[];
}
interface UserPage {
  users: User[];
  nextCursor: string | null;
}

const acme = await factory.organisation();
const globex = await factory.organisation();
const acmeCustomer = await factory.person('customer', { organisationId: acme.id });
const acmeAdmin = await factory.person('client_admin', { organisationId: acme.id });
const globexCustomer = await factory.person('customer', { organisationId: globex.id });
const STAFF = ['operator', 'engineer', 'supervisor', 'manager', 'admin'] as const;
const ROLES: Role[] = ['customer', 'client_admin', ...STAFF];
const as: Record<Role, TestPerson> = {
  customer: acmeCustomer,
  client_admin: acmeAdmin,
  operator: await factory.person('operator'),
  engineer: await factory.person('engineer'),
  supervisor: await factory.person('supervisor'),
  manager: await factory.person('manager'),
  admin: await factory.person('admin'),
};
const skill = await ctx.db
  .insertInto('skills')
  .values({ name: 'Networking', category: 'network' })
  .returningAll()
  .executeTakeFirstOrThrow();

const acmeColleague = await factory.person('customer', { organisationId: acme.id });
const colleagueEngineer = await factory.person('engineer');

describe('who may do what with people', () => {
  /** Roles not in `allowed` get 403, or 404 when they may not even see the person (`hidden`). */
  const table: {
    action: string;
    allowed: Role[];
    hidden?: Role[];
    status: number;
    request: (person: TestPerson) => Promise<{ statusCode: number }>;
  }[] = [
    {
      action: 'list people',
      allowed: ['client_admin', ...STAFF],
      status: 200,
      request: (p) => call(p, 'GET', '/api/users'),
    },
    {
      action: 'open a customer of Acme',
      allowed: ['client_admin', ...STAFF],
      status: 200,
      request: (p) => call(p, 'GET', `/api/users/${acmeColleague.user.id}`),
    },
    {
      action: 'add a customer',
      allowed: ['supervisor', 'manager', 'admin'],
      status: 201,
      request: (p) =>
        call(p, 'POST', '/api/users', { name: 'New Customer', email: uniqueEmail('c'), role: 'customer' }),
    },
    {
      action: 'add an operator',
      allowed: ['admin'],
      status: 201,
      request: (p) =>
        call(p, 'POST', '/api/users', { name: 'New Operator', email: uniqueEmail('o'), role: 'operator' }),
    },
    {
      action: 'change a customer of Acme',
      allowed: ['supervisor', 'manager', 'admin'],
      status: 200,
      request: (p) => call(p, 'PATCH', `/api/users/${acmeColleague.user.id}`, { position: 'Buyer' }),
    },
    {
      action: 'change an engineer',
      allowed: ['admin'],
      hidden: ['client_admin'],
      status: 200,
      request: (p) =>
        call(p, 'PATCH', `/api/users/${colleagueEngineer.user.id}`, { position: 'Network engineer' }),
    },
    {
      action: "set an engineer's skills",
      allowed: ['manager', 'admin'],
      status: 200,
      request: (p) =>
        call(p, 'PUT', `/api/users/${colleagueEngineer.user.id}/skills`, {
          skills: [{ skillId: skill.id, level: 3 }],
        }),
    },
  ];
  describe.each(table)('$action', ({ allowed, hidden = [], status, request }) => {
    it.each(ROLES)('as %s', async (role) => {
      const response = await request(as[role]);
      expect(response.statusCode).toBe(allowed.includes(role) ? status : hidden.includes(role) ? 404 : 403);
    });
  });

  it('refuses an API token without the people scopes even for an admin', async () => {
    const created = json<{ token: string }>(
      await call(as.admin, 'POST', '/api/tokens', { name: 'tickets only', scopes: ['tickets:read'] }),
    );
    const response = await app.inject({
      method: 'GET',
      url: '/api/users',
      headers: { authorization: `Bearer ${created.token}` },
    });
    expect(response.statusCode).toBe(403);
    expect(json(response)).toMatchObject({ error: { code: 'token_scope_missing' } });
  });
});

describe('isolation between client organisations', () => {
  it('shows a client admin only the people of their own organisation', async () => {
    const page = json<UserPage>(await call(acmeAdmin, 'GET', '/api/users?limit=200'));
    expect(page.users.length).toBeGreaterThan(1);
    expect(page.users.every((user) => user.organisationId === acme.id)).toBe(true);
    expect(page.users.map((user) => user.id)).toContain(acmeCustomer.user.id);
    for (const query of [
      `organisationId=${globex.id}`,
      'kind=staff',
      `q=${encodeURIComponent(globexCustomer.user.email)}`,
    ]) {
      expect(json<UserPage>(await call(acmeAdmin, 'GET', `/api/users?${query}`)).users).toEqual([]);
    }
  });

  it('answers 404 when a client admin opens or changes someone of another organisation', async () => {
    for (const response of [
      await call(acmeAdmin, 'GET', `/api/users/${globexCustomer.user.id}`),
      await call(acmeAdmin, 'GET', `/api/users/${as.admin.user.id}`),
      await call(acmeAdmin, 'PATCH', `/api/users/${globexCustomer.user.id}`, { name: 'Taken over' }),
    ]) {
      expect(response.statusCode).toBe(404);
      expect(json(response)).toEqual({ error: { code: 'user_not_found', message: 'user not found' } });
    }
    const unchanged = await ctx.db
      .selectFrom('users')
      .select('name')
      .where('id', '=', globexCustomer.user.id)
      .executeTakeFirstOrThrow();
    expect(unchanged.name).toBe(globexCustomer.user.name);
  });

  it('refuses customers the directory altogether', async () => {
    const response = await call(acmeCustomer, 'GET', '/api/users');
    expect(response.statusCode).toBe(403);
    expect(json(response)).toMatchObject({ error: { code: 'permission_denied' } });
  });
});

describe('the directory', () => {
  it('filters by kind, role, team, text and activity, and pages by name', async () => {
    const tag = crypto.randomBytes(3).toString('hex');
    const team = await factory.team(2);
    const names = ['Ada', 'Bea', 'Cy', 'Dot', 'Eve'].map((name) => `${name} ${tag}`);
    const people = [];
    for (const name of names) people.push(await factory.person('engineer', { name }));
    await call(as.manager, 'PUT', `/api/teams/${team.id}/members`, {
      userIds: [people[0]!.user.id, people[1]!.user.id],
    });

    const seen: string[] = [];
    let url = `/api/users?q=${tag}&limit=2`;
    for (let pages = 0; pages < 5; pages++) {
      const page = json<UserPage>(await call(as.operator, 'GET', url));
      seen.push(...page.users.map((user) => user.name));
      if (!page.nextCursor) break;
      url = `/api/users?q=${tag}&limit=2&cursor=${page.nextCursor}`;
    }
    expect(seen).toEqual(names);

    const inTeam = json<UserPage>(await call(as.operator, 'GET', `/api/users?teamId=${team.id}`)).users;
    expect(inTeam.map((user) => user.name)).toEqual(names.slice(0, 2));
    expect(inTeam[0]?.teams).toEqual([{ id: team.id, name: team.name, tier: 2 }]);
    const customers = json<UserPage>(
      await call(as.operator, 'GET', '/api/users?kind=customer&limit=200'),
    ).users;
    expect(customers.every((user) => user.role === 'customer' || user.role === 'client_admin')).toBe(true);
    expect(json<UserPage>(await call(as.operator, 'GET', `/api/users?q=${tag}&role=manager`)).users).toEqual(
      [],
    );
    await call(as.admin, 'PATCH', `/api/users/${people[4]!.user.id}`, { active: false });
    const inactive = json<UserPage>(await call(as.operator, 'GET', `/api/users?q=${tag}&active=false`)).users;
    expect(inactive.map((user) => user.name)).toEqual([names[4]]);
  });

  it('refuses a cursor it did not hand out', async () => {
    const response = await call(as.operator, 'GET', '/api/users?cursor=not-a-cursor');
    expect(response.statusCode).toBe(422);
    expect(json(response)).toMatchObject({ error: { code: 'invalid_cursor' } });
  });
});

describe('adding people', () => {
  it('adds a client admin with a password who can then sign in', async () => {
    const email = uniqueEmail('ClientAdmin').toUpperCase();
    const response = await call(as.supervisor, 'POST', '/api/users', {
      name: 'Carla Client',
      email,
      role: 'client_admin',
      organisationId: acme.id,
      password: 'a long enough password',
      timeZone: 'Europe/Zurich',
      languages: ['de-ch', 'en'],
    });
    expect(response.statusCode).toBe(201);
    const user = json<User>(response);
    expect(user).toMatchObject({
      email: email.toLowerCase(),
      role: 'client_admin',
      organisationId: acme.id,
      organisationName: acme.name,
      active: true,
      timeZone: 'Europe/Zurich',
      languages: ['de-CH', 'en'],
      teams: [],
      skills: [],
    });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password: 'a long enough password' },
    });
    expect(login.statusCode).toBe(200);
    const stored = await ctx.db
      .selectFrom('users')
      .select('password_hash')
      .where('id', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(stored.password_hash).toMatch(/^\$argon2id\$/);
  });

  it.each([
    ['a short password', { role: 'customer', password: 'short' }, 'invalid_request'],
    ['a client admin without an organisation', { role: 'client_admin' }, 'organisation_required'],
    [
      'an organisation that does not exist',
      { role: 'customer', organisationId: 999_999 },
      'invalid_organisation',
    ],
    ['an unknown time zone', { role: 'customer', timeZone: 'Mars/Olympus_Mons' }, 'invalid_request'],
    ['a fixed offset instead of a zone', { role: 'customer', timeZone: '+02:00' }, 'invalid_request'],
    ['an unknown role', { role: 'owner' }, 'invalid_request'],
    ['a malformed language', { role: 'customer', languages: ['english!'] }, 'invalid_request'],
  ])('refuses %s with 422 and writes nothing', async (_case, fields, code) => {
    const email = uniqueEmail('invalid');
    const response = await call(as.admin, 'POST', '/api/users', { name: 'Nobody', email, ...fields });
    expect(response.statusCode).toBe(422);
    expect(json(response)).toMatchObject({ error: { code } });
    expect(await ctx.db.selectFrom('users').select('id').where('email', '=', email).execute()).toEqual([]);
  });

  it('answers 409 email_taken for an address already in use, whatever its case', async () => {
    const before = await ctx.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const response = await call(as.admin, 'POST', '/api/users', {
      name: 'Twin',
      email: acmeCustomer.user.email.toUpperCase(),
      role: 'customer',
    });
    expect(response.statusCode).toBe(409);
    expect(json(response)).toMatchObject({ error: { code: 'email_taken' } });
    const after = await ctx.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);

    const change = await call(as.admin, 'PATCH', `/api/users/${globexCustomer.user.id}`, {
      email: acmeCustomer.user.email,
    });
    expect(change.statusCode).toBe(409);
    expect(json(change)).toMatchObject({ error: { code: 'email_taken' } });
  });
});

describe('changing people', () => {
  it('refuses unknown or immutable fields and a client admin without organisation', async () => {
    const target = await factory.person('customer');
    for (const [payload, code] of [
      [{ passwordHash: 'x' }, 'invalid_request'],
      [{ createdAt: '2020-01-01' }, 'invalid_request'],
      [{ role: 'client_admin', organisationId: null }, 'organisation_required'],
      [{ organisationId: 999_999 }, 'invalid_organisation'],
    ] as const) {
      const response = await call(as.admin, 'PATCH', `/api/users/${target.user.id}`, payload);
      expect(response.statusCode).toBe(422);
      expect(json(response)).toMatchObject({ error: { code } });
    }
    const stored = await ctx.db
      .selectFrom('users')
      .selectAll()
      .where('id', '=', target.user.id)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ role: 'customer', organisation_id: target.user.organisation_id });
  });

  it('moves a customer to another organisation and records from and to', async () => {
    const target = await factory.person('customer', { organisationId: acme.id });
    const response = await call(as.manager, 'PATCH', `/api/users/${target.user.id}`, {
      organisationId: globex.id,
      phone: '+41 44 000 00 00',
    });
    expect(json<User>(response)).toMatchObject({ organisationId: globex.id, organisationName: globex.name });
    const entry = await ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('target_id', '=', String(target.user.id))
      .where('action', '=', 'user.updated')
      .executeTakeFirstOrThrow();
    expect(entry.actor_id).toBe(as.manager.user.id);
    expect(entry.data).toEqual({
      changes: {
        organisationId: { from: acme.id, to: globex.id },
        phone: { from: '', to: '+41 44 000 00 00' },
      },
    });
  });
});
