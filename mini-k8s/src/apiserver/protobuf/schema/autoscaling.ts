/**
 * AUTOSCALING_MESSAGES is the field table of the `k8s.io.api.autoscaling.v1` messages mini-k8s decodes: the
 * messages reachable from the kinds kubectl sends.
 *
 * Notation: see `../schema.ts`. Field numbers and protobuf types are the published Kubernetes wire format
 * (k8s.io/api and k8s.io/apimachinery v0.32); the `?` (pointer), `!` (no omitempty) and `^` (inline) marks
 * mirror the Go JSON tags, so a decoded object marshals the way the Go API server would marshal it.
 */
import type { MessageTable } from '../schema';

export const AUTOSCALING_MESSAGES: MessageTable = {
  HorizontalPodAutoscaler: [
    'metadata=1:meta.ObjectMeta spec=2:HorizontalPodAutoscalerSpec',
    'status=3:HorizontalPodAutoscalerStatus',
  ],
  HorizontalPodAutoscalerSpec: [
    'scaleTargetRef=1:CrossVersionObjectReference! minReplicas=2:int32? maxReplicas=3:int32!',
    'targetCPUUtilizationPercentage=4:int32?',
  ],
  HorizontalPodAutoscalerStatus: [
    'observedGeneration=1:int64? lastScaleTime=2:meta.Time? currentReplicas=3:int32!',
    'desiredReplicas=4:int32! currentCPUUtilizationPercentage=5:int32?',
  ],
  CrossVersionObjectReference: ['kind=1:string! name=2:string! apiVersion=3:string'],
};
