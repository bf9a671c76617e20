/**
 * The Deployment controller (pkg/controller/deployment upstream): claims the ReplicaSets its selector
 * matches, then per pass either syncs status only (being deleted), scales proportionally (paused or a
 * scaling event), or runs one step of the Recreate or RollingUpdate strategy. Rollback needs no special
 * case: `kubectl rollout undo` writes an old template back, and the ReplicaSet with that template becomes
 * the new one with the next revision.
 */
import type { KubeObject } from '../../api/object';
import type { EventRecorder } from '../../client/event-recorder';
import type { Informer } from '../../client/informer';
import { objectKey } from '../../client/informer';
import { isNotFound } from '../../machinery/errors';
import { labelSelectorFromMeta } from '../../machinery/labels';
import { Controller, type ReconcileResult } from '../controller';
import type { ControllerContext, ManagedController } from '../registry';
import { claimObjects, controllerOf } from '../replicaset/controller-ref';
import { PODS, REPLICASETS } from '../replicaset/controller';
import { getCondition, newCondition, REASONS, setCondition } from './progress';
import { rolloutRecreate } from './recreate';
import { rolloutRolling } from './rolling';
import { DEPLOYMENTS, DeploymentSync } from './sync';
import { deploymentSpec, deploymentStatus, hasProgressDeadline } from './util';

/** newDeploymentController is the registry factory of the `deployment` controller. */
export function newDeploymentController(ctx: ControllerContext): ManagedController {
  return new DeploymentController(ctx);
}

export class DeploymentController implements ManagedController {
  private readonly dInformer: Informer;
  private readonly rsInformer: Informer;
  private readonly podInformer: Informer;
  private readonly recorder: EventRecorder;
  private readonly controller: Controller;

  constructor(private readonly ctx: ControllerContext) {
    this.dInformer = ctx.informers.informerFor(DEPLOYMENTS);
    this.rsInformer = ctx.informers.informerFor(REPLICASETS);
    this.podInformer = ctx.informers.informerFor(PODS);
    this.recorder = ctx.recorder('deployment-controller');
    this.controller = new Controller({
      name: 'deployment',
      reconcile: (key) => this.sync(key),
      workers: 2,
      onError: ctx.onError,
    });
    const enqueue = (d: KubeObject): void => this.controller.enqueue(objectKey(d));
    this.dInformer.addHandler({ onAdd: enqueue, onUpdate: (_o, d) => enqueue(d), onDelete: enqueue });
    this.rsInformer.addHandler({
      onAdd: (rs) => this.rsChanged(rs),
      onUpdate: (old, rs) => {
        this.rsChanged(rs);
        if (controllerOf(old)?.uid !== controllerOf(rs)?.uid) this.rsChanged(old);
      },
      onDelete: (rs) => this.rsChanged(rs),
    });
    this.podInformer.addHandler({
      // Why: Recreate waits for old pods to be gone before creating the new ReplicaSet.
      onDelete: (pod) => {
        const rsRef = controllerOf(pod);
        if (rsRef?.kind !== 'ReplicaSet') return;
        const rs = this.rsInformer.get(`${pod.metadata.namespace}/${rsRef.name}`);
        const d = rs && this.ownerOf(rs);
        if (d && deploymentSpec(d).strategy.type === 'Recreate') enqueue(d);
      },
    });
  }

  start(): void {
    this.controller.start();
  }

  stop(): Promise<void> {
    return this.controller.stop();
  }

  private ownerOf(rs: KubeObject): KubeObject | undefined {
    const ref = controllerOf(rs);
    if (!ref || ref.kind !== 'Deployment') return undefined;
    const d = this.dInformer.get(`${rs.metadata.namespace}/${ref.name}`);
    return d && d.metadata.uid === ref.uid ? d : undefined;
  }

  /** rsChanged queues the ReplicaSet's owner, or every Deployment that could adopt an orphan. */
  private rsChanged(rs: KubeObject): void {
    const owner = this.ownerOf(rs);
    if (owner) return this.controller.enqueue(objectKey(owner));
    if (controllerOf(rs)) return;
    for (const d of this.dInformer.list((x) => x.metadata.namespace === rs.metadata.namespace)) {
      try {
        const selector = labelSelectorFromMeta(deploymentSpec(d).selector);
        if (!selector.empty() && selector.matches(rs.metadata.labels)) this.controller.enqueue(objectKey(d));
      } catch {
        // An invalid selector adopts nothing.
      }
    }
  }

  /** sync is syncDeployment. */
  private async sync(key: string): Promise<ReconcileResult | void> {
    const cached = this.dInformer.get(key);
    if (!cached) return;
    const spec = deploymentSpec(cached);
    const selectorMeta = spec.selector ?? {};
    if (!selectorMeta.matchLabels && !selectorMeta.matchExpressions?.length) {
      void this.recorder.record(
        cached,
        'Warning',
        'SelectingAll',
        'This deployment is selecting all pods. A non-empty selector is required.',
      );
      const status = deploymentStatus(cached);
      if ((status.observedGeneration ?? 0) < (cached.metadata.generation ?? 0)) {
        status.observedGeneration = cached.metadata.generation;
        await this.ctx.client.updateStatus(DEPLOYMENTS, cached.metadata.namespace, { ...cached, status });
      }
      return;
    }
    const selector = labelSelectorFromMeta(selectorMeta);
    const candidates = this.rsInformer.list((rs) => rs.metadata.namespace === cached.metadata.namespace);
    const rsList = await claimObjects(
      { client: this.ctx.client, owner: cached, selector, ref: REPLICASETS },
      candidates,
    );
    const s = new DeploymentSync(
      { client: this.ctx.client, recorder: this.recorder, now: this.ctx.now },
      cached,
      rsList,
    );
    try {
      await this.syncWith(s);
    } catch (err) {
      // The Deployment vanished during the pass: nothing left to do.
      if (isNotFound(err) && !this.dInformer.get(key)) return;
      throw err;
    }
    return s.requeueAfterMs === undefined ? undefined : { requeueAfterMs: s.requeueAfterMs };
  }

  private async syncWith(s: DeploymentSync): Promise<void> {
    if (s.d.metadata.deletionTimestamp) {
      const { newRS, oldRSs } = await s.allReplicaSetsAndSyncRevision(false);
      return s.syncDeploymentStatus(newRS ? [...oldRSs, newRS] : oldRSs, newRS);
    }
    await this.checkPausedConditions(s);
    if (s.spec.paused || (await s.isScalingEvent())) return this.scaleOnly(s);
    if (s.spec.strategy.type === 'Recreate') return rolloutRecreate(s, this.podsByOwner(s));
    return rolloutRolling(s);
  }

  /** scaleOnly is DeploymentController.sync: proportional scaling, history cleanup when paused, status. */
  private async scaleOnly(s: DeploymentSync): Promise<void> {
    const { newRS, oldRSs } = await s.allReplicaSetsAndSyncRevision(false);
    await s.scale(
      s.latest(newRS),
      oldRSs.map((rs) => s.latest(rs)!),
    );
    if (s.spec.paused) await s.cleanupDeployment(oldRSs.map((rs) => s.latest(rs)!));
    return s.syncDeploymentStatus(newRS ? [...oldRSs, newRS] : oldRSs, newRS);
  }

  /** checkPausedConditions sets Progressing Unknown DeploymentPaused / DeploymentResumed. */
  private async checkPausedConditions(s: DeploymentSync): Promise<void> {
    const spec = s.spec;
    if (!hasProgressDeadline(spec)) return;
    const status = deploymentStatus(s.d);
    const cond = getCondition(status, 'Progressing');
    if (cond?.reason === REASONS.timedOut) return;
    const pausedExists = cond?.reason === REASONS.paused;
    const now = this.ctx.now();
    if (spec.paused && !pausedExists) {
      setCondition(
        status,
        newCondition('Progressing', 'Unknown', REASONS.paused, 'Deployment is paused', now),
      );
    } else if (!spec.paused && pausedExists) {
      setCondition(
        status,
        newCondition('Progressing', 'Unknown', REASONS.resumed, 'Deployment is resumed', now),
      );
    } else {
      return;
    }
    await s.writeStatus(status);
  }

  /** podsByOwner is getPodMapForDeployment: the Deployment's pods grouped by owning ReplicaSet uid. */
  private podsByOwner(s: DeploymentSync): Map<string, KubeObject[]> {
    const uids = new Set(s.rsList.map((rs) => rs.metadata.uid!));
    const map = new Map<string, KubeObject[]>([...uids].map((uid) => [uid, []]));
    for (const pod of this.podInformer.list((p) => p.metadata.namespace === s.d.metadata.namespace)) {
      const uid = controllerOf(pod)?.uid;
      if (uid && uids.has(uid)) map.get(uid)!.push(pod);
    }
    return map;
  }
}
