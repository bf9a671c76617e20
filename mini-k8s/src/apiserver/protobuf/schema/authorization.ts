/**
 * AUTHORIZATION_MESSAGES is the field table of the `k8s.io.api.authorization.v1` messages mini-k8s decodes:
 * the messages reachable from the kinds kubectl sends.
 *
 * Notation: see `../schema.ts`. Field numbers and protobuf types are the published Kubernetes wire format
 * (k8s.io/api and k8s.io/apimachinery v0.32); the `?` (pointer), `!` (no omitempty) and `^` (inline) marks
 * mirror the Go JSON tags, so a decoded object marshals the way the Go API server would marshal it.
 */
import type { MessageTable } from '../schema';

export const AUTHORIZATION_MESSAGES: MessageTable = {
  SelfSubjectAccessReview: [
    'metadata=1:meta.ObjectMeta spec=2:SelfSubjectAccessReviewSpec!',
    'status=3:SubjectAccessReviewStatus',
  ],
  SelfSubjectRulesReview: [
    'metadata=1:meta.ObjectMeta spec=2:SelfSubjectRulesReviewSpec!',
    'status=3:SubjectRulesReviewStatus',
  ],
  SelfSubjectAccessReviewSpec: [
    'resourceAttributes=1:ResourceAttributes? nonResourceAttributes=2:NonResourceAttributes?',
  ],
  SubjectAccessReviewStatus: ['allowed=1:bool! denied=4:bool reason=2:string evaluationError=3:string'],
  SelfSubjectRulesReviewSpec: ['namespace=1:string'],
  SubjectRulesReviewStatus: [
    'resourceRules=1:[]ResourceRule! nonResourceRules=2:[]NonResourceRule! incomplete=3:bool!',
    'evaluationError=4:string',
  ],
  ResourceAttributes: [
    'namespace=1:string verb=2:string group=3:string version=4:string resource=5:string',
    'subresource=6:string name=7:string fieldSelector=8:FieldSelectorAttributes?',
    'labelSelector=9:LabelSelectorAttributes?',
  ],
  NonResourceAttributes: ['path=1:string verb=2:string'],
  ResourceRule: ['verbs=1:[]string! apiGroups=2:[]string resources=3:[]string resourceNames=4:[]string'],
  NonResourceRule: ['verbs=1:[]string! nonResourceURLs=2:[]string'],
  FieldSelectorAttributes: ['rawSelector=1:string requirements=2:[]meta.FieldSelectorRequirement'],
  LabelSelectorAttributes: ['rawSelector=1:string requirements=2:[]meta.LabelSelectorRequirement'],
};
