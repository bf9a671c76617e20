/**
 * A sandbox cluster is one mini-k8s control plane plus the components started and stopped with it,
 * on its own durable storage file. createSandboxCluster is the single place that assembles one.
 */
import type { ValueCodec } from '../../../mini-k8s/src/storage/value-codec';
import fs from 'node:fs';
import path from 'node:path';
import { findKind } from '../../../mini-k8s/src/api/resources';
import type { KubeObject } from '../../../mini-k8s/src/api/object';
import { parseApiVersion } from '../../../mini-k8s/src/api/object';
import type { ApiClient } from '../../../mini-k8s/src/client/client';
import type { NetworkResolver } from '../../../mini-k8s/src/kubelet/runtime/network';
import { createCluster } from '../../../mini-k8s/src/cmd/cluster';
import { dockerRuntimeFactory } from '../../../mini-k8s/src/cmd/docker-runtime';
import type { PodNetworkMode } from '../../../mini-k8s/src/kubelet/runtime/docker/direct-network';
import type { StaticUser } from '../../../mini-k8s/src/cmd/control-plane';
import type { ApiServer, Logger } from '../../../mini-k8s/src/apiserver/server';
import {
  createCertificateAuthority,
  type KeyAndCertificate,
} from '../../../mini-k8s/src/apiserver/pki/certificates';
import type { Decision } from '../../../mini-k8s/src/scheduler/decisions';
import type { NodeConnector } from '../../../mini-k8s/src/apiserver/streaming/node-connector';
import type { Storage } from '../../../mini-k8s/src/storage/interface';
import { SqliteStorage } from '../../../mini-k8s/src/storage/sqlite/store';
import { type KubernetesHost, KubernetesHostUnavailableError } from './kubernetes-host';
import { seedClusterFile } from './seed';

export { seedClusterFile } from './seed';

/** SandboxClusterOptions describe the cluster to start (or to wake: the file may already hold state). */
export interface SandboxClusterOptions {
  /** SQLite file of the cluster state; created when missing, reused as is when present. */
  file: string;
  /** Number of nodes of a fresh cluster (controlplane + workers). */
  nodes: number;
  /** Bearer token of the cluster admin; lives only in this process (learners get their own token). */
  adminToken: string;
  /** Users the cluster authenticates by bearer token: the lesson users alice and bob (identity/lesson-users.ts). */
  users?: StaticUser[];
  /** Scale of simulated delays (0 instant, 1 realistic); default 1. */
  speed?: number;
  /** Cap on the cluster's stored objects (events excepted), enforced by its API server for every client. */
  maxObjects?: number;
  /** Container runtime of the nodes: simulated (default), real Docker containers, or pods of a host cluster. */
  runtime?: 'simulated' | 'docker' | 'kubernetes';
  /** The host cluster of the `kubernetes` runtime (RUNTIME=kubernetes settings). */
  kubernetesHost?: KubernetesHost;
  /** Docker runtime: root of the pods' ConfigMap/Secret/token files (default /dev/shm). */
  dockerFilesDir?: string;
  /** Docker runtime: the pod network mode settled at start-up (`DOCKER_POD_NETWORK`, `choosePodNetwork`). */
  dockerPodNetwork?: PodNetworkMode;
  /**
   * Durability of acknowledged writes: `normal` (default) survives kill -9 of the server — what learners
   * need — and costs no fsync per write; `full` also survives a power loss.
   */
  sync?: 'normal' | 'full';
  /** How values are stored (Secrets encrypted at rest); default plain JSON. */
  codec?: ValueCodec;
  logger?: Logger;
}

/** SandboxCluster is a running cluster of one sandbox. */
export interface SandboxCluster {
  apiServer: ApiServer;
  /** Admin client bound in process to the API server. */
  client: ApiClient;
  /** nodeConnector reaches the cluster's kubelets (exec from the built-in terminal's kubectl). */
  nodeConnector?: NodeConnector;
  /** network is the cluster seen from outside its pod network (NodePorts, LoadBalancer IPs, ingress). */
  network?: NetworkResolver;
  /** countObjects returns how many objects the cluster stores (the per-sandbox quota counts these). */
  countObjects(): Promise<number>;
  /** countPods returns how many pods the cluster stores (the per-sandbox pod quota). */
  countPods(): Promise<number>;
  /** schedulingDecision returns the scheduler's last recorded decision for a pod (memory only, bounded). */
  schedulingDecision?(namespace: string, name: string): Decision | undefined;
  /** close stops the components and the API server (open watches end) and closes the storage. */
  close(): Promise<void>;
}

/** SandboxClusterFactory starts a cluster; the sandbox manager takes one so tests and later issues can swap it. */
export type SandboxClusterFactory = (options: SandboxClusterOptions) => Promise<SandboxCluster>;

/**
 * createSandboxCluster starts a control plane on a SqliteStorage file. Why SQLite per sandbox rather than
 * memory plus snapshots: every acknowledged write is already fsynced (survives kill -9), sleeping is
 * just closing the file (no serialisation step, no memory kept), and creation measured 15-50 ms.
 */
export async function createSandboxCluster(options: SandboxClusterOptions): Promise<SandboxCluster> {
  if (!fs.existsSync(options.file)) await seedClusterFile(options.file, options.nodes);
  const storage: Storage = new SqliteStorage({
    path: options.file,
    synchronous: options.sync ?? 'normal',
    ...(options.codec ? { codec: options.codec } : {}),
  });
  let controlPlane;
  try {
    const runtime =
      options.runtime === 'docker'
        ? await dockerFactoryFor(options).catch(unavailable)
        : options.runtime === 'kubernetes'
          ? await kubernetesFactoryFor(options)
          : undefined;
    // The whole cluster: API server plus scheduler, controllers and one kubelet per node (simulated runtime).
    controlPlane = await createCluster({
      storage,
      adminToken: options.adminToken,
      clusterCa: clusterCaOf(options.file),
      nodes: options.nodes,
      speed: options.speed ?? 1,
      ...(options.users ? { users: options.users } : {}),
      ...(options.maxObjects !== undefined ? { maxObjects: options.maxObjects } : {}),
      // Docker: one network and one data folder per sandbox (named after its state file), real containers.
      // Kubernetes: one host namespace per sandbox, each container a host pod.
      ...(runtime ? { runtime } : {}),
      ...(options.logger ? { logger: options.logger } : {}),
    });
  } catch (err) {
    await storage.close();
    throw err;
  }
  const { apiServer, client, nodeConnector } = controlPlane;
  let closing: Promise<void> | undefined;
  return {
    apiServer,
    client,
    nodeConnector,
    network: controlPlane.network.external(),
    countObjects: () => storage.count('/registry/'),
    countPods: () => storage.count('/registry/core/pods/'),
    schedulingDecision: (namespace, name) => controlPlane.scheduler.explain(namespace, name),
    close() {
      closing ??= (async () => {
        await controlPlane.close();
        await storage.close();
      })();
      return closing;
    },
  };
}

/**
 * DockerUnavailableError means the sandbox asked for the Docker runtime and no usable Docker daemon answers
 * (unreachable, or the offline course images cannot be built): the manager then starts it simulated.
 */
export class DockerUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`Docker runtime unavailable: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'DockerUnavailableError';
  }
}

function unavailable(err: unknown): never {
  throw new DockerUnavailableError(err);
}

/** dockerSandboxId is the Docker-side identity of a sandbox (network `atelier-<id>`, labels), from its file. */
export function dockerSandboxId(file: string): string {
  return `sbx${path
    .basename(file)
    .replace(/\.db$/, '')
    .replace(/[^a-z0-9]/gi, '')
    .slice(0, 20)}`;
}

function dockerFactoryFor(options: SandboxClusterOptions) {
  return dockerRuntimeFactory(`${options.file}.docker`, dockerSandboxId(options.file), {
    ...(options.dockerFilesDir ? { filesRoot: options.dockerFilesDir } : {}),
    ...(options.dockerPodNetwork ? { podNetwork: options.dockerPodNetwork } : {}),
  });
}

/** sandboxIdOf is the platform's sandbox id of a state file (`<dir>/<id>.db`). */
export function sandboxIdOf(file: string): string {
  return path.basename(file).replace(/\.db$/, '');
}

/**
 * kubernetesFactoryFor checks that the host answers (a KubernetesHostUnavailableError otherwise: the manager
 * starts the sandbox simulated, as when Docker is unreachable) and returns the sandbox's runtime factory.
 */
async function kubernetesFactoryFor(options: SandboxClusterOptions) {
  const host = options.kubernetesHost;
  // An exercise asking for kubernetes on a platform without a host: simulated, with the notice.
  if (!host)
    throw new KubernetesHostUnavailableError('no host cluster configured (RUNTIME is not kubernetes)');
  const health = await host.reachability();
  if (!health.reachable) throw new KubernetesHostUnavailableError(health.detail);
  return host.factoryFor(sandboxIdOf(options.file));
}

/**
 * clusterCaOf returns the sandbox's cluster CA, kept beside its state file (`<file>.ca`, owner-only):
 * the `kube-root-ca.crt` ConfigMaps pods mount and the client certificates signed from CSRs stay valid
 * when the sandbox sleeps and wakes, as with a real cluster's /etc/kubernetes/pki. A missing or unreadable
 * file gets a new CA (a new cluster, or one whose CA was lost: the publisher then updates the ConfigMaps).
 */
export function clusterCaOf(file: string): KeyAndCertificate {
  const caFile = `${file}.ca`;
  try {
    const saved = JSON.parse(fs.readFileSync(caFile, 'utf8')) as Partial<KeyAndCertificate>;
    if (typeof saved.keyPem === 'string' && typeof saved.certPem === 'string')
      return { keyPem: saved.keyPem, certPem: saved.certPem };
  } catch {
    // Missing or corrupt: a new CA below.
  }
  const ca = createCertificateAuthority(new Date());
  fs.writeFileSync(`${caFile}.tmp`, JSON.stringify(ca), { mode: 0o600 });
  fs.renameSync(`${caFile}.tmp`, caFile);
  return ca;
}

/**
 * applyManifests creates each manifest through the cluster's API (so defaulting, validation and
 * admission run as for kubectl), in order; an unknown kind or a rejected object throws.
 */
export async function applyManifests(client: ApiClient, manifests: readonly KubeObject[]): Promise<void> {
  for (const manifest of manifests) {
    const { group, version } = parseApiVersion(manifest.apiVersion);
    const resource = findKind(group, version, manifest.kind);
    if (!resource) throw new Error(`no resource serves ${manifest.apiVersion} ${manifest.kind}`);
    const namespace = resource.namespaced ? (manifest.metadata.namespace ?? 'default') : undefined;
    await client.create(resource, namespace, manifest);
  }
}
