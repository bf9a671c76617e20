import { describe, expect, it } from 'vitest';
import {
  certificateSigningRequestPrinter,
  componentStatusPrinter,
  controllerRevisionPrinter,
  leasePrinter,
  namespacePrinter,
} from './misc';
import { genericPrinter } from './generic';
import { NOW, kubeObject } from './test-fixtures';

const ctx = { now: NOW };

describe('misc printers', () => {
  it('prints namespaces with their phase', () => {
    const obj = kubeObject('v1', 'Namespace', { name: 'dev' }, { status: { phase: 'Terminating' } });
    expect(namespacePrinter.print(obj, ctx).cells).toEqual(['dev', 'Terminating', '5m']);
  });

  it('prints leases with their holder', () => {
    const held = kubeObject(
      'coordination.k8s.io/v1',
      'Lease',
      { name: 'kube-scheduler' },
      { spec: { holderIdentity: 'node-1_abc' } },
    );
    expect(leasePrinter.print(held, ctx).cells).toEqual(['kube-scheduler', 'node-1_abc', '5m']);
    const free = kubeObject('coordination.k8s.io/v1', 'Lease', { name: 'x' }, { spec: {} });
    expect(leasePrinter.print(free, ctx).cells).toEqual(['x', '', '5m']);
  });

  it.each([
    ['apps/v1', 'StatefulSet', 'statefulset.apps/web'],
    ['apps/v1', 'DaemonSet', 'daemonset.apps/web'],
    ['v1', 'Pod', 'pod/web'],
  ])('prints controller revisions owned by %s %s', (apiVersion, kind, expected) => {
    const obj = kubeObject(
      'apps/v1',
      'ControllerRevision',
      {
        name: 'web-7b9c',
        ownerReferences: [
          { apiVersion: 'v1', kind: 'Other', name: 'o', uid: '1' },
          { apiVersion, kind, name: 'web', uid: '2', controller: true },
        ],
      },
      { revision: 2 },
    );
    expect(controllerRevisionPrinter.print(obj, ctx).cells).toEqual(['web-7b9c', expected, 2, '5m']);
  });

  it('prints <none> for an orphan controller revision', () => {
    const obj = kubeObject('apps/v1', 'ControllerRevision', { name: 'r' }, { revision: 1 });
    expect(controllerRevisionPrinter.print(obj, ctx).cells).toEqual(['r', '<none>', 1, '5m']);
  });

  it.each([
    [{}, '', 'Pending'],
    [{ conditions: [{ type: 'Approved' }] }, '', 'Approved'],
    [{ conditions: [{ type: 'Approved' }], certificate: 'LS0t' }, '', 'Approved,Issued'],
    [{ conditions: [{ type: 'Approved' }, { type: 'Denied' }, { type: 'Failed' }] }, '', 'Denied,Failed'],
  ])('prints CSR condition for %j', (status, _unused, expected) => {
    const obj = kubeObject(
      'certificates.k8s.io/v1',
      'CertificateSigningRequest',
      { name: 'jane' },
      {
        spec: {
          signerName: 'kubernetes.io/kube-apiserver-client',
          username: 'admin',
          expirationSeconds: 86400,
        },
        status,
      },
    );
    expect(certificateSigningRequestPrinter.print(obj, ctx).cells).toEqual([
      'jane',
      '5m',
      'kubernetes.io/kube-apiserver-client',
      'admin',
      '24h',
      expected,
    ]);
  });

  it('prints component statuses', () => {
    const healthy = kubeObject(
      'v1',
      'ComponentStatus',
      { name: 'etcd-0' },
      { conditions: [{ type: 'Healthy', status: 'True', message: 'ok' }] },
    );
    expect(componentStatusPrinter.print(healthy, ctx).cells).toEqual(['etcd-0', 'Healthy', 'ok', '']);
    const none = kubeObject('v1', 'ComponentStatus', { name: 'x' });
    expect(componentStatusPrinter.print(none, ctx).cells).toEqual(['x', 'Unknown', '', '']);
  });
});

describe('genericPrinter', () => {
  it('prints Name and Created At as RFC 3339 UTC', () => {
    const obj = kubeObject('rbac.authorization.k8s.io/v1', 'Role', {
      name: 'pod-reader',
      creationTimestamp: '2026-11-29T14:18:15.250+01:00',
    });
    expect(genericPrinter.print(obj, ctx).cells).toEqual(['pod-reader', '2026-11-29T13:18:15Z']);
    expect(genericPrinter.columns.map((c) => [c.name, c.type, c.format])).toEqual([
      ['Name', 'string', 'name'],
      ['Created At', 'date', ''],
    ]);
    const noTime = kubeObject('v1', 'LimitRange', { name: 'x', creationTimestamp: null });
    expect(genericPrinter.print(noTime, ctx).cells).toEqual(['x', '0001-01-01T00:00:00Z']);
  });
});
