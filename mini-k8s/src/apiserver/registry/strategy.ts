/**
 * ResourceStrategy is the per-resource part of the registry, like pkg/registry/<group>/<resource>/strategy.go
 * upstream: what create and update normalise, what bumps generation, how deletion is deferred, what is
 * allocated. The generic store (generic-store.ts) runs the common algorithm and calls these hooks.
 */
import type { KubeObject } from '../../api/object';
import type { ResourceInfo } from '../../api/resources';
import type { FieldError } from '../../machinery/errors';
import type { DeleteOptions } from './interface';

/** NameRule selects how metadata.name is validated (apimachinery ValidateNameFunc). */
export type NameRule = 'subdomain' | 'label' | 'dns1035' | 'pathSegment';

/** WriteHooks finish side effects of a write (allocations): commit after a persisted write, rollback otherwise. */
export interface WriteHooks {
  commit(): void;
  rollback(): void;
}

/** StrategyEnv is what a strategy hook may look at. */
export interface StrategyEnv {
  now: Date;
  dryRun: boolean;
}

/** GracefulDecision tells how a delete proceeds: remove now (0) or mark with a grace period in seconds. */
export interface GracefulDecision {
  graceSeconds: number;
}

export interface ResourceStrategy {
  /** nameRule validates metadata.name on create. */
  nameRule: NameRule;
  /** tracksGeneration: metadata.generation starts at 1 and is bumped when non-metadata, non-status fields change. */
  tracksGeneration: boolean;
  /** returnDeletedObject: an immediate DELETE answers the deleted object rather than a success Status (genericregistry.Store.ReturnDeletedObject). */
  returnDeletedObject: boolean;
  /** keepStatusOnCreate: accept the status sent on create (nodes); otherwise a status subresource means status is reset. */
  keepStatusOnCreate?: boolean;
  /** prepareForCreate normalises a new object after defaulting and status reset (mutates obj). */
  prepareForCreate?(obj: KubeObject, env: StrategyEnv): void;
  /** prepareForUpdate normalises an updated object on the main resource (mutates next; old is read-only). */
  prepareForUpdate?(next: KubeObject, old: KubeObject, env: StrategyEnv): void;
  /** validate adds registry-level checks to api/validation's validateObject (old set on update). */
  validate?(obj: KubeObject, old: KubeObject | undefined): FieldError[];
  /** allocate reserves resources the object needs (service IPs and node ports); mutates next. */
  allocate?(next: KubeObject, old: KubeObject | undefined, env: StrategyEnv): Promise<WriteHooks | undefined>;
  /** release frees what a deleted object held. */
  release?(obj: KubeObject): void;
  /** gracefulDelete decides the grace period of a delete; undefined means immediate (the default). */
  gracefulDelete?(current: KubeObject, options: DeleteOptions): GracefulDecision | undefined;
  /** prepareForDelete mutates an object whose deletion is deferred (namespace: status.phase Terminating). */
  prepareForDelete?(obj: KubeObject, env: StrategyEnv): void;
  /** blocksDeletion tells whether kind-specific finalizers still hold the object (namespace spec.finalizers). */
  blocksDeletion?(obj: KubeObject): boolean;
  /** forbidDelete returns a reason when the object may never be deleted (immortal namespaces). */
  forbidDelete?(obj: KubeObject): string | undefined;
}

/** hasSubresource tells whether info declares the named subresource. */
export function hasSubresource(info: ResourceInfo, name: string): boolean {
  return (info.subresources ?? []).some((s) => s.name === name);
}

/**
 * GENERATION_TRACKING lists the resources whose upstream strategies set metadata.generation = 1 on create
 * and bump it on spec changes.
 */
const GENERATION_TRACKING = new Set([
  'apps/deployments',
  'apps/replicasets',
  'apps/statefulsets',
  'apps/daemonsets',
  '/replicationcontrollers',
  'batch/jobs',
  'batch/cronjobs',
  'networking.k8s.io/ingresses',
  'networking.k8s.io/networkpolicies',
  'policy/poddisruptionbudgets',
]);

/**
 * RETURNS_DELETED_OBJECT lists the resources whose upstream REST storage sets ReturnDeletedObject: the
 * core group's stores (and storage classes); other groups answer an immediate delete with a success Status.
 */
const RETURNS_DELETED_OBJECT_GROUPS = new Set(['', 'storage.k8s.io']);

/** PATH_SEGMENT_NAMES lists the resources validated with ValidatePathSegmentName (RBAC, priority classes allow `:`). */
const PATH_SEGMENT_NAMES = new Set([
  'rbac.authorization.k8s.io/roles',
  'rbac.authorization.k8s.io/clusterroles',
  'rbac.authorization.k8s.io/rolebindings',
  'rbac.authorization.k8s.io/clusterrolebindings',
]);

/** LABEL_NAMES lists the resources whose names must be DNS-1123 labels. */
const LABEL_NAMES = new Set(['/namespaces']);

/** DNS1035_NAMES lists the resources whose names must be DNS-1035 labels (Service names become DNS names and env vars). */
const DNS1035_NAMES = new Set(['/services']);

/** defaultStrategy returns the strategy facts of a resource with no kind-specific behaviour. */
export function defaultStrategy(info: ResourceInfo): ResourceStrategy {
  const id = `${info.group}/${info.resource}`;
  return {
    nameRule: PATH_SEGMENT_NAMES.has(id)
      ? 'pathSegment'
      : LABEL_NAMES.has(id)
        ? 'label'
        : DNS1035_NAMES.has(id)
          ? 'dns1035'
          : 'subdomain',
    tracksGeneration: GENERATION_TRACKING.has(id),
    returnDeletedObject: RETURNS_DELETED_OBJECT_GROUPS.has(info.group),
  };
}
