import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import {
  createCertificateAuthority,
  createServingCertificate,
} from '../../../mini-k8s/src/apiserver/pki/certificates';
import type { SandboxRecord } from '../sandboxes/manager';
import { ApiForwarder } from './api-forward';
import type { TerminalContext, TerminalProvider, TerminalSession } from './session';
import { certificateName, ToolboxShellProvider } from './toolbox-shell';

/** builtin records the sandboxes that got the fallback shell. */
function builtin(): TerminalProvider & { opened: string[] } {
  const opened: string[] = [];
  return {
    opened,
    open: async (context: TerminalContext): Promise<TerminalSession> => {
      opened.push(context.sandboxId);
      return {
        write: () => undefined,
        resize: () => undefined,
        onData: () => () => undefined,
        close: () => undefined,
      };
    },
  };
}

const ca = createCertificateAuthority(new Date(), 'Atelier Kubernetes CA');
const serving = createServingCertificate(
  ca,
  ['localhost', '127.0.0.1', 'atelier.example'],
  new Date(),
  'atelier',
);

function provider(
  overrides: { kubectl?: string; https?: boolean; runtime?: 'simulated' | 'docker' },
  fallback = builtin(),
) {
  const acquired: string[] = [];
  const toolbox = new ToolboxShellProvider({
    // Never reached in these cases: every decision below is made before any daemon call.
    docker: new Docker({ socketPath: '/nonexistent/docker.sock' }),
    kubectl: 'kubectl' in overrides ? overrides.kubectl : '/usr/local/bin/kubectl',
    forwarder: new ApiForwarder(() => ({ host: '127.0.0.1', port: 1 })),
    sandboxes: {
      acquire: async (id) => acquired.push(id),
      get: async (id) => ({ id, runtime: overrides.runtime ?? 'docker' }) as SandboxRecord,
      tokenFor: (id) => `sandbox.${id}.sig`,
      lessonUsers: () => [],
    },
    dockerSandboxId: (id) => `sbx${id}`,
    dirs: () => ({ dataDir: '/nonexistent/data', filesDir: '/nonexistent/files' }),
    https: () => (overrides.https === false ? undefined : { certPem: serving.certPem, caPem: ca.certPem }),
    fallback,
  });
  return { toolbox, fallback, acquired };
}

const context = { sandboxId: 's1', learnerId: 'l1', cols: 80, rows: 24 };

describe('ToolboxShellProvider', () => {
  it.each([
    ['without a kubectl binary', { kubectl: undefined }],
    ['without HTTPS (kubectl sends its token over TLS only)', { https: false }],
    ['for a sandbox that runs simulated', { runtime: 'simulated' as const }],
  ])('opens the built-in shell %s', async (_case, overrides) => {
    const { toolbox, fallback } = provider(overrides);
    await toolbox.open(context);
    expect(fallback.opened).toEqual(['s1']);
  });

  it('wakes the sandbox before reading its runtime (a sleeping sandbox says what it asked for)', async () => {
    const { toolbox, acquired } = provider({ runtime: 'simulated' });
    await toolbox.open(context);
    expect(acquired).toEqual(['s1']);
  });

  it('falls back to the built-in shell, without failing the terminal, when the toolbox cannot start', async () => {
    const { toolbox, fallback } = provider({});
    await toolbox.open(context);
    expect(fallback.opened).toEqual(['s1']);
  });

  it('makes no Docker call on sandbox events when no toolbox can exist', async () => {
    const { toolbox } = provider({ kubectl: undefined });
    await expect(toolbox.sandboxChanged({ sandboxId: 's1', state: 'deleted' })).resolves.toBeUndefined();
  });
});

describe('certificateName', () => {
  it('verifies the platform as localhost when its certificate lists it', () => {
    expect(certificateName(serving.certPem)).toBe('localhost');
  });

  it('takes the certificate’s first DNS name otherwise', () => {
    const other = createServingCertificate(ca, ['atelier.example', '10.0.0.5'], new Date(), 'atelier');
    expect(certificateName(other.certPem)).toBe('atelier.example');
  });
});
