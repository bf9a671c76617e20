import { describe, expect, it } from 'vitest';
import { filterOutcome, makeNode, makePod } from '../../framework/fixtures';
import { EMPTY_LISTERS } from '../../framework/interface';
import { Snapshot } from '../../framework/snapshot';
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../../framework/types';
import { volumeBinding } from '.';

const claim = (
  name: string,
  spec: PersistentVolumeClaim['spec'],
  deleting = false,
): PersistentVolumeClaim => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: {
    name,
    namespace: 'default',
    ...(deleting ? { deletionTimestamp: '2026-01-01T00:00:00Z' } : {}),
  },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, ...spec },
});
const volume = (name: string, spec: PersistentVolume['spec']): PersistentVolume => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name },
  spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '5Gi' }, ...spec },
});
const onNode = (node: string) => ({
  required: {
    nodeSelectorTerms: [
      { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In' as const, values: [node] }] },
    ],
  },
});
const classes: StorageClass[] = [
  {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'fast' },
    provisioner: 'rancher.io/local-path',
    volumeBindingMode: 'WaitForFirstConsumer',
  },
  {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'local' },
    provisioner: 'kubernetes.io/no-provisioner',
    volumeBindingMode: 'WaitForFirstConsumer',
  },
  {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'now' },
    provisioner: 'x',
    volumeBindingMode: 'Immediate',
  },
];
const claims = [
  claim('bound', { volumeName: 'pv-node01' }),
  claim('dangling', { volumeName: 'pv-missing' }),
  claim('immediate', { storageClassName: 'now' }),
  claim('no-class', { storageClassName: '' }),
  claim('wffc', { storageClassName: 'fast' }),
  claim('static', { storageClassName: 'local' }),
  claim('huge', { storageClassName: 'local', resources: { requests: { storage: '10Gi' } } }),
  claim('going', { volumeName: 'pv-node01' }, true),
];
const volumes = [
  volume('pv-node01', { nodeAffinity: onNode('node01') }),
  volume('local-node02', { storageClassName: 'local', nodeAffinity: onNode('node02') }),
];
const handle = {
  listers: {
    ...EMPTY_LISTERS,
    pvc: (_ns: string, name: string) => claims.find((c) => c.metadata.name === name),
    pv: (name: string) => volumes.find((v) => v.metadata.name === name),
    pvs: () => volumes,
    storageClass: (name: string) => classes.find((c) => c.metadata.name === name),
  },
};

describe('VolumeBinding', () => {
  const snapshot = Snapshot.build([makeNode('node01'), makeNode('node02')], []);
  it.each<[string, string[], string, string]>([
    ['no claims skips', [], 'node01', 'Skip'],
    [
      'missing claim',
      ['nope'],
      'node01',
      'UnschedulableAndUnresolvable: persistentvolumeclaim "nope" not found',
    ],
    [
      'claim being deleted',
      ['going'],
      'node01',
      'UnschedulableAndUnresolvable: persistentvolumeclaim "going" is being deleted',
    ],
    [
      'unbound immediate claim',
      ['immediate'],
      'node01',
      'UnschedulableAndUnresolvable: pod has unbound immediate PersistentVolumeClaims',
    ],
    [
      'unbound claim without class is immediate',
      ['no-class'],
      'node01',
      'UnschedulableAndUnresolvable: pod has unbound immediate PersistentVolumeClaims',
    ],
    ['bound PV on this node', ['bound'], 'node01', 'Success'],
    [
      'bound PV on another node',
      ['bound'],
      'node02',
      'UnschedulableAndUnresolvable: node(s) had volume node affinity conflict',
    ],
    [
      'bound to a missing PV',
      ['dangling'],
      'node01',
      'UnschedulableAndUnresolvable: node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)',
    ],
    ['WaitForFirstConsumer with a provisioner', ['wffc'], 'node01', 'Success'],
    ['WaitForFirstConsumer static PV reachable', ['static'], 'node02', 'Success'],
    [
      'WaitForFirstConsumer static PV elsewhere',
      ['static'],
      'node01',
      "UnschedulableAndUnresolvable: node(s) didn't find available persistent volumes to bind",
    ],
    [
      'static PV too small',
      ['huge'],
      'node02',
      "UnschedulableAndUnresolvable: node(s) didn't find available persistent volumes to bind",
    ],
  ])('%s', (_name, claimNames, node, expected) => {
    const pod = makePod('p', {
      volumes: claimNames.map((c) => ({ name: c, persistentVolumeClaim: { claimName: c } })),
    });
    expect(filterOutcome(volumeBinding(handle), pod, node, snapshot)).toBe(expected);
  });
});
