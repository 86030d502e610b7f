import { describe, expect, it } from 'vitest';
import { createTestApp, json, type TestPerson } from '../../../test/harness.ts';
import type { Role } from '../../db/schema.ts';

const { app, factory } = await createTestApp();

const STAFF = ['operator', 'engineer', 'supervisor', 'manager', 'admin'] as const;
type Caller = Role | 'anonymous';
const CALLERS: Caller[] = ['anonymous', 'customer', 'client_admin', ...STAFF];
const organisation = await factory.organisation();
const people: Record<Role, TestPerson> = {
  customer: await factory.person('customer', { organisationId: organisation.id }),
  client_admin: await factory.person('client_admin', { organisationId: organisation.id }),
  operator: await factory.person('operator'),
  engineer: await factory.person('engineer'),
  supervisor: await factory.person('supervisor'),
  manager: await factory.person('manager'),
  admin: await factory.person('admin'),
};
const admin = people.admin;
const team = await factory.team(2);
const ticket = await factory.ticket(people.customer, { subject: 'VPN drops' });

type Method = 'GET' | 'POST' | 'DELETE';
const call = (caller: Caller, method: Method, url: string, payload?: object) =>
  app.inject({
    method,
    url,
    ...(caller === 'anonymous' ? {} : { headers: people[caller].headers }),
    ...(payload ? { payload } : {}),
  });

async function article(status: 'draft' | 'in_review' | 'published'): Promise<number> {
  const id = json<{ id: number }>(
    await call('admin', 'POST', '/api/kb/articles', { title: `Article ${status}` }),
  ).id;
  if (status !== 'draft') await call('admin', 'POST', `/api/kb/articles/${id}/status`, { status });
  return id;
}
const published = await article('published');
const playbook = json<{ id: number }>(
  await call('admin', 'POST', '/api/playbooks', {
    name: 'Check the cable',
    definition: {
      startStepId: 'cable',
      steps: [
        {
          id: 'cable',
          prompt: 'Is the cable plugged in?',
          answers: [{ id: 'no', label: 'No', outcomeId: 'up' }],
        },
      ],
      outcomes: [{ id: 'up', kind: 'escalate', teamId: team.id }],
    },
  }),
);
await call('admin', 'POST', `/api/playbooks/${playbook.id}/publish`, {});

const everyone = () => true;
const signedIn = (caller: Caller) => caller !== 'anonymous';
const staff = (caller: Caller) => (STAFF as readonly Caller[]).includes(caller);
const publishers = (caller: Caller) => ['engineer', 'supervisor', 'manager', 'admin'].includes(caller);
const supervisors = (caller: Caller) => ['supervisor', 'manager', 'admin'].includes(caller);

const table: {
  action: string;
  allowed: (caller: Caller) => boolean;
  status: number;
  /** Refusals are 403, or 404 where the caller may not even see the article. */
  hidden?: boolean;
  request: (caller: Caller) => Promise<{ statusCode: number }>;
}[] = [
  {
    action: 'browse categories',
    allowed: everyone,
    status: 200,
    request: (c) => call(c, 'GET', '/api/kb/categories'),
  },
  {
    action: 'search',
    allowed: everyone,
    status: 200,
    request: (c) => call(c, 'GET', '/api/kb/search?q=vpn'),
  },
  {
    action: 'read a published article',
    allowed: everyone,
    status: 200,
    request: (c) => call(c, 'GET', `/api/kb/articles/${published}`),
  },
  {
    action: 'get suggestions while writing',
    allowed: everyone,
    status: 200,
    request: (c) => call(c, 'POST', '/api/kb/suggest', { subject: 'vpn', text: '' }),
  },
  {
    action: 'vote',
    allowed: everyone,
    status: 200,
    request: (c) =>
      call(c, 'POST', `/api/kb/articles/${published}/votes`, { helpful: true, voterId: 'permission-test' }),
  },
  {
    action: 'write an article',
    allowed: staff,
    status: 201,
    request: (c) => call(c, 'POST', '/api/kb/articles', { title: 'New' }),
  },
  {
    action: 'submit a draft for review',
    allowed: staff,
    status: 200,
    hidden: true,
    request: async (c) =>
      call(c, 'POST', `/api/kb/articles/${await article('draft')}/status`, { status: 'in_review' }),
  },
  {
    action: 'publish',
    allowed: publishers,
    status: 200,
    hidden: true,
    request: async (c) =>
      call(c, 'POST', `/api/kb/articles/${await article('in_review')}/status`, { status: 'published' }),
  },
  {
    action: 'delete a draft',
    allowed: supervisors,
    status: 204,
    request: async (c) => call(c, 'DELETE', `/api/kb/articles/${await article('draft')}`),
  },
  {
    action: 'add a category',
    allowed: supervisors,
    status: 201,
    request: (c) => call(c, 'POST', '/api/kb/categories', { name: `Category for ${c}` }),
  },
  {
    action: 'read versions',
    allowed: staff,
    status: 200,
    request: (c) => call(c, 'GET', `/api/kb/articles/${published}/versions`),
  },
  {
    action: 'read votes',
    allowed: staff,
    status: 200,
    request: (c) => call(c, 'GET', `/api/kb/articles/${published}/votes`),
  },
  {
    action: 'read the deflection report',
    allowed: supervisors,
    status: 200,
    request: (c) => call(c, 'GET', '/api/kb/reports/deflection?from=2020-01-01&to=2030-01-01'),
  },
  {
    action: 'ticket suggestions',
    allowed: staff,
    status: 200,
    request: (c) => call(c, 'GET', `/api/tickets/${ticket.id}/suggestions`),
  },
  {
    action: 'article from ticket',
    allowed: staff,
    status: 201,
    request: (c) => call(c, 'POST', `/api/tickets/${ticket.id}/article-draft`, {}),
  },
  { action: 'list macros', allowed: staff, status: 200, request: (c) => call(c, 'GET', '/api/macros') },
  {
    action: 'save a personal macro',
    allowed: staff,
    status: 201,
    request: (c) => call(c, 'POST', '/api/macros', { title: 'Mine' }),
  },
  {
    action: 'save a shared macro',
    allowed: supervisors,
    status: 201,
    request: (c) => call(c, 'POST', '/api/macros', { title: 'Ours', shared: true }),
  },
  { action: 'list playbooks', allowed: staff, status: 200, request: (c) => call(c, 'GET', '/api/playbooks') },
  {
    action: 'create a playbook',
    allowed: supervisors,
    status: 201,
    request: (c) => call(c, 'POST', '/api/playbooks', { name: `Playbook of ${c}` }),
  },
  {
    action: 'run a playbook',
    allowed: staff,
    status: 201,
    request: async (c) =>
      call(c, 'POST', `/api/tickets/${(await factory.ticket(people.customer)).id}/playbook-runs`, {
        playbookId: playbook.id,
      }),
  },
];

describe('who may do what with knowledge, macros and playbooks', () => {
  for (const row of table) {
    it.each(CALLERS)(`${row.action}: %s`, async (caller) => {
      const response = await row.request(caller);
      const refused = row.hidden && !staff(caller) ? 404 : 403;
      const expected = row.allowed(caller) ? row.status : signedIn(caller) ? refused : 401;
      expect(response.statusCode).toBe(expected);
    });
  }
});

it('a read-only API token may search but not write', async () => {
  const created = await call('admin', 'POST', '/api/tokens', { name: 'reader', scopes: ['tickets:read'] });
  const headers = { authorization: `Bearer ${json<{ token: string }>(created).token}` };
  expect(
    (await app.inject({ method: 'GET', url: '/api/kb/articles?status=draft', headers })).statusCode,
  ).toBe(200);
  const write = await app.inject({
    method: 'POST',
    url: '/api/kb/articles',
    headers,
    payload: { title: 'x' },
  });
  expect(write.statusCode).toBe(403);
  expect(admin.user.role).toBe('admin');
});

it('documents every knowledge, macro and playbook route in OpenAPI with a tag and a summary', async () => {
  const document = json<{ paths: Record<string, Record<string, { tags?: string[]; summary?: string }>> }>(
    await app.inject({ method: 'GET', url: '/api/openapi.json' }),
  );
  const ours = Object.entries(document.paths).filter(([path]) =>
    /^\/api\/(kb|macros|playbooks|playbook-runs)|^\/api\/tickets\/\{id\}\/(suggestions|articles|article-draft|macros|playbook)/.test(
      path,
    ),
  );
  expect(ours.length).toBeGreaterThanOrEqual(40);
  for (const [path, operations] of ours) {
    for (const [method, operation] of Object.entries(operations)) {
      expect({
        path,
        method,
        tagged: (operation.tags?.length ?? 0) > 0,
        summary: Boolean(operation.summary),
      }).toEqual({
        path,
        method,
        tagged: true,
        summary: true,
      });
    }
  }
});
