import { invalid } from '../../errors.ts';

/** Where the previous page ended: the sort key and the id of its last row. */
export interface KeysetCursor {
  key: string | number;
  id: number;
}

/** Cursors are opaque to callers, so the key can change shape without breaking them. */
export const encodeCursor = (cursor: KeysetCursor): string =>
  Buffer.from(JSON.stringify([cursor.key, cursor.id])).toString('base64url');

export function decodeCursor(value: string): KeysetCursor {
  try {
    const [key, id] = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as [unknown, unknown];
    if ((typeof key === 'string' || typeof key === 'number') && Number.isSafeInteger(id)) {
      return { key, id: id as number };
    }
  } catch {
    // fall through to the error below
  }
  throw invalid('invalid_cursor', 'The cursor is not one this API handed out');
}
