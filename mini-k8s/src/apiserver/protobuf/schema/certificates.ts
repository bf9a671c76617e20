/**
 * CERTIFICATES_MESSAGES is the field table of the `k8s.io.api.certificates.v1` messages mini-k8s decodes:
 * CertificateSigningRequest, which `kubectl certificate approve|deny` PUTs to the approval subresource.
 *
 * Notation: see `../schema.ts`. Field numbers and protobuf types are the published Kubernetes wire format
 * (k8s.io/api v0.32 certificates/v1/generated.proto).
 */
import type { MessageTable } from '../schema';

export const CERTIFICATES_MESSAGES: MessageTable = {
  CertificateSigningRequest: [
    'metadata=1:meta.ObjectMeta spec=2:CertificateSigningRequestSpec! status=3:CertificateSigningRequestStatus',
  ],
  CertificateSigningRequestSpec: [
    'request=1:bytes! signerName=7:string! expirationSeconds=8:int32? usages=5:[]string',
    'username=2:string uid=3:string groups=4:[]string extra=6:{string:ExtraValue}',
  ],
  CertificateSigningRequestStatus: ['conditions=1:[]CertificateSigningRequestCondition certificate=2:bytes'],
  CertificateSigningRequestCondition: [
    'type=1:string! status=6:string! reason=2:string message=3:string',
    'lastUpdateTime=4:meta.Time lastTransitionTime=5:meta.Time',
  ],
  ExtraValue: ['@list items=1:[]string'],
};
