/**
 * createTerminalProvider chooses the page's terminal from the configuration: the built-in shell, or with
 * TERMINAL=toolbox the toolbox container for the sandboxes that run on Docker (the built-in shell for the
 * others). main.ts plugs the result into the TerminalHub and forwards sandbox events to `sandboxChanged`.
 */
import fs from 'node:fs';
import path from 'node:path';
import Docker from 'dockerode';
import { defaultFilesDir } from '../../../mini-k8s/src/kubelet/runtime/docker/volumes';
import type { Config } from '../config/schema';
import type { Logger } from '../logger';
import { dockerSandboxId } from '../sandboxes/cluster';
import type { SandboxManager } from '../sandboxes/manager';
import { ApiForwarder } from './api-forward';
import { renderLearnerKubeconfig } from '../sandboxes/kubeconfig';
import type { Command } from '../shell/types';
import { binaryKubectlCommand, binaryKubectlFiles, writeBinaryKubeconfig } from './binary-kubectl';
import { BuiltinShellProvider } from './builtin-shell';
import { findKubectlBinary } from './kubectl-binary';
import type { TerminalProvider } from './session';
import { certificateName, ToolboxShellProvider } from './toolbox-shell';

/** TerminalProviders is the chosen provider plus the lifecycle hooks main.ts calls. */
export interface TerminalProviders {
  provider: TerminalProvider;
  /** sandboxChanged follows the sandboxes' states (toolbox stopped asleep, removed with its sandbox). */
  sandboxChanged(event: { sandboxId: string; state: string }): void;
  close(): Promise<void>;
}

export interface TerminalProvidersOptions {
  config: Pick<
    Config,
    'dataDir' | 'terminal' | 'toolboxKubectl' | 'dockerFilesDir' | 'host' | 'shellKubectl' | 'https'
  >;
  /** sandboxes is read lazily: the services are created after the terminal hub. */
  sandboxes: () => SandboxManager;
  /** https returns the platform's HTTPS listener (port known once listening) and certificates, if any. */
  https: () => { port: number; certPem: string; caPem?: string } | undefined;
  logger: Logger;
}

/**
 * shellKubectl returns, with SHELL_KUBECTL=binary, the built-in shell's `kubectl` of a sandbox: the server's
 * real kubectl against the platform's HTTPS API on this machine. Without a binary or HTTPS it returns
 * undefined (the TypeScript kubectl stays) and logs why, once.
 */
function shellKubectl(options: TerminalProvidersOptions): ((sandboxId: string) => Command) | undefined {
  const { config, logger } = options;
  if (config.shellKubectl !== 'binary') return undefined;
  const binary = findKubectlBinary(config.toolboxKubectl);
  if (!binary || !config.https) {
    logger.warn(
      { reason: binary ? 'no HTTPS listener (kubectl sends tokens over TLS only)' : 'no kubectl binary' },
      'SHELL_KUBECTL=binary: the built-in shell keeps the TypeScript kubectl',
    );
    return undefined;
  }
  logger.info({ binary }, 'the built-in shell runs the real kubectl binary');
  const dir = path.join(config.dataDir, 'shell-kubectl');
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const local = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return (sandboxId) =>
    binaryKubectlCommand({
      binary,
      prepare: async () => {
        const https = options.https();
        if (!https) throw new Error('the HTTPS listener is not running');
        const files = binaryKubectlFiles(dir, sandboxId);
        const sandboxes = options.sandboxes();
        writeBinaryKubeconfig(
          files,
          renderLearnerKubeconfig({
            server: `https://${local.includes(':') ? `[${local}]` : local}:${https.port}/k8s/${sandboxId}`,
            sandboxId,
            token: sandboxes.tokenFor(sandboxId),
            lessonUsers: sandboxes.lessonUsers(sandboxId),
            ...(https.caPem ? { caPem: https.caPem } : {}),
            tlsServerName: certificateName(https.certPem),
          }),
        );
        return files;
      },
    });
}

export function createTerminalProvider(options: TerminalProvidersOptions): TerminalProviders {
  const { config, logger } = options;
  const kubectlFor = shellKubectl(options);
  const builtin = new BuiltinShellProvider({
    dir: path.join(config.dataDir, 'homes'),
    acquire: (id) => options.sandboxes().acquire(id),
    lessonUsers: (id) => options.sandboxes().lessonUsers(id),
    ...(kubectlFor ? { kubectlFor } : {}),
    onError: (err) => logger.error({ err }, 'terminal home not saved'),
  });
  if (config.terminal !== 'toolbox') {
    return { provider: builtin, sandboxChanged: () => undefined, close: async () => undefined };
  }
  const kubectl = findKubectlBinary(config.toolboxKubectl);
  if (!kubectl) {
    logger.warn(
      { toolboxKubectl: config.toolboxKubectl ?? null },
      'TERMINAL=toolbox without a kubectl binary: every sandbox keeps the built-in shell',
    );
  }
  // The platform's own HTTPS listener, reached from the host side of each sandbox's forward.
  const local = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const forwarder = new ApiForwarder(() => ({ host: local, port: options.https()?.port ?? 0 }));
  const toolbox = new ToolboxShellProvider({
    docker: new Docker(),
    kubectl,
    forwarder,
    sandboxes: {
      acquire: (id) => options.sandboxes().acquire(id),
      get: (id) => options.sandboxes().get(id),
      tokenFor: (id) => options.sandboxes().tokenFor(id),
      lessonUsers: (id) => options.sandboxes().lessonUsers(id),
    },
    dockerSandboxId: (id) => dockerSandboxId(options.sandboxes().fileOf(id)),
    dirs: (id) => {
      const file = options.sandboxes().fileOf(id);
      const dockerId = dockerSandboxId(file);
      return {
        dataDir: `${file}.docker`,
        filesDir: config.dockerFilesDir
          ? path.join(config.dockerFilesDir, `atelier-${dockerId}`)
          : defaultFilesDir(`${file}.docker`, dockerId),
      };
    },
    https: options.https,
    fallback: builtin,
    logger,
  });
  return {
    provider: toolbox,
    sandboxChanged: (event) => void toolbox.sandboxChanged(event),
    close: () => toolbox.close(),
  };
}
