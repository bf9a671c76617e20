import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderLearnerKubeconfig } from '../sandboxes/kubeconfig';
import { createHarness } from '../shell/harness';
import type { CommandContext } from '../shell/types';
import {
  binaryKubectlArgv,
  binaryKubectlCommand,
  binaryKubectlEnv,
  binaryKubectlFiles,
  mergeKubeconfig,
  readsStdin,
  refusal,
  writeBinaryKubeconfig,
} from './binary-kubectl';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'binary-kubectl-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const kubeconfig = (port: number) =>
  renderLearnerKubeconfig({
    server: `https://127.0.0.1:${port}/k8s/s1`,
    sandboxId: 's1',
    token: 'learner-token',
    lessonUsers: [
      { name: 'alice', token: 'a' },
      { name: 'bob', token: 'b' },
    ],
    caPem: 'CA',
  });

/** A shell whose `kubectl` is Node itself: `kubectl -e '<script>'` runs a script as the "binary". */
function nodeAsKubectl(options: { outputLimit?: number; guarded?: boolean } = {}) {
  const files = binaryKubectlFiles(tmp, 'node');
  let prepared = 0;
  const command = binaryKubectlCommand({
    binary: process.execPath,
    ...(options.guarded ? {} : { guard: () => undefined }),
    prepare: async () => {
      prepared++;
      writeBinaryKubeconfig(files, kubeconfig(1));
      return files;
    },
  });
  const harness = createHarness({
    kubectl: command,
    ...(options.outputLimit ? { ttyCols: 80, limits: { maxOutputBytes: options.outputLimit } } : {}),
  });
  return { harness, files, prepared: () => prepared };
}

describe('argv and environment of the real kubectl', () => {
  it('passes the arguments untouched and nothing of the server environment', () => {
    expect(binaryKubectlArgv('/usr/bin/kubectl', ['k', 'get', 'pods', '-o', 'jsonpath={.items[*]}'])).toEqual(
      {
        file: '/usr/bin/kubectl',
        args: ['get', 'pods', '-o', 'jsonpath={.items[*]}'],
      },
    );
    const files = binaryKubectlFiles('/data/shell-kubectl', 'abc');
    expect(files).toEqual({
      kubeconfig: '/data/shell-kubectl/abc/config',
      home: '/data/shell-kubectl/abc/home',
    });
    expect(binaryKubectlEnv(files)).toEqual({
      KUBECONFIG: '/data/shell-kubectl/abc/config',
      HOME: '/data/shell-kubectl/abc/home',
      PATH: '/usr/bin:/bin',
      LANG: 'C.UTF-8',
    });
    expect(() => binaryKubectlFiles('/data', '../etc')).toThrow(/invalid sandbox id/);
  });

  it('runs the binary without a shell, with exactly that environment and the typed words', async () => {
    const { harness, files } = nodeAsKubectl();
    const r = await harness.run(
      `kubectl -e 'console.log(JSON.stringify({ env: process.env, argv: process.argv.slice(1) }))' 'a b' '$HOME;id' "*"`,
    );
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    const seen = JSON.parse(r.out) as { env: Record<string, string>; argv: string[] };
    expect(seen.argv).toEqual(['a b', '$HOME;id', '*']);
    expect(seen.env).toEqual(binaryKubectlEnv(files));
  });

  it('pipes stdin in, passes the exit status through, and stops with Ctrl-C', async () => {
    const { harness } = nodeAsKubectl();
    const echoed = await harness.run(
      `printf 'un\\ndeux\\n' | kubectl -e 'process.stdin.pipe(process.stdout)'`,
    );
    expect(echoed.out).toBe('un\ndeux\n');
    const failed = await harness.run(`kubectl -e 'process.exit(3)'; echo "status $?"`);
    expect(failed.out).toBe('status 3\n');

    const interrupted = new AbortController();
    const running = harness.run(
      `kubectl -e 'console.log("start"); setInterval(() => {}, 1000)'`,
      '',
      interrupted.signal,
    );
    setTimeout(() => interrupted.abort(), 500);
    const stopped = await running;
    expect(stopped.status).toBe(130);

    // The command itself (under the shell, which reports 130 for any interrupted line): SIGKILL after 2 s
    // when kubectl ignores SIGINT.
    const files = binaryKubectlFiles(tmp, 'direct');
    const command = binaryKubectlCommand({
      binary: process.execPath,
      guard: () => undefined,
      prepare: async () => {
        writeBinaryKubeconfig(files, kubeconfig(1));
        return files;
      },
    });
    const stubborn = new AbortController();
    let printed = '';
    const ctx = {
      argv: [
        'kubectl',
        '-e',
        'process.on("SIGINT", () => {}); console.log("ready"); setInterval(() => {}, 1000)',
      ],
      stdin: (async function* () {})(),
      terminal: { cols: 80, rows: 24, stdinIsTty: false, stdoutIsTty: false },
      stdout: {
        write: async (text: string) => {
          printed += text;
          if (printed.includes('ready')) stubborn.abort();
        },
      },
      stderr: { write: async () => undefined },
      signal: stubborn.signal,
    } as unknown as CommandContext;
    expect(await command(ctx)).toBe(137);
  }, 30_000);

  it('bounds the output by the shell limit (the binary is stopped)', async () => {
    const { harness } = nodeAsKubectl({ outputLimit: 50_000 });
    const r = await harness.run(`kubectl -e 'for (;;) process.stdout.write("y\\n".repeat(1000))'`);
    expect(r.out).toMatch(/sortie tronquée/);
    expect(r.status).not.toBe(0);
  }, 30_000);

  it('refuses what would reach the server’s files, programs or ports, before spawning anything', async () => {
    const { harness, prepared } = nodeAsKubectl({ guarded: true });
    const r = await harness.run('kubectl apply -f /etc/passwd');
    expect(r.status).toBe(1);
    expect(r.err).toMatch(/kubectl : ce kubectl lit les fichiers sur son entrée standard/);
    expect(prepared()).toBe(0);
  });
});

describe('readsStdin', () => {
  it('is true for a manifest on stdin and for -i/--stdin, not for the rest', () => {
    for (const args of [
      ['apply', '-f', '-'],
      ['apply', '--filename=-'],
      ['exec', '-it', 'web', '--', 'sh'],
      ['run', 'x', '--image=busybox', '--stdin'],
      ['attach', '-i', 'web'],
    ])
      expect(readsStdin(args)).toBe(true);
    for (const args of [
      ['get', 'pods', '-w'],
      ['logs', '-f', 'web'],
      ['exec', 'web', '--', 'cat', '-'],
      ['get', 'pods', '-owide'],
      ['-nmini', 'get', 'pods'],
      ['logs', 'web', '-cinit'],
    ])
      expect(readsStdin(args)).toBe(false);
  });
});

describe('refusal', () => {
  it.each([
    [['apply', '-f', 'pod.yaml']],
    [['apply', '--filename=/etc/passwd']],
    [['apply', '-f/etc/passwd']],
    [['apply', '-k', '.']],
    [['create', 'configmap', 'x', '--from-file=/etc/passwd']],
    [['create', 'secret', 'tls', 't', '--cert', 'a', '--key', 'b']],
    [['--kubeconfig', '/etc/x', 'get', 'pods']],
    [['get', 'pods', '--server=http://169.254.169.254']],
    [['get', 'pods', '-o', 'jsonpath-file=/etc/passwd']],
    [['get', 'pods', '-ogo-template-file=/etc/passwd']],
    [['cp', 'web:/etc/hosts', '/tmp/x']],
    [['proxy']],
    [['port-forward', 'pod/web', '8080']],
    [['edit', 'deploy/web']],
    [['plugin', 'list']],
    [['whatever']],
    [['cluster-info', 'dump', '--output-directory=/tmp']],
    [['config', 'set-credentials', 'x', '--exec-command=/bin/sh']],
    [['config', 'set', 'users.x.exec.command', '/bin/sh']],
    [['get', 'pods', '--profile=cpu', '--profile-output=/tmp/x']],
    [['debug', 'web', '--image=busybox', '--custom=/etc/passwd']],
    [['debug', 'web', '--image=busybox', '--profile', 'general', '--profile-output=/tmp/x']],
  ])('refuses %j', (args) => {
    expect(refusal(args)).toMatch(/\S/);
  });

  it.each([
    [[]],
    [['get', 'nodes']],
    [['--context', 'alice', 'get', 'pods']],
    [['-n', 'dev', 'get', 'pods', '-o', 'wide']],
    [['apply', '-f', '-']],
    [['apply', '--filename=-']],
    [['logs', '-f', 'web']],
    [['get', 'pods', '-w']],
    [['apply', '--server-side', '-f', '-']],
    [['config', 'use-context', 'bob']],
    [['config', 'set-context', '--current', '--namespace=dev']],
    [['exec', 'web', '--', 'cat', '-f', '/etc/hosts']],
    [['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}']],
    [['debug', '-it', 'web', '--image=busybox', '--target=web', '--profile=general']],
    [['debug', 'web', '--image=busybox', '--profile', 'general', '--', 'sh']],
  ])('allows %j', (args) => {
    expect(refusal(args)).toBeUndefined();
  });
});

describe('the binary’s kubeconfig', () => {
  it('is written 0600 in a private folder and keeps the learner’s context and namespaces', () => {
    const files = binaryKubectlFiles(tmp, 'kc');
    writeBinaryKubeconfig(files, kubeconfig(1111));
    expect(fs.statSync(files.kubeconfig).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(files.kubeconfig)).mode & 0o777).toBe(0o700);
    expect(fs.statSync(files.home).mode & 0o777).toBe(0o700);
    const doc = parse(fs.readFileSync(files.kubeconfig, 'utf8'));
    expect(doc.contexts.map((c: { name: string }) => c.name)).toEqual(['atelier-s1', 'alice', 'bob']);

    // The learner switches context and namespace with the binary; a new port keeps those choices.
    doc['current-context'] = 'bob';
    doc.contexts[1].context.namespace = 'dev';
    fs.writeFileSync(files.kubeconfig, JSON.stringify(doc));
    writeBinaryKubeconfig(files, kubeconfig(2222));
    const next = parse(fs.readFileSync(files.kubeconfig, 'utf8'));
    expect(next.clusters[0].cluster.server).toBe('https://127.0.0.1:2222/k8s/s1');
    expect(next['current-context']).toBe('bob');
    expect(next.contexts[1].context.namespace).toBe('dev');
    expect(fs.statSync(files.kubeconfig).mode & 0o777).toBe(0o600);
  });

  it('drops a context that no longer exists and replaces an unreadable file', () => {
    const fresh = kubeconfig(1);
    expect(parse(mergeKubeconfig('current-context: gone\n', fresh))['current-context']).toBe('atelier-s1');
    expect(mergeKubeconfig(': : not yaml [', fresh)).toBe(fresh);
    expect(mergeKubeconfig(undefined, fresh)).toBe(fresh);
  });
});
