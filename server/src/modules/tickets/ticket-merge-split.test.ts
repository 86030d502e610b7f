import { describe, expect, it } from 'vitest';
import { createTestApp, json } from '../../../test/harness.ts';

const { app, factory } = await createTestApp();
const agent = await factory.person('engineer');
const customer = await factory.person('customer');

interface TicketBody {
  id: number;
  status: string;
  mergedIntoId: number | null;
  mergedFrom: { id: number }[];
  related: { id: number }[];
  messages: { id: number; body: string }[];
}

const getTicket = async (id: number) =>
  json<TicketBody>(await app.inject({ method: 'GET', url: `/api/tickets/${id}`, headers: agent.headers }));

describe('merge and undo', () => {
  it('moves the conversation into the target, closes the source, and undoes exactly', async () => {
    const source = await factory.ticket(customer, { subject: 'Outlook crashes', body: 'Crash on start' });
    await app.inject({
      method: 'POST',
      url: `/api/tickets/${source.id}/messages`,
      headers: agent.headers,
      payload: { body: 'Which version?', status: 'pending' },
    });
    const target = await factory.ticket(customer, { subject: 'Outlook crash again', body: 'Still crashing' });

    const merged = await app.inject({
      method: 'POST',
      url: `/api/tickets/${source.id}/merge`,
      headers: agent.headers,
      payload: { targetTicketId: target.id },
    });
    expect(merged.statusCode).toBe(200);
    const afterMerge = json<TicketBody>(merged);
    expect(afterMerge.id).toBe(target.id);
    expect(afterMerge.messages.map((m) => m.body)).toEqual([
      'Crash on start',
      'Which version?',
      'Still crashing',
    ]);
    expect(afterMerge.mergedFrom.map((t) => t.id)).toEqual([source.id]);
    const closedSource = await getTicket(source.id);
    expect(closedSource).toMatchObject({ status: 'closed', mergedIntoId: target.id, messages: [] });

    // A merged ticket takes no replies and does not show in lists.
    const reply = await app.inject({
      method: 'POST',
      url: `/api/tickets/${source.id}/messages`,
      headers: customer.headers,
      payload: { body: 'hello?' },
    });
    expect(json(reply)).toMatchObject({ error: { code: 'ticket_merged' } });
    const list = json<{ tickets: { id: number }[] }>(
      await app.inject({
        method: 'GET',
        url: `/api/tickets?requesterId=${customer.user.id}`,
        headers: agent.headers,
      }),
    );
    expect(list.tickets.map((t) => t.id)).toEqual([target.id]);

    const undone = await app.inject({
      method: 'POST',
      url: `/api/tickets/${source.id}/unmerge`,
      headers: agent.headers,
    });
    expect(undone.statusCode).toBe(200);
    expect(json<TicketBody>(undone)).toMatchObject({ status: 'pending', mergedIntoId: null });
    expect((await getTicket(source.id)).messages.map((m) => m.body)).toEqual([
      'Crash on start',
      'Which version?',
    ]);
    expect((await getTicket(target.id)).messages.map((m) => m.body)).toEqual(['Still crashing']);

    const events = json<{ events: { type: string }[] }>(
      await app.inject({ method: 'GET', url: `/api/tickets/${source.id}/events`, headers: agent.headers }),
    ).events.map((e) => e.type);
    expect(events).toEqual(expect.arrayContaining(['ticket.merged_into', 'ticket.merge_undone']));

    const again = await app.inject({
      method: 'POST',
      url: `/api/tickets/${source.id}/unmerge`,
      headers: agent.headers,
    });
    expect(again.statusCode).toBe(409);
  });

  it('refuses merging into itself, into a closed ticket, or twice', async () => {
    const a = await factory.ticket(customer);
    const b = await factory.ticket(customer);
    const self = await app.inject({
      method: 'POST',
      url: `/api/tickets/${a.id}/merge`,
      headers: agent.headers,
      payload: { targetTicketId: a.id },
    });
    expect(json(self)).toMatchObject({ error: { code: 'invalid_merge' } });
    await app.inject({
      method: 'PATCH',
      url: `/api/tickets/${b.id}`,
      headers: agent.headers,
      payload: { status: 'closed' },
    });
    const intoClosed = await app.inject({
      method: 'POST',
      url: `/api/tickets/${a.id}/merge`,
      headers: agent.headers,
      payload: { targetTicketId: b.id },
    });
    expect(intoClosed.statusCode).toBe(409);
    expect((await getTicket(a.id)).messages).toHaveLength(1);
  });
});

describe('split', () => {
  it('moves chosen messages to a new related ticket and keeps the rest', async () => {
    const original = await factory.ticket(customer, { subject: 'Two problems', body: 'My mouse is broken' });
    const second = json<TicketBody>(
      await app.inject({
        method: 'POST',
        url: `/api/tickets/${original.id}/messages`,
        headers: customer.headers,
        payload: { body: 'Also, my monitor flickers' },
      }),
    ).messages.at(-1)!;

    const split = await app.inject({
      method: 'POST',
      url: `/api/tickets/${original.id}/split`,
      headers: agent.headers,
      payload: { messageIds: [second.id], subject: 'Monitor flickers' },
    });
    expect(split.statusCode).toBe(201);
    const created = json<TicketBody & { subject: string }>(split);
    expect(created).toMatchObject({ subject: 'Monitor flickers', status: 'open' });
    expect(created.messages.map((m) => m.body)).toEqual(['Also, my monitor flickers']);
    expect(created.related.map((t) => t.id)).toEqual([original.id]);
    expect((await getTicket(original.id)).messages.map((m) => m.body)).toEqual(['My mouse is broken']);
  });

  it('will not empty the original or take foreign messages', async () => {
    const original = await factory.ticket(customer);
    const other = await factory.ticket(customer);
    const [onlyMessage] = (await getTicket(original.id)).messages;
    const [foreign] = (await getTicket(other.id)).messages;
    const all = await app.inject({
      method: 'POST',
      url: `/api/tickets/${original.id}/split`,
      headers: agent.headers,
      payload: { messageIds: [onlyMessage!.id] },
    });
    expect(json(all)).toMatchObject({ error: { code: 'invalid_split' } });
    const stolen = await app.inject({
      method: 'POST',
      url: `/api/tickets/${original.id}/split`,
      headers: agent.headers,
      payload: { messageIds: [foreign!.id] },
    });
    expect(json(stolen)).toMatchObject({ error: { code: 'invalid_message' } });
  });
});

describe('bulk update', () => {
  it('changes every ticket in one go, or none when one is invalid', async () => {
    const team = await factory.team(2);
    const tickets = [
      await factory.ticket(customer),
      await factory.ticket(customer),
      await factory.ticket(customer),
    ];
    const ids = tickets.map((t) => t.id);
    const ok = await app.inject({
      method: 'POST',
      url: '/api/tickets/bulk',
      headers: agent.headers,
      payload: { ticketIds: ids, changes: { teamId: team.id, priority: 'P2', addTags: ['batch'] } },
    });
    expect(json(ok)).toEqual({ updated: ids });
    for (const id of ids)
      expect(await getTicket(id)).toMatchObject({ priority: 'P2', tags: ['batch'], team: { id: team.id } });

    const failing = await app.inject({
      method: 'POST',
      url: '/api/tickets/bulk',
      headers: agent.headers,
      payload: { ticketIds: [...ids, 99_999_999], changes: { status: 'solved' } },
    });
    expect(failing.statusCode).toBe(422);
    for (const id of ids) expect((await getTicket(id)).status).toBe('new');
  });
});

describe('parent and child', () => {
  it('links children and refuses cycles', async () => {
    const parent = await factory.ticket(customer);
    const child = await factory.ticket(customer);
    const set = await app.inject({
      method: 'PATCH',
      url: `/api/tickets/${child.id}`,
      headers: agent.headers,
      payload: { parentId: parent.id },
    });
    expect(set.statusCode).toBe(200);
    expect(
      json<{ children: { id: number }[] }>(
        await app.inject({ method: 'GET', url: `/api/tickets/${parent.id}`, headers: agent.headers }),
      ).children.map((c) => c.id),
    ).toEqual([child.id]);
    const cycle = await app.inject({
      method: 'PATCH',
      url: `/api/tickets/${parent.id}`,
      headers: agent.headers,
      payload: { parentId: child.id },
    });
    expect(json(cycle)).toMatchObject({ error: { code: 'invalid_parent' } });
  });
});
