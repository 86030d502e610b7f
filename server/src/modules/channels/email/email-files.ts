import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Queryable } from '../../../db/database.ts';
import type { AttachmentStore } from '../../attachments/attachment-store.ts';

export interface StoredFile {
  sha256: string;
  size: number;
  contentType: string;
  filename: string;
  cid: string | null;
}

/**
 * Writes a part of a received message into the content-addressed attachment store (fsynced,
 * then renamed), before the importing transaction: a row that commits always has its bytes.
 * Writing the same bytes again is harmless, so a retried import needs no clean-up.
 */
export async function storeFile(
  store: AttachmentStore,
  part: { content: Buffer; contentType: string; filename: string; cid?: string | null },
): Promise<StoredFile> {
  const sha256 = crypto.createHash('sha256').update(part.content).digest('hex');
  const finalPath = store.pathOf(sha256);
  if (!fs.existsSync(finalPath)) {
    await fs.promises.mkdir(path.dirname(finalPath), { recursive: true });
    const tmp = `${finalPath}.${crypto.randomUUID()}.tmp`;
    const handle = await fs.promises.open(tmp, 'w');
    try {
      await handle.writeFile(part.content);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(tmp, finalPath);
  }
  return {
    sha256,
    size: part.content.length,
    contentType: part.contentType.slice(0, 200) || 'application/octet-stream',
    filename: path.basename(part.filename).slice(0, 255) || 'attachment',
    cid: part.cid ?? null,
  };
}

/** Records stored files as uploads of the sender, ready to be bound to the message. */
export async function recordFiles(
  tx: Queryable,
  files: StoredFile[],
  uploadedBy: number | null,
): Promise<number[]> {
  if (files.length === 0) return [];
  const rows = await tx
    .insertInto('attachments')
    .values(
      files.map((file) => ({
        sha256: file.sha256,
        size_bytes: file.size,
        content_type: file.contentType,
        filename: file.filename,
        uploaded_by: uploadedBy,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}
