import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { type APIRequestContext, type Browser, chromium, type Page, request } from 'playwright-core';
import { expect, inject, onTestFailed } from 'vitest';

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
  reportOnFailure(page, errors);
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.locator('input[type="password"]').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(options.expectPath ?? /\/(tickets|portal)/);
  return { context, page, errors };
}

/** The last lines the server under test logged (its level is warn: only trouble is there). */
function serverLogTail(): string {
  const file = inject('serverLog');
  if (!fs.existsSync(file)) return '(no log)';
  const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-20);
  return lines.length && lines[0] ? `\n  ${lines.map((line) => line.slice(0, 600)).join('\n  ')}` : 'empty';
}

/**
 * When the running test fails, prints what the page showed and what went wrong underneath:
 * uncaught errors, failed requests and server errors, and the page's accessibility tree.
 * A CI log then tells why a locator timed out without a rerun.
 */
function reportOnFailure(page: Page, errors: string[]): void {
  if (expect.getState().currentTestName === undefined) return;
  const trouble: string[] = [];
  page.on('requestfailed', (failed) =>
    trouble.push(`${failed.method()} ${failed.url()} failed: ${failed.failure()?.errorText}`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400)
      trouble.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') trouble.push(`console: ${message.text()}`);
  });
  onTestFailed(async () => {
    if (page.isClosed()) return;
    const snapshot = await page
      .locator('body')
      .ariaSnapshot({ timeout: 5_000 })
      .catch((error: Error) => `(no snapshot: ${error.message})`);
    console.log(
      [
        `Page at failure: ${page.url()}`,
        `Uncaught errors: ${errors.length ? errors.join('\n  ') : 'none'}`,
        `Requests and console: ${trouble.length ? trouble.slice(-30).join('\n  ') : 'nothing unusual'}`,
        `Server log, last lines: ${serverLogTail()}`,
        'Accessibility tree:',
        snapshot.split('\n').slice(0, 150).join('\n'),
      ].join('\n'),
    );
    await screenshot(page, `failed-${Date.now().toString(36)}`).catch(() => {});
  });
}

/** Signed-in API access for arranging data the test is not about. */
export async function apiAs(email: string, password = DEMO_PASSWORD): Promise<APIRequestContext> {
  const api = await request.newContext({ baseURL: baseUrl() });
  const response = await api.post('/api/auth/login', { data: { email, password } });
  if (!response.ok())
    throw new Error(`API sign-in as ${email} failed: ${response.status()} ${await response.text()}`);
  return api;
}

/**
 * The ticket page's composer loads after the ticket is on screen; a person presses r or n once they
 * see it, and so do the tests.
 */
export async function composerReady(page: Page): Promise<void> {
  await page.getByRole('textbox', { name: /^(Reply to the customer|Internal note)$/ }).waitFor();
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
