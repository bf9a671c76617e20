/**
 * RBAC_MESSAGES is the field table of the `k8s.io.api.rbac.v1` messages mini-k8s decodes: the messages
 * reachable from the kinds kubectl sends.
 *
 * Notation: see `../schema.ts`. Field numbers and protobuf types are the published Kubernetes wire format
 * (k8s.io/api and k8s.io/apimachinery v0.32); the `?` (pointer), `!` (no omitempty) and `^` (inline) marks
 * mirror the Go JSON tags, so a decoded object marshals the way the Go API server would marshal it.
 */
import type { MessageTable } from '../schema';

export const RBAC_MESSAGES: MessageTable = {
  Role: ['metadata=1:meta.ObjectMeta rules=2:[]PolicyRule!'],
  ClusterRole: ['metadata=1:meta.ObjectMeta rules=2:[]PolicyRule! aggregationRule=3:AggregationRule?'],
  RoleBinding: ['metadata=1:meta.ObjectMeta subjects=2:[]Subject roleRef=3:RoleRef!'],
  ClusterRoleBinding: ['metadata=1:meta.ObjectMeta subjects=2:[]Subject roleRef=3:RoleRef!'],
  PolicyRule: [
    'verbs=1:[]string! apiGroups=2:[]string resources=3:[]string resourceNames=4:[]string',
    'nonResourceURLs=5:[]string',
  ],
  AggregationRule: ['clusterRoleSelectors=1:[]meta.LabelSelector'],
  Subject: ['kind=1:string! apiGroup=2:string name=3:string! namespace=4:string'],
  RoleRef: ['apiGroup=1:string! kind=2:string! name=3:string!'],
};
