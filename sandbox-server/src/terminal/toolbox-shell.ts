/**
 * ToolboxShellProvider opens the in-page terminal in the sandbox's toolbox container (TERMINAL=toolbox):
 * a real busybox shell on the sandbox's Docker network with the real kubectl, its kubeconfig pointing at
 * the platform's /k8s/<id> API through a forward on the network's gateway (`api-forward.ts`). The page's
 * terminal protocol is unchanged: keystrokes go to a `docker exec` with a TTY, resizes to its resize call.
 *
 * A sandbox gets the built-in shell instead (`fallback`) when the toolbox cannot work for it: its cluster
 * runs simulated, the server has no kubectl binary or no HTTPS (kubectl sends its token over TLS only), or
 * the toolbox fails to start (the learner still gets a terminal; the error is logged).
 */
import { X509Certificate } from 'node:crypto';
import { StringDecoder } from 'node:string_decoder';
import type { Duplex } from 'node:stream';
import type Docker from 'dockerode';
import { removeDockerSandbox } from '../../../mini-k8s/src/kubelet/runtime/docker/cleanup';
import { sandboxFilter } from '../../../mini-k8s/src/kubelet/runtime/docker/labels';
import { FrameDemuxer } from '../../../mini-k8s/src/kubelet/runtime/docker/logs';
import {
  ensureToolbox,
  ensureToolboxImage,
  removeToolbox,
  stopToolbox,
  TOOLBOX_KUBECONFIG,
  TOOLBOX_USER,
} from '../../../mini-k8s/src/kubelet/runtime/docker/toolbox';
import type { VolumeDirs } from '../../../mini-k8s/src/kubelet/runtime/docker/volumes';
import type { Logger } from '../logger';
import { renderLearnerKubeconfig } from '../sandboxes/kubeconfig';
import type { SandboxRecord } from '../sandboxes/manager';
import type { ApiForwarder } from './api-forward';
import type { TerminalContext, TerminalProvider, TerminalSession } from './session';

/** ToolboxShellOptions wire the provider to the platform. */
export interface ToolboxShellOptions {
  docker: Docker;
  /** kubectl is the real kubectl binary put in the toolbox image; undefined: every sandbox gets `fallback`. */
  kubectl: string | undefined;
  forwarder: ApiForwarder;
  sandboxes: {
    /** acquire wakes the sandbox's cluster (its Docker network exists once it runs). */
    acquire(id: string): Promise<unknown>;
    get(id: string): Promise<SandboxRecord | undefined>;
    tokenFor(id: string): string;
    /** The lesson users (alice, bob): a user and a context each in the toolbox's kubeconfig. */
    lessonUsers(id: string): { name: string; token: string }[];
  };
  /** dockerSandboxId maps a platform sandbox id to its Docker-side id (network `atelier-<id>`, labels). */
  dockerSandboxId(id: string): string;
  /** dirs are the Docker runtime's directories of a sandbox, removed with it. */
  dirs(id: string): VolumeDirs;
  /** https describes the platform's HTTPS listener; undefined: no HTTPS, so no toolbox kubectl. */
  https: () => { caPem?: string; certPem: string } | undefined;
  fallback: TerminalProvider;
  logger?: Logger;
}

export class ToolboxShellProvider implements TerminalProvider {
  constructor(private readonly options: ToolboxShellOptions) {}

  async open(context: TerminalContext): Promise<TerminalSession> {
    const reason = await this.unavailable(context.sandboxId);
    if (reason) {
      this.options.logger?.info({ sandbox: context.sandboxId, reason }, 'built-in terminal');
      return this.options.fallback.open(context);
    }
    try {
      return await this.openToolbox(context);
    } catch (err) {
      this.options.logger?.error({ err, sandbox: context.sandboxId }, 'toolbox failed: built-in terminal');
      return this.options.fallback.open(context);
    }
  }

  /**
   * sandboxChanged follows the sandbox's life (pass it the services' sandbox events): asleep, the toolbox
   * stops (its files stay) and the forward closes; expired or deleted, the toolbox goes, and with it the
   * sandbox's network and directories when nothing else of the sandbox is left.
   */
  async sandboxChanged(event: { sandboxId: string; state: string }): Promise<void> {
    const { docker } = this.options;
    const id = event.sandboxId;
    // Without kubectl no toolbox was ever made: nothing to stop or remove (and no Docker call per event).
    if (!this.options.kubectl) return;
    const dockerId = this.options.dockerSandboxId(id);
    try {
      if (event.state === 'sleeping') {
        await this.options.forwarder.close(id);
        await stopToolbox(docker, dockerId);
      } else if (event.state === 'expired' || event.state === 'deleted') {
        await this.options.forwarder.close(id);
        if (!(await removeToolbox(docker, dockerId))) return;
        const left = await docker.listContainers({ all: true, filters: sandboxFilter(dockerId) });
        // The cluster's runtime kept the network and directories while the toolbox used them.
        if (left.length === 0) await removeDockerSandbox(docker, dockerId, this.options.dirs(id));
      }
    } catch (err) {
      this.options.logger?.error({ err, sandbox: id, state: event.state }, 'toolbox cleanup failed');
    }
  }

  /** close stops every forward (server stop); toolboxes stop with their sandboxes' sleep events. */
  close(): Promise<void> {
    return this.options.forwarder.closeAll();
  }

  /** unavailable says why a sandbox cannot have the toolbox, or undefined when it can. */
  private async unavailable(sandboxId: string): Promise<string | undefined> {
    if (!this.options.kubectl) return 'no kubectl binary on the server';
    if (!this.options.https()) return 'no HTTPS listener (kubectl sends tokens over TLS only)';
    await this.options.sandboxes.acquire(sandboxId);
    if ((await this.options.sandboxes.get(sandboxId))?.runtime !== 'docker')
      return 'the sandbox runs simulated';
    return undefined;
  }

  private async openToolbox(context: TerminalContext): Promise<TerminalSession> {
    const { docker, kubectl } = this.options;
    const dockerId = this.options.dockerSandboxId(context.sandboxId);
    const image = await ensureToolboxImage(docker, kubectl!);
    const toolbox = await ensureToolbox(docker, { sandboxId: dockerId, image });
    const forward = await this.options.forwarder.ensure(context.sandboxId, toolbox.network.gateway);
    const https = this.options.https()!;
    const kubeconfig = renderLearnerKubeconfig({
      server: `https://${forward.host}:${forward.port}/k8s/${context.sandboxId}`,
      sandboxId: context.sandboxId,
      token: this.options.sandboxes.tokenFor(context.sandboxId),
      lessonUsers: this.options.sandboxes.lessonUsers(context.sandboxId),
      ...(https.caPem ? { caPem: https.caPem } : {}),
      tlsServerName: certificateName(https.certPem),
    });
    const container = docker.getContainer(toolbox.id);
    await writeKubeconfig(container, kubeconfig);
    return openExecShell(container, context);
  }
}

/**
 * certificateName is a DNS name the platform's certificate is valid for (the toolbox reaches the platform
 * by its gateway address, which the certificate does not list): `localhost` when listed (the self-signed
 * certificate always lists it), else the first DNS name.
 */
export function certificateName(certPem: string): string {
  const names = (new X509Certificate(certPem).subjectAltName ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.startsWith('DNS:'))
    .map((s) => s.slice(4));
  return names.includes('localhost') ? 'localhost' : (names[0] ?? 'localhost');
}

const USER = `${TOOLBOX_USER.uid}:${TOOLBOX_USER.uid}`;

/** shellEnv is the environment of the learner's shell in the toolbox. */
function shellEnv(): string[] {
  return [
    'TERM=xterm-256color',
    `HOME=${TOOLBOX_USER.home}`,
    `USER=${TOOLBOX_USER.name}`,
    `LOGNAME=${TOOLBOX_USER.name}`,
    `KUBECONFIG=${TOOLBOX_KUBECONFIG}`,
    'LANG=C.UTF-8',
  ];
}

/** writeKubeconfig writes the learner's kubeconfig (mode 0600, owned by the learner) in the toolbox. */
async function writeKubeconfig(container: Docker.Container, kubeconfig: string): Promise<void> {
  // Why an exec as the learner rather than an archive upload: the file gets the learner's owner and mode,
  // and the socket proxy already allows exec (no new daemon call to open).
  const exec = await container.exec({
    Cmd: [
      'sh',
      '-c',
      `umask 077 && mkdir -p "$(dirname ${TOOLBOX_KUBECONFIG})" && cat > ${TOOLBOX_KUBECONFIG}.tmp && mv ${TOOLBOX_KUBECONFIG}.tmp ${TOOLBOX_KUBECONFIG}`,
    ],
    User: USER,
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
  });
  const stream = (await exec.start({ hijack: true, stdin: true })) as Duplex;
  let output = '';
  const demuxer = new FrameDemuxer((_kind, payload) => (output += Buffer.from(payload).toString()));
  await new Promise<void>((resolve) => {
    stream.on('data', (chunk: Buffer) => demuxer.push(chunk));
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', () => resolve());
    stream.end(kubeconfig);
  });
  const { ExitCode } = await exec.inspect();
  if (ExitCode !== 0) throw new Error(`kubeconfig not written (exit ${ExitCode}): ${output.trim()}`);
}

/**
 * openExecShell starts a login shell as the learner with a TTY and maps it to a TerminalSession: output
 * is decoded as UTF-8 across chunk boundaries, held until the hub subscribes, and the shell's end (`exit`)
 * is reported with its exit code.
 */
export async function openExecShell(
  container: Docker.Container,
  size: { cols: number; rows: number },
): Promise<TerminalSession> {
  const exec = await container.exec({
    Cmd: ['sh', '-l'],
    User: USER,
    WorkingDir: TOOLBOX_USER.home,
    Env: shellEnv(),
    AttachStdin: true,
    AttachStdout: true,
    AttachStderr: true,
    Tty: true,
  });
  const stream = (await exec.start({ hijack: true, stdin: true, Tty: true })) as Duplex;
  const resize = (cols: number, rows: number) => exec.resize({ w: cols, h: rows }).catch(() => undefined);
  await resize(size.cols, size.rows);
  const decoder = new StringDecoder('utf8');
  const listeners = new Set<(data: string) => void>();
  const exitListeners = new Set<(code: number) => void>();
  let held = '';
  stream.on('data', (chunk: Buffer) => {
    const text = decoder.write(chunk);
    if (text === '') return;
    if (listeners.size === 0) held += text;
    for (const cb of listeners) cb(text);
  });
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    void exec
      .inspect()
      .then((info) => info.ExitCode ?? 0)
      .catch(() => 0)
      .then((code) => {
        for (const cb of exitListeners) cb(code);
      });
  };
  stream.on('end', end);
  stream.on('close', end);
  stream.on('error', end);
  return {
    write: (data) => {
      if (!stream.destroyed) stream.write(data);
    },
    resize: (cols, rows) => void resize(cols, rows),
    onData: (cb) => {
      listeners.add(cb);
      if (held !== '') {
        const replay = held;
        held = '';
        // A later turn: the hub subscribes right after open() and must not receive output synchronously.
        setImmediate(() => cb(replay));
      }
      return () => listeners.delete(cb);
    },
    onExit: (cb) => {
      exitListeners.add(cb);
      return () => exitListeners.delete(cb);
    },
    close: () => {
      // Closing the exec's connection hangs up the TTY: the shell and its children get SIGHUP.
      stream.destroy();
    },
  };
}
