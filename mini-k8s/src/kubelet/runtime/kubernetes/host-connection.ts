/**
 * How the runtime reaches its host cluster, as a Kubernetes client would: in-cluster (the pod's service
 * account token and CA under /var/run/secrets/kubernetes.io/serviceaccount, KUBERNETES_SERVICE_HOST/PORT) or a
 * kubeconfig file (current context; bearer token, token file or client certificate; CA data or file).
 * The token is read again from its file when it changes on disk: the kubelet rotates projected service
 * account tokens (about hourly), so a platform running for days keeps a valid one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ApiClient } from '../../../client/client';
import { httpsTransport } from '../../../client/transport';
import type { HostStreams } from './remote-command';

/** HostCredentials are where the host API server is and how to authenticate to it. */
export interface HostCredentials {
  /** server is the API server's `https://host:port`. */
  server: string;
  /** PEM CA certificate(s) of the server; undefined: the system's CAs. */
  ca?: string;
  /** A bearer token given inline (kubeconfig `token`). */
  token?: string;
  /** A file holding the bearer token, read again when it changes (service account, kubeconfig `tokenFile`). */
  tokenFile?: string;
  /** PEM client certificate and key. */
  cert?: string;
  key?: string;
  /** source says where these came from (logs and error messages): `in-cluster` or `kubeconfig <file> (context x)`. */
  source: string;
}

/** HostCluster is a connection to the host: REST through the ApiClient, exec/attach through its WebSockets. */
export interface HostCluster {
  client: ApiClient;
  streams: HostStreams;
  source: string;
  server: string;
}

/** HostConfigError is a configuration that cannot reach any host (missing file, unsupported auth...). */
export class HostConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HostConfigError';
  }
}

/** SERVICE_ACCOUNT_DIR is where Kubernetes mounts a pod's service account credentials. */
export const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** inClusterCredentials reads the credentials of the pod this process runs in (rest.InClusterConfig). */
export function inClusterCredentials(
  env: NodeJS.ProcessEnv = process.env,
  dir: string = SERVICE_ACCOUNT_DIR,
): HostCredentials {
  const host = env.KUBERNETES_SERVICE_HOST;
  const port = env.KUBERNETES_SERVICE_PORT;
  if (!host || !port) {
    throw new HostConfigError(
      'not running in a Kubernetes pod: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set (set HOST_KUBECONFIG to use a kubeconfig file)',
    );
  }
  const tokenFile = path.join(dir, 'token');
  if (!fs.existsSync(tokenFile)) {
    throw new HostConfigError(
      `no service account token at ${tokenFile}: the pod needs automountServiceAccountToken: true and a service account`,
    );
  }
  const caFile = path.join(dir, 'ca.crt');
  return {
    server: `https://${host.includes(':') ? `[${host}]` : host}:${port}`,
    ...(fs.existsSync(caFile) ? { ca: fs.readFileSync(caFile, 'utf8') } : {}),
    tokenFile,
    source: 'in-cluster',
  };
}

interface KubeconfigFile {
  'current-context'?: string;
  contexts?: { name: string; context?: { cluster?: string; user?: string } }[];
  clusters?: {
    name: string;
    cluster?: {
      server?: string;
      'certificate-authority-data'?: string;
      'certificate-authority'?: string;
      'insecure-skip-tls-verify'?: boolean;
    };
  }[];
  users?: {
    name: string;
    user?: {
      token?: string;
      tokenFile?: string;
      'client-certificate-data'?: string;
      'client-key-data'?: string;
      'client-certificate'?: string;
      'client-key'?: string;
      exec?: unknown;
      'auth-provider'?: unknown;
      username?: string;
    };
  }[];
}

/** kubeconfigCredentials reads the current context of a kubeconfig file. */
export function kubeconfigCredentials(file: string): HostCredentials {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new HostConfigError(`cannot read the kubeconfig ${file}: ${(err as Error).message}`);
  }
  let config: KubeconfigFile;
  try {
    config = (parse(text) ?? {}) as KubeconfigFile;
  } catch (err) {
    throw new HostConfigError(`the kubeconfig ${file} is not valid YAML: ${(err as Error).message}`);
  }
  const dir = path.dirname(path.resolve(file));
  const readRelative = (p: string, what: string) => {
    const full = path.resolve(dir, p);
    try {
      return fs.readFileSync(full, 'utf8');
    } catch (err) {
      throw new HostConfigError(
        `cannot read the ${what} ${full} named by ${file}: ${(err as Error).message}`,
      );
    }
  };
  const contextName = config['current-context'];
  if (!contextName) throw new HostConfigError(`the kubeconfig ${file} has no current-context`);
  const context = config.contexts?.find((c) => c.name === contextName)?.context;
  if (!context) throw new HostConfigError(`the kubeconfig ${file} has no context named "${contextName}"`);
  const cluster = config.clusters?.find((c) => c.name === context.cluster)?.cluster;
  if (!cluster?.server) {
    throw new HostConfigError(
      `the context "${contextName}" of ${file} names no cluster with a server (cluster "${context.cluster ?? ''}")`,
    );
  }
  if (!cluster.server.startsWith('https://')) {
    throw new HostConfigError(
      `the server ${cluster.server} of ${file} is not https://: tokens are sent over TLS only`,
    );
  }
  if (cluster['insecure-skip-tls-verify']) {
    throw new HostConfigError(
      `the cluster of ${file} sets insecure-skip-tls-verify: give its CA (certificate-authority-data) instead`,
    );
  }
  const user = config.users?.find((u) => u.name === context.user)?.user ?? {};
  if (user.exec || user['auth-provider']) {
    throw new HostConfigError(
      `the user "${context.user ?? ''}" of ${file} authenticates with an exec plugin or auth-provider, which is not supported: use a service account token or a client certificate`,
    );
  }
  const source = `kubeconfig ${file} (context ${contextName})`;
  const credentials: HostCredentials = { server: cluster.server.replace(/\/$/, ''), source };
  if (cluster['certificate-authority-data']) {
    credentials.ca = Buffer.from(cluster['certificate-authority-data'], 'base64').toString('utf8');
  } else if (cluster['certificate-authority']) {
    credentials.ca = readRelative(cluster['certificate-authority'], 'CA file');
  }
  if (user.token) credentials.token = user.token;
  else if (user.tokenFile) credentials.tokenFile = path.resolve(dir, user.tokenFile);
  const cert = user['client-certificate-data']
    ? Buffer.from(user['client-certificate-data'], 'base64').toString('utf8')
    : user['client-certificate']
      ? readRelative(user['client-certificate'], 'client certificate')
      : undefined;
  const key = user['client-key-data']
    ? Buffer.from(user['client-key-data'], 'base64').toString('utf8')
    : user['client-key']
      ? readRelative(user['client-key'], 'client key')
      : undefined;
  if ((cert === undefined) !== (key === undefined)) {
    throw new HostConfigError(
      `the user "${context.user ?? ''}" of ${file} has a client certificate without its key (or the reverse)`,
    );
  }
  if (cert && key) Object.assign(credentials, { cert, key });
  if (!credentials.token && !credentials.tokenFile && !credentials.cert) {
    throw new HostConfigError(
      `the user "${context.user ?? ''}" of ${file} has no token, tokenFile or client certificate`,
    );
  }
  return credentials;
}

/**
 * tokenSource returns the current bearer token: the inline one, or the token file's content, read again when
 * the file's modification time changes (rotation), never more than once a second.
 */
function tokenSource(credentials: HostCredentials): () => string | undefined {
  if (credentials.token) return () => credentials.token;
  const file = credentials.tokenFile;
  if (!file) return () => undefined;
  let cached: { token: string; mtimeMs: number; checkedAt: number } | undefined;
  return () => {
    const now = Date.now();
    if (cached && now - cached.checkedAt < 1000) return cached.token;
    try {
      const { mtimeMs } = fs.statSync(file);
      if (!cached || cached.mtimeMs !== mtimeMs) {
        cached = { token: fs.readFileSync(file, 'utf8').trim(), mtimeMs, checkedAt: now };
      } else cached.checkedAt = now;
    } catch {
      // The file is being replaced (atomic rename by the kubelet): keep the last token for now.
    }
    return cached?.token;
  };
}

/** connectHost builds the ApiClient and WebSocket settings of a host cluster. */
export function connectHost(credentials: HostCredentials): HostCluster {
  const token = tokenSource(credentials);
  const inner = httpsTransport({
    ...(credentials.ca ? { ca: credentials.ca } : {}),
    ...(credentials.cert && credentials.key ? { cert: credentials.cert, key: credentials.key } : {}),
  });
  const client = new ApiClient({
    baseUrl: credentials.server,
    userAgent: 'atelier-platform',
    transport: (request) => {
      const current = token();
      if (current) request.headers.set('authorization', `Bearer ${current}`);
      return inner(request);
    },
  });
  const streams: HostStreams = {
    baseUrl: credentials.server,
    ...(credentials.ca ? { ca: credentials.ca } : {}),
    ...(credentials.cert && credentials.key ? { cert: credentials.cert, key: credentials.key } : {}),
    get token() {
      return token();
    },
  };
  return { client, streams, source: credentials.source, server: credentials.server };
}
