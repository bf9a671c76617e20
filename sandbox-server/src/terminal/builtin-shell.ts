/**
 * BuiltinShellProvider opens the built-in shell (shell/) for a sandbox: a virtual file system saved with
 * the sandbox, and our TypeScript kubectl bound to the sandbox's cluster (mini-k8s/src/kubectl). It needs
 * no Docker and no kubectl binary on the server, and nothing the learner types reaches the server's real
 * file system, environment or processes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ApiClient } from '../../../mini-k8s/src/client/client';
import { inProcessTransport } from '../../../mini-k8s/src/client/transport';
import type { StaticUser } from '../../../mini-k8s/src/cmd/control-plane';
import { completeKubectl } from '../../../mini-k8s/src/kubectl/completion';
import { runKubectl } from '../../../mini-k8s/src/kubectl/run-kubectl';
import { parse, stringify } from 'yaml';
import type { SandboxCluster } from '../sandboxes/cluster';
import { clusterHttp } from './cluster-http';
import { inProcessStreams } from './kubectl-streams';
import { portForwardPath } from '../port-forward/routes';
import { createShellSession, resolvePath, VirtualFs } from '../shell';
import { editor as editorCommand } from '../shell/commands/editor';
import { TerminalInput } from '../shell/terminal-input';
import type { Command } from '../shell/types';
import type { TerminalContext, TerminalProvider, TerminalSession } from './session';

/** SAVE_INTERVAL_MS is how often a changed home directory is written to disk. */
const SAVE_INTERVAL_MS = 5_000;

export interface BuiltinShellOptions {
  /** Folder holding one `<sandbox-id>.home.json` per sandbox (the learner's files). */
  dir: string;
  /** acquire returns the sandbox's running cluster, waking it if asleep. */
  acquire: (sandboxId: string) => Promise<SandboxCluster>;
  /** The sandbox's lesson users (alice, bob) and their tokens: a context for each in the kubeconfig. */
  lessonUsers?: (sandboxId: string) => StaticUser[];
  /**
   * kubectlFor returns the sandbox's `kubectl` when it is not our TypeScript kubectl (SHELL_KUBECTL=binary:
   * the server's real kubectl binary); undefined keeps the TypeScript one.
   */
  kubectlFor?: (sandboxId: string) => Command | undefined;
  onError?: (err: unknown) => void;
}

export class BuiltinShellProvider implements TerminalProvider {
  constructor(private readonly options: BuiltinShellOptions) {
    fs.mkdirSync(options.dir, { recursive: true });
  }

  /** homeFile is where a sandbox's files are kept. */
  homeFile(sandboxId: string): string {
    return path.join(this.options.dir, `${sandboxId}.home.json`);
  }

  async open(context: TerminalContext): Promise<TerminalSession> {
    const file = this.homeFile(context.sandboxId);
    const vfs = fs.existsSync(file)
      ? VirtualFs.deserialize(JSON.parse(fs.readFileSync(file, 'utf8')))
      : new VirtualFs();
    let saved = JSON.stringify(vfs.serialize());
    const save = () => {
      const now = JSON.stringify(vfs.serialize());
      if (now === saved) return;
      // Write then rename: a crash leaves the previous or the new file, never half of one.
      fs.writeFileSync(`${file}.tmp`, now);
      fs.renameSync(`${file}.tmp`, file);
      saved = now;
    };
    const timer = setInterval(() => {
      try {
        save();
      } catch (err) {
        this.options.onError?.(err);
      }
    }, SAVE_INTERVAL_MS);
    timer.unref();

    const acquire = () => this.options.acquire(context.sandboxId);
    const session = createShellSession({
      fs: vfs,
      env: { USER: 'apprenant', LOGNAME: 'apprenant', KUBECONFIG: '/home/apprenant/.kube/config' },
      hostname: 'atelier',
      cols: context.cols,
      rows: context.rows,
      kubectl:
        this.options.kubectlFor?.(context.sandboxId) ??
        kubectlCommand(acquire, () => this.options.lessonUsers?.(context.sandboxId) ?? [], context.sandboxId),
      http: clusterHttp(async () => (await acquire()).network),
      complete: async (words, index) => completeKubectl(words, index, (await acquire()).client),
    });
    return {
      write: (data) => session.write(data),
      resize: (cols, rows) => session.resize(cols, rows),
      onData: (cb) => session.onData(cb),
      close: () => {
        clearInterval(timer);
        session.close();
        try {
          save();
        } catch (err) {
          this.options.onError?.(err);
        }
      },
    };
  }
}

/** KUBECONFIG_PATH is the learner's kubeconfig inside the shell's file system (contexts, namespace). */
export const KUBECONFIG_PATH = '/home/apprenant/.kube/config';

/**
 * defaultKubeconfig describes the sandbox's cluster as the terminal's kubectl sees it: the learner
 * (`apprenant`, the cluster admin) in the current context, and one context per lesson user with its token.
 */
export function defaultKubeconfig(lessonUsers: StaticUser[] = []): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'atelier', cluster: { server: 'https://kubernetes.default.svc' } }],
    users: [
      { name: 'apprenant', user: {} },
      ...lessonUsers.map((u) => ({ name: u.name, user: { token: u.token } })),
    ],
    contexts: [
      { name: 'atelier', context: { cluster: 'atelier', user: 'apprenant', namespace: 'default' } },
      ...lessonUsers.map((u) => ({
        name: u.name,
        context: { cluster: 'atelier', user: u.name, namespace: 'default' },
      })),
    ],
    'current-context': 'atelier',
    preferences: {},
  };
}

/** contextFlag returns the value of `--context` among kubectl's arguments (before `--`), if any. */
export function contextFlag(args: string[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') break;
    if (arg === '--context' && i + 1 < args.length) found = args[++i];
    else if (arg.startsWith('--context=')) found = arg.slice('--context='.length);
  }
  return found;
}

/**
 * clientFor is the API client of a kubeconfig user: a user with a bearer token (alice, bob) talks to the
 * cluster with it, so the cluster authenticates and authorizes them; the learner's own user (no
 * credential in the terminal) is the sandbox's admin client.
 */
function clientFor(cluster: SandboxCluster, kubeconfig: Record<string, unknown>, user: string | undefined) {
  const users = (Array.isArray(kubeconfig.users) ? kubeconfig.users : []) as {
    name?: string;
    user?: { token?: unknown };
  }[];
  const token = users.find((u) => u.name === user)?.user?.token;
  if (typeof token !== 'string' || !token) return cluster.client;
  return tokenClient(cluster, token);
}

/** tokenClient reaches the sandbox's API server as whoever `token` authenticates (a lesson user, `--token`). */
function tokenClient(cluster: SandboxCluster, token: string) {
  return new ApiClient({
    transport: inProcessTransport((request) => cluster.apiServer.fetch(request), token, { urgent: true }),
    userAgent: 'kubectl/v1.32.4 (linux/amd64) kubernetes/atelier',
  });
}

/**
 * kubectlCommand runs our kubectl against the sandbox's cluster, with the shell's streams and files;
 * with the sandbox id, `kubectl port-forward` gives the platform URL of the forwarded port.
 */
export function kubectlCommand(
  acquire: () => Promise<SandboxCluster>,
  lessonUsers: () => StaticUser[] = () => [],
  sandboxId?: string,
): Command {
  return async (ctx) => {
    const cluster = await acquire();
    // The kubeconfig lives in the learner's files: `kubectl config set-context --current --namespace=dev`
    // changes it, and later commands use that namespace, as with a real kubeconfig.
    let kubeconfig = defaultKubeconfig(lessonUsers());
    try {
      if (ctx.fs.isFile(KUBECONFIG_PATH))
        kubeconfig = parse(ctx.fs.readFile(KUBECONFIG_PATH)) as Record<string, unknown>;
    } catch {
      // An unreadable kubeconfig falls back to the default one; `kubectl config view` shows which is used.
    }
    const contexts = (Array.isArray(kubeconfig.contexts) ? kubeconfig.contexts : []) as {
      name: string;
      context?: { namespace?: string; user?: string };
    }[];
    const chosen = contextFlag(ctx.argv.slice(1));
    const current = contexts.find((c) => c.name === (chosen ?? kubeconfig['current-context']));
    if (chosen !== undefined && !current) {
      await ctx.stderr.write(`error: context was not found for specified context: ${chosen}\n`);
      return 1;
    }
    const client = clientFor(cluster, kubeconfig, current?.context?.user);
    // The shell's writers are asynchronous (back-pressure); kubectl's are not: keep the order with a chain.
    // A failed write (the reader of a pipe is gone: `kubectl get pods -w | head -1`) is kept and rethrown once
    // kubectl returns, as the shell expects of a command; left in the chain it would be an unhandled rejection
    // for as long as kubectl still runs.
    // The failure also stops kubectl (a watch would otherwise run on with nobody reading), as SIGPIPE does.
    let pending = Promise.resolve();
    let writeFailure: { error: unknown } | undefined;
    const readerGone = new AbortController();
    const writer = (stream: typeof ctx.stdout) => (s: string) => {
      pending = pending
        .then(() => (writeFailure ? undefined : stream.write(s)))
        .catch((error: unknown) => {
          writeFailure ??= { error };
          readerGone.abort();
        });
    };
    const absolute = (p: string) => resolvePath(ctx.cwd, p);
    const code = await runKubectl(
      ctx.argv.slice(1),
      {
        tty: ctx.terminal.stdinIsTty && ctx.terminal.stdoutIsTty,
        // Only when kubectl reads the terminal itself (not a pipe or a redirection) can it make it raw.
        rawTerminal:
          ctx.stdin instanceof TerminalInput ? () => (ctx.stdin as TerminalInput).enterRaw() : undefined,
        stdin: ctx.stdin,
        stdout: writer(ctx.stdout),
        stderr: writer(ctx.stderr),
        env: ctx.env,
        signal: AbortSignal.any([ctx.signal, readerGone.signal]),
        terminalWidth: ctx.terminal.cols,
        fs: {
          readFile: async (p) => ctx.fs.readFile(absolute(p)),
          readDir: async (p) => (ctx.fs.isDir(absolute(p)) ? ctx.fs.readDir(absolute(p)) : undefined),
          writeFile: async (p, content) => {
            const dir = path.posix.dirname(absolute(p));
            if (!ctx.fs.isDir(dir)) ctx.fs.mkdir(dir, { parents: true });
            ctx.fs.writeFile(absolute(p), content);
          },
        },
        // `kubectl edit` opens the same editor as vi/nano/edit: the page's editor when a page is attached,
        // else the terminal line editor on a temporary file; an unsaved or cancelled edit changes nothing.
        editor: async (file, content) => {
          if (ctx.shell.openEditor) return ctx.shell.openEditor(file, content);
          const dir = path.posix.dirname(file);
          if (!ctx.fs.isDir(dir)) ctx.fs.mkdir(dir, { parents: true });
          ctx.fs.writeFile(file, content);
          try {
            await pending;
            await editorCommand({ ...ctx, argv: ['vi', file] });
            return ctx.fs.readFile(file);
          } finally {
            if (ctx.fs.exists(file)) ctx.fs.remove(file);
          }
        },
      },
      {
        client,
        namespace: current?.context?.namespace || 'default',
        user: current?.context?.user ?? 'apprenant',
        currentContext: String(kubeconfig['current-context'] ?? ''),
        kubeconfig,
        clientWithToken: (token) => tokenClient(cluster, token),
        saveKubeconfig: async (doc) => {
          if (!ctx.fs.isDir('/home/apprenant/.kube'))
            ctx.fs.mkdir('/home/apprenant/.kube', { parents: true });
          ctx.fs.writeFile(KUBECONFIG_PATH, stringify(doc));
        },
        ...(cluster.nodeConnector
          ? {
              streams: inProcessStreams(
                client,
                cluster.nodeConnector,
                sandboxId === undefined
                  ? undefined
                  : (namespace, pod, port) => portForwardPath(sandboxId, namespace, pod, port),
              ),
            }
          : {}),
      },
    );
    await pending;
    if (writeFailure) throw writeFailure.error;
    return code;
  };
}
