import { describe, expect, it } from 'vitest';
import { FailedPodsBackoff } from './failed-pods-backoff';

describe('FailedPodsBackoff', () => {
  it('starts at 1 s, doubles, and caps at 15 min', () => {
    const b = new FailedPodsBackoff();
    expect(b.inBackoff('u/node01', 0)).toBe(false);
    b.next('u/node01', 0);
    expect(b.delayMs('u/node01')).toBe(1_000);
    expect(b.inBackoff('u/node01', 999)).toBe(true);
    expect(b.remainingMs('u/node01', 400)).toBe(600);
    expect(b.inBackoff('u/node01', 1_000)).toBe(false);
    b.next('u/node01', 1_000);
    expect(b.delayMs('u/node01')).toBe(2_000);
    let t = 1_000;
    for (let i = 0; i < 20; i++) b.next('u/node01', (t += 1_000));
    expect(b.delayMs('u/node01')).toBe(900_000);
  });

  it('keeps nodes apart and starts over after twice the cap without failures', () => {
    const b = new FailedPodsBackoff(20, 600);
    b.next('u/node01', 0);
    b.next('u/node01', 30);
    expect(b.delayMs('u/node01')).toBe(40);
    expect(b.inBackoff('u/node02', 31)).toBe(false);
    b.next('u/node01', 30 + 1_201);
    expect(b.delayMs('u/node01')).toBe(20);
    b.forgetPrefix('u/');
    expect(b.delayMs('u/node01')).toBe(0);
  });
});
