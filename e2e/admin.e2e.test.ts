import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { demo, launchBrowser, screenshot, signIn, unique } from './support/browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('administration', () => {
  it('lets an admin create a user who can then sign in', async () => {
    const admin = await signIn(browser, inject('adminEmail'), inject('adminPassword'));
    await admin.page.getByRole('button', { name: /Account menu/ }).click();
    await admin.page.getByRole('menuitem', { name: 'Administration' }).click();
    await admin.page.waitForURL('**/admin/users');
    await admin.page.getByRole('heading', { name: 'Users and roles' }).waitFor();

    const name = unique('Petra Platform');
    const email = `${name.split(' ').at(-1)}@e2e.test`;
    await admin.page.getByRole('button', { name: 'New user' }).click();
    const dialog = admin.page.getByRole('dialog', { name: 'New user' });
    await dialog.getByLabel('Name').fill(name);
    await dialog.getByLabel('Email').fill(email);
    await dialog.getByRole('combobox', { name: 'Role' }).click();
    await admin.page.getByRole('option', { name: 'Engineer' }).click();
    await dialog.getByLabel('Position').fill('Platform engineer');
    await dialog.locator('input[type="password"]').fill('a-long-enough-password');
    await screenshot(admin.page, 'admin-new-user');
    await dialog.getByRole('button', { name: 'Create user' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await admin.page.getByRole('row').filter({ hasText: email }).waitFor();
    await screenshot(admin.page, 'admin-users');

    const newcomer = await signIn(browser, email, 'a-long-enough-password', { expectPath: /\/tickets/ });
    await newcomer.page.getByRole('button', { name: `Account menu for ${name}` }).waitFor();
    expect(newcomer.errors).toEqual([]);
    await newcomer.context.close();
    await admin.context.close();
  });

  it('sends people whose session ended back to sign in, and then to where they were', async () => {
    const { context, page } = await signIn(browser, demo.operator.email);
    await page.getByRole('table').waitFor();
    await context.clearCookies();
    await page.getByRole('link', { name: /^All open/ }).click();
    await page.waitForURL('**/sign-in');
    await page.getByText('Your session has ended').waitFor();
    await page.getByLabel('Email').fill(demo.operator.email);
    await page.locator('input[type="password"]').fill('demo-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/tickets\?view=\d+/);
    await page.getByRole('heading', { name: 'All open' }).waitFor();
    await context.close();
  });
});
