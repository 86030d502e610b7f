import { describe, expect, it } from 'vitest';
import { createTestApp, json, type TestPerson } from '../../../test/harness.ts';
import { seedKnowledgeBase } from './kb-fixtures.ts';

const LIMIT = 3;
const test = await createTestApp({ TIERLINE_KB_PUBLIC_RATE_LIMIT: String(LIMIT) });
const { app, factory } = test;
const admin = await factory.person('admin');
const organisation = await factory.organisation();
const kb = await seedKnowledgeBase(test, admin, organisation.id, [
  { key: 'vpn', title: 'VPN disconnects every few minutes', body: '<p>Switch the VPN protocol to TCP.</p>' },
  { key: 'printer', title: 'Printer shows as offline', body: '<p>Restart the print spooler.</p>' },
]);

let addresses = 0;
/** Each test speaks from its own client address, so the per-address counters start empty. */
const newAddress = () => `203.0.113.${++addresses}`;

const post = (address: string, url: string, payload: object, person?: TestPerson) =>
  app.inject({ method: 'POST', url, payload, remoteAddress: address, headers: person?.headers ?? {} });

const vote = (address: string, person?: TestPerson) =>
  post(address, `/api/kb/articles/${kb.ids.vpn}/votes`, { helpful: true, voterId: 'browser-0001' }, person);

describe('rate limits on the public help-centre routes', () => {
  it('answers 429 too_many_requests with Retry-After once an address has voted too often', async () => {
    const address = newAddress();
    for (let attempt = 0; attempt < LIMIT; attempt++) expect((await vote(address)).statusCode).toBe(200);
    const refused = await vote(address);
    expect(refused.statusCode).toBe(429);
    expect(json(refused)).toMatchObject({
      error: { code: 'too_many_requests', details: { retryAfterSeconds: expect.any(Number) } },
    });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not held back by the first one.
    expect((await vote(newAddress())).statusCode).toBe(200);
  });

  it('counts a signed-in customer as themselves, not by the address they share', async () => {
    const address = newAddress();
    for (let attempt = 0; attempt < LIMIT; attempt++) await vote(address);
    expect((await vote(address)).statusCode).toBe(429);
    const customer = await factory.person('customer', { organisationId: organisation.id });
    expect((await vote(address, customer)).statusCode).toBe(200);
  });

  it('limits deflection events per route, and gives suggestions more room', async () => {
    const address = newAddress();
    const sessionId = `limits-${Date.now().toString(36)}`;
    const suggested = await post(address, '/api/kb/suggest', { subject: 'VPN disconnects', sessionId });
    expect(json<{ articles: { articleId: number }[] }>(suggested).articles[0]?.articleId).toBe(kb.ids.vpn);
    const open = () =>
      post(address, `/api/kb/suggest/sessions/${sessionId}/opened`, { articleId: kb.ids.vpn });
    for (let attempt = 0; attempt < LIMIT; attempt++) expect((await open()).statusCode).toBe(204);
    expect((await open()).statusCode).toBe(429);
    // The other event routes count on their own.
    expect(
      (await post(address, `/api/kb/suggest/sessions/${sessionId}/resolved`, { articleId: kb.ids.vpn }))
        .statusCode,
    ).toBe(204);

    // Suggestions: one was made above; four times the limit in all.
    const statuses: number[] = [];
    for (let attempt = 1; attempt < LIMIT * 4 + 1; attempt++) {
      statuses.push((await post(address, '/api/kb/suggest', { subject: 'printer offline' })).statusCode);
    }
    expect(statuses.slice(0, -1).every((status) => status === 200)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('keeps serving an article past the limit but stops counting its views', async () => {
    const address = newAddress();
    const read = () =>
      app.inject({ method: 'GET', url: `/api/kb/articles/${kb.ids.printer}`, remoteAddress: address });
    const counts: number[] = [];
    for (let attempt = 0; attempt < LIMIT + 2; attempt++) {
      const response = await read();
      expect(response.statusCode).toBe(200);
      counts.push(json<{ viewCount: number }>(response).viewCount);
    }
    expect(counts).toEqual([1, 2, 3, 3, 3]);
    const elsewhere = await app.inject({
      method: 'GET',
      url: `/api/kb/articles/${kb.ids.printer}`,
      remoteAddress: newAddress(),
    });
    expect(json<{ viewCount: number }>(elsewhere).viewCount).toBe(4);
  });

  it('leaves staff routes alone: writing articles is not limited', async () => {
    const address = newAddress();
    for (let attempt = 0; attempt < LIMIT + 1; attempt++) {
      const created = await app.inject({
        method: 'POST',
        url: '/api/kb/articles',
        remoteAddress: address,
        headers: admin.headers,
        payload: { title: `Draft ${attempt}` },
      });
      expect(created.statusCode).toBe(201);
    }
  });
});
