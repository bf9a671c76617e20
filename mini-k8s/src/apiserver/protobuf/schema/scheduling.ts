/**
 * SCHEDULING_MESSAGES is the field table of the `k8s.io.api.scheduling.v1` messages mini-k8s decodes: the
 * messages reachable from the kinds kubectl sends.
 *
 * Notation: see `../schema.ts`. Field numbers and protobuf types are the published Kubernetes wire format
 * (k8s.io/api and k8s.io/apimachinery v0.32); the `?` (pointer), `!` (no omitempty) and `^` (inline) marks
 * mirror the Go JSON tags, so a decoded object marshals the way the Go API server would marshal it.
 */
import type { MessageTable } from '../schema';

export const SCHEDULING_MESSAGES: MessageTable = {
  PriorityClass: [
    'metadata=1:meta.ObjectMeta value=2:int32! globalDefault=3:bool description=4:string',
    'preemptionPolicy=5:string?',
  ],
};
