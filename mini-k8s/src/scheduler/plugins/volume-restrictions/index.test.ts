import { describe, expect, it } from 'vitest';
import { filterOutcome, makeNode, makePod } from '../../framework/fixtures';
import { EMPTY_LISTERS } from '../../framework/interface';
import { Snapshot } from '../../framework/snapshot';
import type { PersistentVolumeClaim, Pod, Volume } from '../../framework/types';
import { volumeRestrictions } from '.';

const pvc = (name: string, accessModes: string[]): PersistentVolumeClaim => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name, namespace: 'default' },
  spec: { accessModes, volumeName: `pv-${name}` },
});
const claims = [pvc('rwop', ['ReadWriteOncePod']), pvc('rwo', ['ReadWriteOnce'])];
const handle = {
  listers: {
    ...EMPTY_LISTERS,
    pvc: (ns: string, name: string) => claims.find((c) => c.metadata.name === name && ns === 'default'),
  },
};
const withVolumes = (name: string, volumes: Volume[], nodeName?: string): Pod =>
  makePod(name, { volumes, nodeName });
const claimVolume = (claimName: string): Volume => ({ name: 'data', persistentVolumeClaim: { claimName } });

describe('VolumeRestrictions', () => {
  const snapshot = Snapshot.build(
    [makeNode('node01'), makeNode('node02')],
    [
      withVolumes('user', [claimVolume('rwop')], 'node02'),
      withVolumes('disk-user', [{ name: 'd', gcePersistentDisk: { pdName: 'pd1' } }], 'node01'),
    ],
  );
  it.each<[string, Volume[], string, string]>([
    ['no volumes skips', [], 'node01', 'Skip'],
    [
      'missing claim',
      [claimVolume('nope')],
      'node01',
      'UnschedulableAndUnresolvable: persistentvolumeclaim "nope" not found',
    ],
    ['ReadWriteOnce claim shared', [claimVolume('rwo')], 'node01', 'Success'],
    [
      'ReadWriteOncePod claim in use elsewhere',
      [claimVolume('rwop')],
      'node01',
      'Unschedulable: node has pod using PersistentVolumeClaim with the same name and ReadWriteOncePod access mode',
    ],
    [
      'same GCE disk on the node',
      [{ name: 'd', gcePersistentDisk: { pdName: 'pd1' } }],
      'node01',
      'Unschedulable: node(s) had no available disk',
    ],
    ['same GCE disk elsewhere', [{ name: 'd', gcePersistentDisk: { pdName: 'pd1' } }], 'node02', 'Success'],
    ['other GCE disk', [{ name: 'd', gcePersistentDisk: { pdName: 'pd2' } }], 'node01', 'Success'],
  ])('%s', (_name, volumes, node, expected) => {
    expect(filterOutcome(volumeRestrictions(handle), withVolumes('p', volumes), node, snapshot)).toBe(
      expected,
    );
  });
});
