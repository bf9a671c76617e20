/**
 * VolumeBinding (plugins/volumebinding) checks a pod's PersistentVolumeClaims:
 * - PreFilter: every claim must exist and not be terminating; an unbound claim whose StorageClass binds
 *   Immediately must first be bound by the PV controller (`pod has unbound immediate PersistentVolumeClaims`).
 * - Filter: a bound claim's PV must exist and its node affinity must accept the node; an unbound
 *   WaitForFirstConsumer claim needs an available matching PV reachable from the node, or a
 *   provisioner (dynamic provisioning).
 * - Reserve/PreBind: for the chosen node, static matches get `spec.claimRef` on the PV, provisioned
 *   claims get the `volume.kubernetes.io/selected-node` annotation (the provisioner's signal); then the
 *   pod waits until the claims are Bound before it is bound itself.
 */
import type {
  FilterPlugin,
  FrameworkHandle,
  PreBindPlugin,
  PreFilterPlugin,
  ReservePlugin,
} from '../../framework/interface';
import type { NodeInfo } from '../../framework/node-info';
import { nodeSelectorTermsMatch } from '../../framework/node-selector';
import { resourceListToResources } from '../../framework/resources';
import { asError, SKIP, type Status, unresolvable } from '../../framework/status';
import type { PersistentVolume, PersistentVolumeClaim } from '../../framework/types';
import { labelSelectorFromMeta } from '../../../machinery/labels';

export const NAME = 'VolumeBinding';
export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const ERR_REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_REASON_PV_NOT_EXIST =
  'node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)';
export const ERR_REASON_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';
/** SELECTED_NODE_ANNOTATION tells the external provisioner where the consumer pod will run. */
export const SELECTED_NODE_ANNOTATION = 'volume.kubernetes.io/selected-node';
const NO_PROVISIONER = 'kubernetes.io/no-provisioner';

/** Binding is one claim's plan on a node: a static PV to claim, or dynamic provisioning. */
type Binding =
  { pvc: PersistentVolumeClaim; pv: PersistentVolume } | { pvc: PersistentVolumeClaim; provision: true };

interface State {
  bound: PersistentVolumeClaim[];
  delayed: PersistentVolumeClaim[];
  /** plans holds the binding plan per feasible node (written by Filter). */
  plans: Map<string, Binding[]>;
  /** chosen is the plan of the reserved node. */
  chosen?: Binding[];
}

export interface VolumeBindingOptions {
  /** bindTimeoutMs bounds the wait for claims to become Bound in PreBind (upstream: 600 s). */
  bindTimeoutMs?: number;
}

function pvcClass(pvc: PersistentVolumeClaim): string {
  return (
    pvc.spec?.storageClassName ?? pvc.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? ''
  );
}

function pvAvailableFor(pv: PersistentVolume, pvc: PersistentVolumeClaim, node: NodeInfo): boolean {
  const ref = pv.spec?.claimRef;
  if (ref && !(ref.namespace === pvc.metadata.namespace && ref.name === pvc.metadata.name)) return false;
  if (pv.metadata.deletionTimestamp || pv.status?.phase === 'Released' || pv.status?.phase === 'Failed')
    return false;
  if ((pv.spec?.storageClassName ?? '') !== pvcClass(pvc)) return false;
  const wantedModes = pvc.spec?.accessModes ?? [];
  if (!wantedModes.every((m) => pv.spec?.accessModes?.includes(m))) return false;
  const wanted = resourceListToResources(pvc.spec?.resources?.requests).scalar.get('storage') ?? 0;
  const capacity = resourceListToResources(pv.spec?.capacity).scalar.get('storage') ?? 0;
  if (capacity < wanted) return false;
  if (pvc.spec?.selector != null && !labelSelectorFromMeta(pvc.spec.selector).matches(pv.metadata.labels))
    return false;
  return pvNodeAffinityMatches(pv, node);
}

function pvNodeAffinityMatches(pv: PersistentVolume, node: NodeInfo): boolean {
  const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  return terms == null || nodeSelectorTermsMatch(terms, node.labels, node.name);
}

function capacityOf(pv: PersistentVolume): number {
  return resourceListToResources(pv.spec?.capacity).scalar.get('storage') ?? 0;
}

export function volumeBinding(
  handle: FrameworkHandle,
  options: VolumeBindingOptions = {},
): PreFilterPlugin & FilterPlugin & ReservePlugin & PreBindPlugin {
  const { listers } = handle;
  const bindTimeoutMs = options.bindTimeoutMs ?? 600_000;
  return {
    name: NAME,
    preFilter(state, pod) {
      if (pod.pvcNames.length === 0) return SKIP;
      const s: State = { bound: [], delayed: [], plans: new Map() };
      let unboundImmediate = false;
      for (const claim of pod.pvcNames) {
        const pvc = listers.pvc(pod.namespace, claim);
        if (!pvc) return unresolvable(`persistentvolumeclaim "${claim}" not found`);
        if (pvc.metadata.deletionTimestamp)
          return unresolvable(`persistentvolumeclaim "${claim}" is being deleted`);
        if (pvc.spec?.volumeName) {
          s.bound.push(pvc);
          continue;
        }
        const className = pvcClass(pvc);
        const delayed =
          className !== '' && listers.storageClass(className)?.volumeBindingMode === 'WaitForFirstConsumer';
        if (delayed) s.delayed.push(pvc);
        else unboundImmediate = true;
      }
      if (unboundImmediate) return unresolvable(ERR_REASON_UNBOUND_IMMEDIATE);
      state.write(NAME, s);
      return undefined;
    },
    filter(state, _pod, node) {
      const s = state.read<State>(NAME);
      if (!s) return undefined;
      const reasons = new Set<string>();
      for (const pvc of s.bound) {
        const pv = listers.pv(pvc.spec!.volumeName!);
        if (!pv) reasons.add(ERR_REASON_PV_NOT_EXIST);
        else if (!pvNodeAffinityMatches(pv, node)) reasons.add(ERR_REASON_NODE_CONFLICT);
      }
      const plan: Binding[] = [];
      const taken = new Set<string>();
      for (const pvc of s.delayed) {
        // The smallest available PV that fits wins, as the PV controller's findBestMatch does.
        const candidates = listers
          .pvs()
          .filter((pv) => !taken.has(pv.metadata.name!) && pvAvailableFor(pv, pvc, node))
          .sort((a, b) => capacityOf(a) - capacityOf(b));
        if (candidates.length > 0) {
          taken.add(candidates[0].metadata.name!);
          plan.push({ pvc, pv: candidates[0] });
          continue;
        }
        const provisioner = listers.storageClass(pvcClass(pvc))?.provisioner;
        if (provisioner && provisioner !== NO_PROVISIONER) plan.push({ pvc, provision: true });
        else reasons.add(ERR_REASON_BIND_CONFLICT);
      }
      if (reasons.size > 0) return unresolvable(...reasons);
      s.plans.set(node.name, plan);
      return undefined;
    },
    reserve(state, _pod, nodeName) {
      const s = state.read<State>(NAME);
      if (s) s.chosen = s.plans.get(nodeName) ?? [];
      return undefined;
    },
    unreserve(state) {
      const s = state.read<State>(NAME);
      if (s) s.chosen = undefined;
    },
    async preBind(state, pod, nodeName): Promise<Status | undefined> {
      const s = state.read<State>(NAME);
      if (!s || !s.chosen || s.chosen.length === 0) return undefined;
      const client = handle.client;
      if (!client) return asError('volume binding needs an API client');
      const pvcs = { group: '', version: 'v1', resource: 'persistentvolumeclaims', namespaced: true };
      const pvs = { group: '', version: 'v1', resource: 'persistentvolumes', namespaced: false };
      try {
        for (const b of s.chosen) {
          const claimName = b.pvc.metadata.name!;
          if ('pv' in b) {
            const fresh = await client.get<PersistentVolume>(pvs, undefined, b.pv.metadata.name!);
            fresh.metadata.annotations = {
              ...fresh.metadata.annotations,
              'pv.kubernetes.io/bound-by-controller': 'yes',
            };
            fresh.spec = {
              ...fresh.spec,
              claimRef: {
                kind: 'PersistentVolumeClaim',
                apiVersion: 'v1',
                namespace: pod.namespace,
                name: claimName,
                uid: b.pvc.metadata.uid,
                resourceVersion: b.pvc.metadata.resourceVersion,
              },
            };
            await client.update(pvs, undefined, fresh);
          } else {
            await client.patch(pvcs, pod.namespace, claimName, 'merge', {
              metadata: { annotations: { [SELECTED_NODE_ANNOTATION]: nodeName } },
            });
          }
        }
        if (handle.waitForPvcBound) {
          for (const b of s.chosen)
            await handle.waitForPvcBound(pod.namespace, b.pvc.metadata.name!, bindTimeoutMs);
        }
      } catch (err) {
        return asError(`binding volumes: ${(err as Error).message}`);
      }
      return undefined;
    },
  };
}
