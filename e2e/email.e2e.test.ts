import nodemailer from 'nodemailer';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  composerReady,
  demo,
  launchBrowser,
  screenshot,
  seriousA11yViolations,
  signIn,
  unique,
} from './support/browser.ts';
import { UNDELIVERABLE_DOMAIN } from './support/mail-relay.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('email channel', () => {
  const tag = unique('desk').split(' ')[1] ?? 'x';
  const support = `desk-${tag}@e2e.test`;
  // The test relay refuses this domain: replies to these two cannot be delivered.
  const customer = `mia-${tag}@${UNDELIVERABLE_DOMAIN}`;
  const colleague = `carl-${tag}@${UNDELIVERABLE_DOMAIN}`;
  const subject = unique('VPN client crashes');
  let ticketId = 0;

  it('turns a mail to a support address an admin added into a ticket the agent reads with its email details', async () => {
    // The admin adds the support address in Administration › Email.
    const admin = await signIn(browser, inject('adminEmail'), inject('adminPassword'));
    await admin.page.goto('/admin/email');
    await admin.page.getByRole('heading', { name: 'Email' }).waitFor();
    await admin.page.getByRole('button', { name: 'New address' }).click();
    const dialog = admin.page.getByRole('dialog', { name: 'New support address' });
    await dialog.getByRole('textbox', { name: 'Address' }).fill(support);
    await dialog.getByRole('textbox', { name: 'Sender name' }).fill('E2E Support');
    await dialog.getByRole('combobox', { name: 'Team' }).click();
    await admin.page.getByRole('option').first().click();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await admin.page.getByRole('row').filter({ hasText: support }).waitFor();
    await screenshot(admin.page, 'email-admin-addresses');
    await admin.context.close();

    // A customer's mail client delivers over SMTP into Tierline's listener.
    const transport = nodemailer.createTransport({
      host: '127.0.0.1',
      port: inject('smtpPort'),
      secure: false,
      ignoreTLS: true,
    });
    try {
      await transport.sendMail({
        from: `"Mia Mailer" <${customer}>`,
        to: support,
        cc: `"Carl Colleague" <${colleague}>`,
        subject,
        text: [
          'The VPN client crashes right after start.',
          '',
          'On Mon, 3 Mar 2025 at 10:00, E2E Support <desk@e2e.test> wrote:',
          '> Please send us the log file.',
        ].join('\n'),
        html: [
          '<p>The VPN client crashes right after start.</p>',
          '<p><img src="https://cdn.mailer.example/crash.png" alt="crash dialog"></p>',
          '<div class="gmail_quote">On Mon, 3 Mar 2025 at 10:00, E2E Support &lt;desk@e2e.test&gt; wrote:',
          '<blockquote class="gmail_quote"><p>Please send us the log file.</p></blockquote></div>',
        ].join(''),
      });
    } finally {
      transport.close();
    }

    // The agent finds the new ticket and reads the mail as it came.
    const { context, page, errors } = await signIn(browser, demo.operator.email);
    await page.getByRole('link', { name: /^Unassigned/ }).click();
    await page.getByRole('link', { name: subject }).click();
    await page.getByRole('heading', { name: subject }).waitFor();
    ticketId = Number(new URL(page.url()).pathname.split('/').at(-1));
    const mail = page.getByRole('article', { name: /^Customer message from/ }).first();
    const details = mail.getByRole('group', { name: 'Email details' });
    await details.getByText(`Mia Mailer <${customer}>`).waitFor();
    await details.getByText(`Carl Colleague <${colleague}>`).waitFor();
    await details.getByText(support).waitFor();
    await mail.getByText('The VPN client crashes right after start.').waitFor();
    // Remote images wait until asked for; the quoted history is folded away.
    expect(await mail.locator('img[src^="https://cdn.mailer.example"]').count()).toBe(0);
    await expect(mail.getByText('Please send us the log file.').isVisible()).resolves.toBe(false);
    await mail.getByRole('button', { name: 'Show quoted text' }).click();
    await mail.getByText('Please send us the log file.').waitFor();
    await mail.getByRole('button', { name: 'Show remote images' }).click();
    await mail.locator('img[src="https://cdn.mailer.example/crash.png"]').waitFor({ state: 'attached' });
    // The Cc'd colleague is on the ticket.
    await page
      .getByRole('list', { name: 'Cc participants' })
      .getByRole('link', { name: colleague })
      .waitFor();

    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows on the ticket that a reply could not be sent, with the reason and a way to send it again', async () => {
    const { context, page, errors } = await signIn(browser, demo.operator.email);
    await page.goto(`/tickets/${ticketId}`);
    await page.getByRole('heading', { name: subject }).waitFor();
    await composerReady(page);
    // The relay refuses the customer's mailbox: the reply shows as not delivered, with the reason.
    await page.keyboard.press('r');
    const reply = page.getByRole('textbox', { name: 'Reply to the customer' });
    await reply.waitFor();
    await reply.pressSequentially('Please reinstall version 5.2 and tell us if it still crashes.');
    await page.keyboard.press('Control+Enter');
    const sent = page
      .getByRole('article', { name: `Agent reply from ${demo.operator.name}` })
      .filter({ hasText: 'Please reinstall version 5.2' });
    await sent.waitFor();
    const delivery = sent.getByRole('list', { name: 'Email delivery' });
    await delivery.getByText('Not delivered').waitFor({ timeout: 20_000 });
    await delivery.getByText(/Mailbox unavailable/).waitFor();
    await delivery.getByRole('button', { name: 'Send again' }).waitFor();
    await page.getByText(/not delivered — see the conversation/).waitFor();
    await screenshot(page, 'email-ticket');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
