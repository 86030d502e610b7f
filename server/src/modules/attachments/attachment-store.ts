import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Actor } from '../../access/actor.ts';
import type { Db } from '../../db/database.ts';
import type { AttachmentRow } from '../../db/schema.ts';
import { DomainError } from '../../errors.ts';

/**
 * Attachments live on disk under <dataDir>/attachments, named by the SHA-256 of their content:
 * the same file attached twice is stored once, and a name can never point at the wrong bytes.
 */
export class AttachmentStore {
  readonly #db: Db;
  readonly #root: string;
  readonly maxBytes: number;

  constructor(db: Db, dataDir: string, maxBytes: number) {
    this.#db = db;
    this.#root = path.join(dataDir, 'attachments');
    this.maxBytes = maxBytes;
  }

  pathOf(sha256: string): string {
    return path.join(this.#root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  /** Streams the upload to disk (fsynced) before recording it, so a recorded attachment always has its bytes. */
  async save(
    actor: Actor | null,
    file: { stream: Readable; filename: string; contentType: string },
  ): Promise<AttachmentRow> {
    fs.mkdirSync(path.join(this.#root, 'tmp'), { recursive: true });
    const tmp = path.join(this.#root, 'tmp', crypto.randomUUID());
    const hash = crypto.createHash('sha256');
    let size = 0;
    const limit = this.maxBytes;
    try {
      await pipeline(
        file.stream,
        async function* (source: AsyncIterable<Buffer>) {
          for await (const chunk of source) {
            size += chunk.length;
            if (size > limit) {
              throw new DomainError(
                'too_large',
                'attachment_too_large',
                `Attachments may be at most ${Math.round(limit / 1048576)} MB`,
              );
            }
            hash.update(chunk);
            yield chunk;
          }
        },
        fs.createWriteStream(tmp, { flush: true }),
      );
      const sha256 = hash.digest('hex');
      const finalPath = this.pathOf(sha256);
      fs.mkdirSync(path.dirname(finalPath), { recursive: true });
      if (fs.existsSync(finalPath)) fs.rmSync(tmp);
      else fs.renameSync(tmp, finalPath);
      return await this.#db
        .insertInto('attachments')
        .values({
          sha256,
          size_bytes: size,
          content_type: file.contentType.slice(0, 200) || 'application/octet-stream',
          filename: path.basename(file.filename).slice(0, 255) || 'attachment',
          uploaded_by: actor?.userId ?? null,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
    } finally {
      fs.rmSync(tmp, { force: true });
    }
  }

  open(row: AttachmentRow): fs.ReadStream {
    return fs.createReadStream(this.pathOf(row.sha256));
  }
}
