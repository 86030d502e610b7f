import type { Db } from '../../../db/database.ts';
import type { SecretBox } from './secret-box.ts';

/**
 * Seals the IMAP passwords still stored in plain text (rows from before migration 0006, or
 * written by an older node during an upgrade). Row locks make it safe on several nodes at once.
 */
export async function sealPlainMailboxPasswords(db: Db, secrets: SecretBox): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const plain = await tx
      .selectFrom('email_mailboxes')
      .select(['id', 'password'])
      .where('password_sealed', '=', false)
      .where('password', '<>', '')
      .forUpdate()
      .skipLocked()
      .execute();
    for (const row of plain) {
      await tx
        .updateTable('email_mailboxes')
        .set({ password: secrets.seal(row.password), password_sealed: true })
        .where('id', '=', row.id)
        .execute();
    }
    return plain.length;
  });
}
