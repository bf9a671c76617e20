/**
 * Status checks: an object's condition is True (Ready, Available, Complete…), and pods selected by labels
 * are Running and Ready — a given number, optionally on distinct nodes or on a given node.
 */
import type { KubeObject } from '../../../mini-k8s/src/api/object';
import { expectedFound } from '../result';
import {
  type CheckBase,
  type Check,
  describeObject,
  fail,
  getOrUndefined,
  makeCheck,
  pass,
  resolveKind,
  listObjects,
} from './check';
import type { ObjectRef } from './objects';

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
}

/** conditionsOf reads `status.conditions` of any object. */
export function conditionsOf(object: KubeObject): Condition[] {
  const status = (object as { status?: { conditions?: Condition[] } }).status;
  return status?.conditions ?? [];
}

/** conditionTrue passes when the object's condition `type` has status "True". */
export function conditionTrue(base: CheckBase & ObjectRef & { type: string }): Check {
  return makeCheck(base, async (ctx) => {
    const object = await getOrUndefined(ctx, base.kind, base.name, base.namespace);
    const what = describeObject(resolveKind(base.kind), base.name);
    if (!object) return fail(expectedFound(`${what} présent`, 'aucun objet de ce nom'));
    const condition = conditionsOf(object).find((c) => c.type === base.type);
    if (condition?.status === 'True') return pass(`${what} : ${base.type}=True`);
    const found = condition
      ? `${base.type}=${condition.status}${condition.reason ? ` (${condition.reason})` : ''}`
      : `pas de condition ${base.type}`;
    return fail(expectedFound(`${what} avec ${base.type}=True`, found));
  });
}

interface PodLike extends KubeObject {
  spec?: { nodeName?: string };
  status?: {
    phase?: string;
    conditions?: Condition[];
    containerStatuses?: {
      name: string;
      restartCount?: number;
      state?: Record<string, { reason?: string }>;
    }[];
  };
}

/** isPodReady is true for a Running pod whose Ready condition is True. */
export function isPodReady(pod: PodLike): boolean {
  return (
    !pod.metadata.deletionTimestamp &&
    pod.status?.phase === 'Running' &&
    conditionsOf(pod).some((c) => c.type === 'Ready' && c.status === 'True')
  );
}

/** podState summarizes why a pod is not ready: its phase, or its first waiting container's reason. */
export function podState(pod: PodLike): string {
  for (const cs of pod.status?.containerStatuses ?? []) {
    const waiting = cs.state?.waiting?.reason;
    if (waiting) return waiting;
  }
  return pod.status?.phase ?? 'Unknown';
}

/** PodsReadyOptions select pods and say how many must be Running and Ready, and where. */
export interface PodsReadyOptions {
  selector: string;
  namespace?: string;
  /** Minimum number of ready pods (exactly this many when `exact`). */
  count: number;
  exact?: boolean;
  /** The ready pods must run on pairwise distinct nodes. */
  distinctNodes?: boolean;
  /** Every ready pod must run on this node. */
  node?: string;
}

/** podsRunningReady passes when enough selected pods are Running and Ready, placed as required. */
export function podsRunningReady(base: CheckBase & PodsReadyOptions): Check {
  return makeCheck(base, async (ctx) => {
    const list = await listObjects<PodLike>(ctx, resolveKind('Pod'), base.namespace ?? ctx.namespace, {
      labelSelector: base.selector,
    });
    const pods = list.items.filter((p) => !p.metadata.deletionTimestamp);
    const ready = pods.filter(isPodReady);
    const wanted = `${base.exact ? '' : 'au moins '}${base.count} pod(s) ${base.selector} prêts`;
    const tooFew = base.exact ? ready.length !== base.count : ready.length < base.count;
    if (tooFew) {
      const states = pods.filter((p) => !isPodReady(p)).map((p) => `${p.metadata.name} ${podState(p)}`);
      return fail(expectedFound(wanted, `${ready.length}${states.length ? ` (${states.join(', ')})` : ''}`));
    }
    if (base.node) {
      const elsewhere = ready.filter((p) => p.spec?.nodeName !== base.node);
      if (elsewhere.length > 0) {
        const found = elsewhere.map((p) => `${p.metadata.name} sur ${p.spec?.nodeName ?? 'aucun nœud'}`);
        return fail(expectedFound(`tous les pods sur le nœud ${base.node}`, found.join(', ')));
      }
    }
    if (base.distinctNodes) {
      const nodes = new Set(ready.map((p) => p.spec?.nodeName));
      if (nodes.size < ready.length) {
        return fail(
          expectedFound(`${ready.length} nœuds distincts`, `${nodes.size} (${[...nodes].join(', ')})`),
        );
      }
    }
    return pass(`${ready.length} pod(s) prêts`);
  });
}

/** podRestartsAtMost passes when no container of the selected pods restarted more than `max` times. */
export function podRestartsAtMost(
  base: CheckBase & { selector: string; namespace?: string; max: number },
): Check {
  return makeCheck(base, async (ctx) => {
    const list = await listObjects<PodLike>(ctx, resolveKind('Pod'), base.namespace ?? ctx.namespace, {
      labelSelector: base.selector,
    });
    const worst = Math.max(
      0,
      ...list.items.flatMap((p) => (p.status?.containerStatuses ?? []).map((c) => c.restartCount ?? 0)),
    );
    return worst <= base.max
      ? pass(`${worst} redémarrage(s)`)
      : fail(expectedFound(`au plus ${base.max} redémarrage(s)`, `${worst}`));
  });
}
