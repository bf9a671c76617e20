import { describe, expect, it } from 'vitest';
import { Controller, splitKey, TerminalError } from './controller';

function waitFor(cond: () => boolean, ms = 2000): Promise<void> {
  const until = Date.now() + ms;
  return new Promise((resolve, reject) => {
    const tick = () =>
      cond() ? resolve() : Date.now() > until ? reject(new Error('timeout')) : setTimeout(tick, 2);
    tick();
  });
}

describe('Controller', () => {
  it('reconciles each enqueued key, once per burst', async () => {
    const seen: string[] = [];
    const c = new Controller({ name: 't', reconcile: async (k) => void seen.push(k) });
    c.enqueue('default/a');
    c.enqueue('default/a');
    c.enqueue('default/b');
    c.start();
    await waitFor(() => seen.length === 2);
    expect(seen).toEqual(['default/a', 'default/b']);
    await c.stop();
  });

  it('retries a failing key with back-off until it succeeds', async () => {
    let attempts = 0;
    const errors: unknown[] = [];
    const c = new Controller({
      name: 't',
      reconcile: async () => {
        attempts++;
        if (attempts < 3) throw new Error('transient');
      },
      onError: (_n, _k, e) => errors.push(e),
    });
    c.start();
    c.enqueue('k');
    await waitFor(() => attempts === 3);
    expect(errors).toHaveLength(2);
    await c.stop();
  });

  it('does not retry a TerminalError', async () => {
    let attempts = 0;
    const c = new Controller({
      name: 't',
      reconcile: async () => {
        attempts++;
        throw new TerminalError('bad spec');
      },
    });
    c.start();
    c.enqueue('k');
    await waitFor(() => attempts === 1);
    await new Promise((r) => setTimeout(r, 30));
    expect(attempts).toBe(1);
    await c.stop();
  });

  it('requeues after the requested delay', async () => {
    let attempts = 0;
    const c = new Controller({
      name: 't',
      reconcile: async () => (++attempts < 2 ? { requeueAfterMs: 10 } : undefined),
    });
    c.start();
    c.enqueue('k');
    await waitFor(() => attempts === 2);
    await c.stop();
  });
});

describe('splitKey', () => {
  it.each([
    ['default/web', { namespace: 'default', name: 'web' }],
    ['node01', { name: 'node01' }],
  ])('%s', (key, expected) => expect(splitKey(key)).toEqual(expected));
});
