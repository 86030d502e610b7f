import { describe, expect, it } from 'vitest';
import { createTestApp, json } from '../../../test/harness.ts';

const { app, factory, ctx } = await createTestApp();
const agent = await factory.person('engineer');
const customer = await factory.person('customer');

await ctx.db
  .insertInto('custom_fields')
  .values([
    { key: 'asset_tag', label: 'Asset tag', type: 'text', customer_visible: true },
    { key: 'seats', label: 'Seats', type: 'number' },
    { key: 'go_live', label: 'Go-live date', type: 'date' },
    { key: 'region', label: 'Region', type: 'select', options: ['emea', 'amer', 'apac'], required: true },
  ])
  .execute();

const create = (headers: { cookie: string }, customFields: Record<string, unknown>) =>
  app.inject({
    method: 'POST',
    url: '/api/tickets',
    headers,
    payload: { subject: 'Licence request', body: 'Need seats', customFields },
  });

describe('custom fields on tickets', () => {
  it('accepts typed values and requires required fields from staff', async () => {
    const ok = await create(agent.headers, {
      asset_tag: 'LT-0042',
      seats: 25,
      go_live: '2027-01-15',
      region: 'emea',
    });
    expect(ok.statusCode).toBe(201);
    expect(json(ok)).toMatchObject({
      customFields: { asset_tag: 'LT-0042', seats: 25, go_live: '2027-01-15', region: 'emea' },
    });
    const missing = await create(agent.headers, { seats: 3 });
    expect(json(missing)).toMatchObject({
      error: { code: 'custom_field_required', details: { fields: ['region'] } },
    });
  });

  it.each([
    ['seats', 'many', 'a number'],
    ['go_live', '15/01/2027', 'a date (YYYY-MM-DD)'],
    ['region', 'mars', 'one of emea, amer, apac'],
    ['asset_tag', 42, 'text'],
  ])('rejects %s = %s', async (key, value, expected) => {
    const response = await create(agent.headers, { region: 'emea', [key]: value });
    expect(response.statusCode).toBe(422);
    expect(json<{ error: { code: string; message: string } }>(response).error).toMatchObject({
      code: 'invalid_custom_field',
      message: expect.stringContaining(expected),
    });
  });

  it('merges changes, clears with null, and shows customers only customer-visible fields', async () => {
    const created = json<{ id: number }>(
      await create(agent.headers, { asset_tag: 'LT-1', seats: 2, region: 'apac' }),
    );
    const patched = await app.inject({
      method: 'PATCH',
      url: `/api/tickets/${created.id}`,
      headers: agent.headers,
      payload: { customFields: { seats: null, region: 'amer' } },
    });
    expect(json(patched)).toMatchObject({ customFields: { asset_tag: 'LT-1', region: 'amer' } });
    expect(json<{ customFields: Record<string, unknown> }>(patched).customFields).not.toHaveProperty('seats');
    const events = json<{ events: { data: { changes?: Record<string, unknown> } }[] }>(
      await app.inject({ method: 'GET', url: `/api/tickets/${created.id}/events`, headers: agent.headers }),
    ).events;
    expect(events.at(-1)?.data.changes).toHaveProperty('custom_fields');

    await app.inject({
      method: 'PATCH',
      url: `/api/tickets/${created.id}`,
      headers: agent.headers,
      payload: { requesterId: customer.user.id },
    });
    const asCustomer = json<{ customFields: Record<string, unknown> }>(
      await app.inject({ method: 'GET', url: `/api/tickets/${created.id}`, headers: customer.headers }),
    );
    expect(asCustomer.customFields).toEqual({ asset_tag: 'LT-1' });
  });

  it('lets customers open requests without staff-only required fields', async () => {
    const response = await create(customer.headers, {});
    expect(response.statusCode).toBe(201);
  });
  it('checks tickets against a field an admin adds or retires at once on this node', async () => {
    const admin = await factory.person('admin');
    const added = await app.inject({
      method: 'POST',
      url: '/api/custom-fields',
      headers: admin.headers,
      payload: { key: 'cost_centre', label: 'Cost centre', type: 'text', required: true },
    });
    expect(added.statusCode, added.body).toBe(201);
    const fields = { region: 'apac' };
    expect(json(await create(agent.headers, fields))).toMatchObject({
      error: { code: 'custom_field_required', details: { fields: ['cost_centre'] } },
    });
    const retired = await app.inject({
      method: 'PATCH',
      url: `/api/custom-fields/${json<{ id: number }>(added).id}`,
      headers: admin.headers,
      payload: { active: false },
    });
    expect(retired.statusCode, retired.body).toBe(200);
    expect((await create(agent.headers, fields)).statusCode).toBe(201);
  });
});
