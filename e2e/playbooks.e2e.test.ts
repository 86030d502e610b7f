import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, demo, launchBrowser, screenshot, signIn, unique } from './support/browser.ts';

const supervisor = { email: 'supervisor@demo.tierline.local', name: 'Sam Supervisor' };

/** axe (WCAG 2.1 A/AA) on one part of the page: the screens of this file, not the whole workspace again. */
async function seriousViolationsIn(page: Page, selector: string): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .include(selector)
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .options({ resultTypes: ['violations'] })
    .analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.help} — ${violation.nodes[0]?.target.join(' ')}`);
}

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

async function openTicketAsCustomer(subject: string): Promise<number> {
  const customer = await apiAs(demo.otherCustomer.email);
  const response = await customer.post('/api/tickets', {
    data: { subject, body: 'The VPN will not connect since this morning.', type: 'incident' },
  });
  expect(response.status()).toBe(201);
  const ticket = (await response.json()) as { id: number };
  await customer.dispose();
  return ticket.id;
}

describe('macros and troubleshooting playbooks', () => {
  it('lets an operator reply with a macro: variables filled in, its field changes made', async () => {
    const ticketId = await openTicketAsCustomer(unique('VPN will not connect'));
    const { context, page, errors } = await signIn(browser, demo.operator.email);
    await page.goto(`/tickets/${ticketId}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Apply a macro' }).waitFor();

    // m: the macro picker; the preview is the macro filled in for this ticket.
    await page.keyboard.press('m');
    const picker = page.getByRole('dialog', { name: 'Apply a macro' });
    await picker.getByRole('combobox', { name: 'Search macros' }).fill('details');
    const preview = picker.getByRole('region', { name: 'Macro preview' });
    await preview.getByText(`thanks for your request #${ticketId}`).waitFor();
    await preview.getByText('Hi Chris,').waitFor();
    expect(await seriousViolationsIn(page, '[role="dialog"]')).toEqual([]);
    await page.keyboard.press('Enter');
    await picker.waitFor({ state: 'hidden' });

    // The reply is in the composer with the variables filled; the field changes are made.
    const reply = page.getByRole('textbox', { name: 'Reply to the customer' });
    await expect.poll(() => reply.textContent()).toContain(`thanks for your request #${ticketId}`);
    expect(await reply.textContent()).toContain(demo.operator.name);
    const panel = page.getByRole('complementary', { name: 'Ticket details' });
    await expect.poll(() => panel.getByLabel('Status', { exact: true }).inputValue()).toBe('Pending');
    await page.keyboard.press('Control+Enter');
    await page
      .getByRole('article', { name: `Agent reply from ${demo.operator.name}` })
      .filter({ hasText: 'Hi Chris,' })
      .waitFor();
    await page.getByRole('tab', { name: /History/ }).click();
    await page.getByText('applied the macro “Ask for details”').waitFor();

    const api = await apiAs(demo.operator.email);
    const ticket = (await (await api.get(`/api/tickets/${ticketId}`)).json()) as {
      status: string;
      tags: string[];
      messages: { visibility: string; body: string }[];
    };
    await api.dispose();
    expect(ticket.status).toBe('pending');
    expect(ticket.tags).toContain('needs-info');
    expect(ticket.messages.at(-1)?.body).toContain(`Hi Chris,\n\nthanks for your request #${ticketId}.`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets an operator walk a playbook, resume it, and escalate with every answer in the hand-over', async () => {
    const ticketId = await openTicketAsCustomer(unique('VPN drops'));
    const { context, page, errors } = await signIn(browser, demo.operator.email);
    await page.goto(`/tickets/${ticketId}`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    const panel = page.getByRole('complementary', { name: 'Ticket details' });

    // Start the demo playbook from the side panel and walk it.
    await panel.getByRole('button', { name: 'Start a playbook…' }).click();
    await page
      .getByRole('dialog', { name: 'Start a playbook' })
      .getByRole('button', { name: 'Start VPN does not connect' })
      .click();
    const run = page.getByRole('dialog', { name: 'VPN does not connect · version 1' });
    await run
      .getByRole('heading', { name: 'Can the customer open a public website, such as example.com?' })
      .waitFor();
    expect(await seriousViolationsIn(page, '[role="dialog"]')).toEqual([]);
    await run.getByLabel('Note').fill('example.com opens fine');
    await run.getByRole('button', { name: 'Yes' }).click();
    await run.getByRole('heading', { name: 'Is the VPN client version 5.2 or later?' }).waitFor();
    await page.keyboard.press('1'); // the first answer, Yes, by keyboard
    await run
      .getByRole('heading', { name: 'Does signing out of the VPN client and connecting again fix it?' })
      .waitFor();

    // Leave and come back: the unfinished run is offered to resume where it stopped.
    await run.getByRole('button', { name: 'Continue later' }).click();
    await run.waitFor({ state: 'hidden' });
    await panel.getByRole('button', { name: 'Resume VPN does not connect' }).click();
    await run
      .getByRole('heading', { name: 'Does signing out of the VPN client and connecting again fix it?' })
      .waitFor();
    await run.getByRole('button', { name: 'No' }).click();

    // The escalation outcome says what it will do before it does it.
    await run.getByText('This ends the playbook: Escalate to Technical Support').waitFor();
    await run.getByText(/Escalates to Technical Support \(Tier 2\)/).waitFor();
    await run.getByRole('button', { name: 'Escalate the ticket' }).click();
    await run.getByRole('status').getByText('Escalated').waitFor();
    await screenshot(page, 'playbook-escalated');
    await run.getByRole('button', { name: 'Close', exact: true }).click();

    // The hand-over note on the ticket carries every question and answer.
    const handOver = page
      .getByRole('article', { name: `Internal note from ${demo.operator.name}` })
      .filter({ hasText: 'Hand-over' });
    await handOver.waitFor();
    for (const line of [
      'Can the customer open a public website, such as example.com? — Yes (note: example.com opens fine)',
      'Is the VPN client version 5.2 or later? — Yes',
      'Does signing out of the VPN client and connecting again fix it? — No',
      'Outcome: Escalate to Technical Support',
    ]) {
      expect(await handOver.textContent()).toContain(line);
    }
    await panel.getByText('Escalated', { exact: true }).waitFor();

    // Each answer is in the ticket's history.
    await page.getByRole('tab', { name: /History/ }).click();
    await page.getByText('answered “Is the VPN client version 5.2 or later?”: Yes').waitFor();

    // Escalating further by hand starts the summary with the playbook's answers.
    await page.getByRole('button', { name: 'Escalate', exact: true }).click();
    const escalate = page.getByRole('dialog', { name: 'Escalate to a higher tier' });
    await expect
      .poll(() => escalate.getByLabel('Hand-over summary').inputValue())
      .toContain('2. Is the VPN client version 5.2 or later? — Yes');
    await escalate.getByRole('button', { name: 'Cancel' }).click();

    const api = await apiAs(demo.operator.email);
    const ticket = (await (await api.get(`/api/tickets/${ticketId}`)).json()) as {
      team: { name: string } | null;
      priority: string;
      tags: string[];
      messages: { visibility: string; body: string }[];
    };
    await api.dispose();
    expect(ticket.team?.name).toBe('Technical Support');
    expect(ticket.priority).toBe('P2');
    expect(ticket.tags).toContain('vpn');
    expect(ticket.messages.at(-1)?.visibility).toBe('internal');
    expect(ticket.messages.at(-1)?.body).toContain('— No');
    expect(errors).toEqual([]);
    await context.close();
  });

  it("lets a supervisor build a playbook with the server's objections shown in place, and publish versions", async () => {
    const name = unique('Printer offline');
    const { context, page, errors } = await signIn(browser, supervisor.email);
    await page.getByRole('link', { name: 'Playbooks' }).click();
    await page.getByRole('heading', { name: 'Troubleshooting playbooks' }).waitFor();
    await page.getByRole('link', { name: 'VPN does not connect' }).waitFor();
    await page.getByRole('button', { name: 'New playbook' }).click();
    const create = page.getByRole('dialog', { name: 'New playbook' });
    await create.getByLabel('Name').fill(name);
    await create.getByRole('button', { name: 'Create and edit' }).click();
    await page.getByRole('heading', { name }).waitFor();
    const playbookId = Number(/\/playbooks\/(\d+)/.exec(page.url())?.[1]);

    // A new question without its text: the server's objection shows on that field.
    await page.getByRole('button', { name: 'Add question' }).click();
    const second = page.getByRole('region', { name: 'Question 2' });
    await page.getByRole('button', { name: 'Publish' }).click();
    const prompt = second.getByRole('textbox', { name: 'Question', exact: true });
    await expect.poll(() => prompt.getAttribute('aria-invalid')).toBe('true');

    // With text but nothing leading to it, the server says it cannot be reached, on that question.
    await prompt.fill('Is the printer cable plugged in?');
    await second.getByLabel('Answer 1 of question 2 leads to').click();
    await page.getByRole('option', { name: 'Solved: Solved by a restart' }).click();
    await page.getByRole('button', { name: 'Publish' }).click();
    await second.getByText(/step "step-4" cannot be reached from the start/).waitFor();
    expect(await seriousViolationsIn(page, 'main')).toEqual([]);

    const first = page.getByRole('region', { name: 'Question 1' });
    await first.getByLabel('Answer 2 of question 1 leads to').click();
    await page.getByRole('option', { name: /^step-4: Is the printer cable/ }).click();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Version 1 live').waitFor();
    await second.getByText(/cannot be reached/).waitFor({ state: 'detached' });

    // A run started now keeps version 1 while version 2 is published.
    const ticketId = await openTicketAsCustomer(unique('Printer offline'));
    const operator = await apiAs(demo.operator.email);
    const started = await operator.post(`/api/tickets/${ticketId}/playbook-runs`, { data: { playbookId } });
    expect(started.status()).toBe(201);
    const { runId } = (await started.json()) as { runId: number };

    await first
      .getByRole('textbox', { name: 'Question', exact: true })
      .fill('Does switching the printer off and on fix it?');
    await page.getByLabel('What changed').fill('Clearer first question');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText('Version 2 live').waitFor();
    const versions = page.getByRole('list', { name: 'Published versions' });
    await versions.getByText('Clearer first question').waitFor();
    expect(await versions.getByRole('listitem').count()).toBe(2);
    await screenshot(page, 'playbook-editor');

    const run = (await (await operator.get(`/api/playbook-runs/${runId}`)).json()) as {
      version: number;
      currentStep: { prompt: string };
    };
    await operator.dispose();
    expect(run.version).toBe(1);
    expect(run.currentStep.prompt).toBe('Does restarting the device fix it?');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets a supervisor write a shared macro with variables, checked and previewed as they type', async () => {
    const title = unique('Printer driver reinstalled');
    const { context, page, errors } = await signIn(browser, supervisor.email);
    await page.getByRole('link', { name: 'Macros' }).click();
    await page.getByRole('heading', { name: 'Macros' }).waitFor();
    await page.getByRole('table', { name: 'Macros' }).getByText('Ask for details').waitFor();
    await page.getByRole('button', { name: 'New macro' }).click();
    const form = page.getByRole('dialog', { name: 'New macro' });
    await form.getByLabel('Title').fill(title);
    const text = form.getByRole('textbox', { name: 'Text', exact: true });
    await text.fill('Hi {{requester.firstname}}, ');
    await form.getByText('Unknown variables: requester.firstname').waitFor();
    expect(await form.getByRole('button', { name: 'Save macro' }).isDisabled()).toBe(true);

    await text.fill('Hi ');
    await form.getByRole('button', { name: /^Insert requester\.first_name/ }).click();
    await text.press('End');
    await text.pressSequentially(', we reinstalled the printer driver on {{ticket.number}}.');
    await form
      .getByTestId('macro-preview')
      .getByText('Hi Noah, we reinstalled the printer driver on #1042.')
      .waitFor();
    await form.getByRole('combobox', { name: 'Status' }).click();
    await page.getByRole('option', { name: 'Solved' }).click();
    await form.getByLabel('Shared with all staff').check();
    expect(await seriousViolationsIn(page, '[role="dialog"]')).toEqual([]);
    await form.getByRole('button', { name: 'Save macro' }).click();
    await form.waitFor({ state: 'hidden' });

    const row = page.getByRole('row').filter({ hasText: title });
    await row.getByText('Shared').waitFor();
    await row.getByText('status Solved').waitFor();
    const api = await apiAs(demo.operator.email);
    const { macros } = (await (await api.get('/api/macros')).json()) as {
      macros: { title: string; shared: boolean; body: string }[];
    };
    await api.dispose();
    expect(macros.find((macro) => macro.title === title)).toMatchObject({
      shared: true,
      body: 'Hi {{requester.first_name}}, we reinstalled the printer driver on {{ticket.number}}.',
    });
    expect(errors).toEqual([]);
    await context.close();
  });
});
