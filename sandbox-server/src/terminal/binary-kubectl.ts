/**
 * binaryKubectlCommand is the built-in shell's `kubectl` (and `k`) when SHELL_KUBECTL=binary: the server's
 * real kubectl binary, spawned without a shell (argv exactly as the shell expanded it), against the
 * platform's own HTTPS API (/k8s/<sandbox-id>) with a kubeconfig kept for the sandbox under the data dir.
 * Its environment is only what kubectl needs: KUBECONFIG, a private HOME (kubectl's cache) and a minimal
 * PATH; nothing of the server's environment (KUBE_EDITOR, KUBECTL_EXTERNAL_DIFF, secrets) reaches it.
 *
 * That kubeconfig is the binary's own, not the shell's ~/.kube/config: `kubectl config use-context bob`
 * changes the binary's file, and the context and namespaces chosen there survive the next commands (the
 * file is refreshed for a new server port or token, keeping the learner's choices).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Readable, Writable } from 'node:stream';
import { parse, stringify } from 'yaml';
import type { Command, OutputStream } from '../shell/types';

/** KILL_AFTER_MS is how long kubectl gets to stop after Ctrl-C (SIGINT) before SIGKILL. */
export const KILL_AFTER_MS = 2_000;

/** MINIMAL_PATH is the PATH kubectl runs with (it runs no plugin or helper of the server). */
const MINIMAL_PATH = '/usr/bin:/bin';

/** BinaryKubectlFiles are a sandbox's kubeconfig and kubectl HOME on the server's disk. */
export interface BinaryKubectlFiles {
  kubeconfig: string;
  home: string;
}

/** binaryKubectlFiles places a sandbox's files: `<dir>/<sandbox-id>/config` and `<dir>/<sandbox-id>/home`. */
export function binaryKubectlFiles(dir: string, sandboxId: string): BinaryKubectlFiles {
  if (!/^[A-Za-z0-9_-]+$/.test(sandboxId)) throw new Error(`invalid sandbox id: ${sandboxId}`);
  return { kubeconfig: path.join(dir, sandboxId, 'config'), home: path.join(dir, sandboxId, 'home') };
}

/** binaryKubectlEnv is kubectl's whole environment: nothing is inherited from the server. */
export function binaryKubectlEnv(files: BinaryKubectlFiles): Record<string, string> {
  return { KUBECONFIG: files.kubeconfig, HOME: files.home, PATH: MINIMAL_PATH, LANG: 'C.UTF-8' };
}

/** binaryKubectlArgv is what is spawned for a shell argv (`kubectl …` or `k …`): the binary, args untouched. */
export function binaryKubectlArgv(binary: string, argv: string[]): { file: string; args: string[] } {
  return { file: binary, args: argv.slice(1) };
}

/**
 * ALLOWED_COMMANDS are the kubectl commands the binary may run: those that only talk to the sandbox's API.
 * Left out: `cp` and `cluster-info dump` (the server's files), `proxy` and `port-forward` (ports on the
 * server), `edit` (an editor on the server), `plugin`, `kustomize` and unknown names (plugins on PATH).
 */
const ALLOWED_COMMANDS = new Set([
  'annotate',
  'api-resources',
  'api-versions',
  'apply',
  'attach',
  'auth',
  'autoscale',
  'certificate',
  'completion',
  'config',
  'cordon',
  'create',
  'debug',
  'delete',
  'describe',
  'diff',
  'drain',
  'events',
  'exec',
  'explain',
  'expose',
  'get',
  'help',
  'label',
  'logs',
  'options',
  'patch',
  'replace',
  'rollout',
  'run',
  'scale',
  'set',
  'taint',
  'top',
  'uncordon',
  'version',
  'wait',
]);

/** CONFIG_COMMANDS are the `kubectl config` subcommands allowed: choosing among the sandbox's contexts. */
const CONFIG_COMMANDS = new Set([
  'view',
  'current-context',
  'get-contexts',
  'get-clusters',
  'get-users',
  'use-context',
  'use',
  'set-context',
  'rename-context',
  'delete-context',
]);

/**
 * SERVER_FLAGS name files, programs or endpoints of the server, never the learner's: always refused (the
 * kubeconfig's server, CA and credentials are the platform's choice).
 */
const SERVER_FLAGS = new Set([
  '--kubeconfig',
  '--cache-dir',
  '--certificate-authority',
  '--client-certificate',
  '--client-key',
  '--server',
  '-s',
  '--tls-server-name',
  '--insecure-skip-tls-verify',
  '--from-file',
  '--from-env-file',
  '--kustomize',
  '-k',
  '--template',
  '--output-directory',
  '--cert',
  '--key',
  '--profile',
  '--profile-output',
  '--log-file',
  '--log-dir',
  // kubectl debug --custom reads a container spec from a file.
  '--custom',
]);

/** VALUE_FLAGS are flags whose value may be the next word (`-n dev get`), so that word is no command. */
const VALUE_FLAGS = new Set([
  '-n',
  '--namespace',
  '--context',
  '--user',
  '--cluster',
  '--token',
  '-v',
  '--v',
  '--request-timeout',
  '--as',
  '--as-group',
  '--as-uid',
  '-o',
  '--output',
  '-l',
  '--selector',
  '-c',
  '--container',
]);

const FILE_OUTPUT = /^(jsonpath-file|go-template-file|template-file)(=|$)/;

/**
 * refusal says in French why the real kubectl must not run these arguments (they would read or write the
 * server's files, open its ports or run its programs), or undefined when they only reach the sandbox's API.
 * Files are read from stdin instead: `cat pod.yaml | kubectl apply -f -`.
 */
export function refusal(args: string[]): string | undefined {
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') break;
    if (!arg.startsWith('-') || arg === '-') {
      positional.push(arg);
      continue;
    }
    const long = arg.startsWith('--');
    const eq = arg.indexOf('=');
    const flag = long ? (eq < 0 ? arg : arg.slice(0, eq)) : arg.slice(0, 2);
    const inline = long
      ? eq < 0
        ? undefined
        : arg.slice(eq + 1)
      : arg.slice(2).replace(/^=/, '') || undefined;
    // kubectl debug's own --profile (general, baseline…) shadows the global pprof --profile.
    if (flag === '--profile' && positional[0] === 'debug') {
      if (inline === undefined) i++;
      continue;
    }
    if (SERVER_FLAGS.has(flag))
      return `l'option ${flag} désigne un fichier, un programme ou un serveur de la machine de la plateforme : elle n'est pas disponible ici`;
    if ((flag === '-f' && positional[0] !== 'logs') || flag === '--filename') {
      const value = inline ?? args[++i];
      if (value !== '-')
        return 'ce kubectl lit les fichiers sur son entrée standard : `cat fichier.yaml | kubectl apply -f -`';
      continue;
    }
    if (!VALUE_FLAGS.has(flag)) continue;
    const value = inline ?? args[++i] ?? '';
    if ((flag === '-o' || flag === '--output') && FILE_OUTPUT.test(value))
      return 'les sorties lues dans un fichier ne sont pas disponibles ici : utilisez -o jsonpath=… ou -o go-template=…';
  }
  const [command, sub] = positional;
  const unavailable =
    `la commande « kubectl ${command} ${sub ?? ''}`.trimEnd() +
    " » n'est pas disponible avec le vrai kubectl de ce terminal";
  if (command !== undefined && !ALLOWED_COMMANDS.has(command)) return unavailable;
  if (command === 'config' && sub !== undefined && !CONFIG_COMMANDS.has(sub)) return unavailable;
  return undefined;
}

/**
 * readsStdin tells whether kubectl will read its standard input: `-f -` (a manifest) or `-i`/`--stdin`
 * (exec, run, attach). From the terminal, only then are the keys typed meanwhile given to kubectl; otherwise
 * they wait for the shell (type-ahead), as a terminal keeps them for the shell when a program reads none.
 */
export function readsStdin(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end < 0 ? args : args.slice(0, end)).some(
    (a) =>
      a === '-' ||
      a === '--filename=-' ||
      a === '-f-' ||
      a === '-f=-' ||
      a === '--stdin' ||
      a === '--stdin=true' ||
      /^-[tqwAR]*i[tqwAR]*$/.test(a),
  );
}

interface KubeconfigDoc {
  contexts?: { name?: string; context?: { namespace?: string } }[];
  'current-context'?: string;
  [key: string]: unknown;
}

/**
 * mergeKubeconfig refreshes the binary's kubeconfig (`fresh`: server URL, CA, tokens) while keeping what
 * the learner chose in the previous file: the current context (when it still exists) and each context's
 * namespace. An unreadable previous file is replaced.
 */
export function mergeKubeconfig(previous: string | undefined, fresh: string): string {
  let old: KubeconfigDoc | undefined;
  try {
    old = previous === undefined ? undefined : (parse(previous) as KubeconfigDoc);
  } catch {
    old = undefined;
  }
  if (!old || typeof old !== 'object') return fresh;
  const doc = parse(fresh) as KubeconfigDoc;
  const contexts = doc.contexts ?? [];
  const oldContexts = Array.isArray(old.contexts) ? old.contexts : [];
  for (const c of contexts) {
    const namespace = oldContexts.find((o) => o?.name === c.name)?.context?.namespace;
    if (typeof namespace === 'string' && namespace && c.context) c.context.namespace = namespace;
  }
  const current = old['current-context'];
  if (typeof current === 'string' && contexts.some((c) => c.name === current))
    doc['current-context'] = current;
  return stringify(doc);
}

/** writeBinaryKubeconfig writes the sandbox's kubeconfig (0600) and creates its private HOME (0700). */
export function writeBinaryKubeconfig(files: BinaryKubectlFiles, fresh: string): void {
  fs.mkdirSync(files.home, { recursive: true, mode: 0o700 });
  fs.chmodSync(path.dirname(files.kubeconfig), 0o700);
  let previous: string | undefined;
  try {
    previous = fs.readFileSync(files.kubeconfig, 'utf8');
  } catch {
    previous = undefined;
  }
  const next = mergeKubeconfig(previous, fresh);
  if (next === previous) return;
  const tmp = `${files.kubeconfig}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, next, { mode: 0o600 });
  fs.renameSync(tmp, files.kubeconfig);
}

export interface BinaryKubectlOptions {
  binary: string;
  /** prepare writes the sandbox's kubeconfig (fresh server URL and tokens) and returns its files. */
  prepare: () => Promise<BinaryKubectlFiles>;
  /** guard refuses arguments with a French reason; `refusal` unless replaced (tests run Node as the binary). */
  guard?: (args: string[]) => string | undefined;
}

/** signalNumber is the exit status a shell reports for a process killed by `signal` (128 + number). */
function signalStatus(signal: NodeJS.Signals | null): number {
  if (!signal) return 1;
  return 128 + (os.constants.signals[signal] ?? 0);
}

/**
 * pipeOut copies a child's output to a shell stream with back-pressure: the child's pipe is paused while
 * the shell's writer is busy. Resolves once the pipe has ended and everything is written; a failed write
 * (the reader is gone) is reported through `onWriteError` and the rest is dropped.
 */
function pipeOut(from: Readable, to: OutputStream, onWriteError: (err: unknown) => void): Promise<void> {
  const decoder = new StringDecoder('utf8');
  let failed = false;
  let chain = Promise.resolve();
  const push = (text: string) => {
    if (!text || failed) return;
    from.pause();
    chain = chain
      .then(() => to.write(text))
      .then(
        () => {
          from.resume();
        },
        (err: unknown) => {
          failed = true;
          onWriteError(err);
          from.resume(); // drain the rest so the child never blocks on a full pipe
        },
      );
  };
  return new Promise<void>((resolve) => {
    from.on('data', (chunk: Buffer) => push(decoder.write(chunk)));
    from.on('error', () => undefined);
    from.on('close', () => {
      push(decoder.end());
      void chain.then(() => resolve());
    });
  });
}

/** pipeIn feeds the shell's stdin to the child until it ends or the child exits. */
async function pipeIn(from: AsyncIterable<string>, to: Writable, exited: Promise<unknown>): Promise<void> {
  to.on('error', () => undefined); // kubectl closing its stdin early (it reads none) is no error
  const iterator = from[Symbol.asyncIterator]();
  const stop = exited.then(() => ({ done: true as const, value: undefined }));
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), stop]);
      if (next.done || to.destroyed) break;
      if (!to.write(next.value)) {
        const drained = new Promise((r) => to.once('drain', r));
        await Promise.race([drained, exited]);
      }
    }
  } finally {
    void iterator.return?.();
    to.end();
  }
}

/** binaryKubectlCommand runs the real kubectl for one sandbox (see the file comment). */
export function binaryKubectlCommand(options: BinaryKubectlOptions): Command {
  return async (ctx) => {
    const { file, args } = binaryKubectlArgv(options.binary, ctx.argv);
    const refused = (options.guard ?? refusal)(args);
    if (refused) {
      await ctx.stderr.write(`kubectl : ${refused}.\n`);
      return 1;
    }
    const files = await options.prepare();
    const feedStdin = !ctx.terminal.stdinIsTty || readsStdin(args);
    const child = spawn(file, args, {
      cwd: files.home,
      env: binaryKubectlEnv(files),
      stdio: [feedStdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      shell: false,
      windowsHide: true,
    });
    let writeFailure: { error: unknown } | undefined;
    let killTimer: NodeJS.Timeout | undefined;
    const stopChild = () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT');
      killTimer ??= setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS);
    };
    const onWriteError = (error: unknown) => {
      writeFailure ??= { error };
      stopChild(); // as SIGPIPE: nobody reads any more
    };
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null } | { error: Error }>(
      (resolve) => {
        child.once('exit', (code, signal) => resolve({ code, signal }));
        child.once('error', (error) => resolve({ error }));
      },
    );
    if (ctx.signal.aborted) stopChild();
    ctx.signal.addEventListener('abort', stopChild, { once: true });
    const stdout = pipeOut(child.stdout!, ctx.stdout, onWriteError);
    const stderr = pipeOut(child.stderr!, ctx.stderr, onWriteError);
    if (child.stdin) void pipeIn(ctx.stdin, child.stdin, exited).catch(() => undefined);
    try {
      const result = await exited;
      if ('error' in result) {
        await ctx.stderr.write(`kubectl : impossible de lancer ${file} (${result.error.message})\n`);
        return 127;
      }
      await Promise.all([stdout, stderr]);
      if (writeFailure) throw writeFailure.error;
      return result.code ?? signalStatus(result.signal);
    } finally {
      ctx.signal.removeEventListener('abort', stopChild);
      if (killTimer) clearTimeout(killTimer);
    }
  };
}
