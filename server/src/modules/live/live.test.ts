import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestApp, type TestPerson } from '../../../test/harness.ts';
import { eventually } from '../../../test/processes.ts';
import { addParticipants } from '../channels/email/inbound-import.ts';

const { app, ctx, factory } = await createTestApp();
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
const url = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/live`;

interface Received {
  type: string;
  ticketId?: number;
  data?: Record<string, unknown>;
}

const sockets: WebSocket[] = [];
afterAll(() => {
  for (const socket of sockets) socket.close();
});

async function connect(person: TestPerson) {
  const socket = new WebSocket(url, { headers: person.headers });
  sockets.push(socket);
  const received: Received[] = [];
  socket.on('message', (raw) => received.push(JSON.parse(String(raw)) as Received));
  await eventually(async () => received.find((message) => message.type === 'hello'));
  return { socket, received, send: (message: object) => socket.send(JSON.stringify(message)) };
}

describe('live stream', () => {
  it('refuses connections without credentials', async () => {
    const socket = new WebSocket(url);
    const status = await new Promise<number>((resolve) =>
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0)),
    );
    expect(status).toBe(401);
  });

  it('sends each customer only their own tickets, and never internal notes', async () => {
    const acmeCustomer = await factory.person('customer');
    const otherCustomer = await factory.person('customer');
    const agent = await factory.person('operator');
    const mine = await connect(acmeCustomer);
    const theirs = await connect(otherCustomer);
    const staff = await connect(agent);

    const ticket = await factory.ticket(acmeCustomer);
    await app.inject({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/messages`,
      headers: agent.headers,
      payload: { body: 'secret', internal: true },
    });
    await app.inject({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/messages`,
      headers: agent.headers,
      payload: { body: 'hello' },
    });

    await eventually(async () =>
      staff.received.filter((m) => m.ticketId === ticket.id).length >= 4 ? true : undefined,
    );
    await eventually(async () =>
      mine.received.filter((m) => m.ticketId === ticket.id).length >= 3 ? true : undefined,
    );
    const customerMessages = mine.received.filter((m) => m.ticketId === ticket.id);
    expect(customerMessages.map((m) => m.type)).toEqual([
      'ticket.created',
      'message.added',
      'ticket.updated',
    ]);
    expect(customerMessages.every((m) => m.data?.eventId !== undefined)).toBe(true);
    expect(theirs.received.filter((m) => m.ticketId === ticket.id)).toEqual([]);
  });

  it("keeps a Cc'd person of another organisation up to date on that ticket alone, without internal notes", async () => {
    const requester = await factory.person('customer');
    const colleague = await factory.person('customer');
    const agent = await factory.person('operator');
    const ticket = await factory.ticket(requester);
    const other = await factory.ticket(requester);
    await addParticipants(ctx.db, ticket.id, [colleague.user.id], new Date());
    const cc = await connect(colleague);

    for (const id of [ticket.id, other.id]) {
      for (const internal of [true, false]) {
        await app.inject({
          method: 'POST',
          url: `/api/tickets/${id}/messages`,
          headers: agent.headers,
          payload: { body: internal ? 'note' : 'reply', internal },
        });
      }
    }

    await eventually(async () =>
      cc.received.filter((m) => m.ticketId === ticket.id).length >= 2 ? true : undefined,
    );
    expect(cc.received.filter((m) => m.ticketId === ticket.id).map((m) => m.type)).toEqual([
      'message.added',
      'ticket.updated',
    ]);
    expect(cc.received.filter((m) => m.ticketId === other.id)).toEqual([]);
  });

  it('shares presence among staff: newcomers get a snapshot, and a closed connection leaves', async () => {
    const customer = await factory.person('customer');
    const first = await factory.person('operator', { name: 'Olivia First' });
    const second = await factory.person('engineer', { name: 'Ezra Second' });
    const ticket = await factory.ticket(customer);
    const watcher = await connect(customer);

    const a = await connect(first);
    a.send({ type: 'presence', ticketId: ticket.id, state: 'typing' });
    await eventually(async () => a.received.find((m) => m.type === 'presence' && m.ticketId === ticket.id));

    const b = await connect(second);
    const snapshot = await eventually(async () =>
      b.received.find((m) => m.type === 'presence' && m.ticketId === ticket.id),
    );
    expect(snapshot.data).toMatchObject({ userId: first.user.id, name: 'Olivia First', state: 'typing' });

    a.socket.close();
    const left = await eventually(async () =>
      b.received.find((m) => m.type === 'presence' && m.data?.state === 'left'),
    );
    expect(left).toMatchObject({ ticketId: ticket.id, data: { userId: first.user.id } });
    expect(watcher.received.filter((m) => m.type === 'presence')).toEqual([]);
  });

  it('tells a mentioned agent of their notification, and nobody else', async () => {
    const customer = await factory.person('customer');
    const author = await factory.person('operator');
    const mentioned = await factory.person('engineer');
    const bystander = await factory.person('engineer');
    const ticket = await factory.ticket(customer);
    const told = await connect(mentioned);
    const notTold = await connect(bystander);
    const noted = await app.inject({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/messages`,
      headers: author.headers,
      payload: { body: 'Have a look, please', internal: true, mentions: [mentioned.user.id] },
    });
    expect(noted.statusCode).toBe(201);
    const notification = await eventually(async () =>
      told.received.find((m) => m.type === 'notification' && m.ticketId === ticket.id),
    );
    expect(notification.data).toMatchObject({ kind: 'mentioned' });
    // A later note reaches every agent after all of the first one's news.
    const later = await app.inject({
      method: 'POST',
      url: `/api/tickets/${ticket.id}/messages`,
      headers: author.headers,
      payload: { body: 'Never mind', internal: true },
    });
    expect(later.statusCode).toBe(201);
    await eventually(async () =>
      notTold.received.filter((m) => m.type === 'message.added' && m.ticketId === ticket.id).length >= 2
        ? true
        : undefined,
    );
    expect(notTold.received.filter((m) => m.type === 'notification')).toEqual([]);
  });
});
