/**
 * DeploymentSync is one pass over one Deployment (pkg/controller/deployment/sync.go upstream): finding or
 * creating the new ReplicaSet with its revision, scaling ReplicaSets with ScalingReplicaSet events,
 * proportional scaling, history cleanup and status updates. It holds the Deployment as last written so
 * successive writes of the same pass do not conflict with each other.
 */
import type { KubeObject } from '../../api/object';
import type { ApiClient } from '../../client/client';
import type { EventRecorder } from '../../client/event-recorder';
import { isAlreadyExists, isNotFound } from '../../machinery/errors';
import { newControllerRef, controllerOf } from '../replicaset/controller-ref';
import { REPLICASETS } from '../replicaset/controller';
import { canonicalJson, computeHash, equalIgnoreHash, POD_TEMPLATE_HASH_LABEL } from './hash';
import {
  calculateStatus,
  getCondition,
  newCondition,
  REASONS,
  rolloutStatus,
  setCondition,
  stuckRequeueMs,
} from './progress';
import {
  byCreation,
  byRevision,
  type DeploymentSpec,
  type DeploymentStatus,
  deploymentSpec,
  deploymentStatus,
  desiredReplicasAnnotation,
  filterActive,
  findActiveOrLatest,
  hasProgressDeadline,
  isRollingUpdate,
  isSaturated,
  maxRevision,
  maxSurge,
  newRSNewReplicas,
  proportion,
  replicasAnnotationsNeedUpdate,
  REVISION_ANNOTATION,
  rsReplicas,
  rsStatus,
  setNewReplicaSetAnnotations,
  setReplicasAnnotations,
  sumSpecReplicas,
} from './util';

export const DEPLOYMENTS = { group: 'apps', version: 'v1', resource: 'deployments', namespaced: true };

export interface SyncDeps {
  client: ApiClient;
  recorder: EventRecorder;
  now: () => Date;
}

export class DeploymentSync {
  /** d is the Deployment as last read or written in this pass. */
  d: KubeObject;
  /** requeueAfterMs is set when the pass wants another look later (progress deadline). */
  requeueAfterMs?: number;

  constructor(
    private readonly deps: SyncDeps,
    deployment: KubeObject,
    /** rsList is the claimed ReplicaSets of the Deployment; entries are replaced as they are written. */
    public rsList: KubeObject[],
  ) {
    this.d = structuredClone(deployment);
  }

  get spec(): DeploymentSpec {
    return deploymentSpec(this.d);
  }

  /** findNewReplicaSet is FindNewReplicaSet: the oldest ReplicaSet whose template equals the Deployment's. */
  findNewReplicaSet(): KubeObject | undefined {
    const template = this.spec.template;
    return [...this.rsList]
      .sort(byCreation)
      .find((rs) => equalIgnoreHash((rs.spec as { template?: unknown }).template, template));
  }

  /**
   * allReplicaSetsAndSyncRevision is getAllReplicaSetsAndSyncRevision: the new ReplicaSet (created when
   * asked) and all the old ones; revisions of the new ReplicaSet and the Deployment are brought up to date.
   */
  async allReplicaSetsAndSyncRevision(
    createIfNotExisted: boolean,
  ): Promise<{ newRS?: KubeObject; oldRSs: KubeObject[] }> {
    const existing = this.findNewReplicaSet();
    const oldRSs = this.rsList.filter((rs) => rs !== existing);
    const newRS = await this.getNewReplicaSet(existing, oldRSs, createIfNotExisted);
    return { newRS, oldRSs };
  }

  private async getNewReplicaSet(
    existing: KubeObject | undefined,
    oldRSs: KubeObject[],
    create: boolean,
  ): Promise<KubeObject | undefined> {
    const spec = this.spec;
    const newRevision = maxRevision(oldRSs) + 1;
    if (existing) {
      const rsCopy = structuredClone(existing);
      const annotationsUpdated = setNewReplicaSetAnnotations(this.d, rsCopy, newRevision, true);
      const rsSpec = rsCopy.spec as { minReadySeconds?: number };
      if (annotationsUpdated || (rsSpec.minReadySeconds ?? 0) !== spec.minReadySeconds) {
        rsSpec.minReadySeconds = spec.minReadySeconds;
        return this.writeReplicaSet(rsCopy);
      }
      const status = deploymentStatus(this.d);
      let needsUpdate = await this.setDeploymentRevision(
        rsCopy.metadata.annotations?.[REVISION_ANNOTATION] ?? '',
      );
      if (hasProgressDeadline(spec) && !getCondition(status, 'Progressing')) {
        const msg = `Found new replica set "${rsCopy.metadata.name}"`;
        setCondition(
          status,
          newCondition('Progressing', 'True', REASONS.foundNewReplicaSet, msg, this.deps.now()),
        );
        needsUpdate = true;
      }
      if (needsUpdate) await this.writeStatus(status);
      return rsCopy;
    }
    if (!create) return undefined;

    const status = deploymentStatus(this.d);
    const hash = computeHash(spec.template, status.collisionCount);
    const template = structuredClone(spec.template) as DeploymentSpec['template'];
    template.metadata = { ...(template.metadata ?? {}) };
    template.metadata.labels = { ...(template.metadata.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const selector = structuredClone(spec.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const name = `${this.d.metadata.name}-${hash}`;
    const newRS: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace: this.d.metadata.namespace,
        labels: { ...template.metadata.labels },
        ownerReferences: [newControllerRef(this.d)],
      },
      spec: { replicas: 0, minReadySeconds: spec.minReadySeconds, selector, template },
    };
    const replicas = newRSNewReplicas(spec, [...oldRSs, newRS], newRS);
    (newRS.spec as { replicas: number }).replicas = replicas;
    setNewReplicaSetAnnotations(this.d, newRS, newRevision, false);
    let created: KubeObject;
    let alreadyExists = false;
    try {
      created = await this.deps.client.create(REPLICASETS, this.d.metadata.namespace, newRS);
    } catch (err) {
      if (isAlreadyExists(err)) {
        alreadyExists = true;
        const found = await this.deps.client.get(REPLICASETS, this.d.metadata.namespace, name);
        const ref = controllerOf(found);
        if (
          ref?.uid === this.d.metadata.uid &&
          equalIgnoreHash((found.spec as { template?: unknown }).template, spec.template)
        ) {
          created = found;
        } else {
          // A different template hashed to the same name: bump collisionCount so the next hash differs.
          status.collisionCount = (status.collisionCount ?? 0) + 1;
          await this.writeStatus(status);
          throw err;
        }
      } else {
        const msg = `Failed to create new replica set "${name}": ${(err as Error).message}`;
        if (hasProgressDeadline(spec)) {
          setCondition(
            status,
            newCondition('Progressing', 'False', REASONS.failedRSCreate, msg, this.deps.now()),
          );
          await this.writeStatus(status).catch(() => undefined);
        }
        void this.deps.recorder.record(this.d, 'Warning', REASONS.failedRSCreate, msg);
        throw err;
      }
    }
    this.rsList = [...this.rsList.filter((rs) => rs.metadata.name !== name), created];
    if (!alreadyExists && replicas > 0) {
      void this.deps.recorder.record(
        this.d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled up replica set ${created.metadata.name} from 0 to ${replicas}`,
      );
    }
    let needsUpdate = await this.setDeploymentRevision(String(newRevision));
    const fresh = deploymentStatus(this.d);
    if (fresh.collisionCount !== status.collisionCount) fresh.collisionCount = status.collisionCount;
    if (!alreadyExists && hasProgressDeadline(spec)) {
      const msg = `Created new replica set "${created.metadata.name}"`;
      setCondition(fresh, newCondition('Progressing', 'True', REASONS.newReplicaSet, msg, this.deps.now()));
      needsUpdate = true;
    }
    if (needsUpdate) await this.writeStatus(fresh);
    return created;
  }

  /**
   * setDeploymentRevision is SetDeploymentRevision, persisted at once: upstream writes the annotation
   * along with the status (its status strategy keeps annotations); ours only takes status through
   * /status, so the annotation goes in a metadata patch. Returns whether the status should be written.
   */
  private async setDeploymentRevision(revision: string): Promise<boolean> {
    if (this.d.metadata.annotations?.[REVISION_ANNOTATION] === revision) return false;
    this.d = await this.deps.client.patch(
      DEPLOYMENTS,
      this.d.metadata.namespace,
      this.d.metadata.name!,
      'merge',
      {
        metadata: {
          annotations: { [REVISION_ANNOTATION]: revision },
          resourceVersion: this.d.metadata.resourceVersion,
        },
      },
    );
    return true;
  }

  /** scale is DeploymentController.scale: proportional scaling on a scaling event or while paused. */
  async scale(newRS: KubeObject | undefined, oldRSs: KubeObject[]): Promise<void> {
    const spec = this.spec;
    const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
    if (activeOrLatest) {
      if (rsReplicas(activeOrLatest) === spec.replicas) return;
      await this.scaleReplicaSetAndRecordEvent(activeOrLatest, spec.replicas);
      return;
    }
    if (isSaturated(spec, newRS)) {
      for (const old of filterActive(oldRSs)) await this.scaleReplicaSetAndRecordEvent(old, 0);
      return;
    }
    if (!isRollingUpdate(spec)) return;
    const all = filterActive(newRS ? [...oldRSs, newRS] : oldRSs);
    const allowed = spec.replicas > 0 ? spec.replicas + maxSurge(spec) : 0;
    const toAdd = allowed - sumSpecReplicas(all);
    let operation = '';
    if (toAdd > 0) {
      all.sort((a, b) => rsReplicas(b) - rsReplicas(a) || byCreation(b, a));
      operation = 'up';
    } else if (toAdd < 0) {
      all.sort((a, b) => rsReplicas(b) - rsReplicas(a) || byCreation(a, b));
      operation = 'down';
    }
    const statusReplicas = deploymentStatus(this.d).replicas ?? 0;
    let added = 0;
    const sizes = new Map<string, number>();
    for (const rs of all) {
      if (toAdd !== 0) {
        const p = proportion(rs, spec, statusReplicas, toAdd, added);
        sizes.set(rs.metadata.name!, rsReplicas(rs) + p);
        added += p;
      } else {
        sizes.set(rs.metadata.name!, rsReplicas(rs));
      }
    }
    for (const [i, rs] of all.entries()) {
      let size = sizes.get(rs.metadata.name!)!;
      // Leftovers go to the largest ReplicaSet.
      if (i === 0 && toAdd !== 0) size = Math.max(0, size + toAdd - added);
      await this.scaleReplicaSet(rs, size, operation);
    }
  }

  /** scaleReplicaSetAndRecordEvent is scaleReplicaSetAndRecordEvent; returns whether the size changed. */
  async scaleReplicaSetAndRecordEvent(rs: KubeObject, newScale: number): Promise<boolean> {
    if (rsReplicas(rs) === newScale) return false;
    return this.scaleReplicaSet(rs, newScale, rsReplicas(rs) < newScale ? 'up' : 'down');
  }

  /** scaleReplicaSet sets spec.replicas and the replicas annotations; ScalingReplicaSet when the size changed. */
  async scaleReplicaSet(rs: KubeObject, newScale: number, operation: string): Promise<boolean> {
    const spec = this.spec;
    const max = spec.replicas + maxSurge(spec);
    const sizeChanged = rsReplicas(rs) !== newScale;
    if (!sizeChanged && !replicasAnnotationsNeedUpdate(rs, spec.replicas, max)) return false;
    const oldScale = rsReplicas(rs);
    const copy = structuredClone(rs);
    (copy.spec as { replicas: number }).replicas = newScale;
    setReplicasAnnotations(copy, spec.replicas, max);
    await this.writeReplicaSet(copy);
    if (sizeChanged) {
      void this.deps.recorder.record(
        this.d,
        'Normal',
        'ScalingReplicaSet',
        `Scaled ${operation} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}`,
      );
    }
    return sizeChanged;
  }

  /** writeReplicaSet updates a ReplicaSet and refreshes it in rsList. */
  async writeReplicaSet(rs: KubeObject): Promise<KubeObject> {
    const written = await this.deps.client.update(REPLICASETS, rs.metadata.namespace, rs);
    this.rsList = this.rsList.map((r) => (r.metadata.uid === written.metadata.uid ? written : r));
    return written;
  }

  /** latest returns the current copy of a ReplicaSet from rsList (after writes of this pass). */
  latest(rs: KubeObject | undefined): KubeObject | undefined {
    if (!rs) return undefined;
    return this.rsList.find((r) => r.metadata.uid === rs.metadata.uid) ?? rs;
  }

  /** cleanupDeployment is cleanupDeployment: deletes the oldest idle ReplicaSets beyond revisionHistoryLimit. */
  async cleanupDeployment(oldRSs: KubeObject[]): Promise<void> {
    const limit = this.spec.revisionHistoryLimit;
    if (limit === undefined) return;
    const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    cleanable.sort(byRevision);
    for (const rs of cleanable.slice(0, diff)) {
      const s = rsStatus(rs);
      if (s.replicas !== 0 || rsReplicas(rs) !== 0 || (rs.metadata.generation ?? 0) > s.observedGeneration)
        continue;
      try {
        await this.deps.client.delete(REPLICASETS, rs.metadata.namespace, rs.metadata.name!);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }

  /** syncDeploymentStatus writes calculateStatus when it changed. */
  async syncDeploymentStatus(allRSs: KubeObject[], newRS: KubeObject | undefined): Promise<void> {
    const status = calculateStatus(
      this.d,
      this.spec,
      allRSs.map((rs) => this.latest(rs)!),
      this.latest(newRS),
      this.deps.now(),
    );
    await this.writeStatusIfChanged(status);
  }

  /** syncRolloutStatus writes the rollout status (with Progressing) and plans the deadline check. */
  async syncRolloutStatus(allRSs: KubeObject[], newRS: KubeObject | undefined): Promise<void> {
    const now = this.deps.now();
    const status = rolloutStatus(
      this.d,
      this.spec,
      allRSs.map((rs) => this.latest(rs)!),
      this.latest(newRS),
      now,
    );
    if (!(await this.writeStatusIfChanged(status))) {
      this.requeueAfterMs = stuckRequeueMs(this.d, this.spec, status, now);
    }
  }

  /** writeStatusIfChanged compares with the current status (timestamps included) before writing. */
  private async writeStatusIfChanged(status: DeploymentStatus): Promise<boolean> {
    if (canonicalJson(deploymentStatus(this.d)) === canonicalJson(status)) {
      return false;
    }
    await this.writeStatus(status);
    return true;
  }

  /** writeStatus replaces the Deployment's status. */
  async writeStatus(status: DeploymentStatus): Promise<void> {
    this.d = await this.deps.client.updateStatus(DEPLOYMENTS, this.d.metadata.namespace, {
      ...this.d,
      status,
    });
  }

  /** isScalingEvent is isScalingEvent: an active ReplicaSet's desired-replicas differs from spec.replicas. */
  async isScalingEvent(): Promise<boolean> {
    const { newRS, oldRSs } = await this.allReplicaSetsAndSyncRevision(false);
    const all = newRS ? [...oldRSs, newRS] : oldRSs;
    return filterActive(all).some((rs) => {
      const desired = desiredReplicasAnnotation(rs);
      return desired !== undefined && desired !== this.spec.replicas;
    });
  }
}
