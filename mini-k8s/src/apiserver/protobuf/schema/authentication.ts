/**
 * AUTHENTICATION_MESSAGES is the field table of the `k8s.io.api.authentication.v1` messages mini-k8s
 * decodes: the messages reachable from the kinds kubectl sends.
 *
 * Notation: see `../schema.ts`. Field numbers and protobuf types are the published Kubernetes wire format
 * (k8s.io/api and k8s.io/apimachinery v0.32); the `?` (pointer), `!` (no omitempty) and `^` (inline) marks
 * mirror the Go JSON tags, so a decoded object marshals the way the Go API server would marshal it.
 */
import type { MessageTable } from '../schema';

export const AUTHENTICATION_MESSAGES: MessageTable = {
  TokenRequest: ['metadata=1:meta.ObjectMeta spec=2:TokenRequestSpec! status=3:TokenRequestStatus'],
  SelfSubjectReview: ['metadata=1:meta.ObjectMeta status=2:SelfSubjectReviewStatus'],
  TokenRequestSpec: [
    'audiences=1:[]string! expirationSeconds=4:int64?! boundObjectRef=3:BoundObjectReference?!',
  ],
  TokenRequestStatus: ['token=1:string! expirationTimestamp=2:meta.Time!'],
  SelfSubjectReviewStatus: ['userInfo=1:UserInfo'],
  BoundObjectReference: ['kind=1:string apiVersion=2:string name=3:string uid=4:string'],
  UserInfo: ['username=1:string uid=2:string groups=3:[]string extra=4:{string:ExtraValue}'],
  ExtraValue: ['@list items=1:[]string'],
};
