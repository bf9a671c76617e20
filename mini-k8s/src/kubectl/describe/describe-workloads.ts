/**
 * Describers of the workload controllers: Deployment (with its old and new replica sets).
 */
import type { KubeObject } from '../../api/object';
import { DescribeWriter } from './describe-writer';
import type { DescribeContext } from './describers';
import { eventsFor, rfc1123z } from './describers';
import { describePodTemplate, type PodTemplate } from './pod-template';

/** LabelSelector is a metav1.LabelSelector. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

interface Deployment extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    minReadySeconds?: number;
    strategy?: {
      type?: string;
      rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string };
    };
    template?: PodTemplate;
  };
  status?: {
    replicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    unavailableReplicas?: number;
    conditions?: { type: string; status: string; reason?: string }[];
  };
}

interface ReplicaSet extends KubeObject {
  spec?: { replicas?: number; template?: PodTemplate };
  status?: { replicas?: number };
}

const REPLICASETS = { group: 'apps', version: 'v1', resource: 'replicasets', namespaced: true };

/** formatSelector is labels.Selector.String(): requirements sorted by key, comma-separated. */
export function formatSelector(selector: LabelSelector | undefined): string {
  const parts: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(selector?.matchLabels ?? {})) parts.push({ key: k, text: `${k}=${v}` });
  for (const e of selector?.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    const text =
      e.operator === 'In'
        ? `${e.key} in (${values})`
        : e.operator === 'NotIn'
          ? `${e.key} notin (${values})`
          : e.operator === 'Exists'
            ? e.key
            : `!${e.key}`;
    parts.push({ key: e.key, text });
  }
  parts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return parts.map((p) => p.text).join(',');
}

/** describeDeployment prints the deployment, its pod template, conditions and replica sets. */
export async function describeDeployment(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const d = obj as Deployment;
  const spec = d.spec ?? {};
  const status = d.status ?? {};
  const sets = await ctx.client.list<ReplicaSet>(REPLICASETS, d.metadata.namespace);
  const events = await eventsFor(ctx, obj);
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${d.metadata.name}\n`);
  w.write(0, `Namespace:\t${d.metadata.namespace}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(d.metadata.creationTimestamp)}\n`);
  w.labels('Labels', d.metadata.labels);
  w.annotations('Annotations', d.metadata.annotations);
  w.write(0, `Selector:\t${formatSelector(spec.selector)}\n`);
  w.write(
    0,
    `Replicas:\t${spec.replicas ?? 1} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable\n`,
  );
  w.write(0, `StrategyType:\t${spec.strategy?.type ?? ''}\n`);
  w.write(0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
  const ru = spec.strategy?.rollingUpdate;
  if (ru) {
    w.write(
      0,
      `RollingUpdateStrategy:\t${ru.maxUnavailable ?? '0'} max unavailable, ${ru.maxSurge ?? '0'} max surge\n`,
    );
  }
  describePodTemplate(w, spec.template ?? {});
  if (status.conditions && status.conditions.length > 0) {
    w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(1, '----\t------\t------\n');
    for (const c of status.conditions) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  const owned = byCreation(
    sets.items.filter((rs) =>
      (rs.metadata.ownerReferences ?? []).some((o) => o.controller && o.uid === d.metadata.uid),
    ),
  );
  const newRS = findNewReplicaSet(d, owned);
  // describe shows every old replica set, scaled to zero or not (GetAllReplicaSets' allOldRSs).
  const old = owned.filter((rs) => rs !== newRS);
  if (old.length > 0 || newRS) {
    w.write(0, `OldReplicaSets:\t${replicaSetList(old)}\n`);
    w.write(0, `NewReplicaSet:\t${replicaSetList(newRS ? [newRS] : [])}\n`);
  }
  if (events) w.events(events);
  return w.toString();
}

/** findNewReplicaSet is the oldest owned replica set whose template equals the deployment's (hash ignored). */
function findNewReplicaSet(d: Deployment, sets: ReplicaSet[]): ReplicaSet | undefined {
  const want = canonical(withoutHash(d.spec?.template));
  return byCreation(sets).find((rs) => canonical(withoutHash(rs.spec?.template)) === want);
}

/** byCreation sorts replica sets by creation time, then name (replicaSetsByCreationTimestamp). */
function byCreation(sets: ReplicaSet[]): ReplicaSet[] {
  return [...sets].sort(
    (a, b) =>
      Date.parse(a.metadata.creationTimestamp ?? '') - Date.parse(b.metadata.creationTimestamp ?? '') ||
      (a.metadata.name! < b.metadata.name! ? -1 : a.metadata.name! > b.metadata.name! ? 1 : 0),
  );
}

function withoutHash(template: PodTemplate | undefined): unknown {
  const t = structuredClone(template ?? {}) as PodTemplate;
  if (t.metadata?.labels) {
    delete t.metadata.labels['pod-template-hash'];
    if (Object.keys(t.metadata.labels).length === 0) delete t.metadata.labels;
  }
  return t;
}

/** canonical serialises with sorted keys so equal objects compare equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** replicaSetList is printReplicaSetsByLabels: `name (current/desired replicas created)`, or `<none>`. */
function replicaSetList(sets: ReplicaSet[]): string {
  if (sets.length === 0) return '<none>';
  return sets
    .map(
      (rs) => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 1} replicas created)`,
    )
    .join(', ');
}

const PODS = { group: '', version: 'v1', resource: 'pods', namespaced: true };

/** podPhaseCounts is getPodStatusForController: phases of the pods the controller owns. */
export async function podPhaseCounts(
  ctx: DescribeContext,
  owner: KubeObject,
  selector: LabelSelector | undefined,
): Promise<string> {
  const pods = await ctx.client.list(PODS, owner.metadata.namespace, {
    labelSelector: formatSelector(selector) || undefined,
  });
  const counts = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 };
  for (const p of pods.items) {
    if (!(p.metadata.ownerReferences ?? []).some((o) => o.controller && o.uid === owner.metadata.uid))
      continue;
    const phase = (p as { status?: { phase?: string } }).status?.phase ?? '';
    if (phase in counts) counts[phase as keyof typeof counts]++;
  }
  return `${counts.Running} Running / ${counts.Pending} Waiting / ${counts.Succeeded} Succeeded / ${counts.Failed} Failed`;
}

/** describeReplicaSet prints the replica set, its pods' phases, template, conditions and events. */
export async function describeReplicaSet(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const rs = obj as ReplicaSet & {
    spec?: { selector?: LabelSelector };
    status?: { conditions?: { type: string; status: string; reason?: string }[] };
  };
  const phases = await podPhaseCounts(ctx, rs, rs.spec?.selector);
  const events = await eventsFor(ctx, obj);
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${rs.metadata.name}\n`);
  w.write(0, `Namespace:\t${rs.metadata.namespace}\n`);
  w.write(0, `Selector:\t${formatSelector(rs.spec?.selector)}\n`);
  w.labels('Labels', rs.metadata.labels);
  w.annotations('Annotations', rs.metadata.annotations);
  const controller = (rs.metadata.ownerReferences ?? []).find((o) => o.controller);
  if (controller) w.write(0, `Controlled By:\t${controller.kind}/${controller.name}\n`);
  w.write(0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 1} desired\n`);
  w.write(0, `Pods Status:\t${phases}\n`);
  describePodTemplate(w, rs.spec?.template ?? {});
  const conditions = rs.status?.conditions ?? [];
  if (conditions.length > 0) {
    w.write(0, 'Conditions:\n  Type\tStatus\tReason\n');
    w.write(1, '----\t------\t------\n');
    for (const c of conditions) w.write(1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
  }
  if (events) w.events(events);
  return w.toString();
}
