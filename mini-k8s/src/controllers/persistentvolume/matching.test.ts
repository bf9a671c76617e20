import { describe, expect, it } from 'vitest';
import { checkVolumeSatisfyClaim, findMatchingVolume } from './matching';
import type { PersistentVolume, PersistentVolumeClaim } from './volume-types';

function pv(
  name: string,
  size: string,
  extra: Partial<PersistentVolume['spec']> & { phase?: string; labels?: Record<string, string> } = {},
): PersistentVolume {
  const { phase = 'Available', labels, ...spec } = extra;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name, labels },
    spec: { capacity: { storage: size }, accessModes: ['ReadWriteOnce'], storageClassName: '', ...spec },
    status: { phase },
  };
}

function pvc(size: string, extra: Partial<PersistentVolumeClaim['spec']> = {}): PersistentVolumeClaim {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'data', namespace: 'default', uid: 'uid-1' },
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: size } },
      storageClassName: '',
      ...extra,
    },
  };
}

const boundElsewhere = { claimRef: { namespace: 'default', name: 'other', uid: 'uid-2' } };

describe('findMatchingVolume', () => {
  it.each<[string, PersistentVolumeClaim, PersistentVolume[], string | undefined, boolean?]>([
    [
      'smallest fitting volume',
      pvc('1Gi'),
      [pv('big', '10Gi'), pv('small', '2Gi'), pv('tiny', '500Mi')],
      'small',
    ],
    ['exact size fits', pvc('1Gi'), [pv('a', '1Gi')], 'a'],
    [
      'decimal and binary units compare by value',
      pvc('1G'),
      [pv('a', '1Gi'), pv('b', '900Mi'), pv('c', '2Gi')],
      'a',
    ],
    ['too small only', pvc('5Gi'), [pv('a', '1Gi')], undefined],
    [
      'class must match',
      pvc('1Gi', { storageClassName: 'fast' }),
      [pv('a', '1Gi'), pv('b', '1Gi', { storageClassName: 'fast' })],
      'b',
    ],
    [
      'access modes must be included',
      pvc('1Gi', { accessModes: ['ReadWriteMany'] }),
      [pv('a', '1Gi')],
      undefined,
    ],
    [
      'fewest access modes preferred over a smaller volume',
      pvc('1Gi'),
      [pv('multi', '1Gi', { accessModes: ['ReadWriteOnce', 'ReadOnlyMany'] }), pv('single', '5Gi')],
      'single',
    ],
    [
      'volume mode must match',
      pvc('1Gi', { volumeMode: 'Block' }),
      [pv('fs', '1Gi'), pv('blk', '1Gi', { volumeMode: 'Block' })],
      'blk',
    ],
    [
      'non-Available phases skipped',
      pvc('1Gi'),
      [pv('r', '1Gi', { phase: 'Released' }), pv('f', '1Gi', { phase: 'Failed' })],
      undefined,
    ],
    ['reserved for another claim skipped', pvc('1Gi'), [pv('a', '1Gi', boundElsewhere)], undefined],
    [
      'pre-bound volume wins over a smaller one',
      pvc('1Gi'),
      [
        pv('small', '1Gi'),
        pv('mine', '10Gi', { claimRef: { namespace: 'default', name: 'data' }, phase: 'Available' }),
      ],
      'mine',
    ],
    [
      'pre-bound volume matches even with another class',
      pvc('1Gi'),
      [
        pv('mine', '10Gi', {
          claimRef: { namespace: 'default', name: 'data', uid: 'uid-1' },
          storageClassName: 'x',
        }),
      ],
      'mine',
    ],
    [
      'claimRef with another uid does not match',
      pvc('1Gi'),
      [pv('old', '1Gi', { claimRef: { namespace: 'default', name: 'data', uid: 'old-uid' } })],
      undefined,
    ],
    [
      'selector filters labels',
      pvc('1Gi', { selector: { matchLabels: { tier: 'gold' } } }),
      [pv('plain', '1Gi'), pv('gold', '2Gi', { labels: { tier: 'gold' } })],
      'gold',
    ],
    ['delayed binding ignores free volumes', pvc('1Gi'), [pv('a', '1Gi')], undefined, true],
    [
      'delayed binding still honours a pre-bound volume',
      pvc('1Gi'),
      [pv('mine', '1Gi', { claimRef: { namespace: 'default', name: 'data' } })],
      'mine',
      true,
    ],
  ])('%s', (_name, claim, volumes, expected, delay = false) => {
    expect(findMatchingVolume(claim, volumes, delay)?.metadata.name).toBe(expected);
  });

  it('skips volumes being deleted', () => {
    const deleting = pv('a', '1Gi');
    deleting.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
    expect(findMatchingVolume(pvc('1Gi'), [deleting])).toBeUndefined();
  });
});

describe('checkVolumeSatisfyClaim', () => {
  it.each<[string, PersistentVolume, PersistentVolumeClaim, string | undefined]>([
    ['fits', pv('a', '1Gi'), pvc('1Gi'), undefined],
    ['too small', pv('a', '1Gi'), pvc('2Gi'), 'requested PV is too small'],
    ['class', pv('a', '1Gi', { storageClassName: 'x' }), pvc('1Gi'), 'storageClassName does not match'],
    ['mode', pv('a', '1Gi', { volumeMode: 'Block' }), pvc('1Gi'), 'incompatible volumeMode'],
    ['access', pv('a', '1Gi'), pvc('1Gi', { accessModes: ['ReadWriteMany'] }), 'incompatible accessMode'],
  ])('%s', (_n, volume, claim, expected) => {
    expect(checkVolumeSatisfyClaim(volume, claim)).toBe(expected);
  });
});
