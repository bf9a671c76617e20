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
import type Docker from 'dockerode';
import { removeDockerSandbox } from '../../../mini-k8s/src/kubelet/runtime/docker/cleanup';
import { sandboxFilter } from '../../../mini-k8s/src/kubelet/runtime/docker/labels';
import { findNetwork } from '../../../mini-k8s/src/kubelet/runtime/docker/network';
import {
  ensureToolbox,
  ensureToolboxImage,
  removeToolbox,
  stopToolbox,
} from '../../../mini-k8s/src/kubelet/runtime/docker/toolbox';
import {
  openToolboxShell,
  writeToolboxKubeconfig,
} from '../../../mini-k8s/src/kubelet/runtime/docker/toolbox-exec';
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
    const network = await findNetwork(docker, dockerId);
    if (!network) throw new Error(`sandbox ${context.sandboxId} has no Docker network`);
    // The forward first: where the gateway is not this machine's (the platform itself in a container), it
    // fails here, before a toolbox that could never reach the API is created.
    const forward = await this.options.forwarder.ensure(context.sandboxId, network.gateway);
    const image = await ensureToolboxImage(docker, kubectl!);
    const toolbox = await ensureToolbox(docker, { sandboxId: dockerId, image });
    if (toolbox.network.gateway !== forward.host) throw new Error('the sandbox network changed meanwhile');
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
    await writeToolboxKubeconfig(container, kubeconfig);
    return openToolboxShell(container, context);
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
