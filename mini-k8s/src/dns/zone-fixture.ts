/** A zone with the record kinds the DNS tests check (Services, headless, ExternalName). */
import type { KubeObject } from '../api/object';
import { ClusterZone } from './records';

function svc(name: string, spec: Record<string, unknown>, namespace = 'default'): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec };
}

function slice(service: string, endpoints: unknown[], ports: unknown[], namespace = 'default'): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: `${service}-abcde`, namespace, labels: { 'kubernetes.io/service-name': service } },
    endpoints,
    ports,
  } as KubeObject;
}

const ready = (ip: string, hostname?: string, isReady = true) => ({
  addresses: [ip],
  conditions: { ready: isReady },
  ...(hostname ? { hostname } : {}),
});

export const zone = new ClusterZone(
  [
    svc('web', { clusterIP: '10.96.0.20', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }),
    svc('db', { clusterIP: 'None', ports: [{ name: 'pg', port: 5432 }] }),
    svc('ext', { type: 'ExternalName', externalName: 'example.com.' }),
    svc('alias', { type: 'ExternalName', externalName: 'web.default.svc.cluster.local' }, 'other'),
  ],
  [
    slice(
      'db',
      [ready('10.244.1.5', 'db-0'), ready('10.244.2.6', 'db-1'), ready('10.244.2.7', 'db-2', false)],
      [{ name: 'pg', port: 5432, protocol: 'TCP' }],
    ),
  ],
);
