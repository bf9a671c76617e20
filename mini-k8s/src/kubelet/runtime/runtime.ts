/**
 * The kubelet's container runtime interface, shaped like CRI (k8s.io/cri-api RuntimeService + ImageService)
 * but in-process and TypeScript-friendly. A runtime knows nothing about the API server: the kubelet resolves
 * env values, volume contents and pod IP policy, and reacts to container exits through `onContainerEvent`.
 *
 * Pod IPs: the caller MAY pass `PodSandboxConfig.podIp` (e.g. when the networking layer allocates IPs
 * cluster-wide); when it is absent the runtime allocates one from its own per-node pod CIDR, like a CNI
 * host-local IPAM plugin would. Either way `PodSandboxStatus.ip` reports the final address.
 */
import type { PolicyMatrix } from '../../network/policy-matrix';
import type { Duplex } from 'node:stream';
import type { ServiceMap } from '../../proxy/service-map';
import type { Pod } from '../types';
import type { KubeObject } from '../../api/object';
import type { ExecIO, AttachIO } from './io';

/** DnsConfig is what ends up in the sandbox's /etc/resolv.conf (CRI DNSConfig). */
export interface DnsConfig {
  servers: string[];
  searches: string[];
  options: string[];
}

/** HostAlias adds a line to /etc/hosts (pod.spec.hostAliases). */
export interface HostAlias {
  ip: string;
  hostnames: string[];
}

/** PodSandboxConfig describes the pod-level environment (CRI PodSandboxConfig). */
export interface PodSandboxConfig {
  name: string;
  namespace: string;
  uid: string;
  /** attempt counts sandbox re-creations for the same pod. */
  attempt?: number;
  hostname: string;
  /** subdomain, when set, makes /etc/hosts list `<hostname>.<subdomain>.<namespace>.svc.<domain>`. */
  subdomain?: string;
  dnsConfig?: DnsConfig;
  hostAliases?: HostAlias[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** podIp is the address to use; absent = allocated by the runtime from its pod CIDR. */
  podIp?: string;
  /** hostNetwork pods use the node's IP instead of a pod IP. */
  hostNetwork?: boolean;
  /**
   * pod lists every container of the pod, for runtimes with `wholePod` (the kubernetes runtime): they run
   * them all, init containers first, with the pod's restart policy and probes. Other runtimes ignore it.
   */
  pod?: WholePodConfig;
}

/** PodContainerConfig is one container of a whole pod: its CRI config plus what the runtime applies itself. */
export interface PodContainerConfig extends ContainerConfig {
  /** restartPolicy `Always` on an init container makes it a sidecar. */
  restartPolicy?: 'Always';
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  /** ports, probes and lifecycle hooks as in the pod spec (core/v1 shapes). */
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  livenessProbe?: unknown;
  readinessProbe?: unknown;
  startupProbe?: unknown;
  lifecycle?: unknown;
  /** securityContext user fields (runAsUser, runAsGroup, runAsNonRoot), checked by the runtime. */
  runAs?: { runAsUser?: number; runAsGroup?: number; runAsNonRoot?: boolean };
  /** podIpEnv names the env variables whose value is the pod's IP (fieldRef status.podIP / podIPs). */
  podIpEnv?: string[];
}

/** WholePodConfig is the pod a `wholePod` runtime runs in one sandbox. */
export interface WholePodConfig {
  restartPolicy: 'Always' | 'OnFailure' | 'Never';
  initContainers: PodContainerConfig[];
  containers: PodContainerConfig[];
  terminationGracePeriodSeconds?: number;
}

/** SandboxState mirrors CRI PodSandboxState. */
export type SandboxState = 'ready' | 'notready';

/** PodSandboxStatus is the runtime's view of one sandbox. */
export interface PodSandboxStatus {
  id: string;
  name: string;
  namespace: string;
  uid: string;
  attempt: number;
  state: SandboxState;
  createdAt: Date;
  ip: string;
  hostname: string;
}

/**
 * Mount exposes a volume inside a container. Kinds:
 * - `emptyDir`: a directory shared by every container of the sandbox that mounts the same `volumeName`;
 * - `files`: caller-provided files (configMap, secret, downwardAPI, projected), laid out like the kubelet's
 *   atomic writer (`..data` -> `..<timestamp>` directory, one symlink per key) and replaceable with
 *   `updateFiles`; with `subPath` only that one file is mounted (and, like Kubernetes, never updated);
 * - `hostPath`: a directory of the node's virtual file system, shared by every pod of this runtime that
 *   mounts it (persistent volumes are hostPath directories chosen by the kubelet).
 */
export type Mount =
  | { kind: 'emptyDir'; volumeName: string; containerPath: string; readOnly?: boolean; subPath?: string }
  | {
      kind: 'files';
      volumeName: string;
      containerPath: string;
      files: Record<string, string>;
      readOnly?: boolean;
      subPath?: string;
    }
  | { kind: 'hostPath'; hostPath: string; containerPath: string; readOnly?: boolean; subPath?: string };

/** ContainerResources are the container's requests and limits, in milli-CPU and bytes. */
export interface ContainerResources {
  cpuRequestMilli?: number;
  cpuLimitMilli?: number;
  memoryRequestBytes?: number;
  memoryLimitBytes?: number;
}

/** ContainerConfig describes a container to create (CRI ContainerConfig); env values are already resolved. */
export interface ContainerConfig {
  name: string;
  /** attempt is the restart count: the kubelet creates a new container for each restart. */
  attempt?: number;
  image: string;
  /** command replaces the image's entrypoint, args its cmd (Kubernetes semantics). */
  command?: string[];
  args?: string[];
  env?: { name: string; value: string }[];
  workingDir?: string;
  mounts?: Mount[];
  resources?: ContainerResources;
  tty?: boolean;
  stdin?: boolean;
  stdinOnce?: boolean;
  labels?: Record<string, string>;
  /**
   * targetContainerId is the running container whose process namespace an ephemeral container joins
   * (`kubectl debug --target`); a runtime that cannot share it runs the container in its own.
   */
  targetContainerId?: string;
}

/** ContainerState mirrors CRI ContainerState. */
export type ContainerState = 'created' | 'running' | 'exited' | 'unknown';

/**
 * ContainerStatus is the runtime's view of one container. `reason` follows containerd + kubelet:
 * `Completed` (exit 0), `Error` (non-zero), `OOMKilled` (memory limit, exit 137), `StartError` (the process
 * could not be started, exit 128, `message` carries the OCI error text).
 */
export interface ContainerStatus {
  id: string;
  podSandboxId: string;
  name: string;
  attempt: number;
  image: string;
  /** imageRef is the resolved image, `docker.io/library/nginx@sha256:...`. */
  imageRef: string;
  state: ContainerState;
  createdAt: Date;
  startedAt?: Date;
  finishedAt?: Date;
  exitCode?: number;
  reason?: string;
  message?: string;
  /**
   * Reported by `wholePod` runtimes only, which restart and probe the containers themselves: why the
   * container (or its next instance) waits (CrashLoopBackOff, ErrImagePull, ...), and the probe results.
   */
  waiting?: { reason: string; message?: string };
  ready?: boolean;
  started?: boolean;
}

/** ContainerEvent is pushed to `onContainerEvent` listeners so the kubelet reacts without polling. */
export interface ContainerEvent {
  /** `changed`: anything else a `wholePod` runtime reports (waiting reason, readiness). */
  type: 'started' | 'exited' | 'changed';
  containerId: string;
  podSandboxId: string;
  status: ContainerStatus;
}

/**
 * PodEvent is an event a `wholePod` runtime reports about a pod it runs, one the kubelet cannot derive from
 * container states (a probe failure, a kill, an image pull); the kubelet records it on the pod.
 */
export interface PodEvent {
  podSandboxId: string;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** LogOptions select which log lines to return (the kubelet maps `previous` to the previous container id). */
export interface LogOptions {
  follow?: boolean;
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: Date;
  timestamps?: boolean;
  limitBytes?: number;
  /** onData receives each chunk of log text (whole lines, ending with `\n`). */
  onData: (chunk: string) => void;
  /** signal stops a follow stream. */
  signal?: AbortSignal;
}

/** ContainerStats feeds metrics.k8s.io (`kubectl top`) and the HPA. */
export interface ContainerStats {
  containerId: string;
  name: string;
  podSandboxId: string;
  timestamp: Date;
  /** cpuNanoCores is the current CPU usage in billionths of a core. */
  cpuNanoCores: number;
  /** cpuUsageCoreNanoSeconds is cumulative CPU time. */
  cpuUsageCoreNanoSeconds: number;
  memoryWorkingSetBytes: number;
}

/** ImageInfo is one image known to the runtime (CRI Image). */
export interface ImageInfo {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  sizeBytes: number;
  /** uid the image runs as when its config's `User` is numeric (CRI Image.uid). */
  uid?: number;
  /** username when the image's `User` is a name (CRI Image.username). Neither set: root. */
  username?: string;
}

/**
 * imageUser reads an OCI image config `User` (`1000`, `nginx`, `1000:1000`, empty) as containerd reports
 * it to the kubelet: the part before `:`, a uid when numeric, else a username; nothing for an empty User
 * (the image runs as root).
 */
export function imageUser(user: string | undefined): { uid?: number; username?: string } {
  const name = (user ?? '').split(':')[0];
  if (!name) return {};
  return /^\d+$/.test(name) ? { uid: Number(name) } : { username: name };
}

/** AdmissionRejection is why a runtime refuses a pod (kubelet admission, `../admission.ts`). */
export interface AdmissionRejection {
  /** reason is a CamelCase word (pod status reason and event reason). */
  reason: string;
  /** message names the violated rule, in English like Kubernetes' own messages. */
  message: string;
}

/** ContainerRuntime is the interface every runtime (simulated, Docker) implements for one node. */
export interface ContainerRuntime {
  /** runtimeName/version are reported in node.status.nodeInfo.containerRuntimeVersion (`containerd://1.7.x`). */
  readonly runtimeName: string;
  readonly runtimeVersion: string;

  /**
   * wholePod, when true, means the runtime runs a pod's containers itself from `PodSandboxConfig.pod`
   * (init containers in order, restarts per the pod's restart policy, probes): the kubelet then mirrors their
   * instances (`listContainers`: `attempt` is the restart count, `waiting`, `ready`, `started`) instead of
   * creating, restarting and probing them. Only ephemeral containers still go through `createContainer`.
   */
  readonly wholePod?: boolean;

  /**
   * admitPod, when present, refuses at kubelet admission the pods this runtime will not run (a platform
   * security policy): the pod ends Failed with the reason, before any container exists. Absent: all admitted.
   */
  admitPod?(pod: Pod): AdmissionRejection | undefined;

  /**
   * clusterDnsHost, when present, is the address on this machine where the runtime's pods reach port 53
   * (the Docker network's gateway): the cluster serves its DNS zone there. The pods' nameserver is the
   * kube-dns Service IP when `serveServices` routes it there, this address otherwise.
   */
  clusterDnsHost?(): Promise<string | undefined>;

  /**
   * clusterNameserver, when present, is the nameserver of the runtime's pods once `serveServices` resolved,
   * for runtimes whose DNS is served elsewhere than on `clusterDnsHost` (kubernetes: the sandbox namespace's
   * host kube-dns Service); the kubelet uses it as --cluster-dns.
   */
  clusterNameserver?(): string | undefined;

  /**
   * serveServices, when present, makes Service traffic (ClusterIP, NodePort on every node of `proxy.nodes()`,
   * LoadBalancer) between this runtime's containers follow `proxy`'s service map (the node's kube-proxy);
   * rules go away on `close`. `redirects` send virtual system pod endpoints (`ip:port`) to real servers. Resolves false when they could not be
   * installed (no privileges: the error goes to `onError`).
   */
  serveServices?(
    proxy: {
      nodeName: string;
      serviceMap(): ServiceMap;
      nodes?(): { name: string; ip: string }[];
      /**
       * services, endpointSlices and onChange give the learner cluster's objects themselves (the kube-proxy's
       * informers), for runtimes that program Services elsewhere than from the map (kubernetes: host mirrors).
       */
      services?(): KubeObject[];
      endpointSlices?(): KubeObject[];
      onChange?(listener: () => void): void;
    },
    onError: (err: unknown) => void,
    redirects?: ReadonlyMap<string, { ip: string; port: number }>,
  ): Promise<boolean>;

  /**
   * enforceNetworkPolicy, when present, makes pod-to-pod traffic of this runtime's containers follow the
   * cluster's NetworkPolicy verdicts (`matrix()`, network/policy-matrix.ts); rules go away on `close`.
   * Resolves false when they could not be installed (the error goes to `onError`).
   */
  enforceNetworkPolicy?(matrix: () => PolicyMatrix, onError: (err: unknown) => void): Promise<boolean>;

  /** runPodSandbox creates the pod-level environment and returns its id. */
  runPodSandbox(config: PodSandboxConfig): Promise<string>;
  /** stopPodSandbox kills every container of the sandbox (no grace period: the kubelet stops them first). */
  stopPodSandbox(podSandboxId: string): Promise<void>;
  /** removePodSandbox deletes the sandbox and its containers; unknown ids are ignored. */
  removePodSandbox(podSandboxId: string): Promise<void>;
  podSandboxStatus(podSandboxId: string): Promise<PodSandboxStatus>;
  listPodSandboxes(): Promise<PodSandboxStatus[]>;

  /** createContainer prepares a container in a sandbox (the image must have been pulled); returns its id. */
  createContainer(podSandboxId: string, config: ContainerConfig): Promise<string>;
  /** startContainer starts the process; rejects with the OCI error when it cannot run (status: StartError). */
  startContainer(containerId: string): Promise<void>;
  /** stopContainer sends SIGTERM, then SIGKILL after `gracePeriodSeconds`; resolves once exited. */
  stopContainer(containerId: string, gracePeriodSeconds: number): Promise<void>;
  /** removeContainer deletes an exited (or kills then deletes a running) container and its logs. */
  removeContainer(containerId: string): Promise<void>;
  containerStatus(containerId: string): Promise<ContainerStatus>;
  listContainers(filter?: { podSandboxId?: string }): Promise<ContainerStatus[]>;
  /** onContainerEvent registers a listener; returns a function that unregisters it. */
  onContainerEvent(listener: (event: ContainerEvent) => void): () => void;
  /** onPodEvent, on `wholePod` runtimes, registers a listener of their PodEvents; returns its unregistration. */
  onPodEvent?(listener: (event: PodEvent) => void): () => void;

  /** updateFiles atomically replaces the contents of a `files` volume of a sandbox (configMap/secret update). */
  updateFiles(podSandboxId: string, volumeName: string, files: Record<string, string>): Promise<void>;

  /** exec runs `cmd` in a running container, streaming output; resolves with the exit status. */
  exec(containerId: string, cmd: string[], io: ExecIO): Promise<{ exitCode: number }>;
  /** attach connects to the main process' stdin/stdout; resolves when the container exits or io ends. */
  attach(containerId: string, io: AttachIO): Promise<void>;
  /** portForward opens a byte stream to `port` inside the sandbox's network namespace. */
  portForward(podSandboxId: string, port: number): Promise<Duplex>;
  /** logs writes the selected lines to `onData`; with `follow` it resolves when the container exits or on abort. */
  logs(containerId: string, options: LogOptions): Promise<void>;
  /** stats reports current usage for every running container (or one sandbox's). */
  stats(filter?: { podSandboxId?: string }): Promise<ContainerStats[]>;

  /** pullImage fetches an image; rejects with a `PullImageError` carrying containerd's message. */
  pullImage(image: string): Promise<ImageInfo>;
  /** imageStatus returns the image when present locally, undefined otherwise. */
  imageStatus(image: string): Promise<ImageInfo | undefined>;
  listImages(): Promise<ImageInfo[]>;
  removeImage(image: string): Promise<void>;

  /** close kills every container and clears every timer; the runtime is unusable afterwards. */
  close(): Promise<void>;
}

/** PullImageError is thrown by `pullImage`; `message` is the `rpc error: code = ... desc = ...` text. */
export class PullImageError extends Error {
  /** code is the gRPC code containerd returns: `NotFound` or `Unknown`. */
  readonly code: 'NotFound' | 'Unknown';

  constructor(code: 'NotFound' | 'Unknown', desc: string) {
    super(`rpc error: code = ${code} desc = ${desc}`);
    this.name = 'PullImageError';
    this.code = code;
  }
}

/** RuntimeNotFoundError is thrown for unknown sandbox, container or image ids (CRI NotFound). */
export class RuntimeNotFoundError extends Error {
  constructor(what: string, id: string) {
    super(`rpc error: code = NotFound desc = an error occurred when try to find ${what} "${id}": not found`);
    this.name = 'RuntimeNotFoundError';
  }
}

/** ContainerStartError is thrown by `startContainer` when the process cannot be started. */
export class ContainerStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ContainerStartError';
  }
}
