import { describe, expect, it } from 'vitest';
import { Debounced } from './debounce';

const until = async (condition: () => boolean) => {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
};

describe('Debounced', () => {
  it('runs a burst once, never two runs at a time, and runs again after a trigger during a run', async () => {
    let runs = 0;
    let inFlight = 0;
    let maxInFlight = 0;
    let release: (() => void) | undefined;
    const d = new Debounced(5, async () => {
      runs++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise<void>((r) => (release = r));
      inFlight--;
    });
    for (let i = 0; i < 10; i++) d.trigger();
    await until(() => runs === 1);
    expect(runs).toBe(1);
    d.trigger();
    void d.now();
    release!();
    await until(() => runs === 2);
    expect(runs).toBe(2);
    release!();
    d.stop();
    d.trigger();
    await new Promise((r) => setTimeout(r, 30));
    expect(runs).toBe(2);
    expect(maxInFlight).toBe(1);
  });

  it('reports a failing run and keeps working', async () => {
    const errors: unknown[] = [];
    let runs = 0;
    const d = new Debounced(
      1,
      async () => {
        runs++;
        if (runs === 1) throw new Error('boom');
      },
      (err) => errors.push(err),
    );
    await d.now();
    await d.now();
    expect(runs).toBe(2);
    expect(errors).toHaveLength(1);
  });
});
