/**
 * The cluster map's model, computed from a ClusterSnapshot without the DOM: one column per node (plus
 * « Non planifiés » for pods without a node), pods grouped by workload inside each column, each pod's status
 * (with a French label), the Services and the pods their selector reaches, the volumes; then the layout
 * (coordinates for the SVG). Unit-tested; cluster-map.ts draws it with d3.
 */
import type { ClusterSnapshot, SnapshotNode, SnapshotPod, SnapshotWorkload } from '../api/contract';

/** PodStatus is the colour family of a pod on the map. */
export type PodStatus =
  'running' | 'not-ready' | 'pending' | 'crashloop' | 'error' | 'succeeded' | 'terminating' | 'unknown';

export const STATUS_LABELS: Record<PodStatus, string> = {
  running: 'En cours (Running)',
  'not-ready': 'Démarré, pas prêt',
  pending: 'En attente (Pending)',
  crashloop: 'Redémarre en boucle (CrashLoopBackOff)',
  error: 'En erreur',
  succeeded: 'Terminé avec succès (Succeeded)',
  terminating: 'En cours de suppression (Terminating)',
  unknown: 'État inconnu',
};

const ERROR_REASONS = new Set([
  'ErrImagePull',
  'ImagePullBackOff',
  'InvalidImageName',
  'CreateContainerConfigError',
  'OOMKilled',
  'Error',
  'Evicted',
]);

/** podStatus classifies a pod from its phase, readiness and reason. */
export function podStatus(pod: Pick<SnapshotPod, 'phase' | 'ready' | 'reason'>): PodStatus {
  if (pod.reason === 'Terminating') return 'terminating';
  if (pod.reason === 'CrashLoopBackOff') return 'crashloop';
  if (pod.reason && ERROR_REASONS.has(pod.reason)) return 'error';
  switch (pod.phase) {
    case 'Running':
      return pod.ready ? 'running' : 'not-ready';
    case 'Pending':
      return 'pending';
    case 'Succeeded':
      return 'succeeded';
    case 'Failed':
      return 'error';
    default:
      return 'unknown';
  }
}

export interface PodView {
  key: string;
  namespace: string;
  name: string;
  node: string | null;
  status: PodStatus;
  statusLabel: string;
  reason: string | null;
  scheduling: string | null;
  /** group is the workload key ("Deployment default/web") or "" for a standalone pod. */
  group: string;
}

export interface GroupView {
  key: string;
  label: string;
  pods: PodView[];
}

export interface ColumnView {
  key: string;
  title: string;
  subtitle: string;
  node: SnapshotNode | null;
  groups: GroupView[];
}

export interface ServiceView {
  key: string;
  namespace: string;
  name: string;
  type: string;
  clusterIP: string;
  readyEndpoints: number;
  podKeys: string[];
}

export interface MapModel {
  columns: ColumnView[];
  services: ServiceView[];
  workloads: (SnapshotWorkload & { key: string })[];
  volumes: ClusterSnapshot['volumes'];
  podCount: number;
}

const podKey = (p: Pick<SnapshotPod, 'namespace' | 'name'>): string => `${p.namespace}/${p.name}`;
const workloadKey = (w: Pick<SnapshotWorkload, 'kind' | 'namespace' | 'name'>): string =>
  `${w.kind} ${w.namespace}/${w.name}`;

/**
 * workloadOf finds the workload a pod belongs to: its owner directly (StatefulSet, DaemonSet, Job,
 * ReplicaSet), or the Deployment whose name prefixes the owning ReplicaSet (`web-7c9d8f` → `web`).
 */
export function workloadOf(pod: SnapshotPod, workloads: SnapshotWorkload[]): SnapshotWorkload | undefined {
  const owner = pod.owner;
  if (!owner) return undefined;
  const sameNs = workloads.filter((w) => w.namespace === pod.namespace);
  if (owner.kind === 'ReplicaSet') {
    const deployment = sameNs
      .filter((w) => w.kind === 'Deployment' && owner.name.startsWith(`${w.name}-`))
      .sort((a, b) => b.name.length - a.name.length)[0];
    if (deployment) return deployment;
  }
  if (owner.kind === 'Job') {
    const cron = sameNs.find((w) => w.kind === 'CronJob' && owner.name.startsWith(`${w.name}-`));
    if (cron) return cron;
  }
  return sameNs.find((w) => w.kind === owner.kind && w.name === owner.name);
}

/** selects tells whether a Service selector matches labels (an empty selector selects nothing). */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const entries = Object.entries(selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

const UNSCHEDULED = '__unscheduled__';

/** buildMapModel turns a snapshot into the map's columns, groups, services and volumes. */
export function buildMapModel(snapshot: ClusterSnapshot): MapModel {
  const pods: PodView[] = snapshot.pods
    .map((pod) => {
      const workload = workloadOf(pod, snapshot.workloads);
      const status = podStatus(pod);
      return {
        key: podKey(pod),
        namespace: pod.namespace,
        name: pod.name,
        node: pod.node,
        status,
        statusLabel: STATUS_LABELS[status],
        reason: pod.reason,
        scheduling: pod.scheduling,
        group: workload ? workloadKey(workload) : '',
      };
    })
    .sort((a, b) => a.key.localeCompare(b.key));

  const nodes = [...snapshot.nodes].sort(
    (a, b) =>
      Number(b.roles.includes('control-plane')) - Number(a.roles.includes('control-plane')) ||
      a.name.localeCompare(b.name),
  );
  const columns: ColumnView[] = nodes.map((node) => ({
    key: node.name,
    title: node.name,
    subtitle: nodeSubtitle(node),
    node,
    groups: groupPods(pods.filter((p) => p.node === node.name)),
  }));
  const known = new Set(nodes.map((n) => n.name));
  const unscheduled = pods.filter((p) => p.node === null || !known.has(p.node));
  if (unscheduled.length > 0)
    columns.push({
      key: UNSCHEDULED,
      title: 'Non planifiés',
      subtitle: 'Pods sans nœud',
      node: null,
      groups: groupPods(unscheduled),
    });

  const services: ServiceView[] = snapshot.services
    .map((s) => ({
      key: `${s.namespace}/${s.name}`,
      namespace: s.namespace,
      name: s.name,
      type: s.type,
      clusterIP: s.clusterIP,
      readyEndpoints: s.readyEndpoints,
      podKeys: snapshot.pods
        .filter((p) => p.namespace === s.namespace && selects(s.selector, p.labels))
        .map(podKey)
        .sort(),
    }))
    .sort((a, b) => a.key.localeCompare(b.key));

  return {
    columns,
    services,
    workloads: snapshot.workloads.map((w) => ({ ...w, key: workloadKey(w) })),
    volumes: snapshot.volumes,
    podCount: pods.length,
  };
}

function nodeSubtitle(node: SnapshotNode): string {
  const parts = [node.ready ? 'Ready' : 'NotReady'];
  if (node.roles.length > 0) parts.push(node.roles.join(', '));
  if (node.unschedulable) parts.push('cordonné');
  if (node.taints.length > 0) parts.push(`${node.taints.length} taint${node.taints.length > 1 ? 's' : ''}`);
  return parts.join(' · ');
}

/** groupPods groups pods by workload, workloads first (alphabetically), standalone pods last. */
function groupPods(pods: PodView[]): GroupView[] {
  const groups = new Map<string, PodView[]>();
  for (const pod of pods) groups.set(pod.group, [...(groups.get(pod.group) ?? []), pod]);
  return [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))
    .map(([key, groupPods]) => ({ key, label: key === '' ? 'Pods isolés' : key, pods: groupPods }));
}

/** Layout constants (SVG user units) of the normal density. */
export const LAYOUT = {
  columnWidth: 190,
  gap: 16,
  header: 52,
  serviceRow: 56,
  groupHeader: 22,
  podHeight: 26,
  podGap: 6,
  padding: 10,
  volumeRow: 44,
};

/** COMPACT is the density used when the pane is narrower than the map's natural width: smaller nodes. */
export const COMPACT = {
  ...LAYOUT,
  gap: 10,
  header: 46,
  serviceRow: 48,
  groupHeader: 20,
  podHeight: 22,
  podGap: 5,
  padding: 7,
  volumeRow: 38,
};

/** MIN_COLUMN_WIDTH is the narrowest node column (a 320 px pane holds two of them side by side). */
export const MIN_COLUMN_WIDTH = 128;
const MIN_SERVICE_WIDTH = 130;
const MAX_SERVICE_WIDTH = 200;
const MAX_VOLUME_WIDTH = 200;
/** CHAR_WIDTH is the average width of a character of the map's labels (12 px normal, 11 px compact). */
const CHAR_WIDTH = { normal: 7, compact: 6.4 };

export interface PodBox {
  pod: PodView;
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface Layout {
  width: number;
  height: number;
  /** normal, or compact when the map had to shrink to the pane (smaller nodes and text). */
  density: 'normal' | 'compact';
  /** Node columns per row (fewer than the nodes when the pane is narrow: the columns wrap). */
  columnsPerRow: number;
  /** How many characters of a label fit in its box (the drawing truncates with « … »). */
  chars: { pod: number; group: number; column: number; service: number; volume: number };
  columns: { column: ColumnView; x: number; y: number; width: number; height: number }[];
  groups: { key: string; label: string; x: number; y: number; width: number; height: number }[];
  pods: PodBox[];
  services: { service: ServiceView; x: number; y: number; width: number; height: number }[];
  links: { key: string; from: { x: number; y: number }; to: { x: number; y: number } }[];
  volumes: { volume: ClusterSnapshot['volumes'][number]; x: number; y: number; width: number }[];
}

/**
 * layoutMap places the model within `available` width (SVG units = CSS pixels; unbounded by default):
 * services on top (wrapping into rows), node columns below, volumes at the bottom. When the natural
 * width (one 190-unit column per node) does not fit, the map turns compact: narrower columns, smaller
 * nodes, and the columns wrap into rows, so it stays readable in a pane down to 320 px.
 */
export function layoutMap(model: MapModel, available = Number.POSITIVE_INFINITY): Layout {
  const count = Math.max(1, model.columns.length);
  const natural = count * LAYOUT.columnWidth + (count - 1) * LAYOUT.gap;
  const fits = available >= natural;
  const L = fits ? LAYOUT : COMPACT;
  const density: Layout['density'] = fits ? 'normal' : 'compact';
  const room = Math.max(available, MIN_COLUMN_WIDTH);
  const columnsPerRow = fits
    ? count
    : Math.min(count, Math.max(1, Math.floor((room + L.gap) / (MIN_COLUMN_WIDTH + L.gap))));
  const columnWidth = fits
    ? LAYOUT.columnWidth
    : Math.min(LAYOUT.columnWidth, Math.floor((room - L.gap * (columnsPerRow - 1)) / columnsPerRow));
  const width = columnsPerRow * columnWidth + (columnsPerRow - 1) * L.gap;

  // Services: as many per row as fit, each between MIN_SERVICE_WIDTH and MAX_SERVICE_WIDTH wide.
  const servicesPerRow = Math.max(
    1,
    Math.min(model.services.length, Math.floor((width + L.gap) / (MIN_SERVICE_WIDTH + L.gap))),
  );
  const serviceWidth = Math.min(MAX_SERVICE_WIDTH, (width - L.gap * (servicesPerRow - 1)) / servicesPerRow);
  const serviceRows = Math.ceil(model.services.length / servicesPerRow);
  const services = model.services.map((service, i) => ({
    service,
    x: (i % servicesPerRow) * (serviceWidth + L.gap),
    y: Math.floor(i / servicesPerRow) * L.serviceRow,
    width: serviceWidth,
    height: L.serviceRow - 12,
  }));
  const columnsTop = serviceRows > 0 ? serviceRows * L.serviceRow + L.gap : 0;

  // Node columns, row by row; every column of a row is as tall as the row's tallest.
  const columns: Layout['columns'] = [];
  const groups: Layout['groups'] = [];
  const pods: PodBox[] = [];
  let rowTop = columnsTop;
  for (let first = 0; first < model.columns.length; first += columnsPerRow) {
    const row = model.columns.slice(first, first + columnsPerRow);
    let rowHeight = L.header + 40;
    const placed: Layout['columns'] = [];
    row.forEach((column, i) => {
      const x = i * (columnWidth + L.gap);
      let y = rowTop + L.header;
      for (const group of column.groups) {
        const height = L.groupHeader + group.pods.length * (L.podHeight + L.podGap) + L.padding / 2;
        groups.push({
          key: `${column.key}|${group.key}`,
          label: group.label,
          x: x + L.padding,
          y,
          width: columnWidth - 2 * L.padding,
          height,
        });
        group.pods.forEach((pod, j) =>
          pods.push({
            pod,
            x: x + 2 * L.padding,
            y: y + L.groupHeader + j * (L.podHeight + L.podGap),
            width: columnWidth - 4 * L.padding,
            height: L.podHeight,
          }),
        );
        y += height + L.podGap;
      }
      rowHeight = Math.max(rowHeight, y - rowTop + L.padding);
      placed.push({ column, x, y: rowTop, width: columnWidth, height: 0 });
    });
    for (const c of placed) c.height = rowHeight;
    columns.push(...placed);
    rowTop += rowHeight + L.gap;
  }
  const columnsBottom = model.columns.length > 0 ? rowTop - L.gap : columnsTop + L.header + L.padding;

  const podByKey = new Map(pods.map((p) => [p.pod.key, p]));
  const links = services.flatMap((s) =>
    s.service.podKeys.flatMap((key) => {
      const box = podByKey.get(key);
      if (!box) return [];
      return [
        {
          key: `${s.service.key}->${key}`,
          from: { x: s.x + s.width / 2, y: s.y + s.height },
          to: { x: box.x + box.width / 2, y: box.y },
        },
      ];
    }),
  );
  const volumesTop = columnsBottom + L.gap;
  const volumeWidth = Math.min(MAX_VOLUME_WIDTH, width);
  const perRow = Math.max(1, Math.floor((width + L.gap) / (volumeWidth + L.gap)));
  const volumes = model.volumes.map((volume, i) => ({
    volume,
    x: (i % perRow) * (volumeWidth + L.gap),
    y: volumesTop + Math.floor(i / perRow) * L.volumeRow,
    width: volumeWidth,
  }));
  const height =
    volumesTop + (model.volumes.length > 0 ? Math.ceil(model.volumes.length / perRow) * L.volumeRow : 0);
  const fit = (boxWidth: number, indent: number) =>
    Math.max(6, Math.floor((boxWidth - indent) / CHAR_WIDTH[density]));
  const chars = {
    pod: fit(columnWidth - 4 * L.padding, 30),
    group: fit(columnWidth - 2 * L.padding, 10),
    column: fit(columnWidth, 16),
    service: fit(serviceWidth, 20),
    volume: fit(volumeWidth, 16),
  };
  return { width, height, density, columnsPerRow, chars, columns, groups, pods, services, links, volumes };
}
