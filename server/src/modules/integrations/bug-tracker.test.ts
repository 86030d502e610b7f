import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.ts';
import { eventually } from '../../../test/processes.ts';
import { JobRunner } from '../jobs/job-runner.ts';
import { caller } from '../sla/sla-api.fixtures.ts';
import { signBody } from './webhook-signature.ts';

const { app, factory, ctx, connectionString } = await createTestApp();
const admin = caller(app, await factory.person('admin'));
const engineerPerson = await factory.person('engineer');
const engineer = caller(app, engineerPerson);
const customer = await factory.person('customer');

/** A small stand-in for a tracker: records what it receives, answers from a script. */
interface Received {
  headers: http.IncomingHttpHeaders;
  raw: string;
}
const received: Received[] = [];
const answers: { status: number; body: object }[] = [];
let nextBug = 1;
const tracker = http.createServer((request, response) => {
  let raw = '';
  request.on('data', (chunk) => {
    raw += String(chunk);
  });
  request.on('end', () => {
    received.push({ headers: request.headers, raw });
    const scripted = answers.shift();
    const id = `BUG-${nextBug++}`;
    const answer = scripted ?? { status: 201, body: { id, url: `https://tracker.example/issues/${id}` } };
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(answer.body));
  });
});
await new Promise<void>((resolve) => tracker.listen(0, '127.0.0.1', resolve));
const trackerUrl = `http://127.0.0.1:${(tracker.address() as AddressInfo).port}/bugs`;

const jobs = new JobRunner(connectionString, { info: () => {}, error: () => {} });
await jobs.start([]);
await ctx.bugs.startJobs(jobs, { retryDelaySeconds: 1 });
afterAll(async () => {
  await jobs.stop();
  await new Promise((resolve) => tracker.close(resolve));
});

const created = await admin('POST', '/api/integrations', {
  name: 'Product tracker',
  kind: 'generic',
  outboundUrl: trackerUrl,
});
const integration = created.body as { id: number; signingSecret: string; inboundSecret: string };

interface BugView {
  id: number;
  state: string;
  externalId: string | null;
  url: string | null;
  attempts: number;
}
const bugsOf = async (ticketId: number) =>
  (await engineer('GET', `/api/tickets/${ticketId}/bugs`)).body.bugs as BugView[];
const inbound = (body: object, secret = integration.inboundSecret, integrationId = integration.id) => {
  const raw = JSON.stringify(body);
  return app.inject({
    method: 'POST',
    url: `/api/integrations/${integrationId}/inbound`,
    headers: { 'content-type': 'application/json', 'x-tierline-signature': signBody(secret, raw) },
    payload: raw,
  });
};

describe('escalation to development through a tracker', () => {
  it('shows the secrets once, then only hints', async () => {
    expect(created.statusCode).toBe(201);
    expect(integration.signingSecret).toHaveLength(43);
    const again = await admin('GET', `/api/integrations/${integration.id}`);
    expect(again.body.signingSecret).toBeUndefined();
    expect(again.body.secretHints).toEqual({
      signing: `${integration.signingSecret.slice(0, 4)}…`,
      inbound: `${integration.inboundSecret.slice(0, 4)}…`,
    });
  });

  it('sends a signed webhook from a job, links the bug, and brings the fix back to the ticket', async () => {
    const ticket = await factory.ticket(customer, {
      subject: 'Export crashes on large files',
      body: 'Every export over 2 GB fails.',
    });
    await engineer('PATCH', `/api/tickets/${ticket.id}`, { assigneeId: engineerPerson.user.id });
    const before = received.length;
    const requested = await engineer('POST', `/api/tickets/${ticket.id}/bugs`, {
      integrationId: integration.id,
      title: 'Export > 2 GB crashes',
    });
    expect(requested.statusCode, JSON.stringify(requested.body)).toBe(201);
    expect(requested.body).toMatchObject({
      state: 'pending',
      externalId: null,
      title: 'Export > 2 GB crashes',
    });

    const linked = await eventually(async () => {
      const [bug] = await bugsOf(ticket.id);
      return bug?.state === 'open' ? bug : undefined;
    });
    const request = received[before];
    if (!request) throw new Error('the tracker received nothing');
    expect(request.headers['x-tierline-signature']).toBe(signBody(integration.signingSecret, request.raw));
    expect(Number(request.headers['x-tierline-timestamp'])).toBeGreaterThan(1_700_000_000);
    const payload = JSON.parse(request.raw) as {
      ticket: { id: number; subject: string; description: string };
      bug: { title: string };
      callback: { url: string };
    };
    expect(payload).toMatchObject({
      bug: { title: 'Export > 2 GB crashes' },
      ticket: {
        id: ticket.id,
        subject: 'Export crashes on large files',
        description: 'Every export over 2 GB fails.',
      },
    });
    expect(payload.callback.url).toMatch(new RegExp(`/api/integrations/${integration.id}/inbound$`));
    expect(linked.externalId).toMatch(/^BUG-\d+$/);
    expect(linked.url).toBe(`https://tracker.example/issues/${linked.externalId}`);

    const progress = await inbound({ externalId: linked.externalId, state: 'in_progress' });
    expect(progress.json()).toEqual({ updated: 1 });
    const fixed = await inbound({ externalId: linked.externalId, state: 'fixed' });
    expect(fixed.statusCode).toBe(200);
    expect((await inbound({ externalId: linked.externalId, state: 'fixed' })).json()).toEqual({ updated: 0 });

    const events = await ctx.db
      .selectFrom('ticket_events')
      .select(['type', 'data'])
      .where('ticket_id', '=', ticket.id)
      .where('type', 'like', 'bug.%')
      .orderBy('id')
      .execute();
    expect(events.map((event) => event.type)).toEqual([
      'bug.requested',
      'bug.linked',
      'bug.updated',
      'bug.updated',
      'bug.fixed',
    ]);
    const told = await ctx.db
      .selectFrom('notifications')
      .select('user_id')
      .where('ticket_id', '=', ticket.id)
      .where('kind', '=', 'bug_fixed')
      .execute();
    expect(told).toEqual([{ user_id: engineerPerson.user.id }]);
    expect((await bugsOf(ticket.id))[0]).toMatchObject({ state: 'fixed' });
  });

  it('retries when the tracker fails, and links on the next attempt', async () => {
    const ticket = await factory.ticket(customer);
    answers.push({ status: 503, body: { error: 'maintenance' } });
    await engineer('POST', `/api/tickets/${ticket.id}/bugs`, { integrationId: integration.id });
    const bug = await eventually(async () => {
      const [found] = await bugsOf(ticket.id);
      return found?.state === 'open' ? found : undefined;
    }, 20_000);
    expect(bug.attempts).toBe(2);
  });

  it('links a bug that already exists without calling the tracker', async () => {
    const ticket = await factory.ticket(customer);
    const before = received.length;
    const linked = await engineer('POST', `/api/tickets/${ticket.id}/bugs`, {
      integrationId: integration.id,
      externalId: 'BUG-900',
      url: 'https://tracker.example/issues/BUG-900',
    });
    expect(linked.body).toMatchObject({ state: 'open', externalId: 'BUG-900' });
    const twice = await engineer('POST', `/api/tickets/${ticket.id}/bugs`, {
      integrationId: integration.id,
      externalId: 'BUG-900',
    });
    expect(twice.body.error?.code).toBe('bug_already_linked');
    expect((await inbound({ externalId: 'BUG-900', state: 'closed' })).json()).toEqual({ updated: 1 });
    expect(received.length).toBe(before);
  });

  it('refuses inbound updates that are not signed with the inbound secret', async () => {
    const body = { externalId: 'BUG-900', state: 'open' };
    const wrongSecret = await inbound(body, integration.signingSecret);
    expect(wrongSecret.statusCode).toBe(401);
    expect(wrongSecret.json()).toMatchObject({ error: { code: 'invalid_signature' } });
    const unsigned = await app.inject({
      method: 'POST',
      url: `/api/integrations/${integration.id}/inbound`,
      payload: body,
    });
    expect(unsigned.statusCode).toBe(401);
    const otherIntegration = await inbound(body, integration.inboundSecret, integration.id + 1000);
    expect(otherIntegration.statusCode).toBe(401);
    const raw = JSON.stringify(body);
    const tampered = await app.inject({
      method: 'POST',
      url: `/api/integrations/${integration.id}/inbound`,
      headers: {
        'content-type': 'application/json',
        'x-tierline-signature': signBody(integration.inboundSecret, raw),
      },
      payload: raw.replace('open', 'fixed'),
    });
    expect(tampered.statusCode).toBe(401);
    const unknownBug = await inbound({ externalId: 'BUG-404', state: 'fixed' });
    expect(unknownBug.statusCode).toBe(404);
    const badState = await inbound({ externalId: 'BUG-900', state: 'exploded' });
    expect(badState.statusCode).toBe(422);
  });
});
