import type { APIRequestContext, Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  apiAs,
  baseUrl,
  demo,
  launchBrowser,
  screenshot,
  seriousA11yViolations,
  signIn,
} from './support/browser.ts';

let browser: Browser;
let supervisor: APIRequestContext;
beforeAll(async () => {
  browser = await launchBrowser();
  supervisor = await apiAs('supervisor@demo.tierline.local');
});
afterAll(async () => {
  await supervisor?.dispose();
  await browser?.close();
});

/** A made-up word of letters only, so search and spelling correction find this test's article alone. */
const word = (prefix: string) =>
  `${prefix}${Array.from({ length: 5 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('')}`;

/** A published public article, written and published through the API (the editor is not the point). */
async function publishArticle(title: string, summary: string, bodyHtml: string): Promise<number> {
  const created = await supervisor.post('/api/kb/articles', {
    data: { title, summary, bodyHtml, keywords: [], visibility: 'public' },
  });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: number };
  const published = await supervisor.post(`/api/kb/articles/${id}/status`, { data: { status: 'published' } });
  expect(published.status()).toBe(200);
  return id;
}

async function axeClean(page: Page, label: string) {
  expect((await seriousA11yViolations(page)).map((problem) => `${label}: ${problem}`)).toEqual([]);
}

describe('knowledge base and Tier 0 self-service', () => {
  it('suggests an article to a customer writing a request; reading it and leaving counts a deflection', async () => {
    const token = word('kestrel');
    const articleId = await publishArticle(
      `Badge reader at the ${token} gate blinks red`,
      'Hold the badge flat against the reader for two seconds.',
      `<p>The ${token} gate reader blinks red when the badge is waved past too fast. <strong>Hold the badge flat against the reader for two seconds</strong> until it turns green.</p>`,
    );
    // A customer of their own, so no other test's tickets count against this session.
    const admin = await apiAs(inject('adminEmail'), inject('adminPassword'));
    const { organisations } = (await (await admin.get('/api/organisations')).json()) as {
      organisations: { id: number; name: string }[];
    };
    const email = `${token}@globex.example`;
    const created = await admin.post('/api/users', {
      data: {
        name: `Kim ${token}`,
        email,
        role: 'customer',
        organisationId: organisations.find((organisation) => organisation.name === 'Globex Manufacturing')
          ?.id,
        password: 'customer-password-e2e',
      },
    });
    expect(created.status()).toBe(201);
    await admin.dispose();
    const startedAt = new Date(Date.now() - 60_000);

    const customer = await signIn(browser, email, 'customer-password-e2e', { expectPath: /\/portal/ });
    const { page } = customer;
    await page.getByRole('link', { name: 'New request' }).click();
    await page.getByLabel('Subject').fill(`${token} badge reader blinks red`);
    await page.getByLabel('Description').fill('I cannot get through the gate this morning.');

    const suggestions = page.getByRole('region', { name: 'Suggested articles' });
    const suggestion = suggestions.getByRole('button', {
      name: new RegExp(`Badge reader at the ${token} gate`),
    });
    await suggestion.waitFor();
    await screenshot(page, 'portal-suggestions');
    await axeClean(page, '/portal/new with suggestions');
    await suggestion.click();
    const drawer = page.getByRole('dialog', { name: 'Suggested article' });
    await drawer.getByText('Hold the badge flat against the reader for two seconds').first().waitFor();
    await screenshot(page, 'portal-suggested-article');
    await drawer.getByRole('button', { name: 'Yes, I no longer need help' }).click();
    await page.waitForURL(/\/portal$/);
    await page.getByText('Glad it helped').waitFor();

    // Nothing was sent: the customer has no request.
    const tickets = await page.evaluate(
      async () => (await (await fetch('/api/tickets')).json()) as { tickets: unknown[] },
    );
    expect(tickets.tickets).toEqual([]);

    // The supervisors' report counts it, by period and for this article.
    const to = new Date(Date.now() + 86_400_000).toISOString();
    const report = (await (
      await supervisor.get(`/api/kb/reports/deflection?from=${startedAt.toISOString()}&to=${to}&interval=day`)
    ).json()) as {
      total: { deflected: number };
      byArticle: { articleId: number; opened: number; deflected: number }[];
    };
    expect(report.total.deflected).toBeGreaterThanOrEqual(1);
    expect(report.byArticle.find((row) => row.articleId === articleId)).toMatchObject({
      opened: 1,
      deflected: 1,
    });

    expect(customer.errors).toEqual([]);
    await customer.context.close();
  });

  it('lets an anonymous visitor search the help centre with a typo and find the article', async () => {
    const token = word('heron');
    const articleId = await publishArticle(
      `Reset the ${token} docking station`,
      'Unplug the power for ten seconds.',
      '<p>Unplug the docking station’s power for ten seconds, then plug the laptop back in.</p>',
    );
    const context = await browser.newContext({ baseURL: baseUrl(), viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    await page.goto('/help');
    await page.getByRole('heading', { name: 'How can we help?' }).waitFor();
    await page.getByRole('link', { name: 'Accounts and sign-in' }).waitFor();
    await screenshot(page, 'help-centre');

    // One letter dropped: the help centre corrects it and shows the article.
    const typo = token.slice(0, 3) + token.slice(4);
    const search = page.getByRole('main').getByRole('searchbox', { name: 'Search the help centre' });
    await search.fill(typo);
    await search.press('Enter');
    await page.waitForURL(/\/help\/search\?q=/);
    await page
      .getByRole('status')
      .filter({ hasText: `Showing results for ${token}` })
      .waitFor();
    const result = page.getByRole('link', { name: `Reset the ${token} docking station` });
    await result.waitFor();
    expect(await page.locator('mark').filter({ hasText: token }).count()).toBeGreaterThan(0);
    await screenshot(page, 'help-search');
    await axeClean(page, '/help/search');

    await result.click();
    await page.waitForURL(`**/help/articles/${articleId}`);
    await page.getByRole('heading', { name: `Reset the ${token} docking station` }).waitFor();
    await page.getByText('1 view').waitFor();
    await page.getByRole('button', { name: 'Yes' }).click();
    await page.getByLabel('Anything we could add? (optional)').fill('Worked at once.');
    await page.getByRole('button', { name: 'Send comment' }).click();
    await page.getByText('your comment reaches the people who write these articles').waitFor();
    await screenshot(page, 'help-article');

    const votes = (await (await supervisor.get(`/api/kb/articles/${articleId}/votes`)).json()) as {
      votes: { helpful: boolean; comment: string; voter: unknown }[];
    };
    expect(votes.votes).toEqual([
      expect.objectContaining({ helpful: true, comment: 'Worked at once.', voter: null }),
    ]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets an agent put a suggested article into the reply and records it on the ticket', async () => {
    const token = word('plover');
    const title = `Projector in the ${token} room shows no picture`;
    const articleId = await publishArticle(
      title,
      'Switch the input to HDMI 2.',
      '<p>Press <strong>Input</strong> on the remote until HDMI 2 is selected.</p>',
    );
    const requester = await apiAs(demo.otherCustomer.email);
    const opened = await requester.post('/api/tickets', {
      data: { subject: `${token} room projector shows no picture`, body: 'The projector stays blue.' },
    });
    const ticketId = ((await opened.json()) as { id: number }).id;
    await requester.dispose();

    const agent = await signIn(browser, demo.operator.email);
    const { page } = agent;
    await page.goto(`/tickets/${ticketId}`);
    const panel = page.getByRole('region', { name: 'Knowledge' });
    await panel.getByRole('link', { name: title }).waitFor();
    await page.getByRole('textbox', { name: 'Reply to the customer' }).waitFor();
    await panel.getByRole('button', { name: `Insert a link to ${title}` }).click();
    const reply = page.getByRole('textbox', { name: 'Reply to the customer' });
    await reply.getByRole('link', { name: title }).waitFor();
    expect(await reply.getByRole('link', { name: title }).getAttribute('href')).toBe(
      `${baseUrl()}/help/articles/${articleId}`,
    );
    await panel
      .getByRole('list', { name: 'Articles used on this ticket' })
      .getByRole('link', { name: title })
      .waitFor();
    await screenshot(page, 'ticket-knowledge-panel');

    const used = (await (await supervisor.get(`/api/kb/articles/${articleId}/tickets`)).json()) as {
      tickets: { id: number }[];
    };
    expect(used.tickets.map((ticket) => ticket.id)).toEqual([ticketId]);
    expect(agent.errors).toEqual([]);
    await agent.context.close();
  });

  it('lets a supervisor write an article, publish it, compare its versions and restore one', async () => {
    const token = word('wren');
    const lead = await signIn(browser, 'supervisor@demo.tierline.local');
    const { page } = lead;
    await page.goto('/knowledge');
    await page.getByRole('heading', { name: 'Knowledge base' }).waitFor();
    await page.getByRole('link', { name: 'New article' }).click();
    await page.getByLabel('Title').fill(`Pair a ${token} headset`);
    const text = page.getByRole('textbox', { name: 'Article text' });
    await text.click();
    await text.pressSequentially('Hold the power button for five seconds.');
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.waitForURL(/\/knowledge\/articles\/\d+$/);
    const articleId = Number(page.url().split('/').pop());
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Now published').waitFor();

    await text.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Then pick it in the Bluetooth settings.');
    await page.getByLabel('What changed').fill('Added the Bluetooth step');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved as a new version').waitFor();

    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByRole('cell', { name: 'Added the Bluetooth step' }).waitFor();
    const added = page.getByRole('list', { name: 'Changes to text' }).locator('li[data-change="added"]');
    await added.filter({ hasText: 'Then pick it in the Bluetooth settings.' }).waitFor();
    await screenshot(page, 'knowledge-article-history');

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Restore version 1' }).click();
    await page.getByText('Version 1 restored').waitFor();
    const versions = (await (await supervisor.get(`/api/kb/articles/${articleId}/versions`)).json()) as {
      versions: { version: number; restoredFrom: number | null }[];
    };
    expect(versions.versions[0]).toMatchObject({ version: 3, restoredFrom: 1 });
    const article = (await (
      await supervisor.get(`/api/kb/articles/${articleId}?countView=false`)
    ).json()) as {
      status: string;
      bodyHtml: string;
    };
    expect(article.status).toBe('published');
    expect(article.bodyHtml).not.toContain('Bluetooth');
    expect(lead.errors).toEqual([]);
    await lead.context.close();
  });

  it('shows supervisors stale articles and an article’s history without accessibility problems, and the deflection report', async () => {
    const lead = await signIn(browser, 'supervisor@demo.tierline.local');
    const { page } = lead;
    await page.goto('/knowledge?scope=stale');
    await page.getByRole('link', { name: 'Set an out-of-office reply' }).click();
    await page.getByRole('heading', { name: 'Set an out-of-office reply' }).waitFor();
    await page.getByText(/Past its review date/).waitFor();
    await page.getByRole('tab', { name: 'History' }).click();
    await page.getByRole('table', { name: 'Versions' }).waitFor();
    await screenshot(page, 'knowledge-stale-article');
    await axeClean(page, '/knowledge/articles/:id');
    await page.goto('/knowledge/reports/deflection');
    await page.getByRole('heading', { name: 'Deflection', exact: true }).waitFor();
    await page.getByRole('table', { name: 'By article' }).waitFor();
    await screenshot(page, 'knowledge-deflection-report');
    expect(lead.errors).toEqual([]);
    await lead.context.close();
  });
});
