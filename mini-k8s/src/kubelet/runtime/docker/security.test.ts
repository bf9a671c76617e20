import { describe, expect, it } from 'vitest';
import {
  assertSafeBind,
  DEFAULT_LIMITS,
  hostPathSource,
  podSecurityRejection,
  podSecurityViolations,
  resourceHostConfig,
  validatePodSecurity,
} from './security';

describe('podSecurityViolations', () => {
  it.each([
    [
      { hostNetwork: true, containers: [{ name: 'c' }] },
      'spec.hostNetwork',
      'hostNetwork=true is not allowed on this platform',
    ],
    [
      { hostPID: true, containers: [{ name: 'c' }] },
      'spec.hostPID',
      'hostPID=true is not allowed on this platform',
    ],
    [
      { hostIPC: true, containers: [{ name: 'c' }] },
      'spec.hostIPC',
      'hostIPC=true is not allowed on this platform',
    ],
    [
      { containers: [{ name: 'c', securityContext: { privileged: true } }] },
      'spec.containers[0].securityContext.privileged',
      'privileged containers are not allowed on this platform (container "c")',
    ],
    [
      {
        containers: [],
        initContainers: [{ name: 'i', securityContext: { capabilities: { add: ['NET_ADMIN'] } } }],
      },
      'spec.initContainers[0].securityContext.capabilities.add',
      'capability "NET_ADMIN" is not allowed on this platform (container "i")',
    ],
    [
      { containers: [{ name: 'c', volumeDevices: [{ name: 'd', devicePath: '/dev/xvda' }] }] },
      'spec.containers[0].volumeDevices',
      'devices are not allowed on this platform (container "c")',
    ],
    [
      {
        containers: [{ name: 'c' }],
        volumes: [{ name: 'sock', hostPath: { path: '/var/run/docker.sock' } }],
      },
      'spec.volumes[0].hostPath.path',
      'hostPath volume "sock" with path "/var/run/docker.sock" is not allowed on this platform',
    ],
    [
      { containers: [{ name: 'c' }], volumes: [{ name: 'up', hostPath: { path: '/data/../etc' } }] },
      'spec.volumes[0].hostPath.path',
      'hostPath volume "up" with path "/data/../etc" is not allowed on this platform',
    ],
  ])('refuses %j', (spec, field, reason) => {
    const violations = podSecurityViolations({ spec });
    expect(violations).toHaveLength(1);
    expect(violations[0].field).toBe(field);
    expect(violations[0].reason.startsWith(reason)).toBe(true);
  });

  it.each([
    [
      {
        containers: [
          { name: 'c', securityContext: { capabilities: { add: ['NET_BIND_SERVICE'], drop: ['ALL'] } } },
        ],
      },
    ],
    [
      {
        containers: [{ name: 'c' }],
        volumes: [
          { name: 'data', hostPath: { path: '/data/web' } },
          { name: 'e', emptyDir: {} },
        ],
      },
    ],
    [{ containers: [{ name: 'c', securityContext: { privileged: false } }] }],
  ])('accepts %j', (spec) => {
    expect(podSecurityViolations({ spec })).toEqual([]);
  });

  it('builds a Kubernetes-style 403 listing every violation', () => {
    const error = validatePodSecurity({
      metadata: { name: 'x' },
      spec: { hostPID: true, containers: [{ name: 'c', securityContext: { privileged: true } }] },
    });
    expect(error?.code).toBe(403);
    expect(error?.reason).toBe('Forbidden');
    expect(error?.message).toBe(
      'pods "x" is forbidden: hostPID=true is not allowed on this platform, ' +
        'privileged containers are not allowed on this platform (container "c")',
    );
    expect(
      validatePodSecurity({ metadata: { name: 'ok' }, spec: { containers: [{ name: 'c' }] } }),
    ).toBeUndefined();
  });
});

describe('podSecurityRejection', () => {
  it('gives the kubelet admission reason and every violated rule', () => {
    expect(
      podSecurityRejection({
        metadata: { name: 'x' },
        spec: {
          containers: [{ name: 'c', securityContext: { capabilities: { add: ['SYS_ADMIN'] } } }],
          volumes: [{ name: 'root', hostPath: { path: '/etc' } }],
        },
      }),
    ).toEqual({
      reason: 'PodSecurityForbidden',
      message:
        'capability "SYS_ADMIN" is not allowed on this platform (container "c"); ' +
        'hostPath volume "root" with path "/etc" is not allowed on this platform ' +
        '(allowed: /data, /mnt, /srv, /tmp, /opt, /home, /var/log, /var/lib/mini-k8s)',
    });
  });

  it('admits a pod within the policy', () => {
    expect(
      podSecurityRejection({
        spec: {
          containers: [{ name: 'c', securityContext: { capabilities: { add: ['NET_BIND_SERVICE'] } } }],
          volumes: [{ name: 'data', hostPath: { path: '/data/web' } }],
        },
      }),
    ).toBeUndefined();
  });
});

describe('resourceHostConfig', () => {
  it.each([
    [undefined, { Memory: DEFAULT_LIMITS.podMemoryBytes, NanoCpus: DEFAULT_LIMITS.podNanoCpus }],
    [
      { memoryLimitBytes: 16 * 1024 * 1024, cpuLimitMilli: 500, cpuRequestMilli: 250 },
      { Memory: 16 * 1024 * 1024, NanoCpus: 500_000_000, CpuShares: 256 },
    ],
    [
      { memoryLimitBytes: 64 * 1024 ** 3, cpuLimitMilli: 8000 },
      { Memory: DEFAULT_LIMITS.podMemoryBytes, NanoCpus: DEFAULT_LIMITS.podNanoCpus },
    ],
    [{ cpuRequestMilli: 1 }, { CpuShares: 2 }],
  ])('maps %j', (resources, expected) => {
    const config = resourceHostConfig(resources, DEFAULT_LIMITS);
    expect(config).toMatchObject({ ...expected, PidsLimit: DEFAULT_LIMITS.podPids });
    expect(config.MemorySwap).toBe(config.Memory);
  });
});

describe('host paths', () => {
  it.each([
    ['/data/web', '/srv/sbx/host/data/web'],
    ['/data/../../etc', '/srv/sbx/host/etc'],
    ['relative/x', '/srv/sbx/host/relative/x'],
  ])('maps %s into the sandbox directory', (hostPath, expected) => {
    expect(hostPathSource('/srv/sbx', hostPath)).toBe(expected);
  });

  it.each([
    ['/var/run/docker.sock', /daemon socket/],
    ['/etc', /outside the sandbox directories/],
    ['/srv/sbx-other/x', /outside the sandbox directories/],
  ])('refuses to bind %s', (source, message) => {
    expect(() => assertSafeBind(source, ['/srv/sbx'])).toThrow(message);
  });

  it('accepts binds below the sandbox directories', () => {
    expect(() => assertSafeBind('/srv/sbx/host/data', ['/srv/sbx'])).not.toThrow();
  });
});
