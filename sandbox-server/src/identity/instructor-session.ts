/**
 * The instructor's browser session: after presenting INSTRUCTOR_TOKEN once (POST /api/instructor/session),
 * the instructor's pages carry a signed cookie instead of the token. HttpOnly (no script reads it),
 * SameSite=Strict (never sent by another site's page, so no cross-site request can act as the instructor),
 * Secure over HTTPS, valid 12 hours. The value is `instructor.<expiry>.<HMAC>`: nothing is stored. The
 * HMAC key derives from the session secret AND the instructor token, so changing INSTRUCTOR_TOKEN (a leaked
 * token or cookie) revokes every open instructor session at the next restart.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { createHash } from 'node:crypto';
import { sign, verify } from './signed-token';

/** INSTRUCTOR_COOKIE is the cookie's name. */
export const INSTRUCTOR_COOKIE = 'atelier_instructor';
/** INSTRUCTOR_SESSION_SECONDS is the session's lifetime: a long teaching day. */
export const INSTRUCTOR_SESSION_SECONDS = 12 * 3600;

const PREFIX = 'instructor';

export class InstructorSession {
  private readonly secret: string;

  constructor(
    secret: string,
    private readonly now: () => number = Date.now,
    instructorToken = '',
  ) {
    // A key of its own: no learner cookie or kubectl token signed with the session secret can pass for it.
    const bound = createHash('sha256').update(instructorToken).digest('base64url');
    this.secret = `${secret}:instructor-session:${bound}`;
  }

  /** issue sets the session cookie on the response. */
  issue(c: Context): void {
    const expires = Math.floor(this.now() / 1000) + INSTRUCTOR_SESSION_SECONDS;
    setCookie(c, INSTRUCTOR_COOKIE, sign(this.secret, `${PREFIX}.${expires}`), {
      httpOnly: true,
      sameSite: 'Strict',
      secure: new URL(c.req.url).protocol === 'https:',
      path: '/',
      maxAge: INSTRUCTOR_SESSION_SECONDS,
    });
  }

  /** clear removes the session cookie. */
  clear(c: Context): void {
    deleteCookie(c, INSTRUCTOR_COOKIE, { path: '/' });
  }

  /** valid tells whether a cookie value is a current instructor session issued by this server. */
  valid(value: string | undefined): boolean {
    if (!value) return false;
    const payload = verify(this.secret, value);
    if (!payload?.startsWith(`${PREFIX}.`)) return false;
    const expires = payload.slice(PREFIX.length + 1);
    return /^\d+$/.test(expires) && Number(expires) * 1000 > this.now();
  }

  /** fromRequest tells whether the request carries a valid instructor session cookie. */
  fromRequest(c: Context): boolean {
    return this.valid(getCookie(c, INSTRUCTOR_COOKIE));
  }
}
