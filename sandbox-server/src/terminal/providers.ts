/**
 * createTerminalProvider chooses the page's terminal from the configuration: the built-in shell, or with
 * TERMINAL=toolbox the toolbox container for the sandboxes that run on Docker (the built-in shell for the
 * others). main.ts plugs the result into the TerminalHub and forwards sandbox events to `sandboxChanged`.
 */
import path from 'node:path';
import Docker from 'dockerode';
import { defaultFilesDir } from '../../../mini-k8s/src/kubelet/runtime/docker/volumes';
import type { Config } from '../config/schema';
import type { Logger } from '../logger';
import { dockerSandboxId } from '../sandboxes/cluster';
import type { SandboxManager } from '../sandboxes/manager';
import { ApiForwarder } from './api-forward';
import { BuiltinShellProvider } from './builtin-shell';
import { findKubectlBinary } from './kubectl-binary';
import type { TerminalProvider } from './session';
import { ToolboxShellProvider } from './toolbox-shell';

/** TerminalProviders is the chosen provider plus the lifecycle hooks main.ts calls. */
export interface TerminalProviders {
  provider: TerminalProvider;
  /** sandboxChanged follows the sandboxes' states (toolbox stopped asleep, removed with its sandbox). */
  sandboxChanged(event: { sandboxId: string; state: string }): void;
  close(): Promise<void>;
}

export interface TerminalProvidersOptions {
  config: Pick<Config, 'dataDir' | 'terminal' | 'toolboxKubectl' | 'dockerFilesDir' | 'host'>;
  /** sandboxes is read lazily: the services are created after the terminal hub. */
  sandboxes: () => SandboxManager;
  /** https returns the platform's HTTPS listener (port known once listening) and certificates, if any. */
  https: () => { port: number; certPem: string; caPem?: string } | undefined;
  logger: Logger;
}

export function createTerminalProvider(options: TerminalProvidersOptions): TerminalProviders {
  const { config, logger } = options;
  const builtin = new BuiltinShellProvider({
    dir: path.join(config.dataDir, 'homes'),
    acquire: (id) => options.sandboxes().acquire(id),
    lessonUsers: (id) => options.sandboxes().lessonUsers(id),
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
