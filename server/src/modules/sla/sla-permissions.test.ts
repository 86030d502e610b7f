import { describe, expect, it } from 'vitest';
import { createTestApp, type TestPerson } from '../../../test/harness.ts';
import type { Role } from '../../db/schema.ts';
import { caller, officeWeek } from './sla-api.fixtures.ts';

const { app, factory } = await createTestApp();
const organisation = await factory.organisation();
const requester = await factory.person('customer', { organisationId: organisation.id });
const ROLES: Role[] = ['customer', 'client_admin', 'operator', 'engineer', 'supervisor', 'manager', 'admin'];
const people = new Map<Role, TestPerson>();
for (const role of ROLES) {
  people.set(
    role,
    role === 'customer'
      ? requester
      : await factory.person(role, { organisationId: role === 'client_admin' ? organisation.id : undefined }),
  );
}
const STAFF: Role[] = ['operator', 'engineer', 'supervisor', 'manager', 'admin'];
const MANAGERS: Role[] = ['manager', 'admin'];

const tier2 = await factory.team(2);
const calendar = await caller(app, people.get('admin') as TestPerson)('POST', '/api/business-calendars', {
  name: 'Shared',
  timeZone: 'UTC',
  weeklyHours: officeWeek,
});
const integration = await caller(app, people.get('admin') as TestPerson)('POST', '/api/integrations', {
  name: 'Tracker',
  kind: 'jira',
  outboundUrl: 'http://127.0.0.1:9/never',
});
let sequence = 0;

interface Case {
  name: string;
  allowed: Role[];
  /** Builds a fresh request for each role (fresh tickets, unique names). */
  request: () => Promise<{
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
    url: string;
    payload?: object;
  }>;
}

/** A ticket of the requester's organisation, so the customer and the client admin can see it. */
const ticketId = async () => (await factory.ticket(requester)).id;

const cases: Case[] = [
  {
    name: 'read calendars',
    allowed: STAFF,
    request: async () => ({ method: 'GET', url: '/api/business-calendars' }),
  },
  {
    name: 'create a calendar',
    allowed: MANAGERS,
    request: async () => ({
      method: 'POST',
      url: '/api/business-calendars',
      payload: { name: `C${sequence++}`, timeZone: 'UTC', weeklyHours: officeWeek },
    }),
  },
  {
    name: 'assign a calendar to an organisation',
    allowed: MANAGERS,
    request: async () => ({
      method: 'PUT',
      url: `/api/business-calendars/assignments/organisations/${organisation.id}`,
      payload: { calendarId: calendar.body.id },
    }),
  },
  {
    name: 'read policies',
    allowed: STAFF,
    request: async () => ({ method: 'GET', url: '/api/sla/policies' }),
  },
  {
    name: 'create a policy',
    allowed: MANAGERS,
    request: async () => ({
      method: 'POST',
      url: '/api/sla/policies',
      payload: { name: `P${sequence++}`, active: false, targets: [] },
    }),
  },
  {
    name: 'request a recompute',
    allowed: MANAGERS,
    request: async () => ({ method: 'POST', url: '/api/sla/recompute' }),
  },
  {
    name: 'see tickets at risk across teams',
    allowed: ['supervisor', 'manager', 'admin'],
    request: async () => ({ method: 'GET', url: '/api/sla/at-risk' }),
  },
  {
    name: 'read escalation rules',
    allowed: STAFF,
    request: async () => ({ method: 'GET', url: '/api/escalation-rules' }),
  },
  {
    name: 'create an escalation rule',
    allowed: MANAGERS,
    request: async () => ({
      method: 'POST',
      url: '/api/escalation-rules',
      payload: {
        name: `R${sequence++}`,
        active: false,
        levels: [{ level: 1, trigger: { on: 'breach' }, actions: [{ kind: 'notify_team' }] }],
      },
    }),
  },
  {
    name: 'set escalation paths',
    allowed: MANAGERS,
    request: async () => ({
      method: 'PUT',
      url: `/api/escalation-paths/${tier2.id}`,
      payload: { toTeamIds: [] },
    }),
  },
  {
    name: 'list integrations',
    allowed: STAFF,
    request: async () => ({ method: 'GET', url: '/api/integrations' }),
  },
  {
    name: 'add an integration',
    allowed: ['admin'],
    request: async () => ({
      method: 'POST',
      url: '/api/integrations',
      payload: { name: `I${sequence++}`, kind: 'github', outboundUrl: 'https://example.test/hook' },
    }),
  },
  {
    name: "see a ticket's SLA and why",
    allowed: STAFF,
    request: async () => ({ method: 'GET', url: `/api/tickets/${await ticketId()}/sla` }),
  },
  {
    name: "see a ticket's escalation panel",
    allowed: STAFF,
    request: async () => ({ method: 'GET', url: `/api/tickets/${await ticketId()}/escalation` }),
  },
  {
    name: 'escalate a ticket',
    allowed: STAFF,
    request: async () => ({
      method: 'POST',
      url: `/api/tickets/${await ticketId()}/escalate`,
      payload: { teamId: tier2.id, summary: 'Tried everything' },
    }),
  },
  {
    name: 'escalate to a vendor',
    allowed: STAFF,
    request: async () => ({
      method: 'POST',
      url: `/api/tickets/${await ticketId()}/vendor-escalations`,
      payload: { vendorName: 'V', vendorReference: 'R' },
    }),
  },
  {
    name: 'create a bug',
    allowed: STAFF,
    request: async () => ({
      method: 'POST',
      url: `/api/tickets/${await ticketId()}/bugs`,
      payload: { integrationId: integration.body.id },
    }),
  },
];

describe.each(cases)('$name', ({ allowed, request }) => {
  it.each(ROLES)('as %s', async (role) => {
    const person = people.get(role);
    if (!person) throw new Error(role);
    const { method, url, payload } = await request();
    const response = await caller(app, person)(method, url, payload);
    if (allowed.includes(role)) {
      expect([200, 201, 202, 204], `${role} ${method} ${url}: ${JSON.stringify(response.body)}`).toContain(
        response.statusCode,
      );
    } else {
      expect(response.statusCode, `${role} ${method} ${url}`).toBe(403);
      expect(response.body.error?.code).toBe('permission_denied');
    }
  });
});

describe('tickets out of sight', () => {
  it('answer 404, never 403, to a customer of another organisation', async () => {
    const stranger = await factory.person('customer');
    const id = await ticketId();
    const response = await caller(app, stranger)('GET', `/api/tickets/${id}/sla`);
    expect(response.statusCode).toBe(404);
  });

  it('need the admin scope on an API token to change SLA configuration', async () => {
    const manager = people.get('manager') as TestPerson;
    const token = await caller(app, manager)('POST', '/api/tokens', {
      name: 'read only',
      scopes: ['tickets:read'],
    });
    const auth = { authorization: `Bearer ${token.body.token as string}` };
    const read = await app.inject({ method: 'GET', url: '/api/sla/policies', headers: auth });
    expect(read.statusCode).toBe(200);
    const write = await app.inject({
      method: 'POST',
      url: '/api/sla/policies',
      headers: auth,
      payload: { name: 'via token', targets: [] },
    });
    expect(write.statusCode).toBe(403);
    expect(write.json()).toMatchObject({ error: { code: 'token_scope_missing' } });
  });
});
