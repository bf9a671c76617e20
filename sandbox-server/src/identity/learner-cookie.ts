/**
 * The learner's identity cookie: an anonymous learner id with its expiry, signed with the session secret,
 * HttpOnly (no script reads it), SameSite=Lax (not sent on cross-site sub-requests) and Secure when the
 * request came over HTTPS. The id is also recorded in the `learners` table.
 */
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import type { Db } from '../db/database';
import { randomId, sign, verify } from './signed-token';

/** LEARNER_COOKIE is the cookie's name. */
export const LEARNER_COOKIE = 'atelier_learner';

/** LearnerIdentity signs, reads and issues learner cookies. */
export class LearnerIdentity {
  constructor(
    private readonly db: Db,
    private readonly secret: string,
    private readonly maxAgeSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** cookieValue returns the signed cookie value for a learner id (valid maxAgeSeconds from now). */
  cookieValue(learnerId: string): string {
    const expires = Math.floor(this.now() / 1000) + this.maxAgeSeconds;
    return sign(this.secret, `${learnerId}.${expires}`);
  }

  /** learnerFromCookie returns the learner id of a valid, unexpired cookie of a known learner. */
  async learnerFromCookie(value: string | undefined): Promise<string | undefined> {
    if (!value) return undefined;
    const payload = verify(this.secret, value);
    if (!payload) return undefined;
    const [id, expires] = payload.split('.');
    if (!id || !/^\d+$/.test(expires ?? '') || Number(expires) * 1000 <= this.now()) return undefined;
    const known = await this.db.get('SELECT 1 AS known FROM learners WHERE id = ?', [id]);
    return known ? id : undefined;
  }

  /** current returns the calling learner's id, or undefined without a valid cookie. */
  current(c: Context): Promise<string | undefined> {
    return this.learnerFromCookie(getCookie(c, LEARNER_COOKIE));
  }

  /**
   * ensure returns the calling learner's id, creating a learner and setting the cookie when there is
   * none; the cookie is refreshed (sliding expiry) on every call.
   */
  async ensure(c: Context): Promise<string> {
    let id = await this.current(c);
    const now = this.now();
    if (id) {
      await this.db.run('UPDATE learners SET last_seen_at = ? WHERE id = ?', [now, id]);
    } else {
      id = randomId(16);
      await this.db.run('INSERT INTO learners (id, created_at, last_seen_at) VALUES (?, ?, ?)', [
        id,
        now,
        now,
      ]);
    }
    setCookie(c, LEARNER_COOKIE, this.cookieValue(id), {
      httpOnly: true,
      sameSite: 'Lax',
      secure: new URL(c.req.url).protocol === 'https:',
      path: '/',
      maxAge: this.maxAgeSeconds,
    });
    return id;
  }
}
