import crypto from 'node:crypto';

export const SIGNATURE_HEADER = 'x-tierline-signature';
export const TIMESTAMP_HEADER = 'x-tierline-timestamp';

/** HMAC-SHA256 of the raw body, as sent in X-Tierline-Signature: "sha256=<hex>". */
export function signBody(secret: string, rawBody: string): string {
  return `sha256=${crypto.createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

/** Compares in constant time; a missing or malformed header never matches. */
export function hasValidSignature(secret: string, rawBody: string, header: string | undefined): boolean {
  if (!header || !/^sha256=[0-9a-f]{64}$/i.test(header)) return false;
  const expected = Buffer.from(signBody(secret, rawBody), 'utf8');
  const given = Buffer.from(header.toLowerCase(), 'utf8');
  return expected.length === given.length && crypto.timingSafeEqual(expected, given);
}

export function newSecret(): string {
  return crypto.randomBytes(32).toString('base64url');
}
