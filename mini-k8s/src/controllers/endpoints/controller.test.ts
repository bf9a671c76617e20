import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { desiredSlices } from '../endpointslice/slices';
import { computeSubsets, endpointsLabels } from './controller';
import { findPort, shouldPodBeInEndpoints } from './pod-endpoints';

function svc(spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'default' },
    spec: { selector: { app: 'web' }, ...spec },
  };
}

function pod(
  name: string,
  ip: string,
  ready: boolean,
  extra: { deleting?: boolean; port?: number; phase?: string; restartPolicy?: string } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      uid: `uid-${name}`,
      labels: { app: 'web' },
      ...(extra.deleting ? { deletionTimestamp: '2024-01-01T00:00:00Z' } : {}),
    },
    spec: {
      nodeName: 'node01',
      restartPolicy: extra.restartPolicy ?? 'Always',
      containers: [{ name: 'c', ports: [{ name: 'http', containerPort: extra.port ?? 8080 }] }],
    },
    status: {
      phase: extra.phase ?? 'Running',
      podIP: ip,
      conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }],
    },
  };
}

describe('endpoint rules', () => {
  it.each([
    [{}, 8080],
    [{ targetPort: 'http' }, 8080],
    [{ targetPort: 9090 }, 9090],
    [{ targetPort: 'metrics' }, undefined],
  ])('findPort %j', (extra, expected) => {
    expect(findPort(pod('a', '10.0.0.1', true), { port: 8080, ...extra })).toBe(expected);
  });

  it.each([
    ['no IP', pod('a', '', true), false, false],
    ['terminating', pod('a', '10.0.0.1', true, { deleting: true }), false, false],
    ['terminating, included', pod('a', '10.0.0.1', true, { deleting: true }), true, true],
    [
      'succeeded with Never',
      pod('a', '10.0.0.1', false, { phase: 'Succeeded', restartPolicy: 'Never' }),
      false,
      false,
    ],
    ['running', pod('a', '10.0.0.1', false), false, true],
  ])('shouldPodBeInEndpoints: %s', (_name, p, includeTerminating, expected) => {
    expect(shouldPodBeInEndpoints(p, includeTerminating)).toBe(expected);
  });
});

describe('computeSubsets', () => {
  const pods = [
    pod('b', '10.0.0.12', true),
    pod('a', '10.0.0.9', true),
    pod('c', '10.0.0.3', false),
    pod('d', '10.0.0.4', true, { port: 9000 }),
    pod('e', '10.0.0.5', true, { deleting: true }),
  ];

  it('splits ready and not-ready addresses and groups by resolved port', () => {
    const subsets = computeSubsets(svc({ ports: [{ name: 'web', port: 80, targetPort: 'http' }] }), pods);
    expect(subsets).toHaveLength(2);
    const main = subsets.find((s) => s.ports?.[0].port === 8080)!;
    expect(main.addresses?.map((a) => a.ip)).toEqual(['10.0.0.9', '10.0.0.12']);
    expect(main.notReadyAddresses?.map((a) => a.ip)).toEqual(['10.0.0.3']);
    expect(main.ports).toEqual([{ name: 'web', port: 8080, protocol: 'TCP' }]);
    expect(main.addresses?.[0]).toEqual({
      ip: '10.0.0.9',
      nodeName: 'node01',
      targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-a' },
    });
  });

  it('publishes not-ready pods as ready with publishNotReadyAddresses', () => {
    const subsets = computeSubsets(
      svc({ publishNotReadyAddresses: true, ports: [{ port: 80, targetPort: 8080 }] }),
      pods,
    );
    expect(subsets[0].notReadyAddresses).toBeUndefined();
    expect(subsets[0].addresses).toHaveLength(5);
  });

  it('lists headless addresses without ports and labels the Endpoints', () => {
    const headless = svc({ clusterIP: 'None' });
    expect(computeSubsets(headless, [pod('a', '10.0.0.1', true)])).toEqual([
      {
        addresses: [
          {
            ip: '10.0.0.1',
            nodeName: 'node01',
            targetRef: { kind: 'Pod', namespace: 'default', name: 'a', uid: 'uid-a' },
          },
        ],
      },
    ]);
    expect(endpointsLabels(headless)).toEqual({ 'service.kubernetes.io/headless': '' });
  });
});

describe('desiredSlices', () => {
  it('keeps terminating pods with ready=false, serving and terminating set', () => {
    const [slice] = desiredSlices(svc({ ports: [{ port: 80, targetPort: 8080 }] }), [
      pod('a', '10.0.0.1', true),
      pod('e', '10.0.0.5', true, { deleting: true }),
    ]);
    expect(slice.ports).toEqual([{ name: '', protocol: 'TCP', port: 8080 }]);
    expect(slice.endpoints.map((e) => [e.targetRef.name, e.conditions])).toEqual([
      ['a', { ready: true, serving: true, terminating: false }],
      ['e', { ready: false, serving: true, terminating: true }],
    ]);
  });

  it('keeps one placeholder slice when nothing is selected', () => {
    expect(desiredSlices(svc({ ports: [{ port: 80 }] }), [])).toEqual([{ ports: null, endpoints: [] }]);
  });
});
