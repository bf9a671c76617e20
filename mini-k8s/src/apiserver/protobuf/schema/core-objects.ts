/**
 * CORE_OBJECTS_MESSAGES is the field table of the `k8s.io.api.core.v1` messages mini-k8s decodes: the
 * top-level objects (Secret, ConfigMap, Namespace, ServiceAccount, Service, ResourceQuota, ...).
 *
 * Notation: see `../schema.ts`. Field numbers and protobuf types are the published Kubernetes wire format
 * (k8s.io/api and k8s.io/apimachinery v0.32); the `?` (pointer), `!` (no omitempty) and `^` (inline) marks
 * mirror the Go JSON tags, so a decoded object marshals the way the Go API server would marshal it.
 */
import type { MessageTable } from '../schema';

export const CORE_OBJECTS_MESSAGES: MessageTable = {
  Secret: [
    'metadata=1:meta.ObjectMeta immutable=5:bool? data=2:{string:bytes}',
    'stringData=4:{string:string} type=3:string',
  ],
  ConfigMap: [
    'metadata=1:meta.ObjectMeta immutable=4:bool? data=2:{string:string}',
    'binaryData=3:{string:bytes}',
  ],
  Namespace: ['metadata=1:meta.ObjectMeta spec=2:NamespaceSpec status=3:NamespaceStatus'],
  ServiceAccount: [
    'metadata=1:meta.ObjectMeta secrets=2:[]ObjectReference',
    'imagePullSecrets=3:[]LocalObjectReference automountServiceAccountToken=4:bool?',
  ],
  Service: ['metadata=1:meta.ObjectMeta spec=2:ServiceSpec status=3:ServiceStatus'],
  ResourceQuota: ['metadata=1:meta.ObjectMeta spec=2:ResourceQuotaSpec status=3:ResourceQuotaStatus'],
  NamespaceSpec: ['finalizers=1:[]string'],
  NamespaceStatus: ['phase=1:string conditions=2:[]NamespaceCondition'],
  ObjectReference: [
    'kind=1:string namespace=2:string name=3:string uid=4:string apiVersion=5:string',
    'resourceVersion=6:string fieldPath=7:string',
  ],
  ServiceSpec: [
    'ports=1:[]ServicePort selector=2:{string:string} clusterIP=3:string clusterIPs=18:[]string',
    'type=4:string externalIPs=5:[]string sessionAffinity=7:string loadBalancerIP=8:string',
    'loadBalancerSourceRanges=9:[]string externalName=10:string externalTrafficPolicy=11:string',
    'healthCheckNodePort=12:int32 publishNotReadyAddresses=13:bool',
    'sessionAffinityConfig=14:SessionAffinityConfig? ipFamilies=19:[]string',
    'ipFamilyPolicy=17:string? allocateLoadBalancerNodePorts=20:bool?',
    'loadBalancerClass=21:string? internalTrafficPolicy=22:string? trafficDistribution=23:string?',
  ],
  ServiceStatus: ['loadBalancer=1:LoadBalancerStatus conditions=2:[]meta.Condition'],
  ResourceQuotaSpec: ['hard=1:{string:resource.Quantity} scopes=2:[]string scopeSelector=3:ScopeSelector?'],
  ResourceQuotaStatus: ['hard=1:{string:resource.Quantity} used=2:{string:resource.Quantity}'],
  NamespaceCondition: [
    'type=1:string! status=2:string! lastTransitionTime=4:meta.Time reason=5:string',
    'message=6:string',
  ],
  ServicePort: [
    'name=1:string protocol=2:string appProtocol=6:string? port=3:int32!',
    'targetPort=4:intstr.IntOrString nodePort=5:int32',
  ],
  SessionAffinityConfig: ['clientIP=1:ClientIPConfig?'],
  LoadBalancerStatus: ['ingress=1:[]LoadBalancerIngress'],
  ScopeSelector: ['matchExpressions=1:[]ScopedResourceSelectorRequirement'],
  ClientIPConfig: ['timeoutSeconds=1:int32?'],
  LoadBalancerIngress: ['ip=1:string hostname=2:string ipMode=3:string? ports=4:[]PortStatus'],
  ScopedResourceSelectorRequirement: ['scopeName=1:string! operator=2:string! values=3:[]string'],
  PortStatus: ['port=1:int32! protocol=2:string! error=3:string?'],
};
