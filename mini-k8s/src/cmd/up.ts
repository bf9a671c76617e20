/**
 * `mini-k8s up`: start a cluster — storage (memory, or SQLite under --data), registry, bootstrap objects,
 * Node objects, and the API server over HTTPS — then write the kubeconfig. `startCluster` is also what
 * the integration tests call in-process.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { getRequestListener } from '@hono/node-server';
import { findResource } from '../api/resources';
import { isAlreadyExists } from '../machinery/errors';
import { createApiServer } from '../apiserver/server';
import type { ApiServer, Logger } from '../apiserver/server';
import {
  ADMIN_USER,
  ServiceAccountTokenAuthenticator,
  StaticTokenAuthenticator,
  UnionAuthenticator,
} from '../apiserver/auth/authenticator';
import { bootstrapCluster, createRegistry } from '../apiserver/registry';
import type { Registry, RequestContext } from '../apiserver/registry/interface';
import type { Storage } from '../storage/interface';
import { MemoryStorage } from '../storage/memory/store';
import { SqliteStorage } from '../storage/sqlite/store';
import { checkRawPath } from '../apiserver/http/request-info';
import { statusResponse, toStatusError } from '../apiserver/http/respond';
import type { UpOptions } from './args';
import { createIdentity, loadOrCreateIdentity } from './cluster-state';
import { renderKubeconfig } from './kubeconfig';
import { nodeAddress, nodeNames, nodeObject } from './nodes';

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

/** startCluster starts a cluster as `mini-k8s up` does. */
export async function startCluster(options: UpOptions, logger?: Logger): Promise<RunningCluster> {
  const hosts = [
    ...new Set([options.host === '0.0.0.0' ? '127.0.0.1' : options.host, '127.0.0.1', 'localhost']),
  ];
  let storage: Storage;
  let identity;
  if (options.dataDir) {
    const dataDir = resolve(options.dataDir);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    identity = loadOrCreateIdentity(dataDir, hosts);
    storage = new SqliteStorage({ path: join(dataDir, 'state.db') });
  } else {
    identity = createIdentity(hosts);
    storage = new MemoryStorage({});
  }

  const now = () => new Date();
  const registry = createRegistry({ storage, now });
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
      new StaticTokenAuthenticator([{ token: identity.adminToken, user: ADMIN_USER }]),
      new ServiceAccountTokenAuthenticator(registry),
    ),
    now,
    ...(logger ? { logger } : {}),
  });
  const server: Server = createServer(
    { key: identity.serving.keyPem, cert: identity.serving.certPem },
    getRequestListener(async (request, env) => {
      // Dot segments must be judged on the raw path: the Request URL has already resolved them.
      try {
        checkRawPath(request.method, 'incoming' in env ? (env.incoming.url ?? '/') : '/');
      } catch (err) {
        return statusResponse(toStatusError(err));
      }
      return apiServer.fetch(request);
    }),
  );
  server.on('upgrade', (req, socket, head) => apiServer.handleUpgrade(req, socket, head));
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const port = (server.address() as AddressInfo).port;
  // Bootstrap once the port is known: the `kubernetes` Endpoints publish it. Requests before `ready` may see a partial cluster.
  await bootstrapCluster(registry, ctx, { advertiseAddress: nodeAddress(0), securePort: port });
  await registerNodes(registry, options.nodes, ctx);
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
        await apiServer.close();
        server.closeAllConnections();
        await new Promise<void>((resolveClose) => server.close(() => resolveClose()));
        await storage.close();
      })();
      return stopped;
    },
  };
}

/** registerNodes creates the Node objects a fresh cluster of `count` nodes has (existing ones are kept). */
async function registerNodes(registry: Registry, count: number, ctx: RequestContext): Promise<void> {
  const nodes = findResource('', 'v1', 'nodes');
  if (!nodes) throw new Error('the resource catalogue has no nodes');
  const names = nodeNames(count);
  for (const [index, name] of names.entries()) {
    const node = nodeObject(name, index, ctx.now());
    try {
      const created = await registry.create(nodes, undefined, node, ctx);
      // Create may reset status (as for most kinds); the kubelet's status comes through the status subresource.
      await registry.update(nodes, undefined, name, { ...created, status: node.status }, ctx, 'status');
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
  }
}
