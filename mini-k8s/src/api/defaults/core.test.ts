import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../object';
import { applyDefaults, hasDefaults } from './index';

function obj(apiVersion: string, kind: string, fields: Record<string, unknown>, name = 'x'): KubeObject {
  return { apiVersion, kind, metadata: { name }, ...structuredClone(fields) };
}

describe('core and other kinds', () => {
  it('Service from `kubectl expose`', () => {
    const out = applyDefaults(
      '',
      'v1',
      'Service',
      obj('v1', 'Service', { spec: { ports: [{ port: 80 }], selector: { app: 'web' } } }),
    );
    expect(out.spec).toEqual({
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      selector: { app: 'web' },
      sessionAffinity: 'None',
      type: 'ClusterIP',
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
    });
    expect(out.status).toEqual({ loadBalancer: {} });
  });

  it.each([
    ['NodePort', { externalTrafficPolicy: 'Cluster', internalTrafficPolicy: 'Cluster' }],
    ['LoadBalancer', { externalTrafficPolicy: 'Cluster', allocateLoadBalancerNodePorts: true }],
  ])('Service type %s', (type, expected) => {
    const out = applyDefaults(
      '',
      'v1',
      'Service',
      obj('v1', 'Service', { spec: { type, ports: [{ port: 80, targetPort: 'http' }] } }),
    );
    expect(out.spec).toMatchObject({
      ...expected,
      ports: [{ port: 80, targetPort: 'http', protocol: 'TCP' }],
    });
  });

  it('ExternalName services get no traffic policy nor IP families', () => {
    const out = applyDefaults(
      '',
      'v1',
      'Service',
      obj('v1', 'Service', { spec: { type: 'ExternalName', externalName: 'example.com' } }),
    );
    expect(out.spec).toEqual({ type: 'ExternalName', externalName: 'example.com', sessionAffinity: 'None' });
  });

  it('Namespace', () => {
    const out = applyDefaults('', 'v1', 'Namespace', obj('v1', 'Namespace', {}, 'dev'));
    expect(out.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'dev' });
    expect(out.spec).toEqual({ finalizers: ['kubernetes'] });
    expect(out.status).toEqual({ phase: 'Active' });
  });

  it('PersistentVolume and PersistentVolumeClaim', () => {
    const pv = applyDefaults(
      '',
      'v1',
      'PersistentVolume',
      obj('v1', 'PersistentVolume', { spec: { capacity: { storage: '1Gi' }, hostPath: { path: '/d' } } }),
    );
    expect(pv.spec).toMatchObject({
      persistentVolumeReclaimPolicy: 'Retain',
      volumeMode: 'Filesystem',
      hostPath: { path: '/d', type: '' },
    });
    expect(pv.status).toEqual({ phase: 'Pending' });
    const pvc = applyDefaults(
      '',
      'v1',
      'PersistentVolumeClaim',
      obj('v1', 'PersistentVolumeClaim', { spec: { resources: { requests: { storage: '0.5Gi' } } } }),
    );
    expect(pvc.spec).toEqual({ resources: { requests: { storage: '512Mi' } }, volumeMode: 'Filesystem' });
    expect(pvc.status).toEqual({ phase: 'Pending' });
  });

  it('Secret, Node, LimitRange', () => {
    expect(applyDefaults('', 'v1', 'Secret', obj('v1', 'Secret', {})).type).toBe('Opaque');
    expect(applyDefaults('', 'v1', 'Secret', obj('v1', 'Secret', { type: 'kubernetes.io/tls' })).type).toBe(
      'kubernetes.io/tls',
    );
    const node = applyDefaults(
      '',
      'v1',
      'Node',
      obj('v1', 'Node', { status: { capacity: { cpu: '2', memory: '4096Mi' } } }),
    );
    expect(node.status).toEqual({
      capacity: { cpu: '2', memory: '4Gi' },
      allocatable: { cpu: '2', memory: '4Gi' },
    });
    const lr = applyDefaults(
      '',
      'v1',
      'LimitRange',
      obj('v1', 'LimitRange', {
        spec: { limits: [{ type: 'Container', max: { cpu: '1' }, min: { memory: '64Mi' } }] },
      }),
    );
    expect(lr.spec).toEqual({
      limits: [
        {
          type: 'Container',
          max: { cpu: '1' },
          min: { memory: '64Mi' },
          default: { cpu: '1' },
          defaultRequest: { cpu: '1', memory: '64Mi' },
        },
      ],
    });
  });

  it('HPA v2 and v1', () => {
    const v2 = applyDefaults(
      'autoscaling',
      'v2',
      'HorizontalPodAutoscaler',
      obj('autoscaling/v2', 'HorizontalPodAutoscaler', {
        spec: { maxReplicas: 5, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } },
      }),
    );
    expect(v2.spec).toEqual({
      maxReplicas: 5,
      minReplicas: 1,
      metrics: [
        {
          type: 'Resource',
          resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } },
        },
      ],
      behavior: {
        scaleDown: {
          stabilizationWindowSeconds: 60,
          selectPolicy: 'Max',
          policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
        },
        scaleUp: {
          stabilizationWindowSeconds: 0,
          selectPolicy: 'Max',
          policies: [
            { type: 'Pods', value: 4, periodSeconds: 15 },
            { type: 'Percent', value: 100, periodSeconds: 15 },
          ],
        },
      },
    });
    const v1 = applyDefaults(
      'autoscaling',
      'v1',
      'HorizontalPodAutoscaler',
      obj('autoscaling/v1', 'HorizontalPodAutoscaler', { spec: { maxReplicas: 5 } }),
    );
    expect(v1.spec).toEqual({ maxReplicas: 5, minReplicas: 1 });
  });

  it.each([
    [{ podSelector: {} }, ['Ingress']],
    [{ podSelector: {}, egress: [{ ports: [{ port: 53 }] }] }, ['Ingress', 'Egress']],
    [{ podSelector: {}, policyTypes: ['Egress'] }, ['Egress']],
  ])('NetworkPolicy %j policyTypes', (spec, types) => {
    const out = applyDefaults(
      'networking.k8s.io',
      'v1',
      'NetworkPolicy',
      obj('networking.k8s.io/v1', 'NetworkPolicy', { spec }),
    );
    expect((out.spec as Record<string, unknown>).policyTypes).toEqual(types);
  });

  it('StorageClass, RBAC bindings, PriorityClass', () => {
    const sc = applyDefaults(
      'storage.k8s.io',
      'v1',
      'StorageClass',
      obj('storage.k8s.io/v1', 'StorageClass', { provisioner: 'x' }),
    );
    expect(sc).toMatchObject({ reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });
    const rb = applyDefaults(
      'rbac.authorization.k8s.io',
      'v1',
      'RoleBinding',
      obj('rbac.authorization.k8s.io/v1', 'RoleBinding', {
        roleRef: { kind: 'Role', name: 'r' },
        subjects: [
          { kind: 'User', name: 'alice' },
          { kind: 'ServiceAccount', name: 'sa', namespace: 'default' },
        ],
      }),
    );
    expect(rb.roleRef).toEqual({ kind: 'Role', name: 'r', apiGroup: 'rbac.authorization.k8s.io' });
    expect(rb.subjects).toEqual([
      { kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' },
      { kind: 'ServiceAccount', name: 'sa', namespace: 'default' },
    ]);
    const pc = applyDefaults(
      'scheduling.k8s.io',
      'v1',
      'PriorityClass',
      obj('scheduling.k8s.io/v1', 'PriorityClass', { value: 10 }),
    );
    expect(pc.preemptionPolicy).toBe('PreemptLowerPriority');
  });

  it('returns an unchanged copy for kinds without defaults', () => {
    const cm = obj('v1', 'ConfigMap', { data: { a: '1' } });
    const out = applyDefaults('', 'v1', 'ConfigMap', cm);
    expect(out).toEqual(cm);
    expect(out).not.toBe(cm);
    expect(hasDefaults('', 'v1', 'ConfigMap')).toBe(false);
  });
});
