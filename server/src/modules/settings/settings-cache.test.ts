import { describe, expect, it } from 'vitest';
import { createTestApp, json } from '../../../test/harness.ts';
import { eventually } from '../../../test/processes.ts';
import { DEFAULT_SETTINGS } from './settings.schema.ts';
import { Cached } from './settings.service.ts';

const { app, ctx, factory } = await createTestApp();
const agent = await factory.person('operator');
const customer = await factory.person('customer');

const until = (check: () => Promise<boolean>) =>
  eventually(async () => ((await check()) ? true : undefined), 5_000);

const create = (fields: Record<string, unknown>) =>
  app.inject({
    method: 'POST',
    url: '/api/tickets',
    headers: agent.headers,
    payload: {
      subject: 'Cache test',
      body: 'Does this node know?',
      requesterId: customer.user.id,
      ...fields,
    },
  });

describe('settings and custom fields kept by a node', () => {
  it('take a priority matrix written by another node (or in SQL) at once', async () => {
    const before = await create({ impact: 'critical', urgency: 'critical' });
    expect(json<{ priority: string }>(before).priority).toBe('P1');
    // Written straight to the database, as another node would: only the announcement tells this one.
    const matrix = structuredClone(DEFAULT_SETTINGS.priorityMatrix);
    matrix.critical.critical = 'P4';
    await ctx.db
      .insertInto('settings')
      .values({ key: 'helpdesk', value: JSON.stringify({ ...DEFAULT_SETTINGS, priorityMatrix: matrix }) })
      .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ value: eb.ref('excluded.value') })))
      .execute();
    await until(
      async () =>
        json<{ priority: string }>(await create({ impact: 'critical', urgency: 'critical' })).priority ===
        'P4',
    );
  });

  it('take a custom field added by another node (or in SQL) at once', async () => {
    const refused = await create({ customFields: { asset_tag: 'LAP-0042' } });
    expect(refused.statusCode).toBe(422);
    await ctx.db
      .insertInto('custom_fields')
      .values({ key: 'asset_tag', label: 'Asset tag', type: 'text' })
      .execute();
    await until(async () => (await create({ customFields: { asset_tag: 'LAP-0042' } })).statusCode === 201);
  });
});

describe('Cached', () => {
  it('does not keep a value whose read was under way when it was told to forget', async () => {
    const cached = new Cached<string>();
    let release: (value: string) => void = () => {};
    const reads: string[] = [];
    const slowRead = () =>
      new Promise<string>((resolve) => {
        reads.push('slow');
        release = resolve;
      });
    const pending = cached.get(slowRead);
    cached.forget(); // the change was announced while the old value was being read
    release('old');
    expect(await pending).toBe('old');
    const fresh = await cached.get(async () => {
      reads.push('fresh');
      return 'new';
    });
    expect(fresh).toBe('new');
    expect(reads).toEqual(['slow', 'fresh']);
    // Once read without interruption, the value is kept.
    expect(await cached.get(async () => 'unused')).toBe('new');
  });
});
