/**
 * KubernetesHost is the platform's side of RUNTIME=kubernetes: the host cluster the learners' pods run on,
 * one host namespace per sandbox (`<prefix><hash of the sandbox id>`, annotated with the id). It builds each
 * sandbox cluster's runtime factory, clears a reset sandbox's namespace, deletes a deleted or expired one's,
 * removes namespaces no sandbox owns any more (left by a crash in the middle of a deletion), and answers
 * /healthz with the host's reachability.
 */
import crypto from 'node:crypto';
import type { RuntimeFactory } from '../../../mini-k8s/src/cmd/cluster';
import { kubernetesRuntimeFactory } from '../../../mini-k8s/src/cmd/kubernetes-runtime';
import {
  checkHostAccess,
  type HostAccess,
} from '../../../mini-k8s/src/kubelet/runtime/kubernetes/host-access';
import { type HostDns, startHostDns } from '../../../mini-k8s/src/kubelet/runtime/kubernetes/host-dns';
import {
  connectHost,
  type HostCluster,
  HostConfigError,
  inClusterCredentials,
  kubeconfigCredentials,
} from '../../../mini-k8s/src/kubelet/runtime/kubernetes/host-connection';
import {
  clearSandboxNamespace,
  deleteSandboxNamespace,
  listSandboxNamespaces,
  type SandboxNamespacePolicy,
} from '../../../mini-k8s/src/kubelet/runtime/kubernetes/sandbox-namespace';
import type { KubernetesHostSettings } from '../config/schema';

/** HostHealth is the host part of /healthz. */
export interface HostHealth {
  reachable: boolean;
  /** The host's version when reachable, else why not (English, for operators). */
  detail: string;
  checkedAt: number;
}

/**
 * REQUEST_TIMEOUT_MS bounds the requests a learner waits for (reachability at a sandbox's start, namespace
 * deletion): a host that drops packets must not hang them (the HTTPS client itself has no timeout, since
 * watches and followed logs stay open for long).
 */
const REQUEST_TIMEOUT_MS = 15_000;

/** withTimeout rejects when `promise` has not settled after `ms` (the request itself is left to finish). */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer from the host after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** HEALTH_TTL_MS bounds how often /healthz and sandbox starts ask the host (one check shared meanwhile). */
const HEALTH_TTL_MS = 10_000;

export class KubernetesHost {
  private health: Promise<HostHealth> | undefined;

  constructor(
    readonly host: HostCluster,
    readonly namespacePrefix: string,
    readonly policy: SandboxNamespacePolicy = {},
    private readonly now: () => number = Date.now,
    /** The learners' cluster DNS (host-dns.ts), shared by every sandbox; undefined: none. */
    readonly dns?: HostDns,
  ) {}

  /** namespaceOf is a sandbox's host namespace: DNS-safe and stable (sandbox ids mix cases and `_`). */
  namespaceOf(sandboxId: string): string {
    return `${this.namespacePrefix}${crypto.createHash('sha256').update(sandboxId).digest('hex').slice(0, 16)}`;
  }

  /** factoryFor is the runtime factory of a sandbox's cluster. */
  factoryFor(sandboxId: string): RuntimeFactory {
    return kubernetesRuntimeFactory({
      host: this.host,
      namespace: this.namespaceOf(sandboxId),
      sandboxId,
      policy: this.policy,
      ...(this.dns ? { dns: this.dns } : {}),
    });
  }

  /** close stops the learners' DNS server (the platform stops). */
  async close(): Promise<void> {
    await this.dns?.close();
  }

  /** clear removes a sandbox's pods, files and volumes from its namespace (reset), keeping the namespace. */
  clear(sandboxId: string): Promise<void> {
    return clearSandboxNamespace(this.host.client, this.namespaceOf(sandboxId));
  }

  /** remove deletes a sandbox's namespace and all it holds (sandbox deleted or expired); 15 s at most. */
  remove(sandboxId: string): Promise<void> {
    return withTimeout(
      deleteSandboxNamespace(this.host.client, this.namespaceOf(sandboxId)),
      REQUEST_TIMEOUT_MS,
      'deleting the sandbox namespace',
    );
  }

  /**
   * collectLeftovers deletes the sandbox namespaces (of this prefix) whose sandbox `keep` does not keep:
   * deleted, expired, or never recorded. Returns the deleted names.
   */
  async collectLeftovers(keep: (sandboxId: string) => Promise<boolean>): Promise<string[]> {
    const removed: string[] = [];
    for (const ns of await listSandboxNamespaces(this.host.client, this.namespacePrefix)) {
      if (ns.terminating) continue;
      if (
        ns.sandboxId !== undefined &&
        this.namespaceOf(ns.sandboxId) === ns.name &&
        (await keep(ns.sandboxId))
      )
        continue;
      await deleteSandboxNamespace(this.host.client, ns.name);
      removed.push(ns.name);
    }
    return removed;
  }

  /** access checks reachability, authentication and every permission (start-up). */
  access(): Promise<HostAccess> {
    return checkHostAccess(this.host.client);
  }

  /** reachability answers whether the host's API answers, checked at most every 10 s. */
  reachability(): Promise<HostHealth> {
    const cached = this.health;
    const fresh = cached?.then((h) => this.now() - h.checkedAt < HEALTH_TTL_MS);
    return (async () => {
      if (cached && (await fresh)) return cached;
      if (this.health === cached) {
        this.health = withTimeout(
          this.host.client.request('GET', '/version'),
          REQUEST_TIMEOUT_MS,
          'GET /version',
        ).then(
          (info) => ({
            reachable: true,
            detail: (info as { gitVersion?: string } | undefined)?.gitVersion ?? 'unknown version',
            checkedAt: this.now(),
          }),
          (err: unknown) => ({
            // A cluster that hides /version (403) still answers; anything else (refused, TLS, 401) does not serve.
            reachable: (err as { code?: unknown })?.code === 403,
            detail: (err as Error)?.message ?? String(err),
            checkedAt: this.now(),
          }),
        );
      }
      return this.health!;
    })();
  }
}

/** KubernetesHostUnavailableError means the host did not answer when a sandbox's cluster started. */
export class KubernetesHostUnavailableError extends Error {
  constructor(detail: string) {
    super(`Kubernetes host unreachable: ${detail}`);
    this.name = 'KubernetesHostUnavailableError';
  }
}

/** HostStartupError stops the platform's start: its message is French, then English, and says what to fix. */
export class HostStartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostStartupError';
  }
}

/**
 * openKubernetesHost connects to the host of RUNTIME=kubernetes (a kubeconfig file, or in-cluster) and checks
 * it before the platform serves anyone: reachable, credentials accepted, every permission of HOST_PERMISSIONS
 * granted. Throws a HostStartupError naming the problem (and each missing permission).
 */
export async function openKubernetesHost(settings: KubernetesHostSettings): Promise<KubernetesHost> {
  let host: HostCluster;
  try {
    host = connectHost(
      settings.kubeconfig ? kubeconfigCredentials(settings.kubeconfig) : inClusterCredentials(),
    );
  } catch (err) {
    if (!(err instanceof HostConfigError)) throw err;
    throw new HostStartupError(
      `RUNTIME=kubernetes : impossible de lire l'accès au cluster hôte (${settings.kubeconfig ? `HOST_KUBECONFIG=${settings.kubeconfig}` : 'compte de service du Pod'}).\n` +
        `  ${err.message}`,
    );
  }
  const policy: SandboxNamespacePolicy = {
    maxPods: settings.maxPods,
    cpuLimits: settings.cpuLimits,
    memoryLimits: settings.memoryLimits,
    storage: settings.storage,
    maxServices: settings.maxServices,
  };
  const kubernetesHost = new KubernetesHost(host, settings.namespacePrefix, policy);
  // One minute for the whole check (about 30 reviews): a host that drops packets is unreachable, not a hang.
  const access: HostAccess = await withTimeout(kubernetesHost.access(), 60_000, 'checking access').catch(
    (err: unknown) => ({ ok: false, reason: 'unreachable', message: (err as Error).message }),
  );
  if (access.ok) {
    if (!settings.dns) return kubernetesHost;
    return new KubernetesHost(
      host,
      settings.namespacePrefix,
      policy,
      Date.now,
      await startLearnerDns(settings.dns),
    );
  }
  const where = `${host.server}, ${host.source}`;
  if (access.reason === 'unreachable') {
    throw new HostStartupError(
      `RUNTIME=kubernetes : le cluster hôte est injoignable (${where}). Vérifiez l'adresse du serveur, le réseau et l'autorité de certification.\n` +
        `  Kubernetes host unreachable: ${access.message}`,
    );
  }
  if (access.reason === 'unauthorized') {
    throw new HostStartupError(
      `RUNTIME=kubernetes : le cluster hôte refuse les identifiants de la plateforme (401 Unauthorized, ${where}) : jeton invalide ou expiré, ou certificat client non reconnu.\n` +
        `  The host rejected the platform's credentials (401): ${access.message}`,
    );
  }
  throw new HostStartupError(
    `RUNTIME=kubernetes : permissions manquantes sur le cluster hôte (403 Forbidden, ${where}) : ${access.missing.join(', ')}.\n` +
      `  Accordez le ClusterRole de deploy/helm/atelier/templates/host-rbac.yaml au compte de la plateforme ; vérifiez avec kubectl auth can-i <verbe> <ressource> --as <compte>.\n` +
      `  Missing permissions on the host: ${access.missing.join(', ')}`,
  );
}

/**
 * startLearnerDns serves the learners' cluster DNS on HOST_DNS_ADDRESS:HOST_DNS_PORT. Names outside
 * `cluster.local` get SERVFAIL, as in the Docker runtime's sandboxes: the learners' pods have no outside
 * access (default-deny egress), and forwarding would give them a way out through DNS.
 */
async function startLearnerDns(dns: NonNullable<KubernetesHostSettings['dns']>): Promise<HostDns> {
  try {
    return await startHostDns({
      endpoint: {
        address: dns.address,
        port: dns.port,
        ...(dns.platformPeer ? { platformPeer: dns.platformPeer } : {}),
      },
    });
  } catch (err) {
    throw new HostStartupError(
      `RUNTIME=kubernetes : impossible de servir le DNS des apprenants sur ${dns.address}:${dns.port} (HOST_DNS_ADDRESS, HOST_DNS_PORT) : l'adresse doit être celle de la plateforme et le port libre.\n` +
        `  Cannot serve the learners' DNS on ${dns.address}:${dns.port}: ${(err as Error).message}`,
    );
  }
}
