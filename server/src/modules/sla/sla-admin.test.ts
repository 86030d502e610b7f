import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.ts';
import { caller, everyPriority, officeWeek } from './sla-api.fixtures.ts';

const { app, factory, ctx } = await createTestApp();
const managerPerson = await factory.person('manager');
const manager = caller(app, managerPerson);
const berlinFeed = readFileSync(
  new URL('../../sla/fixtures/public-holidays-berlin.ics', import.meta.url),
  'utf8',
);
const closuresFeed = readFileSync(
  new URL('../../sla/fixtures/company-closures.ics', import.meta.url),
  'utf8',
);

const configVersion = async () =>
  (await ctx.db.selectFrom('sla_config').select('version').executeTakeFirstOrThrow()).version;

describe('business calendars', () => {
  it('are validated like the engine reads them, with each problem and its path', async () => {
    const badZone = await manager('POST', '/api/business-calendars', {
      name: 'Mars',
      timeZone: '+02:00',
      weeklyHours: officeWeek,
    });
    expect(badZone.statusCode).toBe(422);
    expect(JSON.stringify(badZone.body)).toContain('timeZone');
    const overlapping = await manager('POST', '/api/business-calendars', {
      name: 'Overlap',
      timeZone: 'Europe/Berlin',
      weeklyHours: {
        ...officeWeek,
        monday: [
          { start: '09:00', end: '13:00' },
          { start: '12:00', end: '17:00' },
        ],
      },
    });
    expect(overlapping.statusCode).toBe(422);
    expect(JSON.stringify(overlapping.body)).toContain('overlaps');
    const neverOpen = await manager('POST', '/api/business-calendars', {
      name: 'Closed',
      timeZone: 'UTC',
      weeklyHours: {},
    });
    expect(neverOpen.statusCode).toBe(422);
    expect(neverOpen.body.error?.code).toBe('calendar_has_no_business_hours');
  });

  it('are created, changed, made default, and recompute open tickets on every change', async () => {
    const before = await configVersion();
    const created = await manager('POST', '/api/business-calendars', {
      name: 'Kolkata office',
      timeZone: 'Asia/Kolkata',
      weeklyHours: officeWeek,
      holidays: [{ kind: 'yearly', name: 'Republic Day', date: '01-26' }],
      isDefault: true,
    });
    expect(created.statusCode, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      timeZone: 'Asia/Kolkata',
      isDefault: true,
      weeklyHours: { saturday: [] },
    });
    expect(await configVersion()).toBe(before + 1);
    const duplicate = await manager('POST', '/api/business-calendars', {
      name: 'kolkata OFFICE',
      timeZone: 'UTC',
      weeklyHours: officeWeek,
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.body.error?.code).toBe('calendar_name_taken');

    const second = await manager('POST', '/api/business-calendars', {
      name: 'New York',
      timeZone: 'America/New_York',
      weeklyHours: officeWeek,
      isDefault: true,
    });
    const first = await manager('GET', `/api/business-calendars/${created.body.id}`);
    expect([first.body.isDefault, second.body.isDefault]).toEqual([false, true]);
    const changed = await manager('PATCH', `/api/business-calendars/${created.body.id}`, {
      timeZone: 'Asia/Tokyo',
      description: 'moved',
    });
    expect(changed.body).toMatchObject({
      timeZone: 'Asia/Tokyo',
      description: 'moved',
      holidays: [{ name: 'Republic Day' }],
    });
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', 'like', 'sla.calendar%')
      .execute();
    expect(audit.map((row) => row.action)).toEqual(
      expect.arrayContaining(['sla.calendar_created', 'sla.calendar_updated']),
    );
  });

  it('import holidays from an .ics feed and list what they skipped', async () => {
    const calendar = await manager('POST', '/api/business-calendars', {
      name: 'Berlin',
      timeZone: 'Europe/Berlin',
      weeklyHours: officeWeek,
    });
    const imported = await manager('POST', `/api/business-calendars/${calendar.body.id}/holidays/import`, {
      ics: berlinFeed,
    });
    expect(imported.statusCode).toBe(200);
    expect(imported.body).toMatchObject({ imported: 5, skipped: [] });
    const again = await manager('POST', `/api/business-calendars/${calendar.body.id}/holidays/import`, {
      ics: berlinFeed,
    });
    expect(again.body.imported).toBe(0);
    const closures = await manager('POST', `/api/business-calendars/${calendar.body.id}/holidays/import`, {
      ics: closuresFeed,
      replace: true,
    });
    expect((closures.body.skipped as unknown[]).length).toBeGreaterThan(0);
    expect(
      (closures.body.calendar as { holidays: { name: string }[] }).holidays.some((h) => h.name === 'Neujahr'),
    ).toBe(false);
    const broken = await manager('POST', `/api/business-calendars/${calendar.body.id}/holidays/import`, {
      ics: 'not a calendar',
    });
    expect(broken.statusCode).toBe(422);
    expect(broken.body.error?.code).toBe('invalid_ics');
  });

  it('cannot be deleted while a policy, organisation or team uses them', async () => {
    const calendar = await manager('POST', '/api/business-calendars', {
      name: 'Sydney',
      timeZone: 'Australia/Sydney',
      weeklyHours: officeWeek,
    });
    const team = await factory.team(2);
    await manager('PUT', `/api/business-calendars/assignments/teams/${team.id}`, {
      calendarId: calendar.body.id,
    });
    const assignments = await manager('GET', '/api/business-calendars/assignments');
    expect(assignments.body.teams).toContainEqual({ teamId: team.id, calendarId: calendar.body.id });
    const inUse = await manager('DELETE', `/api/business-calendars/${calendar.body.id}`);
    expect(inUse.statusCode).toBe(409);
    expect(inUse.body).toMatchObject({ error: { code: 'calendar_in_use', details: { teamIds: [team.id] } } });
    await manager('PUT', `/api/business-calendars/assignments/teams/${team.id}`, { calendarId: null });
    expect((await manager('DELETE', `/api/business-calendars/${calendar.body.id}`)).statusCode).toBe(204);
    expect((await manager('GET', `/api/business-calendars/${calendar.body.id}`)).statusCode).toBe(404);
  });
});

describe('SLA policies', () => {
  it('are ordered, validated and can be edited and deleted', async () => {
    const organisation = await factory.organisation();
    const first = await manager('POST', '/api/sla/policies', {
      name: 'Gold',
      conditions: { organisationIds: [organisation.id], priorities: ['P1', 'P2'] },
      pauseStatuses: ['pending'],
      atRiskFraction: 0.8,
      targets: everyPriority(
        [
          { metric: 'first_response', minutes: 30 },
          { metric: 'resolution', minutes: 480 },
        ],
        true,
      ),
    });
    expect(first.statusCode, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({
      pauseStatuses: ['pending'],
      atRiskFraction: 0.8,
      pauseOnVendor: false,
    });
    expect(first.body.targets).toHaveLength(8);
    const top = await manager('POST', '/api/sla/policies', {
      name: 'Urgent first',
      position: 0,
      targets: [],
    });
    const list = (await manager('GET', '/api/sla/policies')).body.policies as {
      id: number;
      position: number;
    }[];
    expect(list[0]).toMatchObject({ id: top.body.id, position: 0 });

    const duplicateTarget = await manager('POST', '/api/sla/policies', {
      name: 'Twice',
      targets: [
        { priority: 'P1', metric: 'resolution', minutes: 10 },
        { priority: 'P1', metric: 'resolution', minutes: 20 },
      ],
    });
    expect(duplicateTarget.statusCode).toBe(422);
    const unknownCalendar = await manager('POST', '/api/sla/policies', {
      name: 'Lost',
      calendarId: 999_999,
      targets: [],
    });
    expect(unknownCalendar.body.error?.code).toBe('invalid_calendar');
    const badPause = await manager('POST', '/api/sla/policies', {
      name: 'Solved pause',
      pauseStatuses: ['solved'],
      targets: [],
    });
    expect(badPause.statusCode).toBe(422);
    const partialOrder = await manager('PUT', '/api/sla/policies/order', { policyIds: [first.body.id] });
    expect(partialOrder.body.error?.code).toBe('invalid_policy_order');

    const edited = await manager('PATCH', `/api/sla/policies/${first.body.id}`, {
      active: false,
      targets: [],
    });
    expect(edited.body).toMatchObject({ active: false, targets: [], name: 'Gold' });
    expect((await manager('DELETE', `/api/sla/policies/${first.body.id}`)).statusCode).toBe(204);
    const remaining = (await manager('GET', '/api/sla/policies')).body.policies as { position: number }[];
    expect(remaining.map((p) => p.position)).toEqual(remaining.map((_, index) => index));
  });
});

describe('escalation rules', () => {
  it('are validated: distinct levels, real policies, active staff to page', async () => {
    const customer = await factory.person('customer');
    const dupe = await manager('POST', '/api/escalation-rules', {
      name: 'Dupe',
      levels: [
        { level: 1, trigger: { on: 'breach' }, actions: [{ kind: 'notify_team' }] },
        { level: 1, trigger: { on: 'at_risk' }, actions: [{ kind: 'notify_team' }] },
      ],
    });
    expect(dupe.statusCode).toBe(422);
    const pageCustomer = await manager('POST', '/api/escalation-rules', {
      name: 'Page',
      levels: [
        { level: 1, trigger: { on: 'breach' }, actions: [{ kind: 'page_user', userId: customer.user.id }] },
      ],
    });
    expect(pageCustomer.body.error?.code).toBe('invalid_user');
    const created = await manager('POST', '/api/escalation-rules', {
      name: 'On-call',
      metrics: ['resolution'],
      levels: [
        {
          level: 2,
          trigger: { on: 'breach', delayMinutes: 30 },
          actions: [{ kind: 'page_user', userId: managerPerson.user.id }],
        },
      ],
    });
    expect(created.statusCode).toBe(201);
    expect(created.body).toMatchObject({
      metrics: ['resolution'],
      levels: [{ level: 2, trigger: { on: 'breach', delayMinutes: 30 } }],
    });
    const renamed = await manager('PATCH', `/api/escalation-rules/${created.body.id}`, {
      name: 'On-call P1',
      active: false,
    });
    expect(renamed.body).toMatchObject({ name: 'On-call P1', active: false });
    expect((await manager('DELETE', `/api/escalation-rules/${created.body.id}`)).statusCode).toBe(204);
  });
});

describe('the API description', () => {
  it('documents every SLA, escalation and integration endpoint with a tag and a summary', async () => {
    const document = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { tags?: string[]; summary?: string }>>;
    };
    const expected: Record<string, string[]> = {
      '/api/business-calendars': ['get', 'post'],
      '/api/business-calendars/{id}': ['get', 'patch', 'delete'],
      '/api/business-calendars/{id}/holidays/import': ['post'],
      '/api/business-calendars/assignments': ['get'],
      '/api/business-calendars/assignments/organisations/{organisationId}': ['put'],
      '/api/business-calendars/assignments/teams/{teamId}': ['put'],
      '/api/sla/policies': ['get', 'post'],
      '/api/sla/policies/order': ['put'],
      '/api/sla/policies/{id}': ['get', 'patch', 'delete'],
      '/api/sla/at-risk': ['get'],
      '/api/sla/recompute': ['post'],
      '/api/tickets/{id}/sla': ['get'],
      '/api/tickets/{id}/escalate': ['post'],
      '/api/tickets/{id}/de-escalate': ['post'],
      '/api/tickets/{id}/escalation': ['get'],
      '/api/tickets/{id}/vendor-escalations': ['post'],
      '/api/vendor-escalations/{id}/close': ['post'],
      '/api/escalation-paths': ['get'],
      '/api/escalation-paths/{teamId}': ['put'],
      '/api/escalation-rules': ['get', 'post'],
      '/api/escalation-rules/{id}': ['get', 'patch', 'delete'],
      '/api/integrations': ['get', 'post'],
      '/api/integrations/{id}': ['get', 'patch', 'delete'],
      '/api/integrations/{id}/inbound': ['post'],
      '/api/tickets/{id}/bugs': ['get', 'post'],
    };
    for (const [path, methods] of Object.entries(expected)) {
      for (const method of methods) {
        const operation = document.paths[path]?.[method];
        expect(operation, `${method} ${path}`).toBeDefined();
        expect(operation?.tags?.length, `${method} ${path} tags`).toBeGreaterThan(0);
        expect(operation?.summary, `${method} ${path} summary`).toBeTruthy();
      }
    }
  });
});
