/**
 * The subset of core/v1 Pod, Node and related shapes the kubelet reads and writes. Fields are optional
 * because objects come from JSON; the kubelet treats a missing field as the API default.
 */
import type { KubeObject } from '../api/object';

/** KeyToPath maps a ConfigMap/Secret key to a file (items of configMap/secret volumes). */
export interface KeyToPath {
  key: string;
  path: string;
  mode?: number;
}

/** ObjectFieldSelector is a fieldRef (env and downwardAPI). */
export interface ObjectFieldSelector {
  apiVersion?: string;
  fieldPath: string;
}

/** ResourceFieldSelector is a resourceFieldRef (env and downwardAPI). */
export interface ResourceFieldSelector {
  containerName?: string;
  resource: string;
  divisor?: string | number;
}

/** EnvVar is one container environment variable. */
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: {
    fieldRef?: ObjectFieldSelector;
    resourceFieldRef?: ResourceFieldSelector;
    configMapKeyRef?: { name: string; key: string; optional?: boolean };
    secretKeyRef?: { name: string; key: string; optional?: boolean };
  };
}

/** EnvFromSource imports every key of a ConfigMap or Secret. */
export interface EnvFromSource {
  prefix?: string;
  configMapRef?: { name: string; optional?: boolean };
  secretRef?: { name: string; optional?: boolean };
}

/** Handler is the action of a probe (or lifecycle hook). */
export interface ProbeHandler {
  exec?: { command?: string[] };
  httpGet?: {
    path?: string;
    port: number | string;
    host?: string;
    scheme?: string;
    httpHeaders?: { name: string; value: string }[];
  };
  tcpSocket?: { port: number | string; host?: string };
  grpc?: { port: number; service?: string };
}

/** Probe is a liveness, readiness or startup probe. */
export interface Probe extends ProbeHandler {
  initialDelaySeconds?: number;
  timeoutSeconds?: number;
  periodSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  terminationGracePeriodSeconds?: number;
}

/** ContainerPort is one declared port. */
export interface ContainerPort {
  name?: string;
  containerPort: number;
  hostPort?: number;
  hostIP?: string;
  protocol?: string;
}

/** VolumeMount mounts a pod volume into a container. */
export interface VolumeMount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  subPath?: string;
}

/** ResourceRequirements are a container's requests and limits (quantities). */
export interface ResourceRequirements {
  requests?: Record<string, string | number>;
  limits?: Record<string, string | number>;
}

/** Container is a pod container (regular or init). */
export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  ports?: ContainerPort[];
  env?: EnvVar[];
  envFrom?: EnvFromSource[];
  resources?: ResourceRequirements;
  volumeMounts?: VolumeMount[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /** restartPolicy `Always` on an init container makes it a sidecar. */
  restartPolicy?: 'Always';
  stdin?: boolean;
  stdinOnce?: boolean;
  tty?: boolean;
}

/**
 * EphemeralContainer is a debugging container added through the `ephemeralcontainers` subresource; it
 * is never restarted and may share the process namespace of `targetContainerName`.
 */
export interface EphemeralContainer extends Container {
  targetContainerName?: string;
}

/** DownwardAPIVolumeFile is one file of a downwardAPI volume or projection. */
export interface DownwardAPIVolumeFile {
  path: string;
  fieldRef?: ObjectFieldSelector;
  resourceFieldRef?: ResourceFieldSelector;
  mode?: number;
}

/** VolumeProjection is one source of a projected volume. */
export interface VolumeProjection {
  configMap?: { name: string; items?: KeyToPath[]; optional?: boolean };
  secret?: { name: string; items?: KeyToPath[]; optional?: boolean };
  downwardAPI?: { items?: DownwardAPIVolumeFile[] };
  serviceAccountToken?: { path: string; audience?: string; expirationSeconds?: number };
}

/** Volume is a pod volume. */
export interface Volume {
  name: string;
  emptyDir?: { medium?: string; sizeLimit?: string };
  hostPath?: { path: string; type?: string };
  configMap?: { name: string; items?: KeyToPath[]; optional?: boolean; defaultMode?: number };
  secret?: { secretName: string; items?: KeyToPath[]; optional?: boolean; defaultMode?: number };
  downwardAPI?: { items?: DownwardAPIVolumeFile[] };
  projected?: { sources?: VolumeProjection[] };
  persistentVolumeClaim?: { claimName: string; readOnly?: boolean };
}

/** PodSpec is the part of a pod's spec the kubelet acts on. */
export interface PodSpec {
  nodeName?: string;
  containers: Container[];
  initContainers?: Container[];
  ephemeralContainers?: EphemeralContainer[];
  volumes?: Volume[];
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  terminationGracePeriodSeconds?: number;
  hostname?: string;
  subdomain?: string;
  hostNetwork?: boolean;
  hostAliases?: { ip: string; hostnames: string[] }[];
  serviceAccountName?: string;
  dnsPolicy?: string;
  enableServiceLinks?: boolean;
  readinessGates?: { conditionType: string }[];
}

/** ContainerStateApi is the API form of a container state (exactly one member set). */
export interface ContainerStateApi {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt: string };
  terminated?: {
    exitCode: number;
    signal?: number;
    reason?: string;
    message?: string;
    startedAt: string | null;
    finishedAt: string | null;
    containerID?: string;
  };
}

/** ContainerStatusApi is one entry of status.containerStatuses / initContainerStatuses. */
export interface ContainerStatusApi {
  name: string;
  state: ContainerStateApi;
  lastState: ContainerStateApi;
  ready: boolean;
  restartCount: number;
  image: string;
  imageID: string;
  containerID?: string;
  started?: boolean;
}

/** PodCondition is one entry of status.conditions. */
export interface PodCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastProbeTime: string | null;
  lastTransitionTime: string | null;
  reason?: string;
  message?: string;
}

/** PodStatus is the status the kubelet owns (plus fields other writers own, kept as they are). */
export interface PodStatus {
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  conditions?: PodCondition[];
  message?: string;
  reason?: string;
  hostIP?: string;
  hostIPs?: { ip: string }[];
  podIP?: string;
  podIPs?: { ip: string }[];
  startTime?: string;
  initContainerStatuses?: ContainerStatusApi[];
  containerStatuses?: ContainerStatusApi[];
  ephemeralContainerStatuses?: ContainerStatusApi[];
  qosClass?: string;
  nominatedNodeName?: string;
}

/** Pod is a core/v1 Pod as the kubelet sees it. */
export interface Pod extends KubeObject {
  spec: PodSpec;
  status?: PodStatus;
}

/** podRef formats a pod the way the kubelet's logs and messages do (format.Pod): `name_namespace(uid)`. */
export function podRef(pod: Pod): string {
  return `${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`;
}

/** isSidecar tells whether an init container is a restartable sidecar (restartPolicy Always). */
export function isSidecar(container: Container): boolean {
  return container.restartPolicy === 'Always';
}
