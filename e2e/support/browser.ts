import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type APIRequestContext, type Browser, chromium, type Page, request } from 'playwright-core';
import { inject } from 'vitest';

export const DEMO_PASSWORD = 'demo-password';
export const demo = {
  operator: { email: 'operator@demo.tierline.local', name: 'Olivia Operator' },
  engineer: { email: 'engineer@demo.tierline.local', name: 'Erin Engineer' },
  customer: { email: 'noah@northwind.example', name: 'Noah Northwind' },
  otherCustomer: { email: 'chris@contoso.example', name: 'Chris Contoso' },
} as const;

export const baseUrl = () => inject('baseUrl');
const screenshotDir = path.resolve(import.meta.dirname, '../../screenshots');

/** Debian's Chromium, headless: a test tool's own browser download cannot work on this machine. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

export interface SignInOptions {
  colorScheme?: 'light' | 'dark';
  /** Where the person should land after signing in. */
  expectPath?: RegExp;
}

/** A fresh browser context (own cookies) signed in through the sign-in page, as a person would. */
export async function signIn(
  browser: Browser,
  email: string,
  password = DEMO_PASSWORD,
  options: SignInOptions = {},
) {
  const context = await browser.newContext({
    baseURL: baseUrl(),
    viewport: { width: 1440, height: 900 },
    colorScheme: options.colorScheme ?? 'light',
    timezoneId: 'Europe/Berlin',
    // No transitions: accessibility checks read settled colours, not a dialog halfway faded in.
    reducedMotion: 'reduce',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.locator('input[type="password"]').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(options.expectPath ?? /\/(tickets|portal)/);
  return { context, page, errors };
}

/** Signed-in API access for arranging data the test is not about. */
export async function apiAs(email: string, password = DEMO_PASSWORD): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL: baseUrl() });
  const response = await api.post('/api/auth/login', { data: { email, password } });
  if (!response.ok())
    throw new Error(`API sign-in as ${email} failed: ${response.status()} ${await response.text()}`);
  return api;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: path.join(screenshotDir, `${name}.png`) });
}

/** axe-core with the WCAG 2.1 A/AA rules; serious and critical findings fail the test. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    // Only violations are read; skipping details of passing checks halves the time on a small machine.
    .options({ resultTypes: ['violations'] })
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join(' | ')}`,
    );
}

export const unique = (label: string) =>
  `${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`;
