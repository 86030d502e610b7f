import { describe, expect, it } from 'vitest';
import { createTestApp, json } from '../../../test/harness.ts';
import { seedKnowledgeBase } from './kb-fixtures.ts';

const test = await createTestApp();
const { app, factory } = test;
const admin = await factory.person('admin');
const acme = await factory.organisation();
const kb = await seedKnowledgeBase(test, admin, acme.id);

interface Hit {
  articleId: number;
  title: string;
  titleHighlight: string;
  highlight: string;
  matchedIn: string;
}
interface SearchResult {
  results: Hit[];
  didYouMean: string | null;
  searchedFor: string;
  hasMore: boolean;
}

const search = async (q: string, extra = '') => {
  const response = await app.inject({
    method: 'GET',
    url: `/api/kb/search?q=${encodeURIComponent(q)}${extra}`,
  });
  expect(response.statusCode).toBe(200);
  return json<SearchResult>(response);
};
const titles = (result: SearchResult) => result.results.map((hit) => hit.title);

describe('knowledge base search', () => {
  it('finds an article by the words of its title, stemmed', async () => {
    const result = await search('resetting passwords');
    expect(titles(result)[0]).toBe('Reset your password');
    expect(result.results[0]?.matchedIn).toBe('title');
  });

  it('ranks title matches above articles that only mention the words in their body', async () => {
    const result = await search('password');
    const bodyOnly = result.results.findIndex((hit) => hit.articleId === kb.ids['body-only-password']);
    const inTitle = result.results.findIndex((hit) => hit.articleId === kb.ids['password-reset']);
    expect(inTitle).toBeGreaterThanOrEqual(0);
    expect(bodyOnly).toBeGreaterThan(inTitle);
    expect(result.results[bodyOnly]?.matchedIn).toBe('body');
    expect(result.results.slice(0, bodyOnly).every((hit) => hit.matchedIn === 'title')).toBe(true);
  });

  it('tolerates typos: "pasword reset" finds "Reset your password" and says what it searched', async () => {
    const result = await search('pasword reset');
    expect(titles(result)[0]).toBe('Reset your password');
    expect(result.didYouMean).toBe('password reset');
    expect(result.searchedFor).toBe('password reset');
  });

  it('falls back to similar titles when no word matches', async () => {
    const result = await search('Outlok signatur');
    expect(titles(result)).toContain('Add an email signature in Outlook');
  });

  it('highlights matches as escaped HTML', async () => {
    const result = await search('toner');
    const hit = result.results.find((candidate) => candidate.articleId === kb.ids['printer-blank']);
    expect(hit?.highlight).toContain('<mark>toner</mark>');
    const ordered = result.results.find((candidate) => candidate.articleId === kb.ids['toner-order']);
    expect(ordered?.titleHighlight).toBe('Order <mark>toner</mark> and paper');
  });

  it('supports websearch syntax: quoted phrases and excluded words', async () => {
    const phrase = await search('"print spooler"');
    expect(titles(phrase)).toEqual(['Printer shows as offline']);
    const excluded = await search('printer -toner');
    expect(titles(excluded)).toContain('Printer shows as offline');
    expect(titles(excluded)).not.toContain('Printer prints blank pages');
  });

  it('pages through results', async () => {
    const first = await search('printer', '&limit=1');
    const second = await search('printer', '&limit=1&offset=1');
    expect(first.hasMore).toBe(true);
    expect(first.results[0]?.articleId).not.toBe(second.results[0]?.articleId);
  });

  it('stems each language with its own dictionary', async () => {
    const german = await search('Druckers', '&language=de');
    expect(titles(german)).toEqual(['Drucker druckt nicht']);
    const french = await search('imprimantes', '&language=fr');
    expect(titles(french)).toEqual(['Imprimante hors ligne']);
    const english = await search('Druckers');
    expect(english.results).toHaveLength(0);
  });

  it('ranks more helpful articles higher among equal matches', async () => {
    const before = await search('laptop');
    expect(titles(before).slice(0, 2).sort()).toEqual(['Laptop battery drains quickly', 'Laptop is slow']);
    const battery = kb.ids['laptop-battery'];
    for (let index = 0; index < 5; index++) {
      await app.inject({
        method: 'POST',
        url: `/api/kb/articles/${battery}/votes`,
        payload: { helpful: true, voterId: `voter-${index}-abcdef` },
      });
    }
    const slow = kb.ids['laptop-slow'];
    await app.inject({
      method: 'POST',
      url: `/api/kb/articles/${slow}/votes`,
      payload: { helpful: false, voterId: 'grumpy-voter' },
    });
    const after = await search('laptop');
    expect(titles(after)[0]).toBe('Laptop battery drains quickly');
  });
});
