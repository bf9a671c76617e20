import { describe, expect, it } from 'vitest';
import { InstructorSession } from './instructor-session';
import { sign } from './signed-token';

describe('InstructorSession', () => {
  const now = () => 1_700_000_000_000;
  const cookieOf = (session: InstructorSession): string => {
    let value = '';
    const c = {
      req: { url: 'https://atelier.example/api/instructor/session' },
      header: (name: string, v: string) => {
        if (name.toLowerCase() === 'set-cookie') value = v.split(';')[0].split('=').slice(1).join('=');
      },
    };
    session.issue(c as never);
    return decodeURIComponent(value);
  };

  it('accepts its own cookies until they expire', () => {
    let clock = now();
    const session = new InstructorSession('secret', () => clock, 'instructor-token-0123');
    const cookie = cookieOf(session);
    expect(session.valid(cookie)).toBe(true);
    clock += 12 * 3600 * 1000 + 1000;
    expect(session.valid(cookie)).toBe(false);
  });

  it('is revoked by a new instructor token and never accepts learner-signed values', () => {
    const cookie = cookieOf(new InstructorSession('secret', now, 'instructor-token-0123'));
    expect(new InstructorSession('secret', now, 'instructor-token-0123').valid(cookie)).toBe(true);
    expect(new InstructorSession('secret', now, 'rotated-token-456789').valid(cookie)).toBe(false);
    expect(new InstructorSession('other-secret', now, 'instructor-token-0123').valid(cookie)).toBe(false);
    const forged = sign('secret', `instructor.${Math.floor(now() / 1000) + 3600}`);
    expect(new InstructorSession('secret', now, 'instructor-token-0123').valid(forged)).toBe(false);
  });
});
