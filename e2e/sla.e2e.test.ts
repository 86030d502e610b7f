import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiAs,
  demo,
  launchBrowser,
  screenshot,
  seriousA11yViolations,
  signIn,
  unique,
} from './support/browser.ts';

const supervisor = { email: 'supervisor@demo.tierline.local', name: 'Sam Supervisor' };
const manager = { email: 'manager@demo.tierline.local', name: 'Maya Manager' };

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** A demo ticket by subject (the demo workspace's tickets arrived minutes to days ago). */
async function demoTicket(subject: string) {
  const api = await apiAs(demo.operator.email);
  const response = await api.get(`/api/tickets?text=${encodeURIComponent(subject)}&limit=5`);
  const { tickets } = (await response.json()) as {
    tickets: { id: number; subject: string; tags: string[] }[];
  };
  const ticket = tickets.find((candidate) => candidate.subject === subject);
  if (!ticket) throw new Error(`demo ticket "${subject}" not found`);
  return { api, ticket };
}

describe('SLA and escalation', () => {
  it('shows a supervisor a ticket breaching its SLA live, with the badge and the why on the ticket', async () => {
    // A policy tried first, for one tag: first response within 1 minute of calendar time.
    const tag = unique('sla-e2e').replace(/\s+/g, '-').toLowerCase();
    const managerApi = await apiAs(manager.email);
    const created = await managerApi.post('/api/sla/policies', {
      data: {
        name: unique('One-minute response'),
        position: 0,
        conditions: { tags: [tag] },
        targets: (['P1', 'P2', 'P3', 'P4'] as const).map((priority) => ({
          priority,
          metric: 'first_response',
          minutes: 1,
          businessHours: false,
        })),
      },
    });
    expect(created.status()).toBe(201);
    await managerApi.dispose();

    // The laptop request arrived 40 minutes ago and is on track under the standard policy.
    const { api: operatorApi, ticket } = await demoTicket('New laptop for starter on Monday');
    const { context, page, errors } = await signIn(browser, supervisor.email);
    await page.getByRole('link', { name: 'SLA risk' }).click();
    await page.waitForURL('**/supervisor/sla');
    await page.getByRole('heading', { name: 'SLA risk' }).waitFor();
    const table = page.getByRole('table', { name: 'Tickets at risk or breached' });
    // The demo's unanswered Outlook ticket has been breached for days.
    await table.getByRole('link', { name: /Outlook keeps asking for password/ }).waitFor();
    expect(await table.locator(`tr[data-ticket-id="${ticket.id}"]`).count()).toBe(0);

    // Tagging the ticket puts it under the one-minute policy: its 40 minutes are far over.
    const tagged = await operatorApi.patch(`/api/tickets/${ticket.id}`, {
      data: { tags: [...ticket.tags, tag] },
    });
    expect(tagged.status()).toBe(200);
    await operatorApi.dispose();

    // The supervisor's list updates without reload, grouped under the ticket's team.
    const row = table.locator(`tr[data-ticket-id="${ticket.id}"]`);
    await row.waitFor();
    expect(await row.getAttribute('data-sla-state')).toBe('breached');
    await row.getByText('First response · Breached').waitFor();
    await table.getByRole('columnheader', { name: /Service Desk \(\d+\)/ }).waitFor();
    await page.mouse.move(0, 0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'sla-supervisor');

    // Only breached tickets: the ticket stays.
    await page.locator('.mantine-SegmentedControl-root').getByText('Breached', { exact: true }).click();
    await page.waitForURL(/state=breached/);
    await row.waitFor();

    // On the ticket: the badge says breached in words, and the why lists the running interval.
    await row.getByRole('link', { name: new RegExp(`#${ticket.id}`) }).click();
    await page.waitForURL(`**/tickets/${ticket.id}`);
    const slaSection = page.getByRole('region', { name: 'SLA' });
    const badge = slaSection.getByText('First response · Breached');
    await badge.waitFor();
    await slaSection.getByText(/^Breached /).waitFor();
    await slaSection.getByRole('button', { name: 'Why?' }).click();
    const why = page.getByRole('dialog', { name: 'SLA: how each target was counted' });
    await why.getByText(/Breached at .*1 calendar minutes ran/).waitFor();
    await why
      .getByRole('table', { name: 'Intervals of First response' })
      .getByText('Clock running')
      .waitFor();
    await page.mouse.move(0, 0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'sla-ticket-why');
    await page.keyboard.press('Escape');

    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets an agent escalate to a vendor and see the waiting time, and to development when a tracker exists', async () => {
    const subject = unique('Firewall drops SIP calls');
    const customer = await apiAs(demo.otherCustomer.email);
    const opened = await customer.post('/api/tickets', {
      data: {
        subject,
        body: 'Phone calls drop after 30 seconds since the firewall update.',
        type: 'incident',
      },
    });
    expect(opened.status()).toBe(201);
    const ticketId = ((await opened.json()) as { id: number }).id;
    await customer.dispose();

    const { context, page, errors } = await signIn(browser, demo.engineer.email);
    await page.goto(`/tickets/${ticketId}`);
    await page.getByRole('heading', { name: subject }).waitFor();
    // The standard demo policy applies at once: the first response is on track.
    await page
      .getByRole('region', { name: 'SLA' })
      .getByText(/First response · On track/)
      .waitFor();

    const section = page.getByRole('region', { name: 'Development and vendors' });
    await section.getByRole('button', { name: 'Vendor…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Escalate to a vendor (Tier 4)' });
    await dialog.getByRole('textbox', { name: 'Vendor', exact: true }).fill('Acme Firewalls');
    await dialog.getByRole('textbox', { name: "Vendor's reference" }).fill('CASE-4711');
    await dialog.getByRole('button', { name: 'Escalate to vendor' }).click();
    await section.getByText('Acme Firewalls · CASE-4711').waitFor();
    await section.getByText(/^Waiting /).waitFor();

    await section.getByRole('button', { name: 'Answered…' }).click();
    const answered = page.getByRole('dialog', { name: 'Acme Firewalls has answered' });
    await answered.getByLabel('What the vendor answered or did').fill('Firmware 9.1.2 fixes the SIP ALG.');
    await answered.getByRole('button', { name: 'Stop waiting' }).click();
    await section.getByText('Answered', { exact: true }).waitFor();
    await section.getByText(/^Waited /).waitFor();

    // Without a tracker, "Create bug" says how to get one.
    await section.getByRole('button', { name: 'Create bug…' }).click();
    const bug = page.getByRole('dialog', { name: 'Escalate to development' });
    await bug.getByText(/No tracker is connected yet/).waitFor();
    await bug.getByRole('button', { name: 'Cancel' }).click();

    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets a manager set up a business calendar with split shifts, import holidays and order SLA policies', async () => {
    const { context, page, errors } = await signIn(browser, manager.email);
    await page.goto('/admin/business-calendars');
    await page.getByRole('heading', { name: 'Business calendars' }).waitFor();
    // The demo's default calendar.
    await page
      .getByRole('table', { name: 'Business calendars' })
      .getByText('Office hours (London)')
      .waitFor();

    const name = unique('Support Berlin');
    await page.getByRole('button', { name: 'New calendar' }).click();
    const dialog = page.getByRole('dialog', { name: 'New business calendar' });
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(name);
    // The browser's own zone is the default.
    expect(await dialog.getByRole('combobox', { name: 'Time zone' }).inputValue()).toBe('Europe/Berlin');
    await dialog.getByRole('button', { name: 'Weekdays, split shift' }).click();
    await dialog.getByRole('button', { name: 'Add hours on Saturday' }).click();
    await dialog.getByLabel('Saturday closes (interval 1)').fill('13:00');
    await dialog.getByRole('button', { name: 'Add holiday' }).click();
    await dialog.getByLabel('Name of holiday 1').fill('Company day');
    await dialog.getByRole('combobox', { name: 'Kind of holiday 1' }).click();
    await page.getByRole('option', { name: 'Every year' }).click();
    await dialog.getByLabel('Month and day of holiday 1 (MM-DD)').fill('06-15');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const row = page.getByRole('row').filter({ hasText: name });
    await row.getByText('Mon–Fri 08:00–12:00, 13:00–17:00; Sat 09:00–13:00').waitFor();

    await row.getByRole('button', { name: `Import holidays into ${name}` }).click();
    const upload = page.getByRole('dialog', { name: `Import holidays into ${name}` });
    await upload.locator('input[type="file"]').setInputFiles({
      name: 'holidays.ics',
      mimeType: 'text/calendar',
      buffer: Buffer.from(
        [
          'BEGIN:VCALENDAR',
          'VERSION:2.0',
          'PRODID:-//Tierline e2e//EN',
          'BEGIN:VEVENT',
          'UID:unity@e2e',
          'DTSTART;VALUE=DATE:20301003',
          'DTEND;VALUE=DATE:20301004',
          'SUMMARY:Day of German Unity',
          'RRULE:FREQ=YEARLY',
          'END:VEVENT',
          'BEGIN:VEVENT',
          'UID:meeting@e2e',
          'DTSTART:20301005T090000Z',
          'DTEND:20301005T100000Z',
          'SUMMARY:Team meeting',
          'END:VEVENT',
          'END:VCALENDAR',
          '',
        ].join('\r\n'),
      ),
    });
    await upload.getByRole('button', { name: 'Import' }).click();
    await upload.getByText('1 holiday imported').waitFor();
    await upload.getByText(/Team meeting: /).waitFor();
    await upload.getByRole('button', { name: 'Close', exact: true }).click();
    await row.getByRole('cell', { name: '2', exact: true }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);

    // SLA policies: the order decides; moving one up is saved at once.
    const gold = unique('Gold clients');
    const managerApi = await apiAs(manager.email);
    const added = await managerApi.post('/api/sla/policies', {
      data: { name: gold, targets: [{ priority: 'P1', metric: 'first_response', minutes: 15 }] },
    });
    expect(added.status()).toBe(201);
    await managerApi.dispose();
    await page.getByRole('link', { name: 'SLA policies', exact: true }).click();
    const policies = page.getByRole('table', { name: 'SLA policies in evaluation order' });
    await policies.getByText(/Standard support/).waitFor();
    const count = await policies.locator('tbody tr').count();
    await policies.getByText(`${count}. ${gold}`).waitFor();
    await policies.getByRole('button', { name: `Move ${gold} up` }).click();
    await policies.getByText(`${count - 1}. ${gold}`).waitFor();
    await page.getByRole('link', { name: 'Escalation', exact: true }).click();
    await page
      .getByRole('table', { name: 'Escalation rules' })
      .getByText('Warn, then call the supervisors')
      .waitFor();
    await screenshot(page, 'sla-admin-escalation');
    expect(errors).toEqual([]);
    await context.close();
  });
});
