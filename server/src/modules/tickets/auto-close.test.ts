import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.ts';

const { app, factory, ctx, clock } = await createTestApp();
const agent = await factory.person('operator');
const customer = await factory.person('customer');

describe('auto-close of solved tickets', () => {
  it('closes solved tickets once their quiet period has passed, and only those', async () => {
    const solvedLongAgo = await factory.ticket(customer);
    const solvedRecently = await factory.ticket(customer);
    const open = await factory.ticket(customer);
    await app.inject({
      method: 'PATCH',
      url: `/api/tickets/${solvedLongAgo.id}`,
      headers: agent.headers,
      payload: { status: 'solved' },
    });
    clock.advance(50 * 3_600_000);
    await app.inject({
      method: 'PATCH',
      url: `/api/tickets/${solvedRecently.id}`,
      headers: agent.headers,
      payload: { status: 'solved' },
    });
    clock.advance(50 * 3_600_000);

    expect(await ctx.tickets.autoCloseSolved()).toEqual([solvedLongAgo.id]);
    expect(await ctx.tickets.autoCloseSolved()).toEqual([]);

    const statuses = await ctx.db
      .selectFrom('tickets')
      .select(['id', 'status'])
      .where('id', 'in', [solvedLongAgo.id, solvedRecently.id, open.id])
      .orderBy('id')
      .execute();
    expect(statuses.map((row) => row.status)).toEqual(['closed', 'solved', 'new']);
    const events = await ctx.db
      .selectFrom('ticket_events')
      .select(['type', 'data', 'actor_id'])
      .where('ticket_id', '=', solvedLongAgo.id)
      .orderBy('id')
      .execute();
    expect(events.at(-1)).toMatchObject({
      type: 'ticket.updated',
      actor_id: null,
      data: { reason: 'auto_close' },
    });
  });

  it('follows the configured quiet period', async () => {
    const admin = await factory.person('admin');
    await ctx.settings.update(admin.actor, { autoCloseAfterHours: 1 }, null);
    const ticket = await factory.ticket(customer);
    await app.inject({
      method: 'PATCH',
      url: `/api/tickets/${ticket.id}`,
      headers: agent.headers,
      payload: { status: 'solved' },
    });
    clock.advance(30 * 60_000);
    expect(await ctx.tickets.autoCloseSolved()).not.toContain(ticket.id);
    clock.advance(31 * 60_000);
    expect(await ctx.tickets.autoCloseSolved()).toEqual([ticket.id]);
  });
});
