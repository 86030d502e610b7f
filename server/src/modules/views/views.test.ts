import { describe, expect, it } from 'vitest';
import { createTestApp, json } from '../../../test/harness.ts';

const { app, factory, ctx } = await createTestApp();
const agent = await factory.person('operator');
const supervisor = await factory.person('supervisor');
const customer = await factory.person('customer');

await ctx.db
  .insertInto('custom_fields')
  .values({ key: 'region', label: 'Region', type: 'select', options: ['emea', 'apac'] })
  .execute();

const tickets = [];
for (let index = 0; index < 7; index++) {
  const ticket = await factory.ticket(customer, { subject: `Keyboard ${index}` });
  await app.inject({
    method: 'PATCH',
    url: `/api/tickets/${ticket.id}`,
    headers: agent.headers,
    payload: {
      assigneeId: index % 2 === 0 ? agent.user.id : null,
      tags: index < 3 ? ['hardware'] : ['software'],
      customFields: { region: index < 4 ? 'emea' : 'apac' },
      impact: index === 6 ? 'critical' : 'low',
      urgency: index === 6 ? 'critical' : 'low',
    },
  });
  tickets.push(ticket);
}
const ids = tickets.map((ticket) => ticket.id);

type Page = { tickets: { id: number; priority: string }[]; nextCursor: string | null };

describe('ticket list and saved views', () => {
  it('pages through every ticket exactly once with keyset cursors', async () => {
    for (const sort of ['updated_desc', 'created_asc', 'priority', 'id_desc']) {
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const page: Page = json<Page>(
          await app.inject({
            method: 'GET',
            url: `/api/tickets?requesterId=${customer.user.id}&sort=${sort}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
            headers: agent.headers,
          }),
        );
        seen.push(...page.tickets.map((ticket) => ticket.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect([...seen].sort((a, b) => a - b)).toEqual(ids);
      if (sort === 'priority') expect(seen[0]).toBe(ids[6]);
      if (sort === 'id_desc') expect(seen).toEqual([...ids].reverse());
    }
  });

  it('filters by assignee, tags, custom fields and text', async () => {
    const list = async (query: string) =>
      json<Page>(
        await app.inject({
          method: 'GET',
          url: `/api/tickets?requesterId=${customer.user.id}&${query}`,
          headers: agent.headers,
        }),
      )
        .tickets.map((ticket) => ticket.id)
        .sort((a, b) => a - b);
    expect(await list('assignee=me')).toEqual([ids[0], ids[2], ids[4], ids[6]]);
    expect(await list('assignee=none')).toEqual([ids[1], ids[3], ids[5]]);
    expect(await list('tags=hardware')).toEqual(ids.slice(0, 3));
    expect(await list('text=Keyboard%205')).toEqual([ids[5]]);
    expect(await list(`text=%23${ids[2]}`)).toEqual([ids[2]]);
    const search = json<Page>(
      await app.inject({
        method: 'POST',
        url: '/api/tickets/search',
        headers: agent.headers,
        payload: {
          filters: { requesterId: customer.user.id, customFields: { region: 'apac' }, tags: ['software'] },
        },
      }),
    );
    expect(search.tickets.map((ticket) => ticket.id).sort((a, b) => a - b)).toEqual(ids.slice(4));
  });

  it('saves personal and shared views with live counts', async () => {
    const personal = await app.inject({
      method: 'POST',
      url: '/api/views',
      headers: agent.headers,
      payload: {
        name: 'My hardware',
        filters: { assignee: 'me', tags: ['hardware'], requesterId: customer.user.id },
      },
    });
    expect(personal.statusCode).toBe(201);
    const sharedByAgent = await app.inject({
      method: 'POST',
      url: '/api/views',
      headers: agent.headers,
      payload: { name: 'Everyone', shared: true, filters: {} },
    });
    expect(sharedByAgent.statusCode).toBe(403);
    const shared = await app.inject({
      method: 'POST',
      url: '/api/views',
      headers: supervisor.headers,
      payload: {
        name: 'APAC queue',
        shared: true,
        filters: { customFields: { region: 'apac' }, requesterId: customer.user.id },
      },
    });
    expect(shared.statusCode).toBe(201);

    const agentViews = json<{ views: { name: string; count: number; shared: boolean }[] }>(
      await app.inject({ method: 'GET', url: '/api/views', headers: agent.headers }),
    ).views;
    expect(agentViews.map((view) => [view.name, view.count, view.shared])).toEqual([
      ['My hardware', 2, false],
      ['APAC queue', 3, true],
    ]);
    const supervisorViews = json<{ views: { name: string }[] }>(
      await app.inject({ method: 'GET', url: '/api/views', headers: supervisor.headers }),
    ).views;
    expect(supervisorViews.map((view) => view.name)).toEqual(['APAC queue']);

    const viewId = json<{ id: number }>(personal).id;
    const throughView = json<Page>(
      await app.inject({ method: 'GET', url: `/api/tickets?viewId=${viewId}`, headers: agent.headers }),
    );
    expect(throughView.tickets.map((ticket) => ticket.id).sort((a, b) => a - b)).toEqual([ids[0], ids[2]]);
    const foreign = await app.inject({
      method: 'GET',
      url: `/api/tickets?viewId=${viewId}`,
      headers: supervisor.headers,
    });
    expect(foreign.statusCode).toBe(404);
    const customerViews = await app.inject({ method: 'GET', url: '/api/views', headers: customer.headers });
    expect(customerViews.statusCode).toBe(403);
  });

  it('rejects views with unknown filters', async () => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/views',
      headers: agent.headers,
      payload: { name: 'Bad', filters: { colour: 'red' } },
    });
    expect(response.statusCode).toBe(422);
  });
});
