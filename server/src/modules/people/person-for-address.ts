import { sql } from 'kysely';
import type { Queryable } from '../../db/database.ts';
import type { UserRow } from '../../db/schema.ts';

/**
 * The person behind an address (a mail's sender, a requester named by email). Unknown people
 * become customers, in the organisation whose domains include the address's domain. Safe
 * against two callers creating the same person at once.
 */
export async function personForAddress(tx: Queryable, address: string, name: string): Promise<UserRow> {
  const email = address.toLowerCase();
  const existing = await tx
    .selectFrom('users')
    .selectAll()
    .where(sql`lower(email)`, '=', email)
    .executeTakeFirst();
  if (existing) return existing;
  const domain = email.split('@')[1] ?? '';
  const organisation = await tx
    .selectFrom('organisations')
    .select('id')
    .where((eb) => eb(eb.val(domain), '=', eb.fn.any('domains')))
    .orderBy('id')
    .executeTakeFirst();
  const created = await tx
    .insertInto('users')
    .values({
      email,
      name: name.trim().slice(0, 200) || email.split('@')[0] || email,
      role: 'customer',
      organisation_id: organisation?.id ?? null,
    })
    .onConflict((oc) => oc.expression(sql`lower(email)`).doNothing())
    .returningAll()
    .executeTakeFirst();
  return (
    created ??
    (await tx.selectFrom('users').selectAll().where(sql`lower(email)`, '=', email).executeTakeFirstOrThrow())
  );
}
