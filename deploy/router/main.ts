/**
 * The router's entry point (`node --import tsx deploy/router/main.ts`, the chart's router Deployment):
 * REPLICAS lists the replicas' base URLs in order (comma-separated), DATABASE_URL is the platform's shared
 * PostgreSQL (sandbox → learner), PORT the listening port (default 8080).
 */
import { MapSandboxDirectory, PostgresSandboxDirectory, type SandboxDirectory } from './directory';
import { createRouter } from './router';

function fail(message: string): never {
  console.error(`Configuration invalide du routeur : ${message}`);
  process.exit(2);
}

const replicas = (process.env.REPLICAS ?? '')
  .split(',')
  .map((r) => r.trim())
  .filter((r) => r !== '');
if (replicas.length === 0)
  fail('REPLICAS doit lister les adresses des réplicas (http://hôte:port, séparées par des virgules)');
for (const r of replicas) {
  if (!/^https?:\/\/[^/]+\/?$/.test(r)) fail(`REPLICAS : « ${r} » n’est pas une adresse http://hôte:port`);
}
const port = Number(process.env.PORT ?? '8080');
if (!Number.isInteger(port) || port < 0 || port > 65_535) fail('PORT doit être un port TCP (0 à 65535)');
const databaseUrl = process.env.DATABASE_URL ?? '';
if (replicas.length > 1 && !databaseUrl)
  fail('DATABASE_URL est obligatoire avec plusieurs réplicas (base PostgreSQL partagée)');

// One replica needs no directory: everything goes to it.
const directory: SandboxDirectory = databaseUrl
  ? new PostgresSandboxDirectory(databaseUrl)
  : new MapSandboxDirectory();
const router = createRouter({
  replicas,
  directory,
  log: (entry) => console.log(JSON.stringify({ time: new Date().toISOString(), ...entry })),
});
router.server.listen(port, () => {
  const address = router.server.address();
  const shown = typeof address === 'object' && address ? address.port : port;
  console.log(`Routeur Atelier Kubernetes prêt : port ${shown}, ${replicas.length} réplica(s)`);
});
const stop = () => {
  router.server.close(() => void directory.close().finally(() => process.exit(0)));
  router.server.closeAllConnections();
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
