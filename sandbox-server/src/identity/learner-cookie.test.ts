import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/database';
import { LearnerIdentity } from './learner-cookie';
import { sign, verify } from './signed-token';

const dbs: Db[] = [];
afterEach(() => {
  for (const db of dbs.splice(0)) void db.close();
});

async function identity(now: { t: number }) {
  const db = openDatabase(':memory:');
  dbs.push(db);
  await db.run('INSERT INTO learners (id, created_at, last_seen_at) VALUES (?, 0, 0)', ['alice']);
  return new LearnerIdentity(db, 'secret-0123456789-0123456789-0123', 3600, () => now.t);
}

describe('signed tokens', () => {
  it('round-trips and rejects tampering or another secret', () => {
    const token = sign('k1', 'alice.123');
    expect(verify('k1', token)).toBe('alice.123');
    expect(verify('k2', token)).toBeUndefined();
    expect(verify('k1', token.replace('alice', 'bobby'))).toBeUndefined();
    expect(verify('k1', 'no-signature')).toBeUndefined();
  });
});

describe('LearnerIdentity', () => {
  it('accepts its own unexpired cookie of a known learner only', async () => {
    const now = { t: 1_000_000 };
    const id = await identity(now);
    const cookie = id.cookieValue('alice');
    expect(await id.learnerFromCookie(cookie)).toBe('alice');
    expect(await id.learnerFromCookie(id.cookieValue('mallory'))).toBeUndefined();
    expect(await id.learnerFromCookie(undefined)).toBeUndefined();
    now.t += 3_600_000;
    expect(await id.learnerFromCookie(cookie)).toBeUndefined();
  });
});
