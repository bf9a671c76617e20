import { describe, expect, it } from 'vitest';
import type { PersistentVolumeClaim, StorageClass } from '../persistentvolume/volume-types';
import { newProvisionedVolume } from './volume';

const claim: PersistentVolumeClaim = {
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'data', namespace: 'shop', uid: 'abc-123', resourceVersion: '42' },
  spec: {
    accessModes: ['ReadWriteOnce'],
    resources: { requests: { storage: '2Gi' } },
    storageClassName: 'standard',
  },
};

function sc(extra: Partial<StorageClass> = {}): StorageClass {
  return {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'standard' },
    provisioner: 'p',
    ...extra,
  };
}

describe('newProvisionedVolume', () => {
  it.each<[string, StorageClass, string | undefined, Record<string, unknown>]>([
    [
      'defaults to Delete and Filesystem',
      sc(),
      undefined,
      { persistentVolumeReclaimPolicy: 'Delete', volumeMode: 'Filesystem' },
    ],
    [
      'takes the class reclaim policy and mount options',
      sc({ reclaimPolicy: 'Retain', mountOptions: ['ro'] }),
      undefined,
      { persistentVolumeReclaimPolicy: 'Retain', mountOptions: ['ro'] },
    ],
    [
      'pins the volume to the selected node',
      sc(),
      'node02',
      {
        nodeAffinity: {
          required: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node02'] }] },
            ],
          },
        },
      },
    ],
  ])('%s', (_n, storageClass, node, expected) => {
    const pv = newProvisionedVolume(claim, storageClass, {
      provisioner: 'p',
      basePath: '/vol',
      selectedNode: node,
    });
    expect(pv.metadata).toEqual({
      name: 'pvc-abc-123',
      annotations: { 'pv.kubernetes.io/provisioned-by': 'p' },
    });
    expect(pv.spec).toMatchObject({
      capacity: { storage: '2Gi' },
      accessModes: ['ReadWriteOnce'],
      storageClassName: 'standard',
      hostPath: { path: '/vol/pvc-abc-123', type: 'DirectoryOrCreate' },
      claimRef: {
        kind: 'PersistentVolumeClaim',
        namespace: 'shop',
        name: 'data',
        uid: 'abc-123',
        apiVersion: 'v1',
      },
      ...expected,
    });
    if (!node) expect(pv.spec.nodeAffinity).toBeUndefined();
  });
});
