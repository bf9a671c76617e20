import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { UsageError, parseUpArgs } from './args';
import { renderKubeconfig } from './kubeconfig';
import { nodeNames, nodeObject } from './nodes';

describe('parseUpArgs', () => {
  it('has the documented defaults', () => {
    expect(parseUpArgs([])).toEqual({
      port: 6443,
      host: '127.0.0.1',
      nodes: 3,
      runtime: 'simulated',
      speed: 1,
    });
  });
  it.each(['-1', 'fast', '11'])('rejects --speed %s', (speed) => {
    expect(() => parseUpArgs(['--speed', speed])).toThrow(/invalid --speed/);
  });

  it('reads every flag, with or without =', () => {
    expect(
      parseUpArgs([
        '--port',
        '0',
        '--nodes=1',
        '--runtime',
        'docker',
        '--data',
        '/tmp/x',
        '--kubeconfig=/tmp/k',
        '--host',
        '0.0.0.0',
        '--speed=0',
        '--event-ttl=1m30s',
      ]),
    ).toEqual({
      port: 0,
      host: '0.0.0.0',
      nodes: 1,
      runtime: 'docker',
      speed: 0,
      dataDir: '/tmp/x',
      kubeconfig: '/tmp/k',
      eventTtlSeconds: 90,
    });
  });
  it.each([
    [['--nodes', '0'], 'invalid --nodes 0: must be between 1 and 10'],
    [['--port', 'abc'], 'invalid --port "abc": not an integer'],
    [['--runtime', 'kvm'], 'invalid --runtime "kvm": must be simulated or docker'],
    [['--port'], 'flag needs an argument: --port'],
    [['--what'], 'unknown flag: --what'],
    [
      ['--event-ttl', '1 hour'],
      'invalid --event-ttl "1 hour": time: unknown unit " hour" in duration "1 hour"',
    ],
    [['--event-ttl=0s'], 'invalid --event-ttl "0s": must be at least 1ms'],
  ])('%j', (argv, message) => {
    expect(() => parseUpArgs(argv)).toThrow(UsageError);
    expect(() => parseUpArgs(argv)).toThrow(message);
  });
});

describe('renderKubeconfig', () => {
  it('writes one cluster, user and current context', () => {
    const config = parse(renderKubeconfig({ server: 'https://127.0.0.1:6443', caPem: 'PEM', token: 'tok' }));
    expect(config).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [
        {
          name: 'mini-k8s',
          cluster: {
            server: 'https://127.0.0.1:6443',
            'certificate-authority-data': Buffer.from('PEM').toString('base64'),
          },
        },
      ],
      users: [{ name: 'kubernetes-admin', user: { token: 'tok' } }],
      contexts: [{ name: 'mini-k8s', context: { cluster: 'mini-k8s', user: 'kubernetes-admin' } }],
      'current-context': 'mini-k8s',
      preferences: {},
    });
  });
});

describe('nodes', () => {
  it('names the control plane then node01, node02', () => {
    expect(nodeNames(3)).toEqual(['controlplane', 'node01', 'node02']);
    expect(nodeNames(1)).toEqual(['controlplane']);
  });
  it('taints and labels only the control plane, and reports Ready', () => {
    const now = new Date('2026-01-01T00:00:00.000Z');
    const cp = nodeObject('controlplane', 0, now);
    const worker = nodeObject('node01', 1, now);
    expect(cp.metadata.labels?.['node-role.kubernetes.io/control-plane']).toBe('');
    expect((cp.spec as { taints: unknown[] }).taints).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' },
    ]);
    expect(worker.metadata.labels).not.toHaveProperty('node-role.kubernetes.io/control-plane');
    expect(worker.spec).not.toHaveProperty('taints');
    const ready = (
      worker.status as { conditions: { type: string; status: string; lastHeartbeatTime: string }[] }
    ).conditions.find((c) => c.type === 'Ready');
    expect(ready).toMatchObject({ status: 'True', lastHeartbeatTime: '2026-01-01T00:00:00Z' });
  });
});
