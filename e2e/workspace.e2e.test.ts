import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, demo, launchBrowser, screenshot, signIn, unique } from './support/browser.ts';

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
    data: {
      subject,
      body: 'Since the update the CRM client crashes when I open a contact.',
      type: 'incident',
      urgency: 'high',
    },
  });
  expect(response.status()).toBe(201);
  const ticket = (await response.json()) as { id: number };
  await customer.dispose();
  return ticket.id;
}

describe('agent workspace', () => {
  it('lets an operator take a new ticket, reply, add a note and escalate it to a Tier 2 team', async () => {
    const subject = unique('CRM client crashes');
    const ticketId = await openTicketAsCustomer(subject);
    const { context, page, errors } = await signIn(browser, demo.operator.email);

    // The new ticket waits in the Unassigned view.
    await page.getByRole('link', { name: /^Unassigned/ }).click();
    await page.getByRole('link', { name: subject }).click();
    await page.waitForURL(`**/tickets/${ticketId}`);
    await page.getByRole('heading', { name: subject }).waitFor();

    // a: assign to me.
    await page.keyboard.press('a');
    await page.getByText(`assigned to ${demo.operator.name}`).waitFor();

    // r: reply to the customer; the first reply opens the ticket.
    await page.keyboard.press('r');
    const reply = page.getByRole('textbox', { name: 'Reply to the customer' });
    await reply.waitFor();
    await reply.pressSequentially('Thanks for reporting this. Could you tell us the CRM version?');
    await page.keyboard.press('Control+Enter');
    await page
      .getByRole('article', { name: `Agent reply from ${demo.operator.name}` })
      .filter({ hasText: 'Could you tell us the CRM version?' })
      .waitFor();

    // n: internal note, visibly distinct.
    await page.keyboard.press('Escape');
    await page.keyboard.press('n');
    const note = page.getByRole('textbox', { name: 'Internal note' });
    await note.waitFor();
    await note.pressSequentially('Crash dump points at the address-book plugin.');
    await page.getByRole('button', { name: 'Add note', exact: true }).click();
    const noteCard = page.getByRole('article', { name: `Internal note from ${demo.operator.name}` });
    await noteCard.filter({ hasText: 'address-book plugin' }).waitFor();

    // Escalate to a Tier 2 team with a hand-over summary.
    await page.getByRole('button', { name: 'Escalate', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Escalate to a higher tier' });
    await dialog.getByLabel('Team').waitFor();
    expect(await dialog.getByLabel('Team').inputValue()).toBe('Tier 2 · Technical Support');
    await dialog
      .getByLabel('Hand-over summary')
      .fill(
        'Customer on CRM 5.2 crashes opening contacts. Reinstalled the client, same crash. Needs plugin analysis.',
      );
    await dialog.getByRole('button', { name: 'Escalate' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Technical Support, Tier 2').waitFor();
    await noteCard.filter({ hasText: 'Escalated to Technical Support (Tier 2)' }).waitFor();
    await screenshot(page, 'ticket-escalated');

    const api = await apiAs(demo.operator.email);
    const ticket = (await (await api.get(`/api/tickets/${ticketId}`)).json()) as {
      status: string;
      team: { name: string; tier: number } | null;
      messages: { visibility: string; body: string }[];
    };
    await api.dispose();
    expect(ticket.status).toBe('open');
    expect(ticket.team).toMatchObject({ name: 'Technical Support', tier: 2 });
    expect(ticket.messages.map((message) => message.visibility)).toEqual([
      'public',
      'public',
      'internal',
      'internal',
    ]);
    expect(ticket.messages[3]?.body).toContain('Hand-over summary');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows two agents on one ticket that the other is viewing and typing', async () => {
    const ticketId = await openTicketAsCustomer(unique('Presence check'));
    const olivia = await signIn(browser, demo.operator.email);
    await olivia.page.goto(`/tickets/${ticketId}`);
    await olivia.page.getByRole('heading', { level: 1 }).waitFor();
    const erin = await signIn(browser, demo.engineer.email);
    await erin.page.goto(`/tickets/${ticketId}`);
    await erin.page.getByRole('heading', { level: 1 }).waitFor();

    await olivia.page.locator(`[data-testid="presence"][aria-label*="${demo.engineer.name}"]`).waitFor();
    await erin.page.locator(`[data-testid="presence"][aria-label*="${demo.operator.name}"]`).waitFor();

    await erin.page.keyboard.press('r');
    await erin.page
      .getByRole('textbox', { name: 'Reply to the customer' })
      .pressSequentially('Looking at it now');
    await olivia.page.getByText(`${demo.engineer.name} is typing…`).waitFor();
    await screenshot(olivia.page, 'ticket-presence');

    // Olivia answers first; Erin is warned before her reply goes out on top of it.
    await olivia.page.keyboard.press('r');
    await olivia.page
      .getByRole('textbox', { name: 'Reply to the customer' })
      .pressSequentially('Fixed on our side.');
    await olivia.page.keyboard.press('Control+Enter');
    await olivia.page.getByRole('article', { name: `Agent reply from ${demo.operator.name}` }).waitFor();
    await erin.page.getByRole('button', { name: 'Send reply', exact: true }).click();
    const warning = erin.page.getByRole('dialog', { name: 'The ticket changed while you were writing' });
    await warning.getByText(`${demo.operator.name}`).first().waitFor();
    await screenshot(erin.page, 'ticket-collision-warning');
    await warning.getByRole('button', { name: 'Send anyway' }).click();
    await erin.page.getByRole('article', { name: `Agent reply from ${demo.engineer.name}` }).waitFor();

    // Leaving the ticket removes the agent from the other's presence bar.
    await olivia.page.keyboard.press('Escape');
    await erin.page.goto('/tickets');
    await olivia.page
      .locator(`[data-testid="presence"][aria-label*="${demo.engineer.name}"]`)
      .waitFor({ state: 'detached' });
    await olivia.context.close();
    await erin.context.close();
  });

  it('sorts, filters and changes several tickets at once from the list', async () => {
    const subjects = [unique('Bulk A'), unique('Bulk B')];
    const ids = [await openTicketAsCustomer(subjects[0]!), await openTicketAsCustomer(subjects[1]!)];
    const { context, page } = await signIn(browser, demo.operator.email);
    await page.getByLabel('Filter by text').fill('Bulk');
    await page.waitForURL(/text=Bulk/);
    await page.getByRole('link', { name: subjects[0] }).waitFor();
    await page.getByRole('button', { name: 'Sort by Priority' }).click();
    await page.waitForURL(/sort=priority/);
    for (const id of ids) await page.getByRole('checkbox', { name: `Select ticket #${id}` }).check();
    await page
      .getByRole('toolbar', { name: 'Bulk actions' })
      .getByRole('button', { name: 'Assign to me' })
      .click();
    await page.getByText('Assigned to you: 2 tickets updated').waitFor();
    await page.getByRole('row').filter({ hasText: subjects[1]! }).getByText(demo.operator.name).waitFor();
    await screenshot(page, 'workspace-bulk-filtered');

    // j/k move through the list, Enter opens the ticket.
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/tickets\/\d+$/);
    await context.close();
  });

  it('merges a ticket into another, undoes the merge, and splits a message off', async () => {
    const [first, second] = [unique('Mail quota full'), unique('Mailbox over quota')];
    const sourceId = await openTicketAsCustomer(first);
    const targetId = await openTicketAsCustomer(second);
    const customer = await apiAs(demo.otherCustomer.email);
    await customer.post(`/api/tickets/${sourceId}/messages`, {
      data: { body: 'Separate thing: the meeting room screen is black too.' },
    });
    await customer.dispose();
    const { context, page } = await signIn(browser, demo.operator.email);

    await page.goto(`/tickets/${sourceId}`);
    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Merge into another ticket…' }).click();
    const merge = page.getByRole('dialog', { name: `Merge #${sourceId} into another ticket` });
    await merge.getByLabel('Find the ticket to keep').fill(`#${targetId}`);
    await merge.getByRole('radio').first().check();
    await merge.getByRole('button', { name: `Merge into #${targetId}` }).click();
    await page.waitForURL(`**/tickets/${targetId}`);
    const merged = page.getByRole('alert').filter({ hasText: 'Merged into this ticket' });
    await merged.getByRole('link', { name: new RegExp(`#${sourceId}`) }).waitFor();
    await screenshot(page, 'ticket-merged');
    await merged.getByRole('button', { name: 'Undo merge' }).click();
    await page.waitForURL(`**/tickets/${sourceId}`);
    await page.getByRole('heading', { name: first }).waitFor();
    expect(await page.getByText(`Merged into #${targetId}`).count()).toBe(0);

    await page.getByRole('button', { name: 'More actions' }).click();
    await page.getByRole('menuitem', { name: 'Split messages off…' }).click();
    const split = page.getByRole('dialog', { name: `Split messages off #${sourceId}` });
    await split.getByLabel('Subject of the new ticket').fill('Meeting room screen is black');
    await split.getByRole('checkbox', { name: /meeting room screen/ }).check();
    await split.getByRole('button', { name: 'Split 1 message' }).click();
    await page.getByRole('heading', { name: 'Meeting room screen is black' }).waitFor();
    expect(page.url()).not.toContain(`/tickets/${sourceId}`);
    await page.getByRole('article').filter({ hasText: 'the meeting room screen is black too' }).waitFor();
    await context.close();
  });
});
