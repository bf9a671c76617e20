import { describe, expect, it } from 'vitest';
import { servicePrinter } from './services';
import { NOW, kubeObject } from './test-fixtures';

const ctx = { now: NOW };

function service(name: string, spec: Record<string, unknown>, status: Record<string, unknown> = {}) {
  return kubeObject('v1', 'Service', { name, namespace: 'default' }, { spec, status });
}

describe('servicePrinter', () => {
  it('declares the upstream columns', () => {
    expect(servicePrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Name:0',
      'Type:0',
      'Cluster-IP:0',
      'External-IP:0',
      'Port(s):0',
      'Age:0',
      'Selector:1',
    ]);
  });

  it.each([
    [
      'the kubernetes ClusterIP service',
      {
        type: 'ClusterIP',
        clusterIP: '10.96.0.1',
        clusterIPs: ['10.96.0.1'],
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
      },
      {},
      ['ClusterIP', '10.96.0.1', '<none>', '443/TCP', '<none>'],
    ],
    [
      'a NodePort service',
      {
        type: 'NodePort',
        clusterIP: '10.96.12.34',
        clusterIPs: ['10.96.12.34'],
        selector: { app: 'web' },
        ports: [
          { port: 80, nodePort: 30080, protocol: 'TCP' },
          { port: 53, nodePort: 30053, protocol: 'UDP' },
        ],
      },
      {},
      ['NodePort', '10.96.12.34', '<none>', '80:30080/TCP,53:30053/UDP', 'app=web'],
    ],
    [
      'a pending LoadBalancer service',
      {
        type: 'LoadBalancer',
        clusterIPs: ['10.96.5.6'],
        selector: { app: 'web', tier: 'front' },
        ports: [{ port: 80, nodePort: 31000, protocol: 'TCP' }],
      },
      { loadBalancer: {} },
      ['LoadBalancer', '10.96.5.6', '<pending>', '80:31000/TCP', 'app=web,tier=front'],
    ],
    [
      'a provisioned LoadBalancer service (sorted, never clipped)',
      {
        type: 'LoadBalancer',
        clusterIPs: ['10.96.5.6'],
        ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }],
      },
      {
        loadBalancer: {
          ingress: [{ ip: '203.0.113.20' }, { hostname: 'lb.example.com' }, { ip: '203.0.113.10' }],
        },
      },
      ['LoadBalancer', '10.96.5.6', '203.0.113.10,203.0.113.20,lb.example.com', '443:31443/TCP', '<none>'],
    ],
    [
      'a LoadBalancer with external IPs',
      { type: 'LoadBalancer', clusterIPs: ['10.96.5.7'], externalIPs: ['198.51.100.1'], ports: [] },
      { loadBalancer: { ingress: [{ ip: '203.0.113.10' }] } },
      ['LoadBalancer', '10.96.5.7', '203.0.113.10,198.51.100.1', '<none>', '<none>'],
    ],
    [
      'a ClusterIP service with external IPs',
      {
        type: 'ClusterIP',
        clusterIPs: ['10.96.0.50'],
        externalIPs: ['198.51.100.1', '198.51.100.2'],
        ports: [{ port: 8080, protocol: 'TCP' }],
      },
      {},
      ['ClusterIP', '10.96.0.50', '198.51.100.1,198.51.100.2', '8080/TCP', '<none>'],
    ],
    [
      'a headless service',
      {
        type: 'ClusterIP',
        clusterIP: 'None',
        clusterIPs: ['None'],
        selector: { app: 'db' },
        ports: [{ port: 5432, protocol: 'TCP' }],
      },
      {},
      ['ClusterIP', 'None', '<none>', '5432/TCP', 'app=db'],
    ],
    [
      'an ExternalName service',
      { type: 'ExternalName', externalName: 'db.example.com' },
      {},
      ['ExternalName', '<none>', 'db.example.com', '<none>', '<none>'],
    ],
  ])('prints %s', (_label, spec, status, expected) => {
    const cells = servicePrinter.print(service('svc', spec, status), ctx).cells;
    expect([cells[1], cells[2], cells[3], cells[4], cells[6]]).toEqual(expected);
    expect(cells[0]).toBe('svc');
    expect(cells[5]).toBe('5m');
  });
});
