import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../api/object';
import { hostPodDns, translatedZone } from './host-dns';
import { mirrorServiceName, mirrorSliceName, planMirror } from './host-services';

function service(namespace: string, name: string, spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { namespace, name }, spec };
}

function slice(
  namespace: string,
  svc: string,
  name: string,
  ips: [string, boolean][],
  port = 8080,
): KubeObject {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { namespace, name, labels: { 'kubernetes.io/service-name': svc } },
    addressType: 'IPv4',
    endpoints: ips.map(([ip, ready]) => ({ addresses: [ip], conditions: { ready }, nodeName: 'node01' })),
    ports: [{ name: 'http', port, protocol: 'TCP' }],
  } as KubeObject;
}

describe('mirrorServiceName', () => {
  it('encodes the learner namespace, stays a DNS label of 63 characters at most, and never collides', () => {
    expect(mirrorServiceName('default', 'web')).toBe('web-x-default');
    const long = mirrorServiceName('n'.repeat(63), 's'.repeat(63));
    expect(long).toHaveLength(63);
    expect(long).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
    expect(long).not.toBe(mirrorServiceName('n'.repeat(62), 's'.repeat(63)));
    // `a-x-b` in `c` and `a` in `b-x-c` would both be `a-x-b-x-c`: hashed instead.
    expect(mirrorServiceName('c', 'a-x-b')).not.toBe(mirrorServiceName('b-x-c', 'a'));
    expect(mirrorSliceName(long, 'web-abcde').length).toBeLessThanOrEqual(63);
  });
});

describe('planMirror', () => {
  const services = [
    service('default', 'web', {
      type: 'NodePort',
      clusterIP: '10.96.0.20',
      sessionAffinity: 'ClientIP',
      externalTrafficPolicy: 'Local',
      ports: [{ name: 'http', port: 80, nodePort: 30080 }],
    }),
    service('default', 'db', { clusterIP: 'None', ports: [{ port: 5432 }] }),
    service('default', 'ext', { type: 'ExternalName', externalName: 'example.com' }),
    service('default', 'kubernetes', { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443 }] }),
  ];

  it('mirrors ClusterIP, NodePort and headless Services as selector-less ClusterIP or headless ones', () => {
    const plan = planMirror('sbx', services, [], new Set());
    expect([...plan.services.keys()].sort()).toEqual(['db-x-default', 'web-x-default']);
    expect(plan.services.get('web-x-default')!.spec).toEqual({
      type: 'ClusterIP',
      sessionAffinity: 'ClientIP',
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } },
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }],
    });
    expect(plan.services.get('db-x-default')!.spec).toMatchObject({ clusterIP: 'None' });
  });

  it('keeps only endpoints of the sandbox’s host pods, with their readiness, and no learner node names', () => {
    const plan = planMirror(
      'sbx',
      services,
      [
        slice('default', 'web', 'web-abc', [
          ['10.1.0.5', true],
          ['10.1.0.6', false],
          ['192.0.2.1', true],
        ]),
      ],
      new Set(['10.1.0.5', '10.1.0.6']),
    );
    const [mirrored] = [...plan.slices.values()];
    expect(mirrored.metadata.labels).toMatchObject({ 'kubernetes.io/service-name': 'web-x-default' });
    expect(mirrored.endpoints).toEqual([
      { addresses: ['10.1.0.5'], conditions: { ready: true, serving: true, terminating: false } },
      { addresses: ['10.1.0.6'], conditions: { ready: false, serving: false, terminating: false } },
    ]);
    expect(mirrored.ports).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
  });
});

describe('translatedZone and hostPodDns', () => {
  it('answers host ClusterIPs, leaves out Services not mirrored yet, and keeps headless pod IPs', () => {
    const zone = translatedZone(
      [
        ...[service('default', 'web', { clusterIP: '10.96.0.20', ports: [{ port: 80 }] })],
        service('default', 'late', { clusterIP: '10.96.0.21', ports: [{ port: 80 }] }),
        service('default', 'db', { clusterIP: 'None', ports: [{ port: 5432 }] }),
        service('kube-system', 'kube-dns', { clusterIP: '10.96.0.10', ports: [{ port: 53 }] }),
      ],
      [slice('default', 'db', 'db-x', [['10.1.0.7', true]])],
      new Map([['default/web', '172.20.0.15']]),
      '172.20.0.10',
    );
    expect(zone.lookup('web.default.svc.cluster.local', 'A')).toMatchObject({
      answers: [{ address: '172.20.0.15' }],
    });
    expect(zone.lookup('late.default.svc.cluster.local', 'A')).toEqual({ rcode: 'NXDOMAIN' });
    expect(zone.lookup('db.default.svc.cluster.local', 'A')).toMatchObject({
      answers: [{ address: '10.1.0.7' }],
    });
    expect(zone.lookup('kube-dns.kube-system.svc.cluster.local', 'A')).toMatchObject({
      answers: [{ address: '172.20.0.10' }],
    });
  });

  it('turns the learner’s resolv.conf into dnsPolicy None, and leaves the host default without one', () => {
    expect(
      hostPodDns({
        servers: ['172.20.0.10'],
        searches: ['dev.svc.cluster.local'],
        options: ['ndots:5', 'edns0'],
      }),
    ).toEqual({
      dnsPolicy: 'None',
      dnsConfig: {
        nameservers: ['172.20.0.10'],
        searches: ['dev.svc.cluster.local'],
        options: [{ name: 'ndots', value: '5' }, { name: 'edns0' }],
      },
    });
    expect(hostPodDns(undefined)).toEqual({});
  });
});
