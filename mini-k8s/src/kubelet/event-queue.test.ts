import { describe, expect, it } from 'vitest';
import { EventQueue } from './event-queue';

describe('EventQueue', () => {
  it('sends after the current work, one at a time, in order', async () => {
    const queue = new EventQueue();
    const log: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const send = (name: string) => async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      log.push(name);
      inFlight--;
    };
    queue.push(send('Pulled'));
    queue.push(send('Created'));
    await Promise.resolve();
    log.push('status written');
    queue.push(send('Started'));
    await queue.drain();
    expect(log).toEqual(['status written', 'Pulled', 'Created', 'Started']);
    expect(maxInFlight).toBe(1);
  });

  it('keeps going after a failed send and can be reused', async () => {
    const queue = new EventQueue();
    const log: string[] = [];
    queue.push(() => Promise.reject(new Error('boom')));
    queue.push(async () => void log.push('next'));
    await queue.drain();
    queue.push(async () => void log.push('later'));
    await queue.drain();
    expect(log).toEqual(['next', 'later']);
  });

  it('gives up on a send that never settles, so later events still go', async () => {
    const queue = new EventQueue(20);
    const log: string[] = [];
    queue.push(() => new Promise<void>(() => {}));
    queue.push(async () => void log.push('after the hung one'));
    await queue.drain();
    expect(log).toEqual(['after the hung one']);
  });
});
