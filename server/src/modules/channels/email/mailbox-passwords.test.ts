import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestApp, json } from '../../../../test/harness.ts';
import { keyFromDataDir, parseSecretKey, SecretBox, SecretUnreadable } from './secret-box.ts';

const { app, ctx, factory } = await createTestApp();
const admin = await factory.person('admin');

const storedPassword = (id: number) =>
  ctx.db
    .selectFrom('email_mailboxes')
    .select(['password', 'password_sealed'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();

describe('IMAP mailbox passwords at rest', () => {
  it('stores a new or changed password sealed, never in plain text, and never returns it', async () => {
    const created = await app.inject({
      method: 'POST',
      url: '/api/email/mailboxes',
      headers: admin.headers,
      payload: { name: 'Sealed', host: 'imap.sealed.example', username: 'desk', password: 'Hunter2-imap' },
    });
    expect(created.statusCode).toBe(201);
    const { id } = json<{ id: number }>(created);
    const first = await storedPassword(id);
    expect(first.password_sealed).toBe(true);
    expect(first.password).not.toContain('Hunter2');
    expect(ctx.email.secrets.open(first.password)).toBe('Hunter2-imap');

    const renamed = await app.inject({
      method: 'PATCH',
      url: `/api/email/mailboxes/${id}`,
      headers: admin.headers,
      payload: { name: 'Sealed desk' },
    });
    expect(json(renamed)).toMatchObject({ hasPassword: true });
    expect((await storedPassword(id)).password).toBe(first.password);

    await app.inject({
      method: 'PATCH',
      url: `/api/email/mailboxes/${id}`,
      headers: admin.headers,
      payload: { password: 'Correct-Horse' },
    });
    const changed = await storedPassword(id);
    expect(ctx.email.secrets.open(changed.password)).toBe('Correct-Horse');
    const listed = await app.inject({ method: 'GET', url: '/api/email/mailboxes', headers: admin.headers });
    expect(listed.body).not.toContain(changed.password);
    expect(listed.body).not.toContain('Correct-Horse');
  });

  it('seals passwords stored in plain text before the upgrade, once, leaving sealed ones alone', async () => {
    const legacy = await ctx.db
      .insertInto('email_mailboxes')
      .values({
        name: 'Legacy',
        host: 'imap.legacy.example',
        port: 993,
        username: 'old',
        password: 'plain-old',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    expect(await storedPassword(legacy.id)).toEqual({ password: 'plain-old', password_sealed: false });

    expect(await ctx.email.sealMailboxPasswords()).toBeGreaterThanOrEqual(1);
    const sealed = await storedPassword(legacy.id);
    expect(sealed.password_sealed).toBe(true);
    expect(sealed.password).not.toContain('plain-old');
    expect(ctx.email.secrets.open(sealed.password)).toBe('plain-old');
    expect(await ctx.email.sealMailboxPasswords()).toBe(0);
    expect((await storedPassword(legacy.id)).password).toBe(sealed.password);
  });
});

describe('SecretBox', () => {
  it('opens only what it sealed with the same key: another key or a changed byte is refused', () => {
    const key = crypto.randomBytes(32);
    const box = new SecretBox(() => key);
    const sealed = box.seal('s3cret');
    expect(sealed).toMatch(/^v1:/);
    expect(box.seal('s3cret')).not.toBe(sealed);
    expect(box.open(sealed)).toBe('s3cret');
    expect(() => new SecretBox(() => crypto.randomBytes(32)).open(sealed)).toThrow(SecretUnreadable);
    const bytes = Buffer.from(sealed.slice(3), 'base64');
    bytes[bytes.length - 1] ^= 1;
    expect(() => box.open(`v1:${bytes.toString('base64')}`)).toThrow(SecretUnreadable);
    expect(() => box.open('plain')).toThrow(SecretUnreadable);
  });

  it('creates the key file once, owner-only, and reads the same key back; a configured key must be 32 bytes', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tierline-key-'));
    try {
      const key = keyFromDataDir(dir);
      expect(key.length).toBe(32);
      expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
      expect(keyFromDataDir(dir).equals(key)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const hex = crypto.randomBytes(32).toString('hex');
    expect(parseSecretKey(hex).toString('hex')).toBe(hex);
    expect(() => parseSecretKey('too-short')).toThrow(/32 bytes/);
  });
});
