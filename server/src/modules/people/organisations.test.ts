import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createTestApp, json, type TestPerson } from '../../../test/harness.ts';
import type { Role } from '../../db/schema.ts';

const { app, ctx, factory } = await createTestApp();

type Method = 'GET' | 'POST' | 'PATCH';
const call = (person: TestPerson, method: Method, url: string, payload?: object) =>
  app.inject({ method, url, headers: person.headers, ...(payload ? { payload } : {}) });
const uniqueName = (label: string) => `${label} ${crypto.randomBytes(4).toString('hex')}`;

interface Organisation {
  id: number;
  name: string;
  domains: string[];
  notes: string | null;
  timeZone: string | null;
  peopleCount: number | null;
  openTicketCount: number | null;
}
interface OrganisationPage {
  organisations: Organisation[];
  nextCursor: string | null;
}

const acme = await factory.organisation();
const globex = await factory.organisation();
await ctx.db
  .updateTable('organisations')
  .set({ notes: 'Pays late; escalate billing to finance' })
  .where('id', '=', acme.id)
  .execute();
const acmeCustomer = await factory.person('customer', { organisationId: acme.id });
const acmeAdmin = await factory.person('client_admin', { organisationId: acme.id });
const globexAdmin = await factory.person('client_admin', { organisationId: globex.id });
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

describe('who may do what with organisations', () => {
  it.each(ROLES)('as %s', async (role) => {
    const manages = role === 'manager' || role === 'admin';
    const created = await call(as[role], 'POST', '/api/organisations', { name: uniqueName(`By ${role}`) });
    expect(created.statusCode).toBe(manages ? 201 : 403);
    const changed = await call(as[role], 'PATCH', `/api/organisations/${acme.id}`, {
      timeZone: 'Europe/London',
    });
    expect(changed.statusCode).toBe(manages ? 200 : 403);
    expect((await call(as[role], 'GET', '/api/organisations')).statusCode).toBe(200);
    expect((await call(as[role], 'GET', `/api/organisations/${acme.id}`)).statusCode).toBe(200);
    expect((await call(as[role], 'GET', `/api/organisations/${globex.id}`)).statusCode).toBe(
      role === 'customer' || role === 'client_admin' ? 404 : 200,
    );
  });
});

describe('isolation between client organisations', () => {
  it('shows a client admin their own organisation only, with its figures but not the internal notes', async () => {
    const page = json<OrganisationPage>(await call(acmeAdmin, 'GET', '/api/organisations?limit=500'));
    expect(page.organisations.map((organisation) => organisation.id)).toEqual([acme.id]);
    expect(page.organisations[0]).toMatchObject({ notes: null, peopleCount: expect.any(Number) });

    const other = await call(acmeAdmin, 'GET', `/api/organisations/${globex.id}`);
    expect(other.statusCode).toBe(404);
    expect(json(other)).toEqual({
      error: { code: 'organisation_not_found', message: 'organisation not found' },
    });
    expect(
      json<OrganisationPage>(
        await call(globexAdmin, 'GET', `/api/organisations?q=${encodeURIComponent(acme.name)}`),
      ).organisations,
    ).toEqual([]);
  });

  it('shows a customer their organisation without notes or figures', async () => {
    const mine = json<Organisation>(await call(acmeCustomer, 'GET', `/api/organisations/${acme.id}`));
    expect(mine).toMatchObject({ id: acme.id, notes: null, peopleCount: null, openTicketCount: null });
    const loner = await factory.person('customer', { organisationId: null });
    expect(json<OrganisationPage>(await call(loner, 'GET', '/api/organisations')).organisations).toEqual([]);
  });

  it('shows staff every organisation with notes, head count and open tickets', async () => {
    const figures = await factory.organisation();
    const requester = await factory.person('customer', { organisationId: figures.id });
    await factory.person('customer', { organisationId: figures.id });
    const gone = await factory.person('customer', { organisationId: figures.id });
    await call(as.admin, 'PATCH', `/api/users/${gone.user.id}`, { active: false });
    await factory.ticket(requester);
    const solved = await factory.ticket(requester);
    await call(as.operator, 'PATCH', `/api/tickets/${solved.id}`, { status: 'solved' });

    const seen = json<Organisation>(await call(as.operator, 'GET', `/api/organisations/${figures.id}`));
    expect(seen).toMatchObject({ peopleCount: 2, openTicketCount: 1, notes: '' });
    expect(json<Organisation>(await call(as.operator, 'GET', `/api/organisations/${acme.id}`)).notes).toBe(
      'Pays late; escalate billing to finance',
    );
  });
});

describe('adding and changing organisations', () => {
  it('lower-cases and de-duplicates domains and records the creation', async () => {
    const name = uniqueName('Initech');
    const response = await call(as.manager, 'POST', '/api/organisations', {
      name,
      domains: ['Initech.Example', 'initech.example', 'mail.initech.example'],
      notes: 'Two sites',
      timeZone: 'America/Chicago',
    });
    expect(response.statusCode).toBe(201);
    const organisation = json<Organisation>(response);
    expect(organisation).toMatchObject({
      name,
      domains: ['initech.example', 'mail.initech.example'],
      notes: 'Two sites',
      timeZone: 'America/Chicago',
      peopleCount: 0,
      openTicketCount: 0,
    });
    const entry = await ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'organisation.created')
      .where('target_id', '=', String(organisation.id))
      .executeTakeFirstOrThrow();
    expect(entry).toMatchObject({
      actor_id: as.manager.user.id,
      data: { name, domains: organisation.domains },
    });
  });

  it.each([
    ['a domain that is not a host name', { domains: ['not a domain'] }],
    ['a domain without a top-level part', { domains: ['intranet'] }],
    ['an e-mail address as domain', { domains: ['it@initech.example'] }],
    ['an unknown time zone', { timeZone: 'Atlantis/Capital' }],
    ['an empty name', { name: '   ' }],
  ])('refuses %s with 422 and writes nothing', async (_case, fields) => {
    const name = uniqueName('Invalid');
    const response = await call(as.admin, 'POST', '/api/organisations', { name, ...fields });
    expect(response.statusCode).toBe(422);
    expect(json(response)).toMatchObject({ error: { code: 'invalid_request' } });
    expect(await ctx.db.selectFrom('organisations').select('id').where('name', '=', name).execute()).toEqual(
      [],
    );
  });

  it('answers 409 for a name or a domain another organisation has', async () => {
    const taken = await call(as.admin, 'POST', '/api/organisations', { name: acme.name.toUpperCase() });
    expect(taken.statusCode).toBe(409);
    expect(json(taken)).toMatchObject({ error: { code: 'organisation_name_taken' } });

    const name = uniqueName('Claimer');
    const claim = await call(as.admin, 'POST', '/api/organisations', {
      name,
      domains: ['fresh.example', acme.domains[0]],
    });
    expect(claim.statusCode).toBe(409);
    expect(json(claim)).toMatchObject({
      error: { code: 'domain_taken', details: { domains: [acme.domains[0]] } },
    });
    expect(await ctx.db.selectFrom('organisations').select('id').where('name', '=', name).execute()).toEqual(
      [],
    );

    const rename = await call(as.admin, 'PATCH', `/api/organisations/${globex.id}`, { name: acme.name });
    expect(json(rename)).toMatchObject({ error: { code: 'organisation_name_taken' } });
    const steal = await call(as.admin, 'PATCH', `/api/organisations/${globex.id}`, { domains: acme.domains });
    expect(json(steal)).toMatchObject({ error: { code: 'domain_taken' } });
    // Keeping its own domains is not a clash.
    const keep = await call(as.admin, 'PATCH', `/api/organisations/${acme.id}`, {
      domains: [...acme.domains, 'new.acme.example'],
    });
    expect(keep.statusCode).toBe(200);
  });

  it('changes what is given, records what changed and refuses unknown fields', async () => {
    const organisation = await factory.organisation();
    const response = await call(as.admin, 'PATCH', `/api/organisations/${organisation.id}`, {
      name: `${organisation.name} AG`,
      notes: 'Secret arrangement',
      timeZone: null,
    });
    expect(json(response)).toMatchObject({
      name: `${organisation.name} AG`,
      notes: 'Secret arrangement',
      timeZone: null,
    });
    const entry = await ctx.db
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'organisation.updated')
      .where('target_id', '=', String(organisation.id))
      .executeTakeFirstOrThrow();
    expect(entry.data).toEqual({
      changes: { name: { from: organisation.name, to: `${organisation.name} AG` }, notes: 'changed' },
    });

    const unknown = await call(as.admin, 'PATCH', `/api/organisations/${organisation.id}`, {
      createdAt: '2020-01-01',
    });
    expect(unknown.statusCode).toBe(422);
    expect((await call(as.admin, 'PATCH', '/api/organisations/999999', { notes: 'x' })).statusCode).toBe(404);
  });

  it('pages through organisations by name', async () => {
    const tag = crypto.randomBytes(3).toString('hex');
    for (const letter of ['C', 'A', 'B']) await factory.organisation(`${letter} ${tag}`);
    const first = json<OrganisationPage>(
      await call(as.operator, 'GET', `/api/organisations?q=${tag}&limit=2`),
    );
    expect(first.organisations.map((organisation) => organisation.name)).toEqual([`A ${tag}`, `B ${tag}`]);
    const second = json<OrganisationPage>(
      await call(as.operator, 'GET', `/api/organisations?q=${tag}&limit=2&cursor=${first.nextCursor}`),
    );
    expect(second).toMatchObject({ organisations: [{ name: `C ${tag}` }], nextCursor: null });
  });
});
