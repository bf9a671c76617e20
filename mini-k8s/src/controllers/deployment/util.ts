/**
 * Deployment helpers (pkg/controller/deployment/util upstream): typed views of Deployments and
 * ReplicaSets, revision and replica annotations, surge/unavailability arithmetic and replica counters.
 */
import type { KubeObject } from '../../api/object';
import { type IntOrString, resolveFenceposts } from '../../machinery/intstr';
import type { LabelSelectorMeta } from '../../machinery/labels';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
/** MAX_REV_HISTORY_LENGTH_IN_CHARS bounds the revision-history annotation (upstream constant). */
const MAX_REV_HISTORY_LENGTH_IN_CHARS = 2000;

/** ANNOTATIONS_TO_SKIP are deployment annotations never copied to its ReplicaSets. */
const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  'deprecated.deployment.rollback.to',
]);

export interface DeploymentCondition {
  type: string;
  status: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface DeploymentStatus {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: DeploymentCondition[];
  collisionCount?: number;
}

export interface DeploymentSpec {
  replicas: number;
  minReadySeconds: number;
  paused: boolean;
  progressDeadlineSeconds?: number;
  revisionHistoryLimit?: number;
  strategy: { type: string; rollingUpdate?: { maxSurge?: IntOrString; maxUnavailable?: IntOrString } };
  selector?: LabelSelectorMeta;
  template: { metadata?: { labels?: Record<string, string> }; spec?: unknown };
}

/** deploymentSpec reads a Deployment's spec with upstream defaults for absent fields. */
export function deploymentSpec(d: KubeObject): DeploymentSpec {
  const spec = (d.spec ?? {}) as Record<string, unknown>;
  const strategy = (spec.strategy ?? {}) as DeploymentSpec['strategy'];
  const type = strategy.type ?? 'RollingUpdate';
  return {
    replicas: typeof spec.replicas === 'number' ? spec.replicas : 1,
    minReadySeconds: typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0,
    paused: spec.paused === true,
    progressDeadlineSeconds:
      typeof spec.progressDeadlineSeconds === 'number' ? spec.progressDeadlineSeconds : undefined,
    revisionHistoryLimit:
      typeof spec.revisionHistoryLimit === 'number' ? spec.revisionHistoryLimit : undefined,
    strategy:
      type === 'RollingUpdate'
        ? {
            type,
            rollingUpdate: {
              maxSurge: strategy.rollingUpdate?.maxSurge ?? '25%',
              maxUnavailable: strategy.rollingUpdate?.maxUnavailable ?? '25%',
            },
          }
        : { type },
    selector: spec.selector as DeploymentSpec['selector'],
    template: (spec.template ?? {}) as DeploymentSpec['template'],
  };
}

/** deploymentStatus returns a copy of a Deployment's status. */
export function deploymentStatus(d: KubeObject): DeploymentStatus {
  return structuredClone((d.status ?? {}) as DeploymentStatus);
}

/** rsReplicas is *rs.Spec.Replicas. */
export function rsReplicas(rs: KubeObject): number {
  const r = (rs.spec as { replicas?: number } | undefined)?.replicas;
  return typeof r === 'number' ? r : 1;
}

/** rsStatus reads a ReplicaSet's status counters (0 when absent). */
export function rsStatus(rs: KubeObject): {
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  observedGeneration: number;
  conditions: {
    type: string;
    status: string;
    lastTransitionTime?: string;
    reason?: string;
    message?: string;
  }[];
} {
  const s = (rs.status ?? {}) as Record<string, unknown>;
  const n = (v: unknown): number => (typeof v === 'number' ? v : 0);
  return {
    replicas: n(s.replicas),
    readyReplicas: n(s.readyReplicas),
    availableReplicas: n(s.availableReplicas),
    observedGeneration: n(s.observedGeneration),
    conditions: (s.conditions ?? []) as ReturnType<typeof rsStatus>['conditions'],
  };
}

/** revisionOf is deploymentutil.Revision: the revision annotation as a number (0 when absent or invalid). */
export function revisionOf(obj: KubeObject): number {
  const v = obj.metadata.annotations?.[REVISION_ANNOTATION];
  const n = v === undefined ? 0 : Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : 0;
}

/** maxRevision is MaxRevision: the highest revision among ReplicaSets. */
export function maxRevision(rss: KubeObject[]): number {
  return rss.reduce((max, rs) => Math.max(max, revisionOf(rs)), 0);
}

export function isRollingUpdate(spec: DeploymentSpec): boolean {
  return spec.strategy.type === 'RollingUpdate';
}

/** maxSurge is MaxSurge: surge pods allowed by a rolling update (0 for Recreate). */
export function maxSurge(spec: DeploymentSpec): number {
  if (!isRollingUpdate(spec)) return 0;
  const ru = spec.strategy.rollingUpdate!;
  return resolveFenceposts(ru.maxSurge, ru.maxUnavailable, spec.replicas).surge;
}

/** maxUnavailable is MaxUnavailable: at most spec.replicas; 0 for Recreate or zero replicas. */
export function maxUnavailable(spec: DeploymentSpec): number {
  if (!isRollingUpdate(spec) || spec.replicas === 0) return 0;
  const ru = spec.strategy.rollingUpdate!;
  const { unavailable } = resolveFenceposts(ru.maxSurge, ru.maxUnavailable, spec.replicas);
  return Math.min(unavailable, spec.replicas);
}

/** hasProgressDeadline is HasProgressDeadline (MaxInt32 means "no deadline"). */
export function hasProgressDeadline(spec: DeploymentSpec): boolean {
  return spec.progressDeadlineSeconds !== undefined && spec.progressDeadlineSeconds !== 2147483647;
}

export const sumSpecReplicas = (rss: KubeObject[]): number => rss.reduce((n, rs) => n + rsReplicas(rs), 0);
export const sumActualReplicas = (rss: KubeObject[]): number =>
  rss.reduce((n, rs) => n + rsStatus(rs).replicas, 0);
export const sumReadyReplicas = (rss: KubeObject[]): number =>
  rss.reduce((n, rs) => n + rsStatus(rs).readyReplicas, 0);
export const sumAvailableReplicas = (rss: KubeObject[]): number =>
  rss.reduce((n, rs) => n + rsStatus(rs).availableReplicas, 0);

/** filterActive is FilterActiveReplicaSets: ReplicaSets with spec.replicas > 0. */
export const filterActive = (rss: KubeObject[]): KubeObject[] => rss.filter((rs) => rsReplicas(rs) > 0);

function created(obj: KubeObject): number {
  return obj.metadata.creationTimestamp ? Date.parse(obj.metadata.creationTimestamp) : 0;
}

/** byCreation is ReplicaSetsByCreationTimestamp (ties by name). */
export function byCreation(a: KubeObject, b: KubeObject): number {
  return created(a) - created(b) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

/** byRevision is ReplicaSetsByRevision (ties by creation). */
export function byRevision(a: KubeObject, b: KubeObject): number {
  return revisionOf(a) - revisionOf(b) || byCreation(a, b);
}

/** bySizeNewer is ReplicaSetsBySizeNewer: larger first, then newer first. */
export function bySizeNewer(a: KubeObject, b: KubeObject): number {
  return rsReplicas(b) - rsReplicas(a) || byCreation(b, a);
}

/** bySizeOlder is ReplicaSetsBySizeOlder: larger first, then older first. */
export function bySizeOlder(a: KubeObject, b: KubeObject): number {
  return rsReplicas(b) - rsReplicas(a) || byCreation(a, b);
}

/** copyDeploymentAnnotations copies the deployment's annotations (but the skipped ones) onto the RS. */
function copyDeploymentAnnotations(d: KubeObject, rs: KubeObject): boolean {
  let changed = false;
  const target = (rs.metadata.annotations ??= {});
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (ANNOTATIONS_TO_SKIP.has(k) || target[k] === v) continue;
    target[k] = v;
    changed = true;
  }
  return changed;
}

/** setReplicasAnnotations is SetReplicasAnnotations: desired-replicas and max-replicas on a ReplicaSet. */
export function setReplicasAnnotations(rs: KubeObject, desired: number, max: number): boolean {
  const annotations = (rs.metadata.annotations ??= {});
  let changed = false;
  if (annotations[DESIRED_REPLICAS_ANNOTATION] !== String(desired)) {
    annotations[DESIRED_REPLICAS_ANNOTATION] = String(desired);
    changed = true;
  }
  if (annotations[MAX_REPLICAS_ANNOTATION] !== String(max)) {
    annotations[MAX_REPLICAS_ANNOTATION] = String(max);
    changed = true;
  }
  return changed;
}

/** replicasAnnotationsNeedUpdate is ReplicasAnnotationsNeedUpdate. */
export function replicasAnnotationsNeedUpdate(rs: KubeObject, desired: number, max: number): boolean {
  const annotations = rs.metadata.annotations ?? {};
  return (
    annotations[DESIRED_REPLICAS_ANNOTATION] !== String(desired) ||
    annotations[MAX_REPLICAS_ANNOTATION] !== String(max)
  );
}

/** desiredReplicasAnnotation reads deployment.kubernetes.io/desired-replicas. */
export function desiredReplicasAnnotation(rs: KubeObject): number | undefined {
  const v = rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION];
  const n = v === undefined ? NaN : Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : undefined;
}

function maxReplicasAnnotation(rs: KubeObject): number | undefined {
  const v = rs.metadata.annotations?.[MAX_REPLICAS_ANNOTATION];
  const n = v === undefined ? NaN : Number.parseInt(v, 10);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * setNewReplicaSetAnnotations is SetNewReplicaSetAnnotations: copies deployment annotations, raises the
 * revision (keeping the previous one in revision-history when an old ReplicaSet comes back, i.e. a
 * rollback) and, for a ReplicaSet about to be created, sets the replicas annotations. Mutates rs.
 */
export function setNewReplicaSetAnnotations(
  d: KubeObject,
  rs: KubeObject,
  newRevision: number,
  exists: boolean,
): boolean {
  let changed = copyDeploymentAnnotations(d, rs);
  const annotations = (rs.metadata.annotations ??= {});
  const oldRevisionText = annotations[REVISION_ANNOTATION];
  const oldRevision = oldRevisionText === undefined ? 0 : Number.parseInt(oldRevisionText, 10);
  if (oldRevisionText !== undefined && !Number.isFinite(oldRevision)) return false;
  if (oldRevision < newRevision) {
    annotations[REVISION_ANNOTATION] = String(newRevision);
    changed = true;
    if (oldRevisionText !== undefined) {
      const history = annotations[REVISION_HISTORY_ANNOTATION] ?? '';
      if (history === '') {
        annotations[REVISION_HISTORY_ANNOTATION] = oldRevisionText;
      } else {
        const old = history.split(',');
        let total = history.length + oldRevisionText.length + 1;
        let start = 0;
        while (total > MAX_REV_HISTORY_LENGTH_IN_CHARS && start < old.length) {
          total -= old[start].length + 1;
          start++;
        }
        if (total <= MAX_REV_HISTORY_LENGTH_IN_CHARS) {
          annotations[REVISION_HISTORY_ANNOTATION] = [...old.slice(start), oldRevisionText].join(',');
        }
      }
    }
  }
  const spec = deploymentSpec(d);
  if (!exists && setReplicasAnnotations(rs, spec.replicas, spec.replicas + maxSurge(spec))) changed = true;
  return changed;
}

/**
 * newRSNewReplicas is NewRSNewReplicas: the size the new ReplicaSet may grow to now (RollingUpdate: within
 * replicas + maxSurge in total; Recreate: all at once).
 */
export function newRSNewReplicas(spec: DeploymentSpec, allRSs: KubeObject[], newRS: KubeObject): number {
  if (!isRollingUpdate(spec)) return spec.replicas;
  const current = sumSpecReplicas(allRSs);
  const maxTotal = spec.replicas + maxSurge(spec);
  if (current >= maxTotal) return rsReplicas(newRS);
  const scaleUp = Math.min(maxTotal - current, spec.replicas - rsReplicas(newRS));
  return rsReplicas(newRS) + scaleUp;
}

/** isSaturated is IsSaturated: the new ReplicaSet runs all the desired replicas, all available. */
export function isSaturated(spec: DeploymentSpec, rs: KubeObject | undefined): boolean {
  if (!rs) return false;
  return (
    desiredReplicasAnnotation(rs) === spec.replicas &&
    rsReplicas(rs) === spec.replicas &&
    rsStatus(rs).availableReplicas === spec.replicas
  );
}

/**
 * proportion is GetProportion: the share of `toAdd` for one ReplicaSet when a deployment is scaled in the
 * middle of a rollout, from its size relative to the max-replicas annotation (or status.replicas).
 */
export function proportion(
  rs: KubeObject,
  spec: DeploymentSpec,
  statusReplicas: number,
  toAdd: number,
  added: number,
): number {
  if (rsReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  let fraction: number;
  if (spec.replicas === 0) {
    fraction = -rsReplicas(rs);
  } else {
    const deploymentReplicas = spec.replicas + maxSurge(spec);
    const annotated = maxReplicasAnnotation(rs) ?? statusReplicas;
    const size = annotated === 0 ? rsReplicas(rs) : (rsReplicas(rs) * deploymentReplicas) / annotated;
    fraction = roundHalfAway(size) - rsReplicas(rs);
  }
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** roundHalfAway is Go's math.Round (halves away from zero). */
function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/** findActiveOrLatest is FindActiveOrLatest: the only active ReplicaSet, or the newest when none is. */
export function findActiveOrLatest(
  newRS: KubeObject | undefined,
  oldRSs: KubeObject[],
): KubeObject | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const sortedOld = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = filterActive(newRS ? [...sortedOld, newRS] : sortedOld);
  if (active.length === 0) return newRS ?? sortedOld[0];
  if (active.length === 1) return active[0];
  return undefined;
}
