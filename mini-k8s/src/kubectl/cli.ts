/**
 * The kubectl CLI entry: `node --import tsx mini-k8s/src/kubectl/cli.ts get pods`. Reads the kubeconfig
 * like kubectl (`--kubeconfig`, then $KUBECONFIG, then ~/.kube/config), connects over HTTPS with the
 * context's CA and bearer token, and runs runKubectl with the process streams and the host file system.
 */
import { spawnSync } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ApiClient } from '../client/client';
import { httpsTransport } from '../client/transport';
import type { KubeconfigContext, KubectlFs } from './cmdutil/context';
import { runKubectl } from './run-kubectl';

interface Kubeconfig {
  'current-context'?: string;
  contexts?: { name: string; context: { cluster: string; user: string; namespace?: string } }[];
  clusters?: {
    name: string;
    cluster: { server: string; 'certificate-authority-data'?: string; 'insecure-skip-tls-verify'?: boolean };
  }[];
  users?: { name: string; user: { token?: string } }[];
}

const hostFs: KubectlFs = {
  readFile: (path) => readFile(path, 'utf8'),
  writeFile: (path, content) => writeFile(path, content),
  async readDir(path) {
    try {
      if (!(await stat(path)).isDirectory()) return undefined;
    } catch {
      return undefined;
    }
    return readdir(path);
  },
};

/** hostEditor runs $KUBE_EDITOR, $EDITOR or vi on a temporary copy, as kubectl edit does. */
async function hostEditor(path: string, content: string): Promise<string | undefined> {
  const file = join(tmpdir(), path.split('/').pop() ?? 'kubectl-edit.yaml');
  await writeFile(file, content);
  const editor = process.env.KUBE_EDITOR || process.env.EDITOR || 'vi';
  const result = spawnSync('sh', ['-c', `${editor} "$1"`, 'sh', file], { stdio: 'inherit' });
  if (result.status !== 0) return undefined;
  return readFile(file, 'utf8');
}

/** main runs kubectl with process argv and returns the exit code. */
export async function main(argv: string[]): Promise<number> {
  const flagIndex = argv.findIndex((a) => a === '--kubeconfig' || a.startsWith('--kubeconfig='));
  const explicit =
    flagIndex < 0
      ? undefined
      : argv[flagIndex].includes('=')
        ? argv[flagIndex].split('=')[1]
        : argv[flagIndex + 1];
  const path = explicit ?? process.env.KUBECONFIG?.split(':')[0] ?? join(homedir(), '.kube', 'config');
  const doc = parse(await readFile(path, 'utf8').catch(() => '')) as Kubeconfig | null;
  const current = doc?.contexts?.find((c) => c.name === doc['current-context']);
  const cluster = doc?.clusters?.find((c) => c.name === current?.context.cluster)?.cluster;
  const user = doc?.users?.find((u) => u.name === current?.context.user);
  const clientWithToken = (token: string | undefined) =>
    new ApiClient({
      transport: httpsTransport({
        ca: cluster?.['certificate-authority-data']
          ? Buffer.from(cluster['certificate-authority-data'], 'base64').toString()
          : undefined,
        token,
        insecureSkipTlsVerify: cluster?.['insecure-skip-tls-verify'] ?? false,
      }),
      baseUrl: cluster?.server ?? 'http://localhost:8080',
      userAgent: 'kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07',
    });
  const client = clientWithToken(user?.user.token);
  const contexts: KubeconfigContext[] = (doc?.contexts ?? []).map((c) => ({ name: c.name, ...c.context }));
  return runKubectl(
    argv,
    {
      stdin: process.stdin.setEncoding('utf8') as AsyncIterable<string>,
      stdout: (s) => process.stdout.write(s),
      stderr: (s) => process.stderr.write(s),
      env: process.env as Record<string, string>,
      fs: hostFs,
      editor: hostEditor,
      terminalWidth: process.stdout.columns,
    },
    {
      client,
      namespace: current?.context.namespace ?? 'default',
      user: current?.context.user,
      kubeconfig: (doc ?? {}) as Record<string, unknown>,
      currentContext: doc?.['current-context'],
      contexts,
      clientWithToken,
    },
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
