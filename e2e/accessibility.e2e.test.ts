import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demo, launchBrowser, screenshot, seriousA11yViolations, signIn } from './support/browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** Visits each page, waits for its heading, checks it with axe and keeps a screenshot. */
async function audit(page: Page, pages: { path: string; heading: string | RegExp; name: string }[]) {
  const problems: string[] = [];
  for (const target of pages) {
    await page.goto(target.path);
    await page.getByRole('heading', { name: target.heading }).first().waitFor();
    await page
      .getByRole('main')
      .locator('[aria-busy="true"], .mantine-Skeleton-root')
      .first()
      .waitFor({ state: 'detached' })
      .catch(() => {});
    await screenshot(page, target.name);
    problems.push(...(await seriousA11yViolations(page)).map((problem) => `${target.path}: ${problem}`));
  }
  return problems;
}

describe('accessibility and first load', () => {
  it('has no serious or critical axe violations on the sign-in page and the agent workspace', async () => {
    const signedOut = await browser.newContext({ baseURL: inject('baseUrl') });
    const signInPage = await signedOut.newPage();
    await signInPage.goto('/sign-in');
    await signInPage.getByRole('heading', { name: 'Sign in' }).waitFor();
    await screenshot(signInPage, 'sign-in');
    const problems = (await seriousA11yViolations(signInPage)).map((problem) => `/sign-in: ${problem}`);
    await signedOut.close();

    const agent = await signIn(browser, demo.operator.email);
    problems.push(
      ...(await audit(agent.page, [
        { path: '/tickets', heading: 'All tickets', name: 'workspace-tickets' },
        { path: '/tickets/1001', heading: 'VPN drops every 10 minutes', name: 'workspace-ticket' },
      ])),
    );
    await agent.page.keyboard.press('Shift+?');
    await agent.page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await screenshot(agent.page, 'workspace-shortcuts');
    problems.push(...(await seriousA11yViolations(agent.page)).map((problem) => `shortcuts: ${problem}`));
    await agent.page.keyboard.press('Escape');
    await agent.page.goto('/tickets/new');
    await agent.page.getByRole('heading', { name: 'New ticket' }).waitFor();
    await screenshot(agent.page, 'workspace-new-ticket');
    await agent.context.close();
    expect(problems).toEqual([]);
  });

  it('has no serious or critical axe violations in the dark theme', async () => {
    const agent = await signIn(browser, demo.operator.email, undefined, { colorScheme: 'dark' });
    const problems = await audit(agent.page, [
      { path: '/tickets/1001', heading: 'VPN drops every 10 minutes', name: 'workspace-ticket-dark' },
    ]);
    await agent.page.goto('/tickets?view=3');
    await agent.page.getByRole('table').waitFor();
    await screenshot(agent.page, 'workspace-tickets-dark');
    await agent.context.close();
    expect(problems).toEqual([]);
  });

  it('has no serious or critical axe violations in the customer portal', async () => {
    const customer = await signIn(browser, demo.customer.email, undefined, { expectPath: /\/portal/ });
    const problems = await audit(customer.page, [
      { path: '/portal', heading: 'My requests', name: 'portal-home' },
      { path: '/portal/new', heading: 'Open a request', name: 'portal-new' },
      { path: '/portal/requests/1001', heading: 'VPN drops every 10 minutes', name: 'portal-vpn-request' },
    ]);
    await customer.context.close();
    expect(problems).toEqual([]);
  });

  it('has no serious or critical axe violations in the administration', async () => {
    const admin = await signIn(browser, inject('adminEmail'), inject('adminPassword'));
    const problems = await audit(admin.page, [
      { path: '/admin/users', heading: 'Users and roles', name: 'admin-users-list' },
      { path: '/admin/settings', heading: 'Priority and lifecycle', name: 'admin-settings' },
    ]);
    for (const [path, heading, name] of [
      ['/admin/audit', 'Audit log', 'admin-audit'],
      ['/admin/teams', 'Teams and tiers', 'admin-teams'],
      ['/admin/custom-fields', 'Custom fields', 'admin-custom-fields'],
      ['/admin/tokens', 'My API tokens', 'admin-tokens'],
    ] as const) {
      await admin.page.goto(path);
      await admin.page.getByRole('heading', { name: heading }).waitFor();
      await screenshot(admin.page, name);
    }
    await admin.context.close();
    expect(problems).toEqual([]);
  });

  it('transfers under 500 KB of JavaScript for the first load of the workspace', async () => {
    // A fresh context (empty cache) signs in and opens the ticket list: everything it loads counts.
    const fresh = await browser.newContext({ baseURL: inject('baseUrl') });
    const cold = await fresh.newPage();
    let javascriptBytes = 0;
    const pending: Promise<void>[] = [];
    cold.on('requestfinished', (request) => {
      if (request.resourceType() !== 'script') return;
      pending.push(
        request.sizes().then((sizes) => {
          javascriptBytes += sizes.responseBodySize;
        }),
      );
    });
    await cold.goto('/sign-in');
    await cold.getByLabel('Email').fill(demo.operator.email);
    await cold.locator('input[type="password"]').fill('demo-password');
    await cold.getByRole('button', { name: 'Sign in' }).click();
    await cold.getByRole('table').waitFor();
    await cold.waitForLoadState('networkidle');
    await Promise.all(pending);
    console.info(
      `First load of the workspace: ${(javascriptBytes / 1024).toFixed(1)} KB of JavaScript transferred`,
    );
    expect(javascriptBytes).toBeGreaterThan(10_000);
    expect(javascriptBytes).toBeLessThan(500 * 1024);
    await fresh.close();
  });
});
