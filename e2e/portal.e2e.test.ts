import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { composerReady, demo, launchBrowser, screenshot, signIn, unique } from './support/browser.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

const markNoReload = (page: import('playwright-core').Page) =>
  page.evaluate(() => {
    (window as unknown as { e2eMarker: string }).e2eMarker = 'still here';
  });
const wasNotReloaded = (page: import('playwright-core').Page) =>
  page.evaluate(() => (window as unknown as { e2eMarker?: string }).e2eMarker === 'still here');

describe('customer portal', () => {
  it('lets a customer open a request, see the public reply but never the note, and reply; the agent sees it live', async () => {
    const subject = unique('Cannot print invoices');
    const agent = await signIn(browser, demo.operator.email);
    await agent.page.goto('/tickets');
    await agent.page.getByRole('table').waitFor();
    await markNoReload(agent.page);

    const customer = await signIn(browser, demo.customer.email, undefined, { expectPath: /\/portal/ });
    await customer.page.getByRole('link', { name: 'New request' }).click();
    await customer.page.getByLabel('Subject').fill(subject);
    await customer.page
      .getByLabel('Description')
      .fill('The print dialog closes as soon as I pick the invoice printer.');
    await customer.page.locator('input[type="file"]').setInputFiles({
      name: 'print-log.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('spooler error 0x0000011b\n'),
    });
    await customer.page.getByRole('listitem').filter({ hasText: 'print-log.txt' }).waitFor();
    await screenshot(customer.page, 'portal-new-request');
    const send = customer.page.getByRole('button', { name: 'Send request' });
    await customer.page.waitForFunction(
      () => !document.querySelector<HTMLButtonElement>('button[type="submit"]')?.disabled,
    );
    await send.click();
    await customer.page.waitForURL(/\/portal\/requests\/\d+/);
    const ticketId = Number(customer.page.url().split('/').pop());
    await customer.page.getByRole('heading', { name: subject }).waitFor();
    await customer.page.getByRole('link', { name: 'print-log.txt' }).waitFor();

    // The new request appears in the agent's list without a reload.
    await agent.page.getByRole('link', { name: subject }).click();
    await agent.page.waitForURL(`**/tickets/${ticketId}`);
    await agent.page.getByRole('heading', { name: subject }).waitFor();
    await composerReady(agent.page);

    // A note first, then the public reply.
    await agent.page.keyboard.press('n');
    await agent.page
      .getByRole('textbox', { name: 'Internal note' })
      .pressSequentially('Known spooler bug KB5005565.');
    await agent.page.keyboard.press('Control+Enter');
    await agent.page.getByRole('article', { name: /^Internal note from/ }).waitFor();
    await agent.page.keyboard.press('Escape');
    await agent.page.keyboard.press('r');
    await agent.page
      .getByRole('textbox', { name: 'Reply to the customer' })
      .pressSequentially('Please install the latest printer driver and try again.');
    await agent.page.keyboard.press('Control+Enter');
    await agent.page.getByRole('article', { name: /^Agent reply from/ }).waitFor();

    // The customer sees the reply live, and nothing of the note.
    await markNoReload(customer.page);
    await customer.page.getByText('Please install the latest printer driver').waitFor();
    expect(await customer.page.getByText('KB5005565').count()).toBe(0);
    expect(await customer.page.getByText('Internal note').count()).toBe(0);
    expect(await wasNotReloaded(customer.page)).toBe(true);
    await screenshot(customer.page, 'portal-request');

    await customer.page.getByLabel('Your reply').fill('Driver installed, printing works again. Thank you!');
    await customer.page.getByRole('button', { name: 'Send reply' }).click();
    await customer.page.getByText('Your reply was sent').waitFor();

    // The agent sees the customer's reply on the open ticket page, without a reload.
    await agent.page
      .getByRole('article', { name: `Customer message from ${demo.customer.name}` })
      .filter({ hasText: 'printing works again' })
      .waitFor();
    expect(await wasNotReloaded(agent.page)).toBe(true);
    await screenshot(agent.page, 'ticket-customer-replied');

    // The customer marks it solved and sees the status change.
    await customer.page.getByRole('button', { name: 'Mark as solved' }).click();
    await customer.page.getByRole('button', { name: 'Reopen' }).waitFor();
    await customer.page.goto('/portal');
    await customer.page.getByText('Solved and closed').click();
    await customer.page.getByRole('link', { name: subject }).waitFor();
    await screenshot(customer.page, 'portal-requests');

    expect(agent.errors).toEqual([]);
    expect(customer.errors).toEqual([]);
    await agent.context.close();
    await customer.context.close();
  });
});
