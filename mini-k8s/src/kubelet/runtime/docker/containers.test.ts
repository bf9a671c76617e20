import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { containerCreateOptions, containerStatusFromInspect } from './containers';
import { LABELS } from './labels';
import { sandboxCreateOptions } from './sandbox';
import { DEFAULT_LIMITS } from './security';

function inspect(state: Partial<Docker.ContainerInspectInfo['State']>): Docker.ContainerInspectInfo {
  return {
    Id: 'c1',
    Name: '/atelier_x',
    Created: '2026-01-01T00:00:00Z',
    Image: 'sha256:abc',
    Config: {
      Labels: {
        [LABELS.image]: 'nginx:1.27',
        [LABELS.container]: 'web',
        [LABELS.attempt]: '2',
        [LABELS.podSandbox]: 'p1',
      },
    },
    State: {
      Status: 'exited',
      Running: false,
      Paused: false,
      Restarting: false,
      OOMKilled: false,
      Dead: false,
      Pid: 0,
      ExitCode: 0,
      Error: '',
      StartedAt: '2026-01-01T00:00:01Z',
      FinishedAt: '2026-01-01T00:00:02Z',
      ...state,
    },
  } as unknown as Docker.ContainerInspectInfo;
}

describe('containerStatusFromInspect', () => {
  it.each([
    [{ Status: 'running', Running: true }, false, { state: 'running' }],
    [
      { Status: 'created', StartedAt: '0001-01-01T00:00:00Z' },
      false,
      { state: 'created', startedAt: undefined },
    ],
    [{ ExitCode: 0 }, false, { state: 'exited', exitCode: 0, reason: 'Completed' }],
    [{ ExitCode: 3 }, false, { state: 'exited', exitCode: 3, reason: 'Error' }],
    [{ ExitCode: 137, OOMKilled: true }, false, { state: 'exited', exitCode: 137, reason: 'OOMKilled' }],
    [{ ExitCode: 137 }, true, { state: 'exited', exitCode: 137, reason: 'OOMKilled' }],
    [
      { Status: 'created', ExitCode: 127, Error: 'exec: "x": executable file not found in $PATH' },
      false,
      {
        state: 'exited',
        exitCode: 128,
        reason: 'StartError',
        message: 'exec: "x": executable file not found in $PATH',
      },
    ],
  ])('maps %j (oom event: %s)', (state, oomSeen, expected) => {
    const status = containerStatusFromInspect(inspect(state), oomSeen);
    expect(status).toMatchObject({ id: 'c1', name: 'web', attempt: 2, podSandboxId: 'p1', ...expected });
    expect(status.imageRef).toBe('docker.io/library/nginx@sha256:abc');
  });
});

describe('containerCreateOptions', () => {
  const base = {
    sandboxId: 's1',
    nodeName: 'node01',
    podSandboxId: 'p1',
    pod: { namespace: 'default', name: 'web', uid: 'u1' },
    localImage: 'atelier/nginx:offline',
    mounts: [],
    limits: DEFAULT_LIMITS,
    random: 'abcd',
  };

  it.each([
    [{}, {}],
    [{ command: ['sh'] }, { Entrypoint: ['sh'] }],
    [{ args: ['-g', 'x'] }, { Cmd: ['-g', 'x'] }],
    [
      { command: ['sh', '-c'], args: ['echo'] },
      { Entrypoint: ['sh', '-c'], Cmd: ['echo'] },
    ],
  ])('applies Kubernetes command/args semantics to %j', (extra, expected) => {
    const options = containerCreateOptions({ ...base, config: { name: 'main', image: 'nginx', ...extra } });
    expect({ Entrypoint: options.Entrypoint, Cmd: options.Cmd }).toEqual({
      Entrypoint: undefined,
      Cmd: undefined,
      ...expected,
    });
  });

  it('joins the sandbox namespaces with the fixed hardening and labels', () => {
    const options = containerCreateOptions({
      ...base,
      config: { name: 'main', image: 'nginx', env: [{ name: 'A', value: '1' }], attempt: 3 },
    });
    expect(options.name).toBe('atelier_s1_default_web_main_3_abcd');
    expect(options.Env).toEqual(['A=1']);
    expect(options.HostConfig).toMatchObject({
      NetworkMode: 'container:p1',
      IpcMode: 'container:p1',
      Privileged: false,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      PidsLimit: DEFAULT_LIMITS.podPids,
    });
    expect(options.HostConfig?.CapAdd).not.toContain('NET_RAW');
    expect(options.Labels).toMatchObject({
      [LABELS.sandbox]: 's1',
      [LABELS.podName]: 'web',
      [LABELS.podUid]: 'u1',
      [LABELS.container]: 'main',
      [LABELS.attempt]: '3',
    });
  });
});

describe('sandboxCreateOptions', () => {
  const network = { id: 'n', name: 'atelier-s1', subnet: '10.200.5.0/24', gateway: '10.200.5.1' };
  it.each([
    ['10.200.5.7', { IPAMConfig: { IPv4Address: '10.200.5.7' } }],
    ['10.244.1.7', {}],
    [undefined, {}],
  ])('uses pod IP %s only inside the network subnet', (podIp, endpoint) => {
    const options = sandboxCreateOptions({
      config: {
        name: 'web',
        namespace: 'default',
        uid: 'u',
        hostname: 'web',
        podIp,
        hostAliases: [{ ip: '1.2.3.4', hostnames: ['a', 'b'] }],
      },
      sandboxId: 's1',
      nodeName: 'node01',
      network,
      pauseImage: 'atelier/pause:offline',
      random: 'ab',
    });
    expect(options.NetworkingConfig?.EndpointsConfig?.['atelier-s1']).toEqual(endpoint);
    expect(options.Hostname).toBe('web');
    expect(options.HostConfig?.ExtraHosts).toEqual(['a:1.2.3.4', 'b:1.2.3.4']);
    expect(options.HostConfig?.NetworkMode).toBe('atelier-s1');
  });
});
