import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/object';
import { buildServiceMap, frontendKey, usableEndpoints } from './service-map';

const svc = (
  name: string,
  spec: Record<string, unknown>,
  status: Record<string, unknown> = {},
): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'default' },
  spec,
  status,
});

const slice = (service: string, endpoints: unknown[], ports: unknown[]): KubeObject =>
  ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: `${service}-x`,
      namespace: 'default',
      labels: { 'kubernetes.io/service-name': service },
    },
    endpoints,
    ports,
  }) as KubeObject;

const endpoint = (ip: string, nodeName: string, ready = true, terminating = false) => ({
  addresses: [ip],
  nodeName,
  conditions: { ready, serving: ready || terminating, terminating },
});

describe('buildServiceMap', () => {
  const services = [
    svc(
      'web',
      {
        type: 'LoadBalancer',
        clusterIP: '10.96.0.20',
        externalTrafficPolicy: 'Local',
        ports: [
          { name: 'http', port: 80, nodePort: 30080 },
          { name: 'metrics', port: 9090, nodePort: 30090 },
        ],
      },
      { loadBalancer: { ingress: [{ ip: '172.30.0.200' }] } },
    ),
    svc('ext', { type: 'ExternalName', externalName: 'example.com' }),
    svc('headless', { clusterIP: 'None', ports: [{ port: 80 }] }),
  ];
  const slices = [
    slice(
      'web',
      [endpoint('10.244.1.2', 'node01'), endpoint('10.244.2.2', 'node02', false)],
      [
        { name: 'http', port: 8080, protocol: 'TCP' },
        { name: 'metrics', port: 9100, protocol: 'TCP' },
      ],
    ),
  ];
  const map = buildServiceMap('172.30.0.3', services, slices);

  it('has ClusterIP, own-node NodePort and LoadBalancer frontends per port, and none for ExternalName/headless', () => {
    expect([...map.keys()].sort()).toEqual(
      [
        frontendKey('10.96.0.20', 80),
        frontendKey('10.96.0.20', 9090),
        frontendKey('172.30.0.3', 30080),
        frontendKey('172.30.0.3', 30090),
        frontendKey('172.30.0.200', 80),
        frontendKey('172.30.0.200', 9090),
      ].sort(),
    );
  });

  it('resolves target ports per named port and keeps only ready endpoints usable', () => {
    const metrics = map.get(frontendKey('10.96.0.20', 9090))!;
    expect(metrics.endpoints.map((e) => `${e.ip}:${e.port}`)).toEqual(['10.244.1.2:9100', '10.244.2.2:9100']);
    expect(usableEndpoints(metrics, 'node02').map((e) => e.ip)).toEqual(['10.244.1.2']);
  });

  it('applies externalTrafficPolicy Local to NodePort and LoadBalancer frontends only', () => {
    expect(usableEndpoints(map.get(frontendKey('172.30.0.3', 30080))!, 'node02')).toEqual([]);
    expect(usableEndpoints(map.get(frontendKey('172.30.0.200', 80))!, 'node01')).toHaveLength(1);
    expect(usableEndpoints(map.get(frontendKey('10.96.0.20', 80))!, 'node02')).toHaveLength(1);
  });

  it('falls back to serving terminating endpoints when none is ready', () => {
    const only = buildServiceMap(
      '172.30.0.3',
      [svc('a', { clusterIP: '10.96.0.30', ports: [{ port: 80 }] })],
      [
        slice(
          'a',
          [endpoint('10.244.1.9', 'node01', false, true)],
          [{ name: '', port: 80, protocol: 'TCP' }],
        ),
      ],
    );
    expect(usableEndpoints(only.get(frontendKey('10.96.0.30', 80))!, 'node01').map((e) => e.ip)).toEqual([
      '10.244.1.9',
    ]);
  });
});
