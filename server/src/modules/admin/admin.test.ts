import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestApp, json, type TestPerson } from '../../../test/harness.ts';
import type { Role } from '../../db/schema.ts';

const { app, ctx, factory } = await createTestApp();

type Method = 'GET' | 'POST' | 'PATCH';
const call = (person: TestPerson, method: Method, url: string, payload?: object) =>
  app.inject({ method, url, headers: person.headers, ...(payload ? { payload } : {}) });
const uniqueKey = (label: string) => `${label}_${crypto.randomBytes(3).toString('hex')}`;

interface CustomField {
  id: number;
  key: string;
  type: string;
  options: string[];
  customerVisible: boolean;
  active: boolean;
}
interface Category {
  id: number;
  name: string;
  parentId: number | null;
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
const field = await ctx.db
  .insertInto('custom_fields')
  .values({ key: 'asset_tag', label: 'Asset tag', type: 'text' })
  .returningAll()
  .executeTakeFirstOrThrow();
const category = await ctx.db
  .insertInto('categories')
  .values({ name: 'Hardware' })
  .returningAll()
  .executeTakeFirstOrThrow();

describe('who may do what in administration', () => {
  const everyone = () => true;
  const staff = (role: Role) => (STAFF as readonly Role[]).includes(role);
  const managers = (role: Role) => role === 'manager' || role === 'admin';
  const admins = (role: Role) => role === 'admin';
  const table: {
    action: string;
    allowed: (role: Role) => boolean;
    status: number;
    request: (p: TestPerson, role: Role) => Promise<{ statusCode: number }>;
  }[] = [
    { action: 'read settings', allowed: staff, status: 200, request: (p) => call(p, 'GET', '/api/settings') },
    {
      action: 'change settings',
      allowed: managers,
      status: 200,
      request: (p) => call(p, 'PATCH', '/api/settings', { reopenWindowDays: 14 }),
    },
    {
      action: 'list custom fields',
      allowed: everyone,
      status: 200,
      request: (p) => call(p, 'GET', '/api/custom-fields'),
    },
    {
      action: 'add a custom field',
      allowed: admins,
      status: 201,
      request: (p, role) =>
        call(p, 'POST', '/api/custom-fields', { key: uniqueKey(role), label: 'Contract', type: 'text' }),
    },
    {
      action: 'change a custom field',
      allowed: admins,
      status: 200,
      request: (p, role) =>
        call(p, 'PATCH', `/api/custom-fields/${field.id}`, { label: `Asset tag (${role})` }),
    },
    {
      action: 'list categories',
      allowed: everyone,
      status: 200,
      request: (p) => call(p, 'GET', '/api/categories'),
    },
    {
      action: 'add a category',
      allowed: managers,
      status: 201,
      request: (p, role) =>
        call(p, 'POST', '/api/categories', { name: `Printers ${role}`, parentId: category.id }),
    },
    {
      action: 'rename a category',
      allowed: managers,
      status: 200,
      request: (p, role) => call(p, 'PATCH', `/api/categories/${category.id}`, { name: `Hardware ${role}` }),
    },
  ];
  describe.each(table)('$action', ({ allowed, status, request }) => {
    it.each(ROLES)('as %s', async (role) => {
      const response = await request(as[role], role);
      expect(response.statusCode).toBe(allowed(role) ? status : 403);
    });
  });
});

describe('API tokens', () => {
  it('read settings and the catalogue with tickets:read, and change them only with the admin scope', async () => {
    const bearer = async (scopes: string[]) => {
      const created = await call(as.admin, 'POST', '/api/tokens', { name: scopes.join(' '), scopes });
      return { authorization: `Bearer ${json<{ token: string }>(created).token}` };
    };
    const reader = await bearer(['tickets:read']);
    for (const url of ['/api/settings', '/api/custom-fields', '/api/categories']) {
      expect((await app.inject({ method: 'GET', url, headers: reader })).statusCode).toBe(200);
    }
    const refused = await app.inject({
      method: 'POST',
      url: '/api/categories',
      headers: reader,
      payload: { name: 'Via token' },
    });
    expect(refused.statusCode).toBe(403);
    expect(json(refused)).toMatchObject({ error: { code: 'token_scope_missing' } });
    const administrator = await bearer(['admin']);
    const allowed = await app.inject({
      method: 'POST',
      url: '/api/categories',
      headers: administrator,
      payload: { name: 'Via token' },
    });
    expect(allowed.statusCode).toBe(201);
  });
});

describe('settings', () => {
  it('changes only the parts given and records the change', async () => {
    const before = json<{ autoCloseAfterHours: number; priorityMatrix: unknown }>(
      await call(as.operator, 'GET', '/api/settings'),
    );
    const response = await call(as.manager, 'PATCH', '/api/settings', { autoCloseAfterHours: 48 });
    expect(response.statusCode).toBe(200);
    expect(json(response)).toEqual({ ...before, autoCloseAfterHours: 48 });
    expect(json(await call(as.operator, 'GET', '/api/settings'))).toMatchObject({ autoCloseAfterHours: 48 });
    const entry = await ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'settings.updated')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ actor_id: as.manager.user.id, data: { autoCloseAfterHours: 48 } });
  });

  it.each([
    ['a negative auto-close', { autoCloseAfterHours: -1 }],
    ['an unknown setting', { theme: 'dark' }],
    ['a priority matrix with a hole', { priorityMatrix: { low: { low: 'P4' } } }],
  ])('refuses %s with 422 and keeps the settings', async (_case, payload) => {
    const before = json(await call(as.admin, 'GET', '/api/settings'));
    const response = await call(as.admin, 'PATCH', '/api/settings', payload);
    expect(response.statusCode).toBe(422);
    expect(json(response)).toMatchObject({ error: { code: 'invalid_request' } });
    expect(json(await call(as.admin, 'GET', '/api/settings'))).toEqual(before);
  });
});

describe('custom fields', () => {
  it('adds a select field with its options and shows customers only the active ones meant for them', async () => {
    const key = uniqueKey('impact_area');
    const created = await call(as.admin, 'POST', '/api/custom-fields', {
      key,
      label: 'Impact area',
      type: 'select',
      options: ['Sales', 'Finance'],
      required: true,
      customerVisible: true,
      position: 2,
    });
    expect(created.statusCode).toBe(201);
    const select = json<CustomField>(created);
    expect(select).toMatchObject({
      key,
      type: 'select',
      options: ['Sales', 'Finance'],
      customerVisible: true,
      active: true,
    });

    const keysFor = async (person: TestPerson) =>
      json<{ customFields: CustomField[] }>(await call(person, 'GET', '/api/custom-fields')).customFields.map(
        (f) => f.key,
      );
    expect(await keysFor(as.customer)).toContain(key);
    expect(await keysFor(as.customer)).not.toContain('asset_tag');
    expect(await keysFor(as.operator)).toEqual(expect.arrayContaining([key, 'asset_tag']));

    const retired = await call(as.admin, 'PATCH', `/api/custom-fields/${select.id}`, {
      active: false,
      options: ['Sales', 'Finance', 'HR'],
    });
    expect(json(retired)).toMatchObject({ active: false, options: ['Sales', 'Finance', 'HR'] });
    expect(await keysFor(as.customer)).not.toContain(key);
    expect(await keysFor(as.operator)).toContain(key);
    const entries = await ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('target_type', '=', 'custom_field')
      .where('target_id', '=', String(select.id))
      .orderBy('id')
      .execute();
    expect(entries.map((entry) => entry.action)).toEqual(['custom_field.created', 'custom_field.updated']);
  });

  it.each([
    ['a select field without options', { type: 'select' }, 'options_required'],
    ['a text field with options', { type: 'text', options: ['a'] }, 'options_not_allowed'],
    ['the same option twice', { type: 'select', options: ['a', 'a'] }, 'invalid_request'],
    ['an unknown type', { type: 'colour' }, 'invalid_request'],
    ['a key with capitals', { type: 'text', key: 'AssetTag' }, 'invalid_request'],
    ['a key starting with a digit', { type: 'text', key: '1st_line' }, 'invalid_request'],
  ])('refuses %s with 422 and writes nothing', async (_case, fields, code) => {
    const key = uniqueKey('refused');
    const response = await call(as.admin, 'POST', '/api/custom-fields', { key, label: 'Refused', ...fields });
    expect(response.statusCode).toBe(422);
    expect(json(response)).toMatchObject({ error: { code } });
    expect(
      await ctx.db.selectFrom('custom_fields').select('id').where('label', '=', 'Refused').execute(),
    ).toEqual([]);
  });

  it('keeps the key and type for good and answers 409 for a key in use', async () => {
    for (const payload of [{ key: 'renamed' }, { type: 'number' }]) {
      const response = await call(as.admin, 'PATCH', `/api/custom-fields/${field.id}`, payload);
      expect(response.statusCode).toBe(422);
    }
    const emptied = await call(as.admin, 'PATCH', `/api/custom-fields/${field.id}`, { options: ['x'] });
    expect(json(emptied)).toMatchObject({ error: { code: 'options_not_allowed' } });
    const duplicate = await call(as.admin, 'POST', '/api/custom-fields', {
      key: 'asset_tag',
      label: 'Again',
      type: 'text',
    });
    expect(duplicate.statusCode).toBe(409);
    expect(json(duplicate)).toMatchObject({ error: { code: 'custom_field_key_taken' } });
    expect((await call(as.admin, 'PATCH', '/api/custom-fields/999999', { label: 'x' })).statusCode).toBe(404);
  });
});

describe('categories', () => {
  it('builds a tree, allows one name under different parents and answers 409 for a twin', async () => {
    const software = json<Category>(await call(as.manager, 'POST', '/api/categories', { name: 'Software' }));
    const network = json<Category>(await call(as.manager, 'POST', '/api/categories', { name: 'Network' }));
    const other = await call(as.manager, 'POST', '/api/categories', { name: 'Other', parentId: software.id });
    expect(json(other)).toMatchObject({ name: 'Other', parentId: software.id });
    expect(
      (await call(as.manager, 'POST', '/api/categories', { name: 'Other', parentId: network.id })).statusCode,
    ).toBe(201);
    const twin = await call(as.manager, 'POST', '/api/categories', { name: 'other', parentId: software.id });
    expect(twin.statusCode).toBe(409);
    expect(json(twin)).toMatchObject({ error: { code: 'category_name_taken' } });
    const listed = json<{ categories: Category[] }>(
      await call(as.customer, 'GET', '/api/categories'),
    ).categories;
    expect(
      listed
        .filter((row) => row.name === 'Other')
        .map((row) => row.parentId)
        .sort(),
    ).toEqual([software.id, network.id].sort());
  });

  it('refuses a parent that does not exist and a move that would loop', async () => {
    const unknown = await call(as.manager, 'POST', '/api/categories', { name: 'Orphan', parentId: 999_999 });
    expect(json(unknown)).toMatchObject({ error: { code: 'invalid_parent' } });
    const top = json<Category>(await call(as.manager, 'POST', '/api/categories', { name: 'Top' }));
    const middle = json<Category>(
      await call(as.manager, 'POST', '/api/categories', { name: 'Middle', parentId: top.id }),
    );
    const bottom = json<Category>(
      await call(as.manager, 'POST', '/api/categories', { name: 'Bottom', parentId: middle.id }),
    );
    for (const parentId of [top.id, bottom.id]) {
      const response = await call(as.manager, 'PATCH', `/api/categories/${top.id}`, { parentId });
      expect(response.statusCode).toBe(422);
      expect(json(response)).toMatchObject({ error: { code: 'category_cycle' } });
    }
    const stored = await ctx.db
      .selectFrom('categories')
      .select('parent_id')
      .where('id', '=', top.id)
      .executeTakeFirstOrThrow();
    expect(stored.parent_id).toBeNull();
    const moved = await call(as.manager, 'PATCH', `/api/categories/${bottom.id}`, { parentId: null });
    expect(json(moved)).toMatchObject({ parentId: null });
  });
});

describe('the API description', () => {
  it('documents every people and administration endpoint with a tag and a summary', async () => {
    const document = json<{ paths: Record<string, Record<string, { tags?: string[]; summary?: string }>> }>(
      await app.inject({ method: 'GET', url: '/api/openapi.json' }),
    );
    const expected = {
      '/api/users': ['get', 'post'],
      '/api/users/{id}': ['get', 'patch'],
      '/api/users/{id}/skills': ['put'],
      '/api/me': ['patch'],
      '/api/skills': ['get', 'post'],
      '/api/organisations': ['get', 'post'],
      '/api/organisations/{id}': ['get', 'patch'],
      '/api/teams': ['get', 'post'],
      '/api/teams/{id}': ['get', 'patch'],
      '/api/teams/{id}/members': ['put'],
      '/api/settings': ['get', 'patch'],
      '/api/custom-fields': ['get', 'post'],
      '/api/custom-fields/{id}': ['patch'],
      '/api/categories': ['get', 'post'],
      '/api/categories/{id}': ['patch'],
      '/api/audit': ['get'],
      '/api/audit/verify': ['get'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      for (const method of methods) {
        const operation = document.paths[path]?.[method];
        expect(operation?.tags?.length, `${method} ${path}`).toBeGreaterThan(0);
        expect(operation?.summary, `${method} ${path}`).toBeTruthy();
      }
    }
  });
});
