import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createTestApp, json, type TestPerson } from '../../../test/harness.ts';
import { FIXTURE_ARTICLES, seedKnowledgeBase } from './kb-fixtures.ts';

const test = await createTestApp();
const { app, factory } = test;
const admin = await factory.person('admin');
const agent = await factory.person('operator', { name: 'Olga Operator' });
const organisation = await factory.organisation();
const customer = await factory.person('customer', {
  organisationId: organisation.id,
  name: 'Carla Customer',
});
const kb = await seedKnowledgeBase(
  test,
  admin,
  organisation.id,
  FIXTURE_ARTICLES.filter((article) =>
    ['vpn-drops', 'vpn-connect', 'internal-escalation', 'printer-offline'].includes(article.key),
  ),
);

const call = (person: TestPerson, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
  app.inject({ method, url, headers: person.headers, ...(payload ? { payload } : {}) });

async function ticket(subject: string, body: string, solution?: string) {
  const created = await factory.ticket(customer, { subject, body });
  if (solution) {
    await call(agent, 'POST', `/api/tickets/${created.id}/messages`, { body: solution, status: 'solved' });
  }
  return created;
}

const solvedVpn = await ticket(
  'VPN disconnects every few minutes at home',
  'The VPN connection drops every five minutes on my home Wi-Fi.',
  'Switched the VPN protocol to TCP; the connection is stable now.',
);
const solvedPrinter = await ticket(
  'Printer offline in the Berlin office',
  'Nobody can print.',
  'Restarted the spooler.',
);
const openVpn = await ticket('VPN drops all the time', 'My VPN connection drops every few minutes.');
const current = await ticket(
  'VPN keeps disconnecting',
  'Since yesterday my VPN connection drops every few minutes.',
);

interface Suggestions {
  articles: { articleId: number; visibleToRequester: boolean; linked: boolean }[];
  similarTickets: { id: number; resolution: string | null; status: string; articleIds: number[] }[];
}

describe('knowledge while working a ticket', () => {
  it('suggests articles and similar solved tickets with how they were solved', async () => {
    const response = await call(agent, 'GET', `/api/tickets/${current.id}/suggestions`);
    expect(response.statusCode).toBe(200);
    const result = json<Suggestions>(response);
    expect(result.articles[0]?.articleId).toBe(kb.ids['vpn-drops']);
    const internal = result.articles.find((hit) => hit.articleId === kb.ids['internal-escalation']);
    expect(internal?.visibleToRequester).toBe(false);
    expect(result.articles.find((hit) => hit.articleId === kb.ids['vpn-drops'])?.visibleToRequester).toBe(
      true,
    );
    expect(result.similarTickets[0]).toMatchObject({
      id: solvedVpn.id,
      status: 'solved',
      resolution: 'Switched the VPN protocol to TCP; the connection is stable now.',
    });
    const similarIds = result.similarTickets.map((similar) => similar.id);
    expect(similarIds).not.toContain(openVpn.id);
    expect(similarIds).not.toContain(current.id);
    expect(similarIds).not.toContain(solvedPrinter.id);
  });

  it('records an article used on a ticket; the article lists the tickets it solved', async () => {
    const articleId = kb.ids['vpn-drops'];
    expect(
      (await call(customer, 'POST', `/api/tickets/${current.id}/articles`, { articleId })).statusCode,
    ).toBe(403);
    expect((await call(agent, 'POST', `/api/tickets/${current.id}/articles`, { articleId })).statusCode).toBe(
      204,
    );
    expect((await call(agent, 'POST', `/api/tickets/${current.id}/articles`, { articleId })).statusCode).toBe(
      204,
    );
    const tickets = json<{ tickets: { id: number; source: string }[] }>(
      await call(agent, 'GET', `/api/kb/articles/${articleId}/tickets`),
    );
    expect(tickets.tickets).toEqual([expect.objectContaining({ id: current.id, source: 'agent' })]);
    const linked = json<{ articles: { id: number; linkedBy: string }[] }>(
      await call(agent, 'GET', `/api/tickets/${current.id}/articles`),
    );
    expect(linked.articles).toEqual([expect.objectContaining({ id: articleId, linkedBy: 'Olga Operator' })]);
    const events = json<{ events: { type: string; internal: boolean; data: { articleId?: number } }[] }>(
      await call(agent, 'GET', `/api/tickets/${current.id}/events`),
    ).events.filter((event) => event.type === 'article.linked');
    expect(events).toEqual([
      expect.objectContaining({ internal: true, data: expect.objectContaining({ articleId }) }),
    ]);
    const suggestions = json<Suggestions>(await call(agent, 'GET', `/api/tickets/${current.id}/suggestions`));
    expect(suggestions.articles.find((hit) => hit.articleId === articleId)?.linked).toBe(true);
    const customerEvents = json<{ events: { type: string }[] }>(
      await call(customer, 'GET', `/api/tickets/${current.id}/events`),
    );
    expect(customerEvents.events.map((event) => event.type)).not.toContain('article.linked');
  });

  it('turns a solved ticket into a draft article with its problem and solution, linked to it', async () => {
    const response = await call(agent, 'POST', `/api/tickets/${solvedVpn.id}/article-draft`, {
      submitForReview: true,
    });
    expect(response.statusCode).toBe(201);
    const article = json<{
      id: number;
      title: string;
      status: string;
      visibility: string;
      bodyHtml: string;
      sourceTicketId: number;
    }>(response);
    expect(article).toMatchObject({
      title: 'VPN disconnects every few minutes at home',
      status: 'in_review',
      visibility: 'internal',
      sourceTicketId: solvedVpn.id,
    });
    expect(article.bodyHtml).toBe(
      '<h2>Problem</h2>\n<p>The VPN connection drops every five minutes on my home Wi-Fi.</p>\n' +
        '<h2>Solution</h2>\n<p>Switched the VPN protocol to TCP; the connection is stable now.</p>',
    );
    const queue = json<{ articles: { id: number }[] }>(
      await call(admin, 'GET', '/api/kb/articles?status=in_review'),
    );
    expect(queue.articles.map((row) => row.id)).toContain(article.id);
    const tickets = json<{ tickets: { id: number; source: string }[] }>(
      await call(agent, 'GET', `/api/kb/articles/${article.id}/tickets`),
    );
    expect(tickets.tickets).toEqual([expect.objectContaining({ id: solvedVpn.id, source: 'created_from' })]);
    expect((await call(customer, 'POST', `/api/tickets/${solvedVpn.id}/article-draft`, {})).statusCode).toBe(
      403,
    );
  });

  it('keeps a ticket’s search document to its subject and first message', async () => {
    const renamed = await ticket('Fax machine jammed', 'The Quillfeather scanner beeps.');
    await call(agent, 'PATCH', `/api/tickets/${renamed.id}`, { subject: 'Zanzibar login loop' });
    await call(agent, 'POST', `/api/tickets/${renamed.id}/messages`, {
      body: 'Try the Marmalade workaround.',
    });
    const row = await test.ctx.db
      .selectFrom('ticket_search_documents')
      .select(sql<string[]>`tsvector_to_array(search_vector)`.as('lexemes'))
      .where('ticket_id', '=', renamed.id)
      .executeTakeFirstOrThrow();
    expect(row.lexemes).toEqual(
      expect.arrayContaining(['zanzibar', 'login', 'loop', 'quillfeath', 'scanner']),
    );
    expect(row.lexemes).not.toContain('fax');
    expect(row.lexemes).not.toContain('marmalad');
  });

  it('indexes a ticket split off another by the first message it took along', async () => {
    const original = await ticket('Laptop battery swells', 'The case bulges near the trackpad.');
    const moved = await call(agent, 'POST', `/api/tickets/${original.id}/messages`, {
      body: 'Separately: the Periwinkle docking station flickers.',
      internal: false,
    });
    const messageId = (moved.json() as { messages: { id: number }[] }).messages.at(-1)?.id ?? 0;
    const split = await call(agent, 'POST', `/api/tickets/${original.id}/split`, {
      messageIds: [messageId],
      subject: 'Docking station display',
    });
    expect(split.statusCode, split.body).toBe(201);
    const row = await test.ctx.db
      .selectFrom('ticket_search_documents')
      .select(sql<string[]>`tsvector_to_array(search_vector)`.as('lexemes'))
      .where('ticket_id', '=', (split.json() as { id: number }).id)
      .executeTakeFirstOrThrow();
    expect(row.lexemes).toEqual(expect.arrayContaining(['dock', 'display', 'periwinkl', 'flicker']));
  });

  it('answers 404 for tickets that do not exist', async () => {
    expect((await call(agent, 'GET', '/api/tickets/999999/suggestions')).statusCode).toBe(404);
    expect((await call(agent, 'POST', '/api/tickets/999999/article-draft', {})).statusCode).toBe(404);
  });
});
