import { describe, expect, it } from 'vitest';
import { TurnScheduler } from './turn-scheduler';

/** burst queues `count` requests whose synchronous work costs `costMs` of the fake clock each. */
function burst(turns: TurnScheduler, clock: { now: number }, log: string[], count: number, costMs: number) {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      await turns.turn();
      log.push(`r${i}`);
      clock.now += costMs;
    }),
  );
}

describe('TurnScheduler', () => {
  it('lets the event loop serve other callbacks once a turn has spent its budget', async () => {
    const clock = { now: 0 };
    const turns = new TurnScheduler({ budgetMs: 5, now: () => clock.now });
    const log: string[] = [];
    const done = burst(turns, clock, log, 10, 2);
    // Queued after the ten requests in the same turn: with one unbounded check phase it would run last.
    setImmediate(() => log.push('io'));
    await done;
    const io = log.indexOf('io');
    expect(io).toBeGreaterThan(0);
    expect(io).toBeLessThan(log.length - 1);
    // 2 ms each within a 5 ms budget: three requests, then the rest waits for the next turns.
    expect(log.slice(0, io)).toEqual(['r0', 'r1', 'r2']);
  });

  it('releases every request, oldest first', async () => {
    const clock = { now: 0 };
    const turns = new TurnScheduler({ budgetMs: 3, now: () => clock.now });
    const log: string[] = [];
    await burst(turns, clock, log, 25, 1);
    expect(log).toEqual(Array.from({ length: 25 }, (_, i) => `r${i}`));
    expect(turns.pending).toBe(0);
  });

  it('runs a burst in one turn while it fits the budget', async () => {
    const clock = { now: 0 };
    const turns = new TurnScheduler({ budgetMs: 5, now: () => clock.now });
    const log: string[] = [];
    const done = burst(turns, clock, log, 10, 0);
    setImmediate(() => log.push('io'));
    await done;
    await new Promise((resolve) => setImmediate(resolve));
    expect(log.indexOf('io')).toBe(10);
  });

  it('never starts a request synchronously', async () => {
    const turns = new TurnScheduler();
    let started = false;
    const p = turns.turn().then(() => (started = true));
    await Promise.resolve();
    expect(started).toBe(false);
    await p;
    expect(started).toBe(true);
  });

  it('puts an urgent request before the background work already waiting', async () => {
    const clock = { now: 0 };
    const turns = new TurnScheduler({ budgetMs: 1, now: () => clock.now });
    const log: string[] = [];
    const background = burst(turns, clock, log, 5, 1);
    const urgent = turns.turn(true).then(() => log.push('urgent'));
    await Promise.all([background, urgent]);
    expect(log[0]).toBe('urgent');
    expect(log.slice(1)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
  });

  it('does not spend a callback per waiting request on every turn of a long queue', async () => {
    const clock = { now: 0 };
    let clockReads = 0;
    const turns = new TurnScheduler({
      budgetMs: 5,
      now: () => {
        clockReads++;
        return clock.now;
      },
    });
    const log: string[] = [];
    await burst(turns, clock, log, 1000, 2);
    expect(log).toHaveLength(1000);
    // About 3 requests a turn, so 330 turns: one callback per waiting request per turn would be ~165,000.
    expect(clockReads).toBeLessThan(20_000);
  });
});
