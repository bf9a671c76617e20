/**
 * Pod defaulting: SetDefaults_PodSpec, SetDefaults_Container, SetDefaults_Probe, SetDefaults_Volume and
 * friends from k8s.io/kubernetes/pkg/apis/core/v1/defaults.go, applied to Pods and to every pod template
 * (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController, PodTemplate).
 */
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
import { Quantity } from '../../machinery/quantity';

/** PodAdmissionOptions selects what admission plugins would add to a Pod on create. */
export interface PodAdmissionOptions {
  /**
   * serviceAccount: the ServiceAccount admission plugin sets serviceAccountName `default` when unset.
   * (It also mounts the `kube-api-access-*` projected token volume; that is left to the registry.)
   */
  serviceAccount?: boolean;
  /** priority: the Priority admission plugin sets `priority: 0` and `preemptionPolicy: PreemptLowerPriority`. */
  priority?: boolean;
  /**
   * defaultTolerationSeconds: the DefaultTolerationSeconds admission plugin lets a pod stay 300 s on a node
   * that becomes not-ready or unreachable, by adding NoExecute tolerations unless the pod tolerates those taints.
   */
  defaultTolerationSeconds?: boolean;
}

/** NODE_FAILURE_TAINTS are the taints DefaultTolerationSeconds tolerates for 300 s. */
const NODE_FAILURE_TAINTS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'];

/** addDefaultTolerations appends the 300 s NoExecute tolerations a pod does not already have. */
function addDefaultTolerations(spec: Record<string, unknown>): void {
  const tolerations = Array.isArray(spec.tolerations) ? (spec.tolerations as Record<string, unknown>[]) : [];
  for (const key of NODE_FAILURE_TAINTS) {
    const tolerated = tolerations.some(
      (t) =>
        (t.key === key || (t.key === undefined && t.operator === 'Exists')) &&
        (t.effect === undefined || t.effect === '' || t.effect === 'NoExecute'),
    );
    if (!tolerated) {
      tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
    }
  }
  spec.tolerations = tolerations;
}

/** imagePullPolicyFor is the Container default: `Always` for `:latest` or no tag, else `IfNotPresent`. */
export function imagePullPolicyFor(image: string): 'Always' | 'IfNotPresent' {
  if (!image) return 'IfNotPresent';
  const at = image.indexOf('@');
  const hasDigest = at >= 0;
  const name = hasDigest ? image.slice(0, at) : image;
  const lastSlash = name.lastIndexOf('/');
  const colon = name.indexOf(':', lastSlash + 1);
  const tag = colon >= 0 ? name.slice(colon + 1) : hasDigest ? '' : 'latest';
  return tag === 'latest' ? 'Always' : 'IfNotPresent';
}

/** defaultHttpGet is SetDefaults_HTTPGetAction. */
function defaultHttpGet(handler: JsonObject | undefined): void {
  const httpGet = existing(handler, 'httpGet');
  if (!httpGet) return;
  setDefault(httpGet, 'path', '/');
  setDefault(httpGet, 'scheme', 'HTTP');
}

/** defaultProbe is SetDefaults_Probe plus its handler. */
function defaultProbe(probe: JsonObject | undefined): void {
  if (!probe) return;
  for (const [key, value] of [
    ['timeoutSeconds', 1],
    ['periodSeconds', 10],
    ['successThreshold', 1],
    ['failureThreshold', 3],
  ] as const) {
    if (probe[key] === undefined || probe[key] === null || probe[key] === 0) probe[key] = value;
  }
  defaultHttpGet(probe);
}

/** defaultContainer is SetDefaults_Container with its nested ports, env, probes and lifecycle. */
function defaultContainer(container: JsonObject): void {
  setDefault(
    container,
    'imagePullPolicy',
    imagePullPolicyFor(typeof container.image === 'string' ? container.image : ''),
  );
  setDefault(container, 'terminationMessagePath', '/dev/termination-log');
  setDefault(container, 'terminationMessagePolicy', 'File');
  for (const port of objects(container, 'ports')) setDefault(port, 'protocol', 'TCP');
  for (const env of objects(container, 'env')) {
    const fieldRef = existing(existing(env, 'valueFrom'), 'fieldRef');
    if (fieldRef) setDefault(fieldRef, 'apiVersion', 'v1');
  }
  // ResourceRequirements is a struct in Go: it always serialises, as `resources: {}` when empty.
  const resources = child(container, 'resources');
  defaultResourceList(resources.limits);
  defaultResourceList(resources.requests);
  defaultProbe(existing(container, 'livenessProbe'));
  defaultProbe(existing(container, 'readinessProbe'));
  defaultProbe(existing(container, 'startupProbe'));
  const lifecycle = existing(container, 'lifecycle');
  defaultHttpGet(existing(lifecycle, 'postStart'));
  defaultHttpGet(existing(lifecycle, 'preStop'));
}

const VOLUME_SOURCES = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
];

/** defaultVolume is SetDefaults_Volume and the per-source defaults (modes, hostPath type, token expiry). */
function defaultVolume(volume: JsonObject): void {
  if (!VOLUME_SOURCES.some((source) => volume[source] !== undefined && volume[source] !== null))
    volume.emptyDir = {};
  for (const source of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const src = existing(volume, source);
    if (src) setDefaultPointer(src, 'defaultMode', 420);
  }
  for (const item of objects(existing(volume, 'downwardAPI'), 'items')) {
    const fieldRef = existing(item, 'fieldRef');
    if (fieldRef) setDefault(fieldRef, 'apiVersion', 'v1');
  }
  for (const projection of objects(existing(volume, 'projected'), 'sources')) {
    const token = existing(projection, 'serviceAccountToken');
    if (token) setDefaultPointer(token, 'expirationSeconds', 3600);
    for (const item of objects(existing(projection, 'downwardAPI'), 'items')) {
      const fieldRef = existing(item, 'fieldRef');
      if (fieldRef) setDefault(fieldRef, 'apiVersion', 'v1');
    }
  }
  const hostPath = existing(volume, 'hostPath');
  if (hostPath) setDefaultPointer(hostPath, 'type', '');
  const iscsi = existing(volume, 'iscsi');
  if (iscsi) setDefault(iscsi, 'iscsiInterface', 'default');
  const ephemeralSpec = existing(existing(existing(volume, 'ephemeral'), 'volumeClaimTemplate'), 'spec');
  if (ephemeralSpec) defaultPvcSpec(ephemeralSpec);
}

/** defaultPvcSpec is SetDefaults_PersistentVolumeClaimSpec (shared with PVCs and claim templates). */
export function defaultPvcSpec(spec: JsonObject): void {
  setDefault(spec, 'volumeMode', 'Filesystem');
  const resources = existing(spec, 'resources');
  defaultResourceList(resources?.requests);
  defaultResourceList(resources?.limits);
}

/** defaultHostNetworkPorts copies containerPort to hostPort for host-network Pods. */
function defaultHostNetworkPorts(containers: JsonObject[]): void {
  for (const container of containers) {
    for (const port of objects(container, 'ports')) {
      if (port.hostPort === undefined || port.hostPort === null || port.hostPort === 0)
        port.hostPort = port.containerPort;
    }
  }
}

/** defaultPodSpec is SetDefaults_PodSpec plus the nested container and volume defaults. */
export function defaultPodSpec(spec: JsonObject): void {
  setDefault(spec, 'dnsPolicy', 'ClusterFirst');
  setDefault(spec, 'restartPolicy', 'Always');
  if (!isObject(spec.securityContext)) spec.securityContext = {};
  setDefaultPointer(spec, 'terminationGracePeriodSeconds', 30);
  setDefault(spec, 'schedulerName', 'default-scheduler');
  setDefaultPointer(spec, 'enableServiceLinks', true);
  for (const key of ['containers', 'initContainers', 'ephemeralContainers']) {
    for (const container of objects(spec, key)) defaultContainer(container);
  }
  for (const volume of objects(spec, 'volumes')) defaultVolume(volume);
  defaultResourceList(spec.overhead);
  // The deprecated serviceAccount field mirrors serviceAccountName on every read (v1 conversion).
  if (!isUnset(spec.serviceAccountName)) spec.serviceAccount = spec.serviceAccountName;
  else if (!isUnset(spec.serviceAccount)) spec.serviceAccountName = spec.serviceAccount;
}

/**
 * defaultPodTemplateSpec defaults a PodTemplateSpec: the pod spec, plus `metadata.creationTimestamp:
 * null`, which Kubernetes 1.32 serialises for the zero metav1.Time of an embedded ObjectMeta.
 */
export function defaultPodTemplateSpec(template: JsonObject): void {
  const metadata = child(template, 'metadata');
  if (!('creationTimestamp' in metadata)) metadata.creationTimestamp = null;
  defaultPodSpec(child(template, 'spec'));
}

/** defaultPod is SetDefaults_Pod: requests default to limits, host-network ports, then the pod spec. */
export function defaultPod(pod: JsonObject, admission: PodAdmissionOptions = {}): void {
  const spec = child(pod, 'spec');
  for (const key of ['containers', 'initContainers']) {
    for (const container of objects(spec, key)) {
      const resources = existing(container, 'resources');
      const limits = existing(resources, 'limits');
      if (!resources || !limits) continue;
      const requests = child(resources, 'requests');
      for (const [name, value] of Object.entries(limits)) if (!(name in requests)) requests[name] = value;
    }
  }
  if (spec.hostNetwork === true) {
    defaultHostNetworkPorts(objects(spec, 'containers'));
    defaultHostNetworkPorts(objects(spec, 'initContainers'));
  }
  if (
    admission.serviceAccount !== false &&
    isUnset(spec.serviceAccountName) &&
    isUnset(spec.serviceAccount)
  ) {
    spec.serviceAccountName = 'default';
  }
  if (admission.priority !== false) {
    setDefaultPointer(spec, 'priority', 0);
    setDefaultPointer(spec, 'preemptionPolicy', 'PreemptLowerPriority');
  }
  if (admission.defaultTolerationSeconds !== false) addDefaultTolerations(spec);
  defaultPodSpec(spec);
}

/**
 * computeQosClass is the pod QoS class (GetPodQOS) the registry stores in status.qosClass on create:
 * BestEffort without cpu/memory requests or limits, Guaranteed when every container limits cpu and
 * memory and requests equal limits, Burstable otherwise. Quantities are compared numerically.
 */
export function computeQosClass(spec: JsonObject): 'BestEffort' | 'Burstable' | 'Guaranteed' {
  const requests = new Map<string, number>();
  const limits = new Map<string, number>();
  let guaranteed = true;
  const toNumber = (value: unknown): number => {
    try {
      return Quantity.parse(value as string).toMillis();
    } catch {
      return 0;
    }
  };
  for (const container of [...objects(spec, 'containers'), ...objects(spec, 'initContainers')]) {
    const resources = existing(container, 'resources');
    for (const [name, value] of Object.entries(existing(resources, 'requests') ?? {})) {
      if ((name === 'cpu' || name === 'memory') && toNumber(value) !== 0) {
        requests.set(name, (requests.get(name) ?? 0) + toNumber(value));
      }
    }
    const found = new Set<string>();
    for (const [name, value] of Object.entries(existing(resources, 'limits') ?? {})) {
      if ((name === 'cpu' || name === 'memory') && toNumber(value) !== 0) {
        found.add(name);
        limits.set(name, (limits.get(name) ?? 0) + toNumber(value));
      }
    }
    if (found.size !== 2) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, value] of requests) if (limits.get(name) !== value) guaranteed = false;
  }
  return guaranteed && limits.size === 2 ? 'Guaranteed' : 'Burstable';
}
