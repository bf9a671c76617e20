import { describe, expect, it } from 'vitest';
import {
  accessModesText,
  persistentVolumeClaimPrinter,
  persistentVolumePrinter,
  storageClassPrinter,
} from './storage';
import { NOW, kubeObject } from './test-fixtures';

const ctx = { now: NOW };

describe('accessModesText', () => {
  it.each([
    [['ReadWriteOnce'], 'RWO'],
    [['ReadWriteMany', 'ReadOnlyMany', 'ReadWriteOnce', 'ReadWriteOnce'], 'RWO,ROX,RWX'],
    [['ReadWriteOncePod'], 'RWOP'],
    [[], ''],
  ])('%j -> %s', (modes, expected) => {
    expect(accessModesText(modes)).toBe(expected);
  });
});

describe('persistentVolumePrinter', () => {
  it('prints a bound volume', () => {
    const obj = kubeObject(
      'v1',
      'PersistentVolume',
      { name: 'pv-data' },
      {
        spec: {
          capacity: { storage: '1Gi' },
          accessModes: ['ReadWriteOnce'],
          persistentVolumeReclaimPolicy: 'Retain',
          claimRef: { kind: 'PersistentVolumeClaim', namespace: 'default', name: 'data' },
          storageClassName: 'standard',
          volumeMode: 'Filesystem',
          hostPath: { path: '/data' },
        },
        status: { phase: 'Bound' },
      },
    );
    expect(persistentVolumePrinter.print(obj, ctx).cells).toEqual([
      'pv-data',
      '1Gi',
      'RWO',
      'Retain',
      'Bound',
      'default/data',
      'standard',
      '<unset>',
      '',
      '5m',
      'Filesystem',
    ]);
  });

  it('prints a terminating volume, the beta class annotation and canonical capacity', () => {
    const obj = kubeObject(
      'v1',
      'PersistentVolume',
      {
        name: 'old',
        deletionTimestamp: NOW.toISOString(),
        annotations: { 'volume.beta.kubernetes.io/storage-class': 'legacy' },
      },
      {
        spec: { capacity: { storage: '1024Mi' }, storageClassName: 'standard' },
        status: { phase: 'Released', reason: 'x' },
      },
    );
    expect(persistentVolumePrinter.print(obj, ctx).cells).toEqual([
      'old',
      '1Gi',
      '',
      '',
      'Terminating',
      '',
      'legacy',
      '<unset>',
      'x',
      '5m',
      '<unset>',
    ]);
  });
});

describe('persistentVolumeClaimPrinter', () => {
  it('prints a bound claim', () => {
    const obj = kubeObject(
      'v1',
      'PersistentVolumeClaim',
      { name: 'data', namespace: 'default' },
      {
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '500Mi' } },
          storageClassName: 'standard',
          volumeName: 'pvc-3f1c',
          volumeMode: 'Filesystem',
        },
        status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '500Mi' } },
      },
    );
    expect(persistentVolumeClaimPrinter.print(obj, ctx).cells).toEqual([
      'data',
      'Bound',
      'pvc-3f1c',
      '500Mi',
      'RWO',
      'standard',
      '<unset>',
      '5m',
      'Filesystem',
    ]);
  });

  it('leaves capacity and access modes blank while pending', () => {
    const obj = kubeObject(
      'v1',
      'PersistentVolumeClaim',
      { name: 'waiting' },
      {
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        status: { phase: 'Pending' },
      },
    );
    expect(persistentVolumeClaimPrinter.print(obj, ctx).cells).toEqual([
      'waiting',
      'Pending',
      '',
      '',
      '',
      '',
      '<unset>',
      '5m',
      '<unset>',
    ]);
  });
});

describe('storageClassPrinter', () => {
  it.each([
    [
      'the default class with its defaults',
      { 'storageclass.kubernetes.io/is-default-class': 'true' },
      { provisioner: 'rancher.io/local-path' },
      ['standard (default)', 'rancher.io/local-path', 'Delete', 'Immediate', false, '5m'],
    ],
    [
      'a beta default class with explicit fields',
      { 'storageclass.beta.kubernetes.io/is-default-class': 'true' },
      {
        provisioner: 'ebs.csi.aws.com',
        reclaimPolicy: 'Retain',
        volumeBindingMode: 'WaitForFirstConsumer',
        allowVolumeExpansion: true,
      },
      ['standard (default)', 'ebs.csi.aws.com', 'Retain', 'WaitForFirstConsumer', true, '5m'],
    ],
    [
      'a non-default class',
      { 'storageclass.kubernetes.io/is-default-class': 'false' },
      { provisioner: 'x' },
      ['standard', 'x', 'Delete', 'Immediate', false, '5m'],
    ],
  ])('prints %s', (_label, annotations, fields, expected) => {
    const obj = kubeObject('storage.k8s.io/v1', 'StorageClass', { name: 'standard', annotations }, fields);
    expect(storageClassPrinter.print(obj, ctx).cells).toEqual(expected);
  });
});
