import { describe, expect, it } from 'vitest';
import { LESSON_USERS, lessonUsers, lessonUserToken, sandboxOfLessonToken } from './lesson-users';
import { sign } from './signed-token';

const SECRET = 'session-secret-for-tests';

describe('lesson users', () => {
  it('are alice (developpeurs) and bob (lecteurs), with a token per sandbox', () => {
    expect(LESSON_USERS).toEqual([
      { name: 'alice', groups: ['developpeurs'] },
      { name: 'bob', groups: ['lecteurs'] },
    ]);
    const one = lessonUsers(SECRET, 'sbx1');
    const two = lessonUsers(SECRET, 'sbx2');
    expect(one.map((u) => u.name)).toEqual(['alice', 'bob']);
    expect(one[0].token).not.toBe(one[1].token);
    expect(one[0].token).not.toBe(two[0].token);
    expect(sandboxOfLessonToken(SECRET, one[0].token)).toBe('sbx1');
    expect(sandboxOfLessonToken(SECRET, two[1].token)).toBe('sbx2');
  });

  it('refuses forged, foreign-secret, learner and unknown-user tokens', () => {
    const token = lessonUserToken(SECRET, 'sbx1', 'alice');
    const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(sandboxOfLessonToken(SECRET, forged)).toBeUndefined();
    expect(sandboxOfLessonToken('another-secret', token)).toBeUndefined();
    expect(sandboxOfLessonToken(SECRET, sign(SECRET, 'sandbox.sbx1'))).toBeUndefined();
    expect(sandboxOfLessonToken(SECRET, lessonUserToken(SECRET, 'sbx1', 'mallory'))).toBeUndefined();
    expect(sandboxOfLessonToken(SECRET, 'garbage')).toBeUndefined();
  });
});
