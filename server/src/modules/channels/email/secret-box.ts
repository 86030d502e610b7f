import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

/** Thrown when a sealed value cannot be opened: another key, or the bytes were changed. */
export class SecretUnreadable extends Error {}

/** A 32-byte key from TIERLINE_SECRET_KEY: base64 (44 characters) or hex (64 characters). */
export function parseSecretKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== KEY_BYTES)
    throw new Error('TIERLINE_SECRET_KEY must be 32 bytes, base64 or hex encoded');
  return key;
}

/**
 * The key under the data directory (`secret.key`, owner-only), written once on first use. Two
 * processes starting together agree on one: the file is created exclusively, and whoever loses
 * that race reads the winner's.
 */
export function keyFromDataDir(dataDir: string): Buffer {
  const file = path.join(dataDir, 'secret.key');
  try {
    return parseSecretKey(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const fresh = crypto.randomBytes(KEY_BYTES).toString('base64');
  try {
    fs.writeFileSync(file, `${fresh}\n`, { flag: 'wx', mode: 0o600 });
    return Buffer.from(fresh, 'base64');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return parseSecretKey(fs.readFileSync(file, 'utf8'));
  }
}

/**
 * Seals credentials Tierline must be able to read back (IMAP passwords) with AES-256-GCM, so a
 * database dump or backup alone does not give them away. The key lives outside the database.
 * Sealed text: `v1:` + base64(iv ‖ tag ‖ ciphertext).
 */
export class SecretBox {
  readonly #loadKey: () => Buffer;
  #key: Buffer | null = null;

  /** The key is read (or created) on first use, not at construction. */
  constructor(loadKey: () => Buffer) {
    this.#loadKey = loadKey;
  }

  #keyBytes(): Buffer {
    this.#key ??= this.#loadKey();
    return this.#key;
  }

  seal(plain: string): string {
    const iv = crypto.randomBytes(IV_BYTES);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.#keyBytes(), iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  open(sealed: string): string {
    const [version, payload] = sealed.split(':', 2);
    if (version !== VERSION || !payload) throw new SecretUnreadable('Not a sealed secret');
    const bytes = Buffer.from(payload, 'base64');
    if (bytes.length < IV_BYTES + TAG_BYTES) throw new SecretUnreadable('Sealed secret is truncated');
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.#keyBytes(), bytes.subarray(0, IV_BYTES));
    decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new SecretUnreadable('The secret was sealed with another key or has been changed');
    }
  }
}
