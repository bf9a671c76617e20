import { describe, expect, it } from 'vitest';
import { hostname, readHostInstance, wholePod } from './host-pods';

describe('wholePod', () => {
  const build = () =>
    wholePod({
      name: 'p-1',
      namespace: 'atelier-x',
      labels: { 'atelier.dev/role': 'pod' },
      annotations: { 'atelier.dev/pod': 'default/web' },
      node: 'host-node-1',
      hostname: 'web',
      pod: {
        restartPolicy: 'OnFailure',
        terminationGracePeriodSeconds: 5,
        initContainers: [{ name: 'setup', image: 'busybox:1.36', command: ['sh', '-c', 'true'] }],
        containers: [
          {
            name: 'app',
            image: 'nginx:1.27',
            env: [
              { name: 'MODE', value: 'prod' },
              { name: 'MY_IP', value: '10.244.1.9' },
            ],
            podIpEnv: ['MY_IP'],
            ports: [{ name: 'http', containerPort: 80 }],
            readinessProbe: { httpGet: { path: '/', port: 'http' } },
            runAs: { runAsUser: 1000, runAsNonRoot: true },
            resources: { cpuLimitMilli: 500, memoryLimitBytes: 64 * 1024 * 1024 },
          },
        ],
      },
      volumes: [{ name: 'v-0', emptyDir: {} }],
      mounts: new Map([
        [
          'app',
          [{ volume: 'v-0', mount: { kind: 'emptyDir', volumeName: 'cache', containerPath: '/cache' } }],
        ],
      ]),
    }) as unknown as { spec: Record<string, unknown> & { containers: Record<string, unknown>[] } };

  it('holds the init containers and containers in one pod with the learner pod’s policy', () => {
    const { spec } = build();
    expect(spec).toMatchObject({
      restartPolicy: 'OnFailure',
      terminationGracePeriodSeconds: 5,
      hostname: 'web',
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      nodeSelector: { 'kubernetes.io/hostname': 'host-node-1' },
      initContainers: [{ name: 'setup' }],
      volumes: [{ name: 'v-0', emptyDir: {} }],
    });
    expect(spec.containers.map((c) => c.name)).toEqual(['app']);
  });

  it('passes probes, ports and users to the host, keeps the platform’s constraints', () => {
    const [app] = build().spec.containers;
    expect(app).toMatchObject({
      ports: [{ name: 'http', containerPort: 80 }],
      readinessProbe: { httpGet: { path: '/', port: 'http' } },
      resources: { limits: { cpu: '500m', memory: String(64 * 1024 * 1024) } },
      volumeMounts: [{ name: 'v-0', mountPath: '/cache' }],
      securityContext: {
        runAsUser: 1000,
        runAsNonRoot: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['NET_RAW'] },
      },
    });
    // The pod IP is the host's: the env variable reads it from the host's downward API.
    expect(app.env).toEqual([
      { name: 'MODE', value: 'prod' },
      { name: 'MY_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
    ]);
  });
});

describe('hostname', () => {
  it.each([
    ['web', 'web'],
    ['a'.repeat(70), 'a'.repeat(63)],
    ['web-', 'web'],
    ['my.pod', undefined],
  ])('%s → %s', (name, expected) => expect(hostname(name)).toBe(expected));
});

describe('readHostInstance', () => {
  const ended = { exitCode: 3, reason: 'Error', finishedAt: '2026-11-30T00:00:01Z' };
  it.each([
    [
      'the first instance running',
      { name: 'a', restartCount: 0, state: { running: { startedAt: 't' } } },
      { attempt: 0, state: { running: { startedAt: 't' } } },
    ],
    [
      'a restarted instance running: lastState is the one before',
      { name: 'a', restartCount: 2, state: { running: {} }, lastState: { terminated: ended } },
      { attempt: 2, state: { running: {} }, previousEnd: ended },
    ],
    [
      'CrashLoopBackOff: the latest instance died, lastState is its end',
      {
        name: 'a',
        restartCount: 1,
        state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s' } },
        lastState: { terminated: ended },
      },
      {
        attempt: 1,
        state: { terminated: ended },
        waiting: { reason: 'CrashLoopBackOff', message: 'back-off 10s' },
      },
    ],
    [
      'a pull failure before the first start',
      { name: 'a', state: { waiting: { reason: 'ErrImagePull', message: 'not found' } } },
      { attempt: 0, waiting: { reason: 'ErrImagePull', message: 'not found' } },
    ],
    ['no status yet', { name: 'a' }, { attempt: 0 }],
  ])('%s', (_what, host, expected) => expect(readHostInstance(host)).toEqual(expected));
});
