import { describe, expect, it } from 'vitest';
import { createTestApp, json, type TestPerson } from '../../../test/harness.ts';
import { type FixtureArticle, seedKnowledgeBase } from './kb-fixtures.ts';

const test = await createTestApp();
const { app, factory, clock } = test;
const admin = await factory.person('admin');
const supervisor = await factory.person('supervisor');
const organisation = await factory.organisation();
const articles: FixtureArticle[] = [
  { key: 'vpn', title: 'VPN disconnects every few minutes', body: '<p>Switch the VPN protocol to TCP.</p>' },
  { key: 'printer', title: 'Printer shows as offline', body: '<p>Restart the print spooler.</p>' },
  { key: 'password', title: 'Reset your password', body: '<p>Use the Forgot password link.</p>' },
];
const kb = await seedKnowledgeBase(test, admin, organisation.id, articles);
const periodStart = new Date(clock.now.getTime() - 60_000);

const post = (person: TestPerson | null, url: string, payload: object) =>
  app.inject({ method: 'POST', url, payload, ...(person ? { headers: person.headers } : {}) });

let sessions = 0;
/** A customer writing a request: suggestions as they type, under one session id. */
async function writeRequest(person: TestPerson | null, subject: string) {
  const sessionId = `session-${++sessions}-${Date.now().toString(36)}`;
  const response = await post(person, '/api/kb/suggest', {
    subject,
    text: 'It started this morning',
    sessionId,
  });
  const articleIds = json<{ articles: { articleId: number }[] }>(response).articles.map(
    (hit) => hit.articleId,
  );
  return { sessionId, articleIds };
}

interface Report {
  total: {
    sessions: number;
    decided: number;
    opened: number;
    deflected: number;
    ticketed: number;
    rate: number | null;
  };
  byPeriod: { periodStart: string; sessions: number; deflected: number }[];
  byArticle: {
    articleId: number;
    suggested: number;
    opened: number;
    deflected: number;
    rate: number | null;
  }[];
}
const report = async (person: TestPerson = supervisor) => {
  const from = periodStart.toISOString();
  const to = new Date(clock.now.getTime() + 86_400_000).toISOString();
  const response = await app.inject({
    method: 'GET',
    url: `/api/kb/reports/deflection?from=${from}&to=${to}&interval=day`,
    headers: person.headers,
  });
  return { status: response.statusCode, body: json<Report>(response) };
};

describe('Tier 0 deflection', () => {
  it('counts a session as deflected when a suggested article was opened and no ticket followed', async () => {
    // 1. Anonymous visitor opens the VPN article and leaves.
    const left = await writeRequest(null, 'VPN keeps disconnecting');
    expect(left.articleIds[0]).toBe(kb.ids.vpn);
    expect(
      (await post(null, `/api/kb/suggest/sessions/${left.sessionId}/opened`, { articleId: kb.ids.vpn }))
        .statusCode,
    ).toBe(204);

    // 2. A signed-in customer opens the printer article, then opens a ticket anyway.
    const customer = await factory.person('customer', { organisationId: organisation.id });
    const ticketed = await writeRequest(customer, 'Printer offline');
    await post(customer, `/api/kb/suggest/sessions/${ticketed.sessionId}/opened`, {
      articleId: kb.ids.printer,
    });
    expect(
      (await post(customer, '/api/tickets', { subject: 'Printer offline', body: 'Still offline' }))
        .statusCode,
    ).toBe(201);

    // 3. A customer says "that solved it" on the password article.
    const happy = await factory.person('customer', { organisationId: organisation.id });
    const solved = await writeRequest(happy, 'Forgot my password');
    await post(happy, `/api/kb/suggest/sessions/${solved.sessionId}/resolved`, {
      articleId: kb.ids.password,
    });

    // 4. Suggestions shown, nothing opened.
    await writeRequest(null, 'printer offline again');

    // 5. A web form reports that its visitor submitted a ticket after opening an article.
    const viaForm = await writeRequest(null, 'VPN drops');
    await post(null, `/api/kb/suggest/sessions/${viaForm.sessionId}/opened`, { articleId: kb.ids.vpn });
    await post(null, `/api/kb/suggest/sessions/${viaForm.sessionId}/submitted`, {});

    const early = await report();
    expect(early.status).toBe(200);
    // Only the explicit "solved it" and the submitted/ticketed sessions are decided before expiry.
    expect(early.body.total).toMatchObject({ sessions: 5, decided: 3, deflected: 1, ticketed: 2 });

    clock.advance(31 * 60_000);
    const late = await report();
    expect(late.body.total).toEqual({
      sessions: 5,
      decided: 5,
      opened: 4,
      deflected: 2,
      ticketed: 2,
      rate: 0.4,
    });
    expect(late.body.byPeriod).toHaveLength(1);
    const byArticle = new Map(late.body.byArticle.map((row) => [row.articleId, row]));
    expect(byArticle.get(kb.ids.vpn ?? 0)).toMatchObject({ opened: 2, deflected: 1, rate: 0.5 });
    expect(byArticle.get(kb.ids.printer ?? 0)).toMatchObject({
      suggested: 2,
      opened: 1,
      deflected: 0,
      rate: 0,
    });
    expect(byArticle.get(kb.ids.password ?? 0)).toMatchObject({ opened: 1, deflected: 1, rate: 1 });
  });

  it('a ticket after "that solved it" takes the deflection back', async () => {
    const before = (await report()).body.total.deflected;
    const customer = await factory.person('customer', { organisationId: organisation.id });
    const session = await writeRequest(customer, 'password reset link');
    await post(customer, `/api/kb/suggest/sessions/${session.sessionId}/resolved`, {
      articleId: kb.ids.password,
    });
    expect((await report()).body.total.deflected).toBe(before + 1);
    await post(customer, '/api/tickets', { subject: 'Still locked out', body: 'The link did not work' });
    expect((await report()).body.total.deflected).toBe(before);
  });

  it('refuses articles the session did not suggest and sessions of someone else', async () => {
    const customer = await factory.person('customer', { organisationId: organisation.id });
    const session = await writeRequest(customer, 'VPN problem');
    const notSuggested = await post(customer, `/api/kb/suggest/sessions/${session.sessionId}/opened`, {
      articleId: kb.ids.password,
    });
    expect(json(notSuggested)).toMatchObject({ error: { code: 'article_not_suggested' } });
    const stranger = await post(null, `/api/kb/suggest/sessions/${session.sessionId}/opened`, {
      articleId: kb.ids.vpn,
    });
    expect(stranger.statusCode).toBe(404);
    const unknown = await post(null, '/api/kb/suggest/sessions/never-started-1/resolved', {});
    expect(unknown.statusCode).toBe(404);
  });

  it('the report is for supervisors and up', async () => {
    expect((await report(await factory.person('operator'))).status).toBe(403);
    expect((await report(await factory.person('customer'))).status).toBe(403);
    expect((await report(await factory.person('manager'))).status).toBe(200);
  });
});
