import { describe, expect, it } from 'vitest';
import { createTestApp, json } from '../../../test/harness.ts';
import { DEMO_PASSWORD, seedDemoWorkspace } from './demo-seed.ts';

const { app, ctx } = await createTestApp();
await seedDemoWorkspace(ctx);

const signIn = async (email: string) => {
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password: DEMO_PASSWORD },
  });
  return { cookie: String(login.headers['set-cookie']).split(';')[0]! };
};
const titles = async (url: string, headers: Record<string, string> = {}) =>
  json<{ articles: { title: string }[] }>(await app.inject({ method: 'GET', url, headers })).articles.map(
    (article) => article.title,
  );

describe('demo help centre', () => {
  it('shows a signed-out visitor topics with published articles, and finds one despite a typo', async () => {
    const { categories } = json<{
      categories: { name: string; parentId: number | null; articleCount: number }[];
    }>(await app.inject({ method: 'GET', url: '/api/kb/categories' }));
    const top = categories.filter((category) => category.parentId === null).map((category) => category.name);
    expect(top).toEqual(
      expect.arrayContaining([
        'Accounts and sign-in',
        'Network and VPN',
        'Email and calendar',
        'Printers and hardware',
      ]),
    );
    expect(categories.find((category) => category.name === 'Passwords')?.articleCount).toBe(1);

    const visible = await titles('/api/kb/articles?limit=100');
    expect(visible.length).toBeGreaterThanOrEqual(7);
    expect(visible).toContain('Reset your password');
    expect(visible).not.toContain('Escalating a VPN outage to the network team');
    expect(visible).not.toContain('Northwind: scanners on the warehouse Wi-Fi');
    expect(visible).not.toContain('Laptop imaging checklist');

    const search = json<{ didYouMean: string | null; results: { title: string }[] }>(
      await app.inject({ method: 'GET', url: '/api/kb/search?q=pasword' }),
    );
    expect(search.didYouMean).toBe('password');
    expect(search.results.map((hit) => hit.title)).toContain('Reset your password');
  });

  it('gives Northwind’s people their own article, and staff the stale one and the ticket it solved', async () => {
    expect(await titles('/api/kb/articles?limit=100', await signIn('noah@northwind.example'))).toContain(
      'Northwind: scanners on the warehouse Wi-Fi',
    );
    expect(await titles('/api/kb/articles?limit=100', await signIn('gita@globex.example'))).not.toContain(
      'Northwind: scanners on the warehouse Wi-Fi',
    );

    const supervisor = await signIn('supervisor@demo.tierline.local');
    expect(await titles('/api/kb/articles?stale=true', supervisor)).toEqual(['Set an out-of-office reply']);
    const printer = json<{ articles: { id: number }[] }>(
      await app.inject({ method: 'GET', url: '/api/kb/articles?title=Printer%20jams', headers: supervisor }),
    ).articles[0]!;
    const { tickets } = json<{ tickets: { subject: string }[] }>(
      await app.inject({ method: 'GET', url: `/api/kb/articles/${printer.id}/tickets`, headers: supervisor }),
    );
    expect(tickets.map((ticket) => ticket.subject)).toEqual(['Printer on 3rd floor jams']);
  });
});
