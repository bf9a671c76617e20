import { describe, expect, it } from 'vitest';
import { makePod } from './framework/fixtures';
import { newPodInfo } from './framework/pod-info';
import { SchedulingQueue } from './queue';

function queueAt(clock: { t: number }) {
  return new SchedulingQueue({
    now: () => clock.t,
    flushIntervalMs: 0,
    initialBackoffMs: 1000,
    maxBackoffMs: 10_000,
    maxInUnschedulableMs: 5000,
  });
}
const info = (name: string, priority = 0) => newPodInfo(makePod(name, { priority }));

describe('SchedulingQueue', () => {
  it('pops higher priority first, then oldest first', async () => {
    const clock = { t: 0 };
    const q = queueAt(clock);
    q.add(info('a'));
    clock.t = 1;
    q.add(info('b', 10));
    clock.t = 2;
    q.add(info('c'));
    const order = [];
    for (let i = 0; i < 3; i++) order.push((await q.pop())!.info.name);
    expect(order).toEqual(['b', 'a', 'c']);
    q.close();
  });

  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [4, 8000],
    [5, 10_000],
    [9, 10_000],
  ])('back-off after %d attempts is %d ms', (attempts, expected) => {
    expect(queueAt({ t: 0 }).backoffDuration(attempts)).toBe(expected);
  });

  it('parks unschedulable pods until a cluster event, then respects the back-off', async () => {
    const clock = { t: 0 };
    const q = queueAt(clock);
    q.add(info('p'));
    const popped = (await q.pop())!;
    q.requeueUnschedulable(popped);
    expect(q.pending().unschedulable).toEqual(['default/p']);
    q.moveAllToActiveOrBackoff();
    expect(q.pending().backoff).toEqual(['default/p']);
    clock.t = 999;
    q.flush();
    expect(q.pending().active).toEqual([]);
    clock.t = 1000;
    q.flush();
    expect(q.pending().active).toEqual(['default/p']);
    q.close();
  });

  it('retries unschedulable pods after maxInUnschedulableMs even without events', async () => {
    const clock = { t: 0 };
    const q = queueAt(clock);
    q.add(info('p'));
    q.requeueUnschedulable((await q.pop())!);
    clock.t = 4999;
    q.flush();
    expect(q.pending().unschedulable).toEqual(['default/p']);
    clock.t = 5000;
    q.flush();
    expect(q.pending().active).toEqual(['default/p']);
    q.close();
  });

  it('sends a pod to back-off when a cluster event happened during its attempt', async () => {
    const q = queueAt({ t: 0 });
    q.add(info('p'));
    const popped = (await q.pop())!;
    q.moveAllToActiveOrBackoff();
    q.requeueUnschedulable(popped);
    expect(q.pending()).toEqual({ active: [], backoff: ['default/p'], unschedulable: [] });
    q.close();
  });

  it('status-only updates keep the pod parked, real updates retry it', async () => {
    const q = queueAt({ t: 0 });
    q.add(info('p'));
    q.requeueUnschedulable((await q.pop())!);
    q.add(info('p'), false);
    expect(q.pending().unschedulable).toEqual(['default/p']);
    q.add(info('p'), true);
    expect(q.pending().active).toEqual(['default/p']);
    q.close();
  });

  it('forgets deleted pods, including during their attempt', async () => {
    const q = queueAt({ t: 0 });
    q.add(info('p'));
    const popped = (await q.pop())!;
    q.delete('default/p');
    expect(q.isDeleted('default/p')).toBe(true);
    q.requeueUnschedulable(popped);
    expect(q.pending()).toEqual({ active: [], backoff: [], unschedulable: [] });
    q.close();
  });

  it('wakes a waiting pop and resolves undefined once closed', async () => {
    const q = queueAt({ t: 0 });
    const waiting = q.pop();
    q.add(info('late'));
    expect((await waiting)?.info.name).toBe('late');
    const idle = q.pop();
    q.close();
    expect(await idle).toBeUndefined();
  });
});
