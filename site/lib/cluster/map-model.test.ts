import { describe, expect, it } from 'vitest';
import type { ClusterSnapshot, SnapshotPod } from '../api/contract';
import {
  buildMapModel,
  LAYOUT,
  layoutMap,
  MIN_COLUMN_WIDTH,
  podStatus,
  selects,
  workloadOf,
} from './map-model';

const pod = (name: string, extra: Partial<SnapshotPod> = {}): SnapshotPod => ({
  namespace: 'default',
  name,
  node: 'node01',
  phase: 'Running',
  ready: true,
  reason: null,
  owner: null,
  labels: {},
  scheduling: null,
  ...extra,
});

/** A recorded snapshot shaped like the contract: 3 nodes, a Deployment of 3 pods behind a Service. */
const SNAPSHOT: ClusterSnapshot = {
  nodes: [
    { name: 'node02', ready: true, roles: [], unschedulable: false, taints: [], cpu: '2', memory: '4Gi' },
    {
      name: 'controlplane',
      ready: true,
      roles: ['control-plane'],
      unschedulable: false,
      taints: ['node-role.kubernetes.io/control-plane:NoSchedule'],
      cpu: '2',
      memory: '4Gi',
    },
    { name: 'node01', ready: true, roles: [], unschedulable: true, taints: [], cpu: '2', memory: '4Gi' },
  ],
  pods: [
    pod('web-7c9d8f-a', {
      owner: { kind: 'ReplicaSet', name: 'web-7c9d8f' },
      labels: { app: 'web' },
      scheduling: 'Placé sur node01 : meilleur score.',
    }),
    pod('web-7c9d8f-b', {
      node: 'node02',
      owner: { kind: 'ReplicaSet', name: 'web-7c9d8f' },
      labels: { app: 'web' },
    }),
    pod('web-7c9d8f-c', {
      node: null,
      phase: 'Pending',
      ready: false,
      owner: { kind: 'ReplicaSet', name: 'web-7c9d8f' },
      labels: { app: 'web' },
      scheduling: '0/3 nodes are available',
    }),
    pod('solo', { node: 'node02', phase: 'Running', ready: false, reason: 'CrashLoopBackOff' }),
  ],
  workloads: [{ namespace: 'default', kind: 'Deployment', name: 'web', replicas: 3, readyReplicas: 2 }],
  services: [
    {
      namespace: 'default',
      name: 'web',
      type: 'ClusterIP',
      clusterIP: '10.96.0.10',
      selector: { app: 'web' },
      readyEndpoints: 2,
    },
    {
      namespace: 'other',
      name: 'web',
      type: 'ClusterIP',
      clusterIP: '10.96.0.11',
      selector: { app: 'web' },
      readyEndpoints: 0,
    },
  ],
  volumes: [
    { namespace: 'default', name: 'data', kind: 'PersistentVolumeClaim', phase: 'Bound', boundTo: 'pv-1' },
  ],
};

describe('podStatus', () => {
  it.each([
    [{ phase: 'Running', ready: true, reason: null }, 'running'],
    [{ phase: 'Running', ready: false, reason: null }, 'not-ready'],
    [{ phase: 'Running', ready: false, reason: 'CrashLoopBackOff' }, 'crashloop'],
    [{ phase: 'Pending', ready: false, reason: 'ImagePullBackOff' }, 'error'],
    [{ phase: 'Pending', ready: false, reason: null }, 'pending'],
    [{ phase: 'Succeeded', ready: false, reason: null }, 'succeeded'],
    [{ phase: 'Failed', ready: false, reason: null }, 'error'],
    [{ phase: 'Running', ready: true, reason: 'Terminating' }, 'terminating'],
    [{ phase: 'Unknown', ready: false, reason: null }, 'unknown'],
  ] as const)('%j → %s', (p, status) => {
    expect(podStatus(p)).toBe(status);
  });
});

describe('buildMapModel', () => {
  const model = buildMapModel(SNAPSHOT);

  it('puts the control plane first, then nodes by name, then the unscheduled pods', () => {
    expect(model.columns.map((c) => c.title)).toEqual(['controlplane', 'node01', 'node02', 'Non planifiés']);
    expect(model.columns[1]!.subtitle).toBe('Ready · cordonné');
    expect(model.columns[0]!.subtitle).toBe('Ready · control-plane · 1 taint');
  });

  it('groups pods under their Deployment (through the ReplicaSet) and standalone pods last', () => {
    const node02 = model.columns[2]!;
    expect(node02.groups.map((g) => [g.label, g.pods.map((p) => p.name)])).toEqual([
      ['Deployment default/web', ['web-7c9d8f-b']],
      ['Pods isolés', ['solo']],
    ]);
    expect(node02.groups[1]!.pods[0]!.statusLabel).toBe('Redémarre en boucle (CrashLoopBackOff)');
    expect(model.columns[3]!.groups[0]!.pods[0]!.scheduling).toBe('0/3 nodes are available');
  });

  it('links a Service to the pods of its namespace its selector matches', () => {
    expect(model.services.map((s) => [s.key, s.podKeys])).toEqual([
      ['default/web', ['default/web-7c9d8f-a', 'default/web-7c9d8f-b', 'default/web-7c9d8f-c']],
      ['other/web', []],
    ]);
    expect(selects({}, { app: 'web' })).toBe(false);
  });

  it('prefers the longest Deployment name prefix', () => {
    const workloads = [
      { namespace: 'default', kind: 'Deployment', name: 'web', replicas: 1, readyReplicas: 1 },
      { namespace: 'default', kind: 'Deployment', name: 'web-api', replicas: 1, readyReplicas: 1 },
    ];
    expect(
      workloadOf(pod('x', { owner: { kind: 'ReplicaSet', name: 'web-api-55f' } }), workloads)?.name,
    ).toBe('web-api');
  });
});

describe('layoutMap', () => {
  it('places every pod inside its column, below the services, and a link per selected pod', () => {
    const model = buildMapModel(SNAPSHOT);
    const layout = layoutMap(model);
    expect(layout.pods).toHaveLength(4);
    for (const box of layout.pods) {
      const column = layout.columns.find((c) => box.x >= c.x && box.x + box.width <= c.x + c.width)!;
      expect(column).toBeDefined();
      expect(box.y).toBeGreaterThan(layout.services[0]!.y + layout.services[0]!.height);
      expect(box.y + box.height).toBeLessThanOrEqual(column.y + column.height);
    }
    expect(layout.links).toHaveLength(3);
    expect(layout.volumes[0]!.y).toBeGreaterThanOrEqual(layout.columns[0]!.y + layout.columns[0]!.height);
    expect(layout.height).toBeGreaterThan(layout.volumes[0]!.y);
  });

  it('lays out an empty cluster', () => {
    const layout = layoutMap(
      buildMapModel({ nodes: [], pods: [], workloads: [], services: [], volumes: [] }),
    );
    expect(layout.width).toBeGreaterThan(0);
    expect(layout.pods).toEqual([]);
  });

  /** overlaps tells whether two boxes share any area. */
  const overlaps = (
    a: { x: number; y: number; width: number; height: number },
    b: { x: number; y: number; width: number; height: number },
  ) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

  /** A busy cluster: 4 nodes, 12 pods, 5 services, 3 volumes. */
  const busy = buildMapModel({
    ...SNAPSHOT,
    nodes: [
      ...SNAPSHOT.nodes,
      { name: 'node03', ready: true, roles: [], unschedulable: false, taints: [], cpu: '2', memory: '4Gi' },
    ],
    pods: Array.from({ length: 12 }, (_, i) =>
      pod(`api-${i}`, {
        node: ['node01', 'node02', 'node03', 'controlplane'][i % 4]!,
        labels: { app: `s${i % 5}` },
      }),
    ),
    services: Array.from({ length: 5 }, (_, i) => ({
      namespace: 'default',
      name: `service-${i}`,
      type: 'ClusterIP',
      clusterIP: `10.96.0.${i + 10}`,
      selector: { app: `s${i}` },
      readyEndpoints: 1,
    })),
    volumes: [
      ...SNAPSHOT.volumes,
      { kind: 'PersistentVolume', namespace: null, name: 'pv-b', phase: 'Available', boundTo: null },
      { kind: 'PersistentVolume', namespace: null, name: 'pv-c', phase: 'Available', boundTo: null },
    ],
  });

  it('keeps one 190-unit column per node, side by side, when the pane is wide enough', () => {
    const wide = layoutMap(busy, 2000);
    expect(wide.density).toBe('normal');
    expect(wide.columnsPerRow).toBe(4);
    expect(wide.width).toBe(4 * LAYOUT.columnWidth + 3 * LAYOUT.gap);
    expect(new Set(wide.columns.map((c) => c.y)).size).toBe(1);
    expect(layoutMap(busy)).toEqual(wide);
  });

  it.each([320, 400, 560, 700, 820])('fits a %i px pane: compact, wrapped, nothing overlaps', (pane) => {
    const available = pane - 28; // the panel's padding and borders
    const layout = layoutMap(busy, available);
    expect(layout.width).toBeLessThanOrEqual(available);
    expect(layout.density).toBe('compact');
    // Fewer columns per row only when four compact columns do not fit.
    expect(layout.columnsPerRow).toBe(Math.min(4, Math.floor((available + 10) / (MIN_COLUMN_WIDTH + 10))));
    for (const c of layout.columns) expect(c.width).toBeGreaterThanOrEqual(MIN_COLUMN_WIDTH);
    const boxes = [
      ...layout.columns,
      ...layout.services,
      ...layout.volumes.map((v) => ({ ...v, height: 32 })),
    ];
    for (const box of boxes) {
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(layout.width + 0.001);
      expect(box.y + box.height).toBeLessThanOrEqual(layout.height);
    }
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i]!, boxes[j]!)).toBe(false);
    for (const box of layout.pods) {
      const column = layout.columns.find((c) => overlaps(c, box))!;
      expect(box.x + box.width).toBeLessThanOrEqual(column.x + column.width);
      expect(box.y + box.height).toBeLessThanOrEqual(column.y + column.height);
    }
    expect(layout.pods).toHaveLength(12);
    expect(layout.links).toHaveLength(12);
    // Labels are cut to what their boxes hold.
    expect(layout.chars.pod * 6.4).toBeLessThanOrEqual(layout.pods[0]!.width - 24);
    expect(layout.chars.pod).toBeGreaterThanOrEqual(8);
  });

  it('puts two node columns side by side in a 320 px pane, and one below 300', () => {
    expect(layoutMap(busy, 292).columnsPerRow).toBe(2);
    expect(layoutMap(busy, 200).columnsPerRow).toBe(1);
  });

  it('never goes below the narrowest column (the drawing then scales down)', () => {
    const tiny = layoutMap(busy, 80);
    expect(tiny.columnsPerRow).toBe(1);
    expect(tiny.width).toBe(MIN_COLUMN_WIDTH);
  });
});
