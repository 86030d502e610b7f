import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/harness.ts';
import { eventually, signIn, startTierline, type TierlineProcess } from '../../../test/processes.ts';
import { everyPriority } from './sla-api.fixtures.ts';

// Two real app nodes on one database, both running jobs: SLA warnings and escalation levels
// must each happen once per ticket, whichever node sweeps.

const connectionString = await createTestDatabase();
const env = (name: string) => ({
  DATABASE_URL: connectionString,
  TIERLINE_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), `tierline-sla-${name}-`)),
  TIERLINE_ADMIN_EMAIL: 'admin@sla-nodes.test',
  TIERLINE_ADMIN_PASSWORD: 'correct horse battery',
  TIERLINE_SWEEP_SECONDS: '1',
});
const nodes: TierlineProcess[] = [];
afterAll(async () => {
  await Promise.all(nodes.map((node) => node.stop()));
});
// One after the other: the first node creates the first admin.
const nodeA = await startTierline(env('a'));
nodes.push(nodeA);
const nodeB = await startTierline(env('b'));
nodes.push(nodeB);
const token = await signIn(nodeA.url, 'admin@sla-nodes.test', 'correct horse battery');
const api = async (node: TierlineProcess, method: string, url: string, body?: object) => {
  const response = await fetch(`${node.url}${url}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? {} : await response.json()) as Record<string, unknown>;
};

describe('SLA sweeps on two app nodes', () => {
  it('record each warning and fire each escalation level exactly once per ticket', {
    timeout: 90_000,
  }, async () => {
    const db = new pg.Client({ connectionString });
    await db.connect();
    try {
      const organisation = await db.query<{ id: string }>(
        "INSERT INTO organisations (name) VALUES ('Two nodes Ltd') RETURNING id",
      );
      const organisationId = Number(organisation.rows[0]?.id);
      const customer = await db.query<{ id: string }>(
        "INSERT INTO users (email, name, role, organisation_id) VALUES ('c@two-nodes.test', 'C', 'customer', $1) RETURNING id",
        [organisationId],
      );
      const policy = await api(nodeA, 'POST', '/api/sla/policies', {
        name: 'Two nodes',
        conditions: { organisationIds: [organisationId] },
        atRiskFraction: 0.5,
        targets: everyPriority([{ metric: 'first_response', minutes: 60 }]),
      });
      await api(nodeB, 'POST', '/api/escalation-rules', {
        name: 'Two levels',
        policyIds: [policy.id],
        levels: [
          { level: 1, trigger: { on: 'at_risk' }, actions: [{ kind: 'notify_supervisors' }] },
          { level: 2, trigger: { on: 'breach' }, actions: [{ kind: 'raise_priority' }] },
        ],
      });
      const ids: number[] = [];
      for (let index = 0; index < 12; index++) {
        const node = index % 2 === 0 ? nodeA : nodeB;
        const ticket = await api(node, 'POST', '/api/tickets', {
          subject: `Waiting ${index}`,
          body: 'Nobody answers',
          requesterId: Number(customer.rows[0]?.id),
        });
        ids.push(Number(ticket.id));
      }
      // The customers have been waiting for two hours; the recompute job and the sweeps take it from here.
      await db.query(
        "UPDATE ticket_events SET created_at = created_at - interval '2 hours' WHERE ticket_id = ANY($1)",
        [ids],
      );
      await api(nodeB, 'POST', '/api/sla/recompute');

      await eventually(async () => {
        const { rows } = await db.query<{ n: string }>(
          'SELECT count(*) AS n FROM escalation_firings WHERE ticket_id = ANY($1)',
          [ids],
        );
        return Number(rows[0]?.n) >= ids.length * 2 ? true : undefined;
      }, 45_000).catch((error: unknown) => {
        throw new Error(`${String(error)}\nnode A:\n${nodeA.output()}\nnode B:\n${nodeB.output()}`);
      });
      // Give later sweeps on either node the chance to misbehave before counting.
      await new Promise((resolve) => setTimeout(resolve, 2500));

      const firings = await db.query<{ level: number; n: string }>(
        'SELECT ticket_id, level, count(*) AS n FROM escalation_firings WHERE ticket_id = ANY($1) GROUP BY ticket_id, level',
        [ids],
      );
      expect(firings.rows).toHaveLength(ids.length * 2);
      expect(firings.rows.every((row) => Number(row.n) === 1)).toBe(true);
      const events = await db.query<{ type: string; n: string }>(
        `SELECT type, count(*) AS n FROM ticket_events WHERE ticket_id = ANY($1)
           AND type IN ('sla.at_risk', 'sla.breached', 'escalation.fired') GROUP BY type ORDER BY type`,
        [ids],
      );
      // The at-risk moment had passed unseen (the tickets came in backdated), so only the breach is recorded.
      expect(events.rows.map((row) => [row.type, Number(row.n)])).toEqual([
        ['escalation.fired', ids.length * 2],
        ['sla.breached', ids.length],
      ]);
      const priorities = await db.query<{ priority: string }>(
        'SELECT DISTINCT priority FROM tickets WHERE id = ANY($1)',
        [ids],
      );
      expect(priorities.rows).toEqual([{ priority: 'P3' }]);
    } finally {
      await db.end();
    }
  });
});
