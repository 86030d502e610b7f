import crypto from 'node:crypto';
import type { Db } from '../../db/database.ts';
import { recordAudit } from '../audit/audit.service.ts';
import type { PeopleService } from './people.service.ts';

export interface FirstAdminResult {
  email: string;
  /** Set only when Tierline generated the password; shown once, never stored in clear. */
  generatedPassword: string | null;
}

/**
 * A fresh database gets one admin so somebody can sign in: the configured account, or
 * admin@tierline.local with a generated password that is printed once.
 */
export async function ensureFirstAdmin(
  db: Db,
  people: PeopleService,
  configured: { email?: string; password?: string },
): Promise<FirstAdminResult | null> {
  const existing = await db
    .selectFrom('users')
    .select('id')
    .where('role', '=', 'admin')
    .limit(1)
    .executeTakeFirst();
  if (existing) return null;
  const email = configured.email ?? 'admin@tierline.local';
  const generatedPassword = configured.password ? null : crypto.randomBytes(12).toString('base64url');
  const password = configured.password ?? generatedPassword!;
  await db.transaction().execute(async (tx) => {
    const admin = await people.insertUser(tx, { email, name: 'Administrator', role: 'admin', password });
    await recordAudit(tx, {
      actorId: null,
      action: 'user.created',
      targetType: 'user',
      targetId: admin.id,
      data: { role: 'admin', reason: 'first admin' },
    });
  });
  return { email, generatedPassword };
}
