/**
 * The platform's entry point: `npm start` runs it. It loads the configuration, opens the database,
 * serves the site, the API and the learners' Kubernetes APIs on one HTTP port (and on HTTPS_PORT when
 * set), puts idle sandboxes to sleep, and stops cleanly on SIGINT/SIGTERM (clusters closed, state kept).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import path from 'node:path';
import { getRequestListener, serve } from '@hono/node-server';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config/load';
import { ensureSetting, openPlatformDb } from './db/database';
import { createExerciseCatalogue } from './exercises/catalogue';
import { addAcceptors, type Acceptors } from './http/acceptors';
import { createUpgradeHandler } from './http/upgrade';
import { createLogger } from './logger';
import { relayWorkshopEvents } from './workshops/event-bus';
import { createPlatformServices } from './services';
import { TerminalHub } from './terminal/hub';
import { createTerminalProvider } from './terminal/providers';
import { HostStartupError, type KubernetesHost, openKubernetesHost } from './sandboxes/kubernetes-host';
import { loadHttpsIdentity, readCaBundle } from './tls/https-identity';
import { choosePodNetwork, DirectPodNetworkError, type PodNetworkChoice } from './sandboxes/docker-preflight';

/** SWEEP_INTERVAL_MS is how often idle sandboxes are put to sleep and expired ones removed. */
const SWEEP_INTERVAL_MS = 30_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  fs.mkdirSync(config.dataDir, { recursive: true });
  let db;
  try {
    db = await openPlatformDb({
      dataDir: config.dataDir,
      ...(config.databaseUrl ? { databaseUrl: config.databaseUrl } : {}),
    });
  } catch (err) {
    // The usual causes: PostgreSQL unreachable or refusing the credentials of DATABASE_URL.
    console.error(`Base de données inaccessible : ${err instanceof Error ? err.message : String(err)}`);
    process.exit(3);
  }
  // With PostgreSQL, every replica shares the generated secret: cookies and kubectl tokens work on all.
  const secret =
    config.sessionSecret ||
    (await ensureSetting(db, 'session-secret', () => crypto.randomBytes(32).toString('base64url')));
  if (!fs.existsSync(path.join(config.siteDir, 'index.html'))) {
    logger.warn({ siteDir: config.siteDir }, 'site not built: run `npm run build:site` (npm start does it)');
  }
  // RUNTIME=kubernetes: the host cluster must answer, accept the platform's credentials and grant every
  // permission before anyone is served; otherwise the platform stops and says what to fix.
  let kubernetesHost: KubernetesHost | undefined;
  if (config.kubernetesHost) {
    try {
      kubernetesHost = await openKubernetesHost(config.kubernetesHost);
    } catch (err) {
      if (!(err instanceof HostStartupError)) throw err;
      console.error(err.message);
      process.exit(4);
    }
    logger.info(
      { host: kubernetesHost.host.server, source: kubernetesHost.host.source },
      'kubernetes runtime: host cluster checked',
    );
  }
  // DOCKER_POD_NETWORK: `auto` takes the direct pod network when this process already holds what it needs
  // (root on the Docker host), else Docker's endpoints; `direct` stops the platform when impossible.
  let podNetwork: PodNetworkChoice;
  try {
    podNetwork = await choosePodNetwork(config.dockerPodNetwork);
    logger.info(podNetwork, `docker pod network: ${podNetwork.mode}`);
  } catch (err) {
    if (!(err instanceof DirectPodNetworkError)) throw err;
    console.error(
      `DOCKER_POD_NETWORK=direct impossible ici : ${err.problem}\n` +
        'Utilisez DOCKER_POD_NETWORK=auto (le défaut) ou docker, ou lancez la plateforme en root sur la machine de Docker.',
    );
    process.exit(5);
  }
  const tls = config.https ? loadHttpsIdentity(config.https, path.join(config.dataDir, 'pki')) : undefined;
  let publicHttps: { url: string; caPem?: string } | undefined;
  if (config.publicHttps) {
    try {
      const { url, caFile } = config.publicHttps;
      publicHttps = { url, ...(caFile ? { caPem: readCaBundle(caFile) } : {}) };
    } catch (err) {
      console.error((err as Error).message);
      process.exit(2);
    }
  }

  // The terminal: one shell per sandbox (built-in, or the toolbox container with TERMINAL=toolbox), shared by
  // the learner's tabs; closed when the sandbox sleeps.
  const shells = createTerminalProvider({
    config,
    sandboxes: () => services.sandboxes,
    https: () =>
      services.https && tls
        ? { port: services.https.port, certPem: tls.certPem, ...(tls.caPem ? { caPem: tls.caPem } : {}) }
        : undefined,
    logger,
  });
  const terminals = new TerminalHub(shells.provider);
  // The course's exercises (exercises/<chapter>/<slug>), validated at start-up. A broken exercise folder must
  // not take the platform down: sandboxes and workshops still work, exercise routes answer 503 in French.
  let exercises;
  try {
    exercises = createExerciseCatalogue();
  } catch (err) {
    logger.error({ err }, 'exercise catalogue not loaded: exercise routes are disabled');
  }
  const services = createPlatformServices({
    onSandboxEvent: (event) => {
      terminals.sandboxChanged(event);
      shells.sandboxChanged(event);
    },
    db,
    dataDir: config.dataDir,
    secret,
    limits: {
      ...config.sandboxes,
      runtime: config.runtime,
      sync: config.sandboxSync,
      ...(config.dockerFilesDir ? { dockerFilesDir: config.dockerFilesDir } : {}),
      dockerPodNetwork: podNetwork.mode,
    },
    learnerRate: config.learnerRate,
    bodyLimitBytes: config.bodyLimitBytes,
    instructorToken: config.instructorToken,
    cookieMaxAgeSeconds: config.cookieMaxAgeSeconds,
    logger,
    ...(exercises ? { exercises } : {}),
    ...(kubernetesHost ? { kubernetesHost } : {}),
    ...(config.https && tls
      ? { https: { port: config.https.port, ...(tls.caPem ? { caPem: tls.caPem } : {}) } }
      : {}),
    ...(publicHttps ? { publicHttps } : {}),
  });
  // Several replicas on one PostgreSQL: the instructor's live grid hears the learners of every replica.
  try {
    await relayWorkshopEvents(db, services.workshopEvents, crypto.randomUUID(), (err) =>
      logger.warn({ err }, 'workshop event not relayed'),
    );
  } catch (err) {
    logger.error({ err }, 'workshop events are not shared between replicas (LISTEN failed)');
  }
  const recovered = await services.sandboxes.recover();
  if (recovered > 0) logger.info({ sandboxes: recovered }, 'sandboxes recovered asleep; they wake on demand');
  if (kubernetesHost) {
    // Namespaces of sandboxes deleted or expired while the platform could not delete them (crash, host down).
    await services.sandboxes.collectHostLeftovers().then(
      (removed) => {
        if (removed.length > 0) logger.info({ namespaces: removed }, 'leftover host namespaces deleted');
      },
      (err: unknown) => logger.warn({ err }, 'leftover host namespaces not collected'),
    );
  }

  let ready = false;
  const app = createApp({
    logger,
    siteDir: config.siteDir,
    runtime: config.runtime,
    version: process.env.npm_package_version ?? '0.1.0',
    isReady: () => ready,
    ...(kubernetesHost ? { hostHealth: () => kubernetesHost.reachability() } : {}),
    services,
  });
  const onUpgrade = createUpgradeHandler({
    sandboxes: services.sandboxes,
    identity: services.identity,
    terminals,
    instructor: {
      token: config.instructorToken,
      session: services.instructorSession,
      workshops: services.workshops,
    },
    logger,
  });

  const servers: Server[] = [];
  let httpsServer: ReturnType<typeof createHttpsServer> | undefined;
  const listening: Promise<void>[] = [];
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }) as Server;
  servers.push(server);
  listening.push(new Promise((resolve) => server.once('listening', resolve)));
  server.on('upgrade', onUpgrade);
  if (config.https && tls) {
    httpsServer = createHttpsServer({ key: tls.keyPem, cert: tls.certPem }, getRequestListener(app.fetch));
    httpsServer.on('upgrade', onUpgrade);
    httpsServer.listen(config.https.port, config.host);
    servers.push(httpsServer as unknown as Server);
    const s = httpsServer;
    listening.push(new Promise((resolve) => s.once('listening', resolve)));
  }

  const sweeper = setInterval(() => {
    services.sandboxes.sweep().catch((err: unknown) => logger.error({ err }, 'sandbox sweep failed'));
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();

  const acceptors: Acceptors[] = [];
  let stopping = false;
  void Promise.all(listening).then(async () => {
    // Several descriptors of each listening socket, so a busy loop accepts more than one connection
    // per turn (every kubectl command is a new connection; see http/acceptors.ts).
    const warn = (message: string, err?: unknown) => logger.warn({ err }, message);
    for (const added of await Promise.all(servers.map((s) => addAcceptors(s, undefined, { warn })))) {
      if (stopping) added.close();
      else acceptors.push(added);
    }
    if (stopping) return;
    ready = true;
    const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const httpPort = (server.address() as { port: number }).port;
    console.log(`Atelier Kubernetes est prêt : http://${shownHost}:${httpPort}`);
    if (httpsServer) {
      const httpsPort = (httpsServer.address() as { port: number }).port;
      // HTTPS_PORT=0 (tests) picks a free port: kubeconfigs must name the real one.
      if (services.https) services.https.port = httpsPort;
      if (!publicHttps) console.log(`HTTPS (kubeconfig des apprenants) : https://${shownHost}:${httpsPort}`);
    }
    if (publicHttps) console.log(`HTTPS (kubeconfig des apprenants) : ${publicHttps.url}`);
    logger.info({ port: httpPort, dataDir: config.dataDir, runtime: config.runtime }, 'ready');
  });

  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    ready = false;
    clearInterval(sweeper);
    for (const a of acceptors.splice(0)) a.close();
    let open = servers.length;
    const closed = () => {
      open -= 1;
      if (open > 0) return;
      void Promise.all([terminals.closeAll(), services.sandboxes.close()])
        .then(() => shells.close())
        .then(() => kubernetesHost?.close())
        .finally(() => {
          void db.close().finally(() => {
            console.log('Atelier Kubernetes est arrêté.');
            process.exit(0);
          });
        });
    };
    for (const s of servers) {
      s.close(closed);
      // Idle keep-alive connections and open watches would hold close() open; end them.
      s.closeAllConnections();
    }
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

void main();
