/**
 * createControlPlane assembles one cluster in process: registry on a storage, API server, bootstrap objects,
 * Node objects and an admin API client that talks to the API server with no socket. `mini-k8s up`, the
 * sandbox server (many clusters per process) and integration tests all build clusters through it, so a
 * cluster behaves the same everywhere. Components (scheduler, controllers, kubelets) attach to `client`.
 */
import { randomBytes } from 'node:crypto';
import { findResource } from '../api/resources';
import {
  ADMIN_USER,
  ServiceAccountTokenAuthenticator,
  StaticTokenAuthenticator,
  UnionAuthenticator,
} from '../apiserver/auth/authenticator';
import type { StaticTokenEntry } from '../apiserver/auth/authenticator';
import { AlwaysAllowAuthorizer } from '../apiserver/auth/authorizer';
import { RBACAuthorizer, registryRbacSource } from '../apiserver/auth/rbac/authorizer';
import { ensureBootstrapPolicy } from '../apiserver/auth/rbac/bootstrap';
import { EscalationCheck, withEscalationCheck } from '../apiserver/auth/rbac/escalation';
import { registryReader, withAdmission } from '../apiserver/admission/chain';
import { withCertificateSigningRequests } from '../apiserver/auth/csr-registry';
import { ClientCertificateAuthenticator } from '../apiserver/auth/x509';
import { createCertificateAuthority, issueClientCertificate } from '../apiserver/pki/certificates';
import type { KeyAndCertificate } from '../apiserver/pki/certificates';
import { parseCertificateRequest } from '../apiserver/pki/csr';
import { defaultAdmissionPlugins } from '../apiserver/admission/plugins';
import { bootstrapCluster, createRegistry } from '../apiserver/registry';
import { DEFAULT_EVENT_TTL_SECONDS, EventExpiry } from '../apiserver/registry/event-ttl';
import type { Registry, RequestContext } from '../apiserver/registry/interface';
import { createApiServer } from '../apiserver/server';
import type { ApiServer, Logger } from '../apiserver/server';
import type { MetricsProvider } from '../apiserver/streaming/metrics';
import type { NodeConnector } from '../apiserver/streaming/node-connector';
import { ApiClient } from '../client/client';
import { inProcessTransport } from '../client/transport';
import { isAlreadyExists } from '../machinery/errors';
import type { Storage } from '../storage/interface';
import { MemoryStorage } from '../storage/memory/store';
import { nodeAddress, nodeNames, nodeObject } from './nodes';

export interface ControlPlaneOptions {
  /** Where objects live; omitted: a new in-memory store, closed with the control plane. */
  storage?: Storage;
  /** Bearer token of the cluster admin (`kubernetes-admin`, group system:masters); omitted: a random one. */
  adminToken?: string;
  /** Number of nodes: `controlplane` plus workers node01, node02, … (default 3). */
  nodes?: number;
  /** Cap on stored objects (events excepted) so a runaway workload cannot exhaust the process (default 10,000). */
  maxObjects?: number;
  /** Port published in the `kubernetes` Endpoints (the real HTTPS port when there is one). */
  securePort?: number;
  now?: () => Date;
  logger?: Logger;
  /** The kubelets serving log/exec/attach/portforward/proxy (see apiserver/streaming/node-connector.ts). */
  nodeConnector?: NodeConnector;
  /** The source of metrics.k8s.io (`kubectl top`). */
  metricsProvider?: MetricsProvider;
  /** `--authorization-mode`: RBAC (default, with the bootstrap roles) or AlwaysAllow. */
  authorizationMode?: 'RBAC' | 'AlwaysAllow';
  /** Extra users authenticated by bearer token (the security lessons' `alice`, `bob`, …), like `--token-auth-file`. */
  users?: StaticUser[];
  /** The cluster CA, signer of approved client CSRs (and trusted for client certificates); omitted: a new one. */
  clusterCa?: KeyAndCertificate;
  /**
   * The cluster runs the root-CA publisher (createCluster does): every pod then gets its
   * `kube-api-access-*` volume at creation, as upstream. Without it, only in namespaces that already have
   * the `kube-root-ca.crt` ConfigMap.
   */
  rootCaPublished?: boolean;
  /** `--event-ttl`: Events are deleted this long after their last write (default 3600 s, as upstream). */
  eventTtlSeconds?: number;
}

/** StaticUser is one line of a token file: a user name, its bearer token and its groups. */
export interface StaticUser {
  name: string;
  token: string;
  groups?: string[];
}

export interface ControlPlane {
  registry: Registry;
  apiServer: ApiServer;
  /** An admin client bound in process to this API server. */
  client: ApiClient;
  /** The admin's bearer token. */
  adminToken: string;
  /** The cluster CA. */
  clusterCa: KeyAndCertificate;
  /** Signs a PEM CSR with the cluster CA (CN → user, O → groups), for the CSR signing controller. */
  certificateSigner(requestPem: string, expirationSeconds?: number): string;
  /** Closes the API server (open watches end); a storage passed in options is the caller's to close. */
  close(): Promise<void>;
}

export async function createControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  const now = options.now ?? (() => new Date());
  const ownStorage = options.storage ? undefined : new MemoryStorage();
  const storage = options.storage ?? ownStorage!;
  const adminToken = options.adminToken ?? randomBytes(24).toString('base64url');
  const plainRegistry = createRegistry({ storage, now, maxObjects: options.maxObjects ?? 10_000 });
  const rbacSource = registryRbacSource(plainRegistry);
  const rbac = new RBACAuthorizer(rbacSource);
  const authorizer = options.authorizationMode === 'AlwaysAllow' ? new AlwaysAllowAuthorizer() : rbac;
  const admitted = withAdmission(
    plainRegistry,
    defaultAdmissionPlugins({ rootCaPublished: options.rootCaPublished ?? false }),
  );
  const registry = withEscalationCheck(
    withCertificateSigningRequests(admitted, authorizer),
    new EscalationCheck(rbac, rbacSource),
  );
  const clusterCa = options.clusterCa ?? createCertificateAuthority(now());
  const certificateSigner = (requestPem: string, expirationSeconds?: number): string => {
    const request = parseCertificateRequest(requestPem);
    return issueClientCertificate(clusterCa, request, request.publicKey, now(), expirationSeconds);
  };
  // Service account tokens are checked against the live ServiceAccount and bound pod (revocation).
  const reader = registryReader(plainRegistry);
  const tokens: StaticTokenEntry[] = [
    { token: adminToken, user: ADMIN_USER },
    ...(options.users ?? []).map((u) => ({
      token: u.token,
      user: { username: u.name, groups: u.groups ?? [] },
    })),
  ];
  const ctx: RequestContext = {
    user: ADMIN_USER,
    dryRun: false,
    fieldValidation: 'Ignore',
    warnings: [],
    now,
    fieldManager: 'mini-k8s',
  };
  const apiServer = createApiServer({
    storage,
    registry,
    authenticator: new UnionAuthenticator(
      new ClientCertificateAuthenticator(),
      new StaticTokenAuthenticator(tokens),
      new ServiceAccountTokenAuthenticator(registry, async (resource, namespace, name) => {
        const found = await reader.get('', resource, namespace, name);
        return found?.metadata.uid;
      }),
    ),
    authorizer,
    now,
    ...(options.logger ? { logger: options.logger } : {}),
    ...(options.nodeConnector ? { nodeConnector: options.nodeConnector } : {}),
    ...(options.metricsProvider ? { metricsProvider: options.metricsProvider } : {}),
  });
  await bootstrapCluster(registry, ctx, {
    advertiseAddress: nodeAddress(0),
    securePort: options.securePort ?? 6443,
  });
  await ensureBootstrapPolicy(registry, ctx);
  await registerNodes(registry, options.nodes ?? 3, ctx);
  const eventExpiry = new EventExpiry(storage, {
    ttlSeconds: options.eventTtlSeconds ?? DEFAULT_EVENT_TTL_SECONDS,
    now,
    onError: (err) => options.logger?.warn({ err }, 'event expiry'),
  });
  await eventExpiry.start();
  const client = new ApiClient({
    transport: inProcessTransport((request) => apiServer.fetch(request), adminToken),
    userAgent: 'mini-k8s-control-plane',
  });
  return {
    registry,
    apiServer,
    client,
    adminToken,
    clusterCa,
    certificateSigner,
    async close() {
      eventExpiry.stop();
      await apiServer.close();
      await ownStorage?.close();
    },
  };
}

/** registerNodes creates the Node objects a fresh cluster of `count` nodes has (existing ones are kept). */
async function registerNodes(registry: Registry, count: number, ctx: RequestContext): Promise<void> {
  const nodes = findResource('', 'v1', 'nodes');
  if (!nodes) throw new Error('the resource catalogue has no nodes');
  for (const [index, name] of nodeNames(count).entries()) {
    const node = nodeObject(name, index, ctx.now());
    try {
      const created = await registry.create(nodes, undefined, node, ctx);
      // Create resets status (as for most kinds); a kubelet reports status through the status subresource.
      await registry.update(nodes, undefined, name, { ...created, status: node.status }, ctx, 'status');
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
  }
}
