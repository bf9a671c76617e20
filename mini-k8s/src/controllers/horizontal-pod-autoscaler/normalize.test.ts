import { describe, expect, it } from 'vitest';
import { type Behavior, ScaleNormalizer } from './normalize';

const T0 = new Date('2026-01-01T12:00:00Z');
const at = (s: number): Date => new Date(T0.getTime() + s * 1000);

function once(current: number, desired: number, min: number, max: number, behavior?: Behavior) {
  return new ScaleNormalizer().normalize({
    key: 'ns/h',
    currentReplicas: current,
    desiredReplicas: desired,
    minReplicas: min,
    maxReplicas: max,
    behavior,
    now: T0,
  });
}

describe('ScaleNormalizer without behavior', () => {
  it.each<[string, number, number, number, number, number, string, 'True' | 'False']>([
    ['within range', 3, 5, 1, 10, 5, 'DesiredWithinRange', 'False'],
    ['scale-up rate limit max(2x, 4)', 1, 10, 1, 20, 4, 'ScaleUpLimit', 'True'],
    ['scale-up rate limit doubles', 5, 30, 1, 50, 10, 'ScaleUpLimit', 'True'],
    ['maximum replicas', 3, 10, 1, 5, 5, 'TooManyReplicas', 'True'],
    ['minimum replicas', 3, 1, 2, 10, 2, 'TooFewReplicas', 'True'],
  ])('%s', (_n, current, desired, min, max, replicas, reason, limited) => {
    const r = once(current, desired, min, max);
    expect(r.replicas).toBe(replicas);
    expect(r.conditions[1]).toMatchObject({ type: 'ScalingLimited', status: limited, reason });
    expect(r.conditions[0]).toMatchObject({
      reason: 'ReadyForNewScale',
      message: 'recommended size matches current size',
    });
  });

  it('keeps the highest recommendation of the downscale window', () => {
    const n = new ScaleNormalizer(300_000);
    n.recordInitial('k', 5, T0);
    const args = { key: 'k', currentReplicas: 5, minReplicas: 1, maxReplicas: 10 };
    const first = n.normalize({ ...args, desiredReplicas: 2, now: at(60) });
    expect(first.replicas).toBe(5);
    expect(first.conditions[0]).toMatchObject({
      reason: 'ScaleDownStabilized',
      message:
        'recent recommendations were higher than current one, applying the highest recent recommendation',
    });
    expect(n.normalize({ ...args, desiredReplicas: 2, now: at(200) }).replicas).toBe(5);
    expect(n.normalize({ ...args, desiredReplicas: 2, now: at(301) }).replicas).toBe(2);
  });

  it('scales up at once despite the window', () => {
    const n = new ScaleNormalizer();
    n.recordInitial('k', 2, T0);
    expect(
      n.normalize({
        key: 'k',
        currentReplicas: 2,
        desiredReplicas: 4,
        minReplicas: 1,
        maxReplicas: 10,
        now: at(1),
      }).replicas,
    ).toBe(4);
  });
});

describe('ScaleNormalizer with behavior', () => {
  it('applies scale-up policies over their period', () => {
    const n = new ScaleNormalizer();
    const behavior: Behavior = { scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } };
    const base = { key: 'k', minReplicas: 1, maxReplicas: 10, behavior };
    const first = n.normalize({ ...base, currentReplicas: 2, desiredReplicas: 6, now: T0 });
    expect(first.replicas).toBe(3);
    expect(first.conditions[1]).toMatchObject({ status: 'True', reason: 'ScaleUpLimit' });
    n.recordScale({ ...base, currentReplicas: 2, desiredReplicas: 3, now: T0 }, 2, 3);
    expect(n.normalize({ ...base, currentReplicas: 3, desiredReplicas: 6, now: at(30) }).replicas).toBe(3);
    expect(n.normalize({ ...base, currentReplicas: 3, desiredReplicas: 6, now: at(61) }).replicas).toBe(4);
  });

  it.each<[string, Behavior, number, number, number, string]>([
    [
      'percent scale-down limit',
      {
        scaleDown: {
          stabilizationWindowSeconds: 0,
          policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }],
        },
      },
      10,
      2,
      5,
      'ScaleDownLimit',
    ],
    [
      'disabled scale-down',
      { scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'Disabled' } },
      5,
      2,
      5,
      'ScaleDownLimit',
    ],
    ['default scale-up: max(4 pods, 100%)', {}, 2, 20, 6, 'ScaleUpLimit'],
    [
      'min policy picks the smallest change',
      {
        scaleUp: {
          selectPolicy: 'Min',
          policies: [
            { type: 'Pods', value: 4, periodSeconds: 15 },
            { type: 'Percent', value: 100, periodSeconds: 15 },
          ],
        },
      },
      10,
      30,
      14,
      'ScaleUpLimit',
    ],
  ])('%s', (_n, behavior, current, desired, replicas, reason) => {
    const r = once(current, desired, 1, 50, behavior);
    expect(r.replicas).toBe(replicas);
    expect(r.conditions[1].reason).toBe(reason);
  });

  it('scale-down window defaults to the controller window', () => {
    const n = new ScaleNormalizer(100_000);
    const base = { key: 'k', currentReplicas: 5, minReplicas: 1, maxReplicas: 10, behavior: {} };
    n.normalize({ ...base, desiredReplicas: 5, now: T0 });
    expect(n.normalize({ ...base, desiredReplicas: 1, now: at(50) }).replicas).toBe(5);
    expect(n.normalize({ ...base, desiredReplicas: 1, now: at(101) }).replicas).toBe(1);
  });
});

describe('ScaleNormalizer under a time scale', () => {
  it('applies the 5 min downscale window scaled, while reporting it unscaled', () => {
    const normalizer = new ScaleNormalizer(300_000, (ms) => ms / 1000);
    const t0 = new Date('2026-01-01T00:00:00Z');
    const base = { key: 'default/web', currentReplicas: 5, minReplicas: 1, maxReplicas: 10 };
    normalizer.recordInitial('default/web', 5, t0);
    // 200 ms later (= 200 s real): still inside the scaled 300 ms window, the scale-down is held.
    const held = normalizer.normalize({ ...base, desiredReplicas: 2, now: new Date(t0.getTime() + 200) });
    expect(held.replicas).toBe(5);
    expect(held.conditions[0]).toMatchObject({ reason: 'ScaleDownStabilized' });
    // 400 ms later: the window passed.
    const applied = normalizer.normalize({ ...base, desiredReplicas: 2, now: new Date(t0.getTime() + 400) });
    expect(applied.replicas).toBe(2);
  });
});
