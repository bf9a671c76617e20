import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../object';
import { messages } from './testing';

const meta = (name = 'x') => ({ name, namespace: 'default' });

describe('ConfigMap and Secret validation', () => {
  it.each<[string, KubeObject, string[]]>([
    [
      'valid ConfigMap',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(), data: { 'app.conf': 'x' } },
      [],
    ],
    [
      'bad key',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(), data: { 'a/b': 'x' } },
      [
        "data[a/b]: Invalid value: \"a/b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
      ],
    ],
    [
      'same key in data and binaryData',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(), data: { k: 'x' }, binaryData: { k: 'eA==' } },
      [
        'data[k]: Invalid value: "k": duplicate of key present in binaryData',
        'binaryData[k]: Invalid value: "k": duplicate of key present in data',
      ],
    ],
    [
      'too big',
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(), data: { k: 'x'.repeat(1024 * 1024 + 1) } },
      [': Too long: may not be more than 1048576 bytes'],
    ],
    [
      'TLS secret without key',
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: meta(),
        type: 'kubernetes.io/tls',
        data: { 'tls.crt': 'eA==' },
      },
      ['data[tls.key]: Required value'],
    ],
    [
      'stringData is merged before validation',
      { apiVersion: 'v1', kind: 'Secret', metadata: meta(), stringData: { password: 's3cret' } },
      [],
    ],
  ])('%s', (_title, manifest, expected) => {
    expect(messages(manifest)).toEqual(expected);
  });

  it('keeps immutable ConfigMaps and Secret types unchanged', () => {
    const old: KubeObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta(),
      immutable: true,
      data: { k: 'v1' },
    };
    expect(messages({ ...old, data: { k: 'v2' } }, old)).toEqual([
      'data: Forbidden: field is immutable when `immutable` is set',
    ]);
    const secret: KubeObject = { apiVersion: 'v1', kind: 'Secret', metadata: meta(), data: {} };
    expect(
      messages({ ...secret, type: 'kubernetes.io/basic-auth', data: { username: 'YQ==' } }, secret),
    ).toEqual(['type: Invalid value: "kubernetes.io/basic-auth": field is immutable']);
  });
});

describe('PersistentVolumeClaim and PersistentVolume validation', () => {
  const pvc = (spec: Record<string, unknown>, status?: Record<string, unknown>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: meta('data'),
    spec,
    ...(status ? { status } : {}),
  });
  const good = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } };

  it.each<[string, Record<string, unknown>, string[]]>([
    ['valid', good, []],
    [
      'no access mode',
      { resources: good.resources },
      ['spec.accessModes: Required value: at least 1 access mode is required'],
    ],
    [
      'unknown access mode',
      { ...good, accessModes: ['ReadWriteAll'] },
      [
        'spec.accessModes: Unsupported value: "ReadWriteAll": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"',
      ],
    ],
    ['no storage request', { accessModes: ['ReadWriteOnce'] }, ['spec.resources[storage]: Required value']],
    [
      'zero storage',
      { ...good, resources: { requests: { storage: '0' } } },
      ['spec.resources[storage]: Invalid value: "0": must be greater than zero'],
    ],
  ])('%s', (_title, spec, expected) => {
    expect(messages(pvc(spec))).toEqual(expected);
  });

  it('allows growing a bound claim only', () => {
    const bound = { phase: 'Bound' };
    const bigger = { ...good, resources: { requests: { storage: '2Gi' } } };
    expect(messages(pvc(bigger, bound), pvc(good, bound))).toEqual([]);
    const smaller = messages(pvc(good, bound), pvc(bigger, bound));
    expect(smaller).toEqual([
      'spec.resources.requests.storage: Forbidden: field can not be less than previous value',
    ]);
    const changed = messages(pvc({ ...good, accessModes: ['ReadWriteMany'] }, bound), pvc(good, bound));
    expect(changed[0]).toMatch(
      /^spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n {2}core\.PersistentVolumeClaimSpec\{\n/,
    );
  });

  it('lets an unset storageClassName be set once (retroactive default class), not changed', () => {
    expect(messages(pvc({ ...good, storageClassName: 'standard' }), pvc(good))).toEqual([]);
    const changed = messages(
      pvc({ ...good, storageClassName: 'fast' }),
      pvc({ ...good, storageClassName: 'standard' }),
    );
    expect(changed[0]).toMatch(/^spec: Forbidden: spec is immutable after creation/);
  });

  it('requires a PersistentVolume source and capacity', () => {
    const pv: KubeObject = {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: 'pv' },
      spec: { accessModes: ['ReadWriteOnce'] },
    };
    expect(messages(pv)).toEqual([
      'spec.capacity: Required value',
      'spec: Required value: must specify a volume type',
    ]);
    const ok = {
      ...pv,
      spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, hostPath: { path: '/d' } },
    };
    expect(messages(ok)).toEqual([]);
  });
});
