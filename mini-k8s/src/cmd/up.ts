/**
 * `mini-k8s up`: start a cluster — storage (memory, or SQLite under --data), registry, bootstrap objects,
 * Node objects, and the API server over HTTPS — then write the kubeconfig. `startCluster` is also what
 * the integration tests call in-process.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { errors } from '../machinery/errors';
import type { ApiServer, Logger } from '../apiserver/server';
import type { MetricsProvider } from '../apiserver/streaming/metrics';
import type { NodeConnector } from '../apiserver/streaming/node-connector';
import { createCluster } from './cluster';
import { dockerRuntimeFactory } from './docker-runtime';
import { type ControlPlane, createControlPlane } from './control-plane';
import type { Storage } from '../storage/interface';
import { MemoryStorage } from '../storage/memory/store';
import { SqliteStorage } from '../storage/sqlite/store';
import { createEncryptionCodec } from '../storage/encryption/aes-gcm';
import { loadOrCreateEncryptionConfig } from '../storage/encryption/config-file';
import { checkRawPath } from '../apiserver/http/request-info';
import { statusResponse, toStatusError } from '../apiserver/http/respond';
import type { UpOptions } from './args';
import { createIdentity, loadOrCreateIdentity } from './cluster-state';
import { renderKubeconfig } from './kubeconfig';
import { recordClientCertificate } from '../apiserver/auth/x509';

/** RunningCluster is a started cluster. */
export interface RunningCluster {
  /** https://host:port */
  url: string;
  port: number;
  kubeconfigPath: string;
  adminToken: string;
  caPem: string;
  apiServer: ApiServer;
  /** stop closes the HTTPS server, open watches and the storage. */
  stop(): Promise<void>;
}

/** ClusterComponents are in-process components handed to the API server (not command-line options). */
export interface ClusterComponents {
  nodeConnector?: NodeConnector;
  metricsProvider?: MetricsProvider;
}

/** startCluster starts a cluster as `mini-k8s up` does. */
export async function startCluster(
  options: UpOptions & ClusterComponents,
  logger?: Logger,
): Promise<RunningCluster> {
  const hosts = [
    ...new Set([options.host === '0.0.0.0' ? '127.0.0.1' : options.host, '127.0.0.1', 'localhost']),
  ];
  let storage: Storage;
  let identity;
  if (options.dataDir) {
    const dataDir = resolve(options.dataDir);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    identity = loadOrCreateIdentity(dataDir, hosts);
    // Secrets are encrypted at rest (kube-apiserver --encryption-provider-config, aesgcm).
    const codec = createEncryptionCodec(loadOrCreateEncryptionConfig(dataDir));
    storage = new SqliteStorage({ path: join(dataDir, 'state.db'), codec });
  } else {
    identity = createIdentity(hosts);
    storage = new MemoryStorage({});
  }

  const now = () => new Date();
  // Listen first: the `kubernetes` Endpoints publish the real port, known only once bound (--port 0).
  const started: { controlPlane?: ControlPlane } = {};
  const server: Server = createServer(
    {
      key: identity.serving.keyPem,
      cert: identity.serving.certPem,
      // Client certificates signed by the cluster CA authenticate (kube-apiserver --client-ca-file).
      requestCert: true,
      rejectUnauthorized: false,
      ca: identity.ca.certPem,
    },
    getRequestListener(async (request, env) => {
      const socket = 'incoming' in env ? (env.incoming.socket as TLSSocket) : undefined;
      if (socket?.authorized) recordClientCertificate(request.headers, socket.getPeerCertificate());
      // Dot segments must be judged on the raw path: the Request URL has already resolved them.
      try {
        checkRawPath(request.method, 'incoming' in env ? (env.incoming.url ?? '/') : '/');
      } catch (err) {
        return statusResponse(toStatusError(err));
      }
      if (!started.controlPlane) return statusResponse(errors.serviceUnavailable('the cluster is starting'));
      return started.controlPlane.apiServer.fetch(request);
    }),
  );
  server.on('upgrade', (req, socket, head) => {
    if (started.controlPlane) started.controlPlane.apiServer.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`port ${options.port} on ${options.host} is already in use: choose another with --port`)
          : err,
      ),
    );
    server.listen(options.port, options.host, () => resolveListen());
  });
  const port = (server.address() as AddressInfo).port;
  const base = {
    storage,
    adminToken: identity.adminToken,
    clusterCa: identity.ca,
    nodes: options.nodes,
    securePort: port,
    now,
    ...(options.eventTtlSeconds !== undefined ? { eventTtlSeconds: options.eventTtlSeconds } : {}),
    ...(logger ? { logger } : {}),
  };
  // Components handed in (tests with their own kubelets) replace the built-in scheduler, controllers and
  // kubelets; otherwise the cluster runs them all, like a real one.
  const controlPlane: ControlPlane =
    options.nodeConnector || options.metricsProvider
      ? await createControlPlane({
          ...base,
          ...(options.nodeConnector ? { nodeConnector: options.nodeConnector } : {}),
          ...(options.metricsProvider ? { metricsProvider: options.metricsProvider } : {}),
        })
      : await createCluster({
          ...base,
          speed: options.speed,
          ...(options.runtime === 'docker'
            ? {
                runtime: await dockerRuntimeFactory(
                  options.dataDir ?? join(tmpdir(), `mini-k8s-${port}`),
                  `mk${port}`,
                ),
              }
            : {}),
          onError: (component, err) => logger?.warn({ component, err: String(err) }, 'component error'),
        });
  started.controlPlane = controlPlane;
  const { apiServer } = controlPlane;
  const urlHost = hosts[0].includes(':') ? `[${hosts[0]}]` : hosts[0];
  const url = `https://${urlHost}:${port}`;

  const kubeconfigPath = resolve(
    options.kubeconfig ??
      (options.dataDir ? join(options.dataDir, 'kubeconfig') : join(tmpdir(), `mini-k8s-${port}.kubeconfig`)),
  );
  mkdirSync(dirname(kubeconfigPath), { recursive: true });
  writeFileSync(
    kubeconfigPath,
    renderKubeconfig({ server: url, caPem: identity.ca.certPem, token: identity.adminToken }),
    { mode: 0o600 },
  );

  let stopped: Promise<void> | undefined;
  return {
    url,
    port,
    kubeconfigPath,
    adminToken: identity.adminToken,
    caPem: identity.ca.certPem,
    apiServer,
    stop() {
      stopped ??= (async () => {
        await controlPlane.close();
        server.closeAllConnections();
        await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
        await storage.close();
      })();
      return stopped;
    },
  };
}
