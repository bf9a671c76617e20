import { describe, expect, it } from 'vitest';
import { parseWindow, podMetricsFromList } from './metrics-source';

const item = (name: string, containers: Record<string, string>[], window = '15s') => ({
  metadata: { name },
  timestamp: '2026-01-01T00:00:00Z',
  window,
  containers: containers.map((usage, i) => ({ name: `c${i}`, usage })),
});

describe('podMetricsFromList', () => {
  it('sums containers in millis and keeps timestamp and window', () => {
    const out = podMetricsFromList([item('a', [{ cpu: '250m' }, { cpu: '1' }], '30s')], 'cpu');
    expect(out.get('a')).toEqual({
      valueMillis: 1250,
      timestamp: new Date('2026-01-01T00:00:00Z'),
      windowMs: 30_000,
    });
  });

  it('takes one container when asked', () => {
    expect(
      podMetricsFromList([item('a', [{ cpu: '250m' }, { cpu: '1' }])], 'cpu', 'c1').get('a')?.valueMillis,
    ).toBe(1000);
  });

  it('skips pods missing the resource in a container', () => {
    const out = podMetricsFromList(
      [item('a', [{ cpu: '1' }, { memory: '1Mi' }]), item('b', [{ cpu: '2' }])],
      'cpu',
    );
    expect([...out.keys()]).toEqual(['b']);
  });

  it.each([[[]], [[item('a', [{ memory: '1Mi' }])]]])(
    'fails like upstream when nothing is usable',
    (items) => {
      expect(() => podMetricsFromList(items, 'cpu')).toThrow('no metrics returned from resource metrics API');
    },
  );
});

describe('parseWindow', () => {
  it.each<[string | undefined, number]>([
    ['15s', 15_000],
    ['1m0s', 60_000],
    ['500ms', 500],
    ['1m30s', 90_000],
    [undefined, 15_000],
  ])('%s', (text, ms) => {
    expect(parseWindow(text)).toBe(ms);
  });
});
