/**
 * Defaulting of the non-workload core/v1 kinds (pkg/apis/core/v1/defaults.go): Service, Namespace,
 * Node, PersistentVolume, PersistentVolumeClaim, Secret, Endpoints, LimitRange and ResourceQuota.
 */
import { defaultPvcSpec } from './pod';
import {
  child,
  defaultResourceList,
  existing,
  isObject,
  isUnset,
  objects,
  setDefault,
  setDefaultPointer,
  type JsonObject,
} from './util';

/**
 * defaultService is SetDefaults_Service. clusterIP and nodePort allocation belong to the registry; the IP
 * family fields, which the registry's allocator sets in Kubernetes, are defaulted here for a
 * single-stack IPv4 cluster (headless services without selector get RequireDualStack, as upstream).
 */
export function defaultService(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  setDefault(spec, 'type', 'ClusterIP');
  for (const port of objects(spec, 'ports')) {
    setDefault(port, 'protocol', 'TCP');
    if (isUnset(port.targetPort) || port.targetPort === 0) port.targetPort = port.port;
  }
  const type = spec.type;
  const externalIPs = Array.isArray(spec.externalIPs) ? spec.externalIPs : [];
  const externallyAccessible =
    type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && externalIPs.length > 0);
  if (externallyAccessible) setDefault(spec, 'externalTrafficPolicy', 'Cluster');
  if (type === 'ClusterIP' || type === 'NodePort' || type === 'LoadBalancer') {
    setDefaultPointer(spec, 'internalTrafficPolicy', 'Cluster');
  }
  if (type === 'LoadBalancer') setDefaultPointer(spec, 'allocateLoadBalancerNodePorts', true);
  if (type !== 'ExternalName') {
    const hasSelector = isObject(spec.selector) && Object.keys(spec.selector).length > 0;
    setDefault(
      spec,
      'ipFamilyPolicy',
      spec.clusterIP === 'None' && !hasSelector ? 'RequireDualStack' : 'SingleStack',
    );
    if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) spec.ipFamilies = ['IPv4'];
  }
  // ServiceStatus.LoadBalancer is a struct: a new Service serialises `status: {loadBalancer: {}}`.
  child(child(obj, 'status'), 'loadBalancer');
}

/**
 * defaultNamespace is SetDefaults_Namespace and the namespace strategy's PrepareForCreate: the
 * `kubernetes.io/metadata.name` label, `spec.finalizers: [kubernetes]` and `status.phase: Active`.
 */
export function defaultNamespace(obj: JsonObject): void {
  const metadata = child(obj, 'metadata');
  if (typeof metadata.name === 'string' && metadata.name !== '') {
    child(metadata, 'labels')['kubernetes.io/metadata.name'] = metadata.name;
  }
  const spec = child(obj, 'spec');
  if (!Array.isArray(spec.finalizers) || spec.finalizers.length === 0) spec.finalizers = ['kubernetes'];
  setDefault(child(obj, 'status'), 'phase', 'Active');
}

/** defaultNode is SetDefaults_Node/NodeStatus: allocatable defaults to capacity. */
export function defaultNode(obj: JsonObject): void {
  const status = existing(obj, 'status');
  if (!status) return;
  defaultResourceList(status.capacity);
  if (status.allocatable === undefined && isObject(status.capacity))
    status.allocatable = { ...status.capacity };
  defaultResourceList(status.allocatable);
}

/** defaultPersistentVolume is SetDefaults_PersistentVolume. */
export function defaultPersistentVolume(obj: JsonObject): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'persistentVolumeReclaimPolicy', 'Retain');
  setDefault(spec, 'volumeMode', 'Filesystem');
  defaultResourceList(spec.capacity);
  const hostPath = existing(spec, 'hostPath');
  if (hostPath) setDefaultPointer(hostPath, 'type', '');
  setDefault(child(obj, 'status'), 'phase', 'Pending');
}

/** defaultPersistentVolumeClaim is SetDefaults_PersistentVolumeClaim. */
export function defaultPersistentVolumeClaim(obj: JsonObject): void {
  defaultPvcSpec(child(obj, 'spec'));
  setDefault(child(obj, 'status'), 'phase', 'Pending');
}

/**
 * defaultSecret is SetDefaults_Secret (`type: Opaque`) plus the v1 decoding of `stringData`, which is
 * merged into `data` (base64) and never stored, so kubectl always reads back `data` only.
 */
export function defaultSecret(obj: JsonObject): void {
  setDefault(obj, 'type', 'Opaque');
  const stringData = existing(obj, 'stringData');
  if (stringData) {
    const data = child(obj, 'data');
    for (const [key, value] of Object.entries(stringData)) {
      data[key] = Buffer.from(String(value), 'utf8').toString('base64');
    }
  }
  delete obj.stringData;
}

/** defaultEndpoints is SetDefaults_Endpoints: ports default to TCP. */
export function defaultEndpoints(obj: JsonObject): void {
  for (const subset of objects(obj, 'subsets')) {
    for (const port of objects(subset, 'ports')) setDefault(port, 'protocol', 'TCP');
  }
}

/** defaultLimitRange is SetDefaults_LimitRangeItem for every Container item. */
export function defaultLimitRange(obj: JsonObject): void {
  for (const item of objects(existing(obj, 'spec'), 'limits')) {
    for (const key of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio'])
      defaultResourceList(item[key]);
    if (item.type !== 'Container') continue;
    const defaults = child(item, 'default');
    const defaultRequest = child(item, 'defaultRequest');
    // A missing default limit comes from max; a missing default request from the default limit, then min.
    for (const [name, value] of Object.entries(existing(item, 'max') ?? {}))
      if (!(name in defaults)) defaults[name] = value;
    for (const [name, value] of Object.entries(defaults))
      if (!(name in defaultRequest)) defaultRequest[name] = value;
    for (const [name, value] of Object.entries(existing(item, 'min') ?? {})) {
      if (!(name in defaultRequest)) defaultRequest[name] = value;
    }
  }
}

/** defaultResourceQuota canonicalises the quantities of spec.hard. */
export function defaultResourceQuota(obj: JsonObject): void {
  defaultResourceList(existing(obj, 'spec')?.hard);
}
