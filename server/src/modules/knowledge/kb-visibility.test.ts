import { describe, expect, it } from 'vitest';
import { createTestApp, json, type TestPerson } from '../../../test/harness.ts';
import { seedKnowledgeBase } from './kb-fixtures.ts';

const test = await createTestApp();
const { app, factory } = test;
const admin = await factory.person('admin');
const acme = await factory.organisation();
const globex = await factory.organisation();
const kb = await seedKnowledgeBase(test, admin, acme.id);

const readers: [string, TestPerson | null][] = [
  ['anonymous', null],
  ['customer of another organisation', await factory.person('customer', { organisationId: globex.id })],
  ['customer of the organisation', await factory.person('customer', { organisationId: acme.id })],
  ['client admin of the organisation', await factory.person('client_admin', { organisationId: acme.id })],
  ['operator', await factory.person('operator')],
];
const staff = (name: string) => name === 'operator';
const inAcme = (name: string) => name.endsWith('of the organisation');

/** What each kind of article means for each reader. */
const expected = (name: string): Record<string, boolean> => ({
  'password-reset': true,
  'internal-escalation': staff(name),
  'internal-falcon': staff(name),
  'acme-sso': staff(name) || inAcme(name),
  'draft-printer': staff(name),
  'review-quantum': staff(name),
  'archived-fax': staff(name),
});

const get = (person: TestPerson | null, url: string) =>
  app.inject({ method: 'GET', url, ...(person ? { headers: person.headers } : {}) });
const post = (person: TestPerson | null, url: string, payload: object) =>
  app.inject({ method: 'POST', url, payload, ...(person ? { headers: person.headers } : {}) });

describe('who reads which article', () => {
  it.each(readers)('%s: reads an article only when allowed (404 otherwise)', async (name, person) => {
    for (const [key, allowed] of Object.entries(expected(name))) {
      const response = await get(person, `/api/kb/articles/${kb.ids[key]}`);
      expect({ key, status: response.statusCode }).toEqual({ key, status: allowed ? 200 : 404 });
    }
  });

  it.each(readers)('%s: lists only what they may read; staff filter by status', async (name, person) => {
    const listed = json<{ articles: { id: number }[] }>(
      await get(person, '/api/kb/articles?limit=200'),
    ).articles.map((article) => article.id);
    for (const [key, allowed] of Object.entries(expected(name))) {
      // Staff lists leave archived articles out unless asked for.
      const shown = allowed && key !== 'archived-fax';
      expect({ key, listed: listed.includes(kb.ids[key] ?? 0) }).toEqual({ key, listed: shown });
    }
    const drafts = json<{ articles: { id: number }[] }>(await get(person, '/api/kb/articles?status=draft'));
    expect(drafts.articles.some((article) => article.id === kb.ids['draft-printer'])).toBe(staff(name));
  });

  it.each(readers)('%s: search and suggestions never return what they may not read', async (name, person) => {
    const queries: [string, string][] = [
      ['internal-escalation', 'escalate VPN outage network team'],
      ['internal-falcon', 'Falconbridge runbook'],
      ['acme-sso', 'Zephyrgate single sign-on portal'],
      ['draft-printer', 'printer driver rollout'],
      ['review-quantum', 'Quantumleaf backup agent'],
      ['archived-fax', 'send a fax'],
    ];
    for (const [key, words] of queries) {
      const allowed =
        expected(name)[key] === true && !['draft-printer', 'review-quantum', 'archived-fax'].includes(key);
      const found = json<{ results: { articleId: number }[] }>(
        await get(person, `/api/kb/search?q=${encodeURIComponent(words)}`),
      ).results.some((hit) => hit.articleId === kb.ids[key]);
      const suggested = json<{ articles: { articleId: number }[] }>(
        await post(person, '/api/kb/suggest', { subject: words, text: '' }),
      ).articles.some((hit) => hit.articleId === kb.ids[key]);
      expect({ key, found, suggested }).toEqual({ key, found: allowed, suggested: allowed });
    }
  });

  it('staff search drafts and articles in review when they ask for them', async () => {
    const operator = readers[4]?.[1] ?? null;
    const hits = json<{ results: { articleId: number }[] }>(
      await get(operator, '/api/kb/search?q=Quantumleaf&status=in_review,draft'),
    );
    expect(hits.results.map((hit) => hit.articleId)).toEqual([kb.ids['review-quantum']]);
    const customer = readers[2]?.[1] ?? null;
    const asCustomer = json<{ results: unknown[] }>(
      await get(customer, '/api/kb/search?q=Quantumleaf&status=in_review'),
    );
    expect(asCustomer.results).toEqual([]);
  });

  it('"did you mean" offers only words of articles the reader may read', async () => {
    const anonymous = json<{ didYouMean: string | null }>(await get(null, '/api/kb/search?q=Falconbrige'));
    expect(anonymous.didYouMean).toBeNull();
    const operator = readers[4]?.[1] ?? null;
    const asStaff = json<{ didYouMean: string | null; results: { articleId: number }[] }>(
      await get(operator, '/api/kb/search?q=Falconbrige'),
    );
    expect(asStaff.didYouMean).toBe('falconbridge');
    expect(asStaff.results.map((hit) => hit.articleId)).toContain(kb.ids['internal-falcon']);
  });

  it('category counts follow the same rules', async () => {
    const category = json<{ id: number }>(
      await post(admin, '/api/kb/categories', { name: 'Accounts', description: 'Sign-in and passwords' }),
    );
    for (const key of ['password-reset', 'internal-falcon']) {
      await app.inject({
        method: 'PATCH',
        url: `/api/kb/articles/${kb.ids[key]}`,
        headers: admin.headers,
        payload: { categoryId: category.id },
      });
    }
    const count = async (person: TestPerson | null) =>
      json<{ categories: { id: number; articleCount: number }[] }>(
        await get(person, '/api/kb/categories'),
      ).categories.find((row) => row.id === category.id)?.articleCount;
    expect(await count(null)).toBe(1);
    expect(await count(readers[4]?.[1] ?? null)).toBe(2);
  });

  it('a restricted article stays hidden from its organisation once it is made internal', async () => {
    const member = readers[2]?.[1] ?? null;
    expect((await get(member, `/api/kb/articles/${kb.ids['acme-sso']}`)).statusCode).toBe(200);
    await app.inject({
      method: 'PATCH',
      url: `/api/kb/articles/${kb.ids['acme-sso']}`,
      headers: admin.headers,
      payload: { visibility: 'internal' },
    });
    expect((await get(member, `/api/kb/articles/${kb.ids['acme-sso']}`)).statusCode).toBe(404);
    const found = json<{ results: { articleId: number }[] }>(
      await get(member, '/api/kb/search?q=Zephyrgate'),
    );
    expect(found.results).toEqual([]);
  });
});
