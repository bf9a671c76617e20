import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { quotaResourcesNeeded, quotaUsage } from './usage';

function pod(
  name: string,
  requests: Record<string, string>,
  limits: Record<string, string> = {},
  phase = 'Running',
  init?: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: {
      containers: [{ name: 'a', resources: { requests, limits } }],
      ...(init ? { initContainers: [{ name: 'i', resources: { requests: init } }] } : {}),
    },
    status: { phase },
  };
}
const obj = (kind: string, name: string, spec: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'v1',
  kind,
  metadata: { name },
  spec,
});

const objects = {
  pods: [
    pod('a', { cpu: '100m', memory: '64Mi' }, { cpu: '200m', memory: '128Mi' }),
    pod('b', { cpu: '250m' }, {}, 'Running', { cpu: '1' }),
    pod('done', { cpu: '5' }, {}, 'Succeeded'),
  ],
  services: [
    obj('Service', 's1', { type: 'NodePort', ports: [{ port: 80 }, { port: 443 }] }),
    obj('Service', 's2'),
  ],
  configmaps: [obj('ConfigMap', 'c1')],
  persistentvolumeclaims: [
    obj('PersistentVolumeClaim', 'p1', {
      storageClassName: 'standard',
      resources: { requests: { storage: '1Gi' } },
    }),
    obj('PersistentVolumeClaim', 'p2', {
      storageClassName: 'fast',
      resources: { requests: { storage: '500Mi' } },
    }),
  ],
  'deployments.apps': [obj('Deployment', 'd1')],
};

describe('quotaUsage', () => {
  it.each([
    ['pods', '2'],
    ['requests.cpu', '1100m'],
    ['cpu', '1100m'],
    ['limits.cpu', '200m'],
    ['requests.memory', '64Mi'],
    ['limits.memory', '128Mi'],
    ['services', '2'],
    ['services.nodeports', '2'],
    ['configmaps', '1'],
    ['secrets', '0'],
    ['persistentvolumeclaims', '2'],
    ['requests.storage', '1524Mi'],
    ['standard.storageclass.storage.k8s.io/requests.storage', '1Gi'],
    ['count/deployments.apps', '1'],
  ])('%s used = %s', (resource, value) => {
    expect(quotaUsage({ [resource]: '100' }, objects)).toEqual({ [resource]: value });
  });

  it('lists the object kinds a hard set needs', () => {
    expect(
      quotaResourcesNeeded({
        pods: '1',
        'requests.cpu': '1',
        services: '1',
        'count/jobs.batch': '1',
        'requests.storage': '1Gi',
      }).sort(),
    ).toEqual(['jobs.batch', 'persistentvolumeclaims', 'pods', 'services']);
  });
});
