/**
 * The socket proxy's command: `node --import tsx deploy/socket-proxy/main.ts`.
 * Environment: DOCKER_SOCKET (default /var/run/docker.sock), LISTEN (default 0.0.0.0:2375, or a socket path),
 * ALLOWED_BIND_ROOTS (comma-separated, default /var/lib/atelier).
 */
import { createSocketProxy } from './server';

const upstreamSocket = process.env.DOCKER_SOCKET || '/var/run/docker.sock';
const listen = process.env.LISTEN || '0.0.0.0:2375';
const dataRoots = (process.env.ALLOWED_BIND_ROOTS || '/var/lib/atelier')
  .split(',')
  .map((root) => root.trim())
  .filter(Boolean);

const server = createSocketProxy({
  upstreamSocket,
  dataRoots,
  log: (entry) => console.log(JSON.stringify({ level: 'warn', msg: 'refused', ...entry })),
});
const onReady = () => console.log(JSON.stringify({ level: 'info', msg: 'ready', listen, dataRoots }));
if (listen.startsWith('/')) server.listen(listen, onReady);
else {
  const [host, port] = listen.includes(':')
    ? [listen.slice(0, listen.lastIndexOf(':')), listen.slice(listen.lastIndexOf(':') + 1)]
    : ['0.0.0.0', listen];
  server.listen(Number(port), host, onReady);
}
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
