/**
 * `kubectl create secret docker-registry|tls`: the `.dockerconfigjson` kubectl builds from the --docker-*
 * flags (Go's json.Marshal, HTML-escaped), or key files; the `tls.crt`/`tls.key` pair checked as
 * tls.X509KeyPair does, with kubectl 1.32's errors.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import type { KubeObject } from '../../api/object';
import type { CommandContext } from '../cmdutil/context';
import { type Generator, keyValues, meta, requireName } from './create-generators';

/** goJson is json.Marshal of a string-valued structure: `<`, `>`, `&`, U+2028/9 are escaped. */
function goJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function secret(ctx: CommandContext, name: string, type: string, data: Record<string, string>): KubeObject {
  const encoded = Object.fromEntries(
    Object.entries(data)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  );
  return {
    kind: 'Secret',
    apiVersion: 'v1',
    metadata: meta(ctx, name),
    data: encoded,
    type,
  } as unknown as KubeObject;
}

async function readFile(ctx: CommandContext, path: string): Promise<string> {
  try {
    if (!ctx.io.fs) throw new Error('no file system');
    return await ctx.io.fs.readFile(path);
  } catch (err) {
    throw new Error(`Cannot read file ${path}, open ${path}: no such file or directory`, { cause: err });
  }
}

/** pemTypes lists the types of the PEM blocks of a text, in order. */
function pemTypes(text: string): string[] {
  return [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----/g)].map((m) => m[1]);
}

const isKey = (type: string) => type === 'PRIVATE KEY' || type.endsWith(' PRIVATE KEY');

/** checkKeyPair reproduces tls.X509KeyPair's checks and messages on PEM texts. */
function checkKeyPair(cert: string, key: string): void {
  const certTypes = pemTypes(cert);
  if (!certTypes.includes('CERTIFICATE')) {
    if (certTypes.length === 0) throw new Error('tls: failed to find any PEM data in certificate input');
    if (certTypes.length === 1 && isKey(certTypes[0])) {
      throw new Error(
        'tls: failed to find certificate PEM data in certificate input, but did find a private key; PEM inputs may have been switched',
      );
    }
    throw new Error(
      `tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of the following types: [${certTypes.join(' ')}]`,
    );
  }
  const keyTypes = pemTypes(key);
  const keyAt = keyTypes.findIndex(isKey);
  if (keyAt < 0) {
    if (keyTypes.length === 0) throw new Error('tls: failed to find any PEM data in key input');
    if (keyTypes.length === 1 && keyTypes[0] === 'CERTIFICATE') {
      throw new Error('tls: found a certificate rather than a key in the PEM for the private key');
    }
    throw new Error(
      `tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM blocks of the following types: [${keyTypes.join(' ')}]`,
    );
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(cert);
  } catch (err) {
    throw new Error('x509: malformed certificate', { cause: err });
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch (err) {
    throw new Error('tls: failed to parse private key', { cause: err });
  }
  if (!certificate.checkPrivateKey(privateKey)) throw new Error('tls: private key does not match public key');
}

/** SECRET_FILE_GENERATORS are `create secret docker-registry` and `create secret tls`. */
export const SECRET_FILE_GENERATORS: Generator[] = [
  {
    name: 'docker-registry',
    flags: [
      { name: 'docker-username', type: 'string' },
      { name: 'docker-password', type: 'string' },
      { name: 'docker-email', type: 'string' },
      { name: 'docker-server', type: 'string', default: 'https://index.docker.io/v1/' },
      { name: 'from-file', type: 'stringSlice' },
      { name: 'append-hash', type: 'bool' },
    ],
    createErrorPrefix: 'failed to create secret ',
    async build(ctx, flags, args) {
      const name = requireName(args);
      const username = flags.str('docker-username');
      const password = flags.str('docker-password');
      const server = flags.str('docker-server');
      if (flags.list('from-file').length === 0 && (!username || !password || !server)) {
        throw new Error(
          'either --from-file or the combination of --docker-username, --docker-password and --docker-server is required',
        );
      }
      if (flags.list('from-file').length > 0) {
        return secret(ctx, name, 'kubernetes.io/dockerconfigjson', await keyValues(ctx, flags));
      }
      const entry: Record<string, string> = { username, password };
      if (flags.str('docker-email')) entry.email = flags.str('docker-email');
      entry.auth = Buffer.from(`${username}:${password}`).toString('base64');
      const config = goJson({ auths: { [server]: entry } });
      return secret(ctx, name, 'kubernetes.io/dockerconfigjson', { '.dockerconfigjson': config });
    },
  },
  {
    name: 'tls',
    flags: [
      { name: 'cert', type: 'string' },
      { name: 'key', type: 'string' },
      { name: 'append-hash', type: 'bool' },
    ],
    createErrorPrefix: 'failed to create secret ',
    async build(ctx, flags, args) {
      const name = requireName(args);
      const certPath = flags.str('cert');
      const keyPath = flags.str('key');
      if (!certPath || !keyPath) throw new Error('key and cert must be specified');
      const cert = await readFile(ctx, certPath);
      const key = await readFile(ctx, keyPath);
      checkKeyPair(cert, key);
      return secret(ctx, name, 'kubernetes.io/tls', { 'tls.crt': cert, 'tls.key': key });
    },
  },
];
