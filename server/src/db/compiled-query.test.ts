import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/harness.ts';
import { compiledOnce } from './compiled-query.ts';
import type { Role } from './schema.ts';

const { ctx, factory } = await createTestApp();

describe('queries compiled once', () => {
  it('run the one statement with the values of each call', async () => {
    const [first, second] = await Promise.all([factory.person('operator'), factory.person('customer')]);
    const byId = compiledOnce((db, values: { id: number; role: Role }) =>
      db
        .selectFrom('users')
        .select(['id', 'role'])
        .where('id', '=', values.id)
        .where('role', '=', values.role),
    );
    expect(await byId(ctx.db, { id: first.user.id, role: 'operator' })).toEqual([
      { id: first.user.id, role: 'operator' },
    ]);
    expect(await byId(ctx.db, { id: second.user.id, role: 'customer' })).toEqual([
      { id: second.user.id, role: 'customer' },
    ]);
    expect(await byId(ctx.db, { id: second.user.id, role: 'operator' })).toEqual([]);
  });

  it('refuse a build that does not hand a value to the statement', async () => {
    const careless = compiledOnce((db, values: { limit: number }) => {
      const limit = Number(values.limit) || 10; // computed with, so the statement never sees it
      return db.selectFrom('users').select('id').limit(limit);
    });
    await expect(careless(ctx.db, { limit: 5 })).rejects.toThrow('Values limit are not parameters');
  });
});
