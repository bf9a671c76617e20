/**
 * POLICY_MESSAGES is the field table of the `k8s.io.api.policy.v1` messages mini-k8s decodes: the messages
 * reachable from the kinds kubectl sends.
 *
 * Notation: see `../schema.ts`. Field numbers and protobuf types are the published Kubernetes wire format
 * (k8s.io/api and k8s.io/apimachinery v0.32); the `?` (pointer), `!` (no omitempty) and `^` (inline) marks
 * mirror the Go JSON tags, so a decoded object marshals the way the Go API server would marshal it.
 */
import type { MessageTable } from '../schema';

export const POLICY_MESSAGES: MessageTable = {
  PodDisruptionBudget: [
    'metadata=1:meta.ObjectMeta spec=2:PodDisruptionBudgetSpec status=3:PodDisruptionBudgetStatus',
  ],
  Eviction: ['metadata=1:meta.ObjectMeta deleteOptions=2:meta.DeleteOptions?'],
  PodDisruptionBudgetSpec: [
    'minAvailable=1:intstr.IntOrString? selector=2:meta.LabelSelector?',
    'maxUnavailable=3:intstr.IntOrString? unhealthyPodEvictionPolicy=4:string?',
  ],
  PodDisruptionBudgetStatus: [
    'observedGeneration=1:int64 disruptedPods=2:{string:meta.Time} disruptionsAllowed=3:int32!',
    'currentHealthy=4:int32! desiredHealthy=5:int32! expectedPods=6:int32!',
    'conditions=7:[]meta.Condition',
  ],
};
