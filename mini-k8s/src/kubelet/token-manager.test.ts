import { describe, expect, it } from 'vitest';
import type { TokenSpec } from './object-source';
import { TokenManager } from './token-manager';

const spec = (uid: string): TokenSpec => ({
  audiences: [],
  expirationSeconds: 3607,
  boundPod: { name: 'p', uid },
});

describe('TokenManager', () => {
  it('reuses a token until 80% of its lifetime, then renews it', async () => {
    let clock = 0;
    let issued = 0;
    const manager = new TokenManager(
      async () => {
        issued++;
        return { token: `t${issued}`, expiresAt: new Date(clock + 1000_000) };
      },
      () => new Date(clock),
    );
    expect(await manager.token('ns', 'default', spec('a'))).toBe('t1');
    clock = 799_000;
    expect(await manager.token('ns', 'default', spec('a'))).toBe('t1');
    clock = 800_000;
    expect(await manager.token('ns', 'default', spec('a'))).toBe('t2');
    expect(issued).toBe(2);
  });

  it('keeps one token per pod and forgets a deleted pod', async () => {
    let issued = 0;
    const manager = new TokenManager(async () => ({
      token: `t${++issued}`,
      expiresAt: new Date(Date.now() + 3600_000),
    }));
    expect(await manager.token('ns', 'default', spec('a'))).toBe('t1');
    expect(await manager.token('ns', 'default', spec('b'))).toBe('t2');
    expect(await manager.token('ns', 'default', spec('a'))).toBe('t1');
    manager.forgetPod('a');
    expect(manager.size).toBe(1);
    expect(await manager.token('ns', 'default', spec('a'))).toBe('t3');
  });
});
