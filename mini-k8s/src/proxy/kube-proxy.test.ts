import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/object';
import type { SharedInformerFactory } from '../client/shared-informers';
import { KubeProxy } from './kube-proxy';

/** staticInformers serves fixed lists as the proxy's Service and EndpointSlice informers. */
function staticInformers(services: KubeObject[], slices: KubeObject[]): SharedInformerFactory {
  return {
    informerFor: (ref: { resource: string }) => ({
      addHandler: () => undefined,
      list: () => (ref.resource === 'services' ? services : slices),
    }),
  } as unknown as SharedInformerFactory;
}

const service = (affinity: boolean): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    clusterIP: '10.96.0.20',
    ports: [{ port: 80 }],
    ...(affinity
      ? { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } }
      : {}),
  },
});

const slice = {
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name: 'web-x', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
  endpoints: ['10.244.1.2', '10.244.1.3', '10.244.2.2'].map((ip) => ({
    addresses: [ip],
    conditions: { ready: true },
  })),
  ports: [{ name: '', port: 8080, protocol: 'TCP' }],
} as KubeObject;

describe('KubeProxy.route', () => {
  it('spreads new connections over the endpoints', () => {
    let i = 0;
    const sequence = [0.1, 0.5, 0.9];
    const proxy = new KubeProxy({
      nodeName: 'node01',
      nodeIp: '172.30.0.3',
      informers: staticInformers([service(false)], [slice]),
      random: () => sequence[i++ % 3],
    });
    const picked = [0, 1, 2].map(() => proxy.route('10.96.0.20', 80, '10.244.2.9')?.endpoint?.ip);
    expect(picked).toEqual(['10.244.1.2', '10.244.1.3', '10.244.2.2']);
    expect(proxy.route('10.96.0.20', 81, '10.244.2.9')).toBeUndefined();
    expect(proxy.hasServiceIp('10.96.0.20')).toBe(true);
  });

  it('keeps a client on its endpoint with ClientIP affinity until the timeout', () => {
    let now = 0;
    let i = 0;
    const proxy = new KubeProxy({
      nodeName: 'node01',
      nodeIp: '172.30.0.3',
      informers: staticInformers([service(true)], [slice]),
      random: () => [0.1, 0.9, 0.5][i++ % 3],
      now: () => now,
    });
    const first = proxy.route('10.96.0.20', 80, '10.244.2.9')?.endpoint?.ip;
    for (let n = 0; n < 5; n++) expect(proxy.route('10.96.0.20', 80, '10.244.2.9')?.endpoint?.ip).toBe(first);
    expect(proxy.route('10.96.0.20', 80, '10.244.2.10')?.endpoint?.ip).not.toBe(first);
    now += 61_000;
    expect(proxy.route('10.96.0.20', 80, '10.244.2.9')?.endpoint?.ip).not.toBe(first);
  });
});
