import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createTestDatabase } from './harness.ts';
import { eventually, signIn, startTierline, type TierlineProcess } from './processes.ts';

const connectionString = await createTestDatabase();
// Solved tickets close at the next sweep; sweeps are offered every second by both nodes.
const setup = new pg.Client({ connectionString });
await setup.connect();
await setup.query("INSERT INTO settings (key, value) VALUES ('helpdesk', '{\"autoCloseAfterHours\": 0}')");
await setup.end();

const env = (name: string) => ({
  DATABASE_URL: connectionString,
  TIERLINE_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), `tierline-${name}-`)),
  TIERLINE_ADMIN_EMAIL: 'admin@two-nodes.test',
  TIERLINE_ADMIN_PASSWORD: 'correct horse battery',
  TIERLINE_SWEEP_SECONDS: '1',
});
const nodes: TierlineProcess[] = [];
afterAll(async () => {
  await Promise.all(nodes.map((node) => node.stop()));
});
const nodeA = await startTierline(env('a'));
nodes.push(nodeA);
const nodeB = await startTierline(env('b'));
nodes.push(nodeB);
const token = await signIn(nodeA.url, 'admin@two-nodes.test', 'correct horse battery');
const api = (node: TierlineProcess, method: string, url: string, body?: object) =>
  fetch(`${node.url}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });

describe('two app nodes on one PostgreSQL', () => {
  it('a change made through node A reaches a WebSocket client of node B', async () => {
    const socket = new WebSocket(`${nodeB.url.replace('http', 'ws')}/api/live`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const received: { type: string; ticketId?: number }[] = [];
    socket.on('message', (raw) => received.push(JSON.parse(String(raw))));
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    await eventually(async () => received.find((message) => message.type === 'hello'));

    const created = (await (
      await api(nodeA, 'POST', '/api/tickets', { subject: 'Seen on B?', body: 'live' })
    ).json()) as { id: number };
    await api(nodeA, 'PATCH', `/api/tickets/${created.id}`, { priority: 'P1' });
    const types = await eventually(async () => {
      const forTicket = received
        .filter((message) => message.ticketId === created.id)
        .map((message) => message.type);
      return forTicket.includes('ticket.updated') ? forTicket : undefined;
    });
    expect(types).toEqual(['ticket.created', 'ticket.updated']);
    socket.close();
  });

  it('runs the auto-close job exactly once per ticket although both nodes run jobs', {
    timeout: 60_000,
  }, async () => {
    const ids: number[] = [];
    for (let index = 0; index < 10; index++) {
      const node = index % 2 === 0 ? nodeA : nodeB;
      const ticket = (await (
        await api(node, 'POST', '/api/tickets', { subject: `Solve me ${index}`, body: 'x' })
      ).json()) as { id: number };
      await api(node, 'PATCH', `/api/tickets/${ticket.id}`, { status: 'solved' });
      ids.push(ticket.id);
    }
    const db = new pg.Client({ connectionString });
    await db.connect();
    try {
      await eventually(async () => {
        const { rows } = await db.query<{ open: string }>(
          "SELECT count(*) AS open FROM tickets WHERE id = ANY($1) AND status <> 'closed'",
          [ids],
        );
        return Number(rows[0]?.open) === 0 ? true : undefined;
      }, 30_000).catch((error: unknown) => {
        throw new Error(`${String(error)}\nnode A:\n${nodeA.output()}\nnode B:\n${nodeB.output()}`);
      });
      // Give a second sweep on either node the chance to misbehave before counting.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      const { rows } = await db.query<{ ticket_id: number; closes: string }>(
        "SELECT ticket_id, count(*) AS closes FROM ticket_events WHERE ticket_id = ANY($1) AND data->>'reason' = 'auto_close' GROUP BY ticket_id ORDER BY ticket_id",
        [ids],
      );
      expect(rows.map((row) => [row.ticket_id, Number(row.closes)])).toEqual(ids.map((id) => [id, 1]));
    } finally {
      await db.end();
    }
  });
});
