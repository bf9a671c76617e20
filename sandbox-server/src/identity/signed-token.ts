/**
 * Signed tokens for cookies: `<payload>.<HMAC-SHA256(secret, payload) in base64url>`. The payload is
 * readable (it is an id and an expiry, nothing secret); the signature proves the server issued it.
 */
import crypto from 'node:crypto';

/** sign returns `payload.signature`. The payload must not be empty. */
export function sign(secret: string, payload: string): string {
  return `${payload}.${mac(secret, payload)}`;
}

/** verify returns the payload of a token signed with secret, or undefined (bad format or forged). */
export function verify(secret: string, token: string): string | undefined {
  const dot = token.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const payload = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1));
  const expected = Buffer.from(mac(secret, payload));
  // Why timingSafeEqual: a byte-by-byte comparison leaks how much of a forged signature is right.
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return undefined;
  return payload;
}

function mac(secret: string, payload: string): string {
  return crypto.createHmac('sha256', secret).update(payload).digest('base64url');
}

/** randomId returns an unguessable identifier (`bytes` random bytes in base64url). */
export function randomId(bytes = 16): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

/** sha256 returns the hex SHA-256 of a string; bearer tokens are stored only as this hash. */
export function sha256(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex');
}

/** safeEqual compares two secrets in constant time for equal lengths. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && crypto.timingSafeEqual(left, right);
}
