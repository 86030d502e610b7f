import type { Actor } from '../../access/actor.ts';
import type { Queryable } from '../../db/database.ts';
import { invalid } from '../../errors.ts';

/** Binds uploads to a message. Only the uploader's own, still unattached files can be used. */
export async function attachToMessage(
  tx: Queryable,
  actor: Actor,
  ticketId: number,
  messageId: number,
  attachmentIds: number[],
): Promise<void> {
  if (attachmentIds.length === 0) return;
  const unique = [...new Set(attachmentIds)];
  const bound = await tx
    .updateTable('attachments')
    .set({ ticket_id: ticketId, message_id: messageId })
    .where('id', 'in', unique)
    .where('uploaded_by', '=', actor.userId)
    .where('message_id', 'is', null)
    .executeTakeFirst();
  if (Number(bound.numUpdatedRows) !== unique.length) {
    throw invalid('invalid_attachment', 'Attachments must be your own uploads, not yet used on a message');
  }
}
