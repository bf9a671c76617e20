/**
 * HashRing assigns keys to replicas by consistent hashing: each replica owns VIRTUAL_NODES points on a
 * 32-bit ring (MD5 of `<replica>#<i>`), a key belongs to the first point at or after its own hash. Adding a
 * replica to N moves only the keys the new one takes (about 1/(N+1) of them); removing one moves only its own.
 */
import crypto from 'node:crypto';

/** VIRTUAL_NODES per replica: enough for an even spread (±10 % at 4 replicas) with a tiny table. */
export const VIRTUAL_NODES = 160;

export class HashRing {
  private readonly points: { hash: number; replica: string }[] = [];

  constructor(readonly replicas: readonly string[]) {
    if (replicas.length === 0) throw new Error('a hash ring needs at least one replica');
    if (new Set(replicas).size !== replicas.length) throw new Error('replica names must be unique');
    for (const replica of replicas) {
      for (let i = 0; i < VIRTUAL_NODES; i++) this.points.push({ hash: hash32(`${replica}#${i}`), replica });
    }
    // Ties (two points with the same hash) are broken by name so every router instance agrees.
    this.points.sort((a, b) => a.hash - b.hash || a.replica.localeCompare(b.replica));
  }

  /** owner returns the replica a key belongs to. */
  owner(key: string): string {
    const h = hash32(key);
    let lo = 0;
    let hi = this.points.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.points[mid].hash < h) lo = mid + 1;
      else hi = mid;
    }
    return this.points[lo === this.points.length ? 0 : lo].replica;
  }
}

/** hash32 is the first 32 bits of MD5 (spread, not security: keys are ids chosen by the platform). */
export function hash32(text: string): number {
  return crypto.createHash('md5').update(text).digest().readUInt32BE(0);
}
