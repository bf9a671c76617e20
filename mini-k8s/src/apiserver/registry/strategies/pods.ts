/**
 * Pods (pkg/registry/core/pod upstream): new pods start Pending with their QoS class, and deletion is
 * graceful. A pod gets deletionTimestamp = now + grace period and stays until the kubelet confirms
 * termination with a delete of grace period 0. Unscheduled pods (no spec.nodeName) and finished pods
 * (Succeeded/Failed) are deleted at once, as upstream does. Until a kubelet exists, a bound pod therefore
 * needs a second delete with gracePeriodSeconds=0 (kubectl's `--grace-period=0 --force`).
 */
import type { KubeObject } from '../../../api/object';
import { computeQosClass } from '../../../api/defaults';
import { findResource } from '../../../api/resources';
import { asRecord } from '../meta';
import type { ResourceStrategy } from '../strategy';
import { defaultStrategy } from '../strategy';

/** DEFAULT_GRACE_SECONDS is the default spec.terminationGracePeriodSeconds. */
const DEFAULT_GRACE_SECONDS = 30;

/** podStrategy returns the Pod strategy. */
export function podStrategy(): ResourceStrategy {
  const info = findResource('', 'v1', 'pods');
  if (!info) throw new Error('pods missing from the resource catalogue');
  return {
    ...defaultStrategy(info),
    prepareForCreate(obj: KubeObject) {
      obj.status = { phase: 'Pending', qosClass: computeQosClass(asRecord(obj.spec) ?? {}) };
    },
    gracefulDelete(current, options) {
      const spec = asRecord(current.spec) ?? {};
      const phase = asRecord(current.status)?.phase;
      let grace =
        options.gracePeriodSeconds ??
        (typeof spec.terminationGracePeriodSeconds === 'number'
          ? spec.terminationGracePeriodSeconds
          : DEFAULT_GRACE_SECONDS);
      if (typeof spec.nodeName !== 'string' || spec.nodeName === '') grace = 0;
      if (phase === 'Succeeded' || phase === 'Failed') grace = 0;
      if (grace < 0) grace = 1;
      return { graceSeconds: grace };
    },
  };
}
