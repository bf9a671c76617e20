import { describe, expect, it } from 'vitest';
import { HashRing } from './hash-ring';

const keys = Array.from({ length: 20_000 }, (_, i) => `learner-${i}-${(i * 7919) % 104_729}`);
const replicas = (n: number) => Array.from({ length: n }, (_, i) => `http://atelier-${i}.atelier:8080`);

describe('HashRing', () => {
  it.each([2, 3, 4, 8])('spreads keys evenly over %i replicas (each within 20 percent of the mean)', (n) => {
    const ring = new HashRing(replicas(n));
    const counts = new Map<string, number>();
    for (const k of keys) counts.set(ring.owner(k), (counts.get(ring.owner(k)) ?? 0) + 1);
    expect(counts.size).toBe(n);
    const mean = keys.length / n;
    for (const count of counts.values()) {
      expect(count).toBeGreaterThan(mean * 0.8);
      expect(count).toBeLessThan(mean * 1.2);
    }
  });

  it('moves only about 1/(N+1) of the keys, all to the new replica, when one is added', () => {
    for (const n of [3, 4, 7]) {
      const before = new HashRing(replicas(n));
      const after = new HashRing(replicas(n + 1));
      const added = replicas(n + 1)[n];
      const moved = keys.filter((k) => before.owner(k) !== after.owner(k));
      for (const k of moved) expect(after.owner(k)).toBe(added);
      const share = moved.length / keys.length;
      expect(share).toBeGreaterThan((1 / (n + 1)) * 0.75);
      expect(share).toBeLessThan((1 / (n + 1)) * 1.25);
    }
  });

  it('moves only the keys of a removed replica', () => {
    const before = new HashRing(replicas(4));
    const gone = replicas(4)[2];
    const after = new HashRing(replicas(4).filter((r) => r !== gone));
    for (const k of keys) {
      if (before.owner(k) !== gone) expect(after.owner(k)).toBe(before.owner(k));
    }
  });

  it('is stable: the same replicas in any order give the same owners', () => {
    const a = new HashRing(replicas(5));
    const b = new HashRing([...replicas(5)].reverse());
    for (const k of keys.slice(0, 2000)) expect(b.owner(k)).toBe(a.owner(k));
  });

  it('refuses an empty or duplicated replica list', () => {
    expect(() => new HashRing([])).toThrow(/at least one/);
    expect(() => new HashRing(['a', 'a'])).toThrow(/unique/);
  });
});
