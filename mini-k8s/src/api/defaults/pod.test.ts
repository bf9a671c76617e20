import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../object';
import { applyDefaults } from './index';
import { computeQosClass, imagePullPolicyFor } from './pod';

function pod(spec: Record<string, unknown>): KubeObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec };
}

describe('Pod defaults', () => {
  it('matches what `kubectl run nginx --image=nginx` stores', () => {
    const out = applyDefaults('', 'v1', 'Pod', pod({ containers: [{ name: 'nginx', image: 'nginx' }] }));
    expect(out.spec).toEqual({
      containers: [
        {
          name: 'nginx',
          image: 'nginx',
          imagePullPolicy: 'Always',
          resources: {},
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      dnsPolicy: 'ClusterFirst',
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      restartPolicy: 'Always',
      schedulerName: 'default-scheduler',
      securityContext: {},
      serviceAccount: 'default',
      serviceAccountName: 'default',
      terminationGracePeriodSeconds: 30,
      tolerations: [
        {
          effect: 'NoExecute',
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          tolerationSeconds: 300,
        },
        {
          effect: 'NoExecute',
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          tolerationSeconds: 300,
        },
      ],
    });
  });

  it('keeps tolerations a pod already has for node failures (DefaultTolerationSeconds)', () => {
    const out = applyDefaults(
      '',
      'v1',
      'Pod',
      pod({
        containers: [{ name: 'a', image: 'nginx:1.25' }],
        tolerations: [
          {
            key: 'node.kubernetes.io/unreachable',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 5,
          },
        ],
      }),
    );
    expect((out.spec as { tolerations: unknown[] }).tolerations).toEqual([
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 5,
      },
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ]);
  });

  it('does not modify its input and can skip admission defaults', () => {
    const input = pod({ containers: [{ name: 'a', image: 'nginx:1.25' }] });
    const out = applyDefaults('', 'v1', 'Pod', input, {
      podAdmission: { serviceAccount: false, priority: false, defaultTolerationSeconds: false },
    });
    expect(input.spec).toEqual({ containers: [{ name: 'a', image: 'nginx:1.25' }] });
    const spec = out.spec as Record<string, unknown>;
    expect(spec.serviceAccountName).toBeUndefined();
    expect(spec.priority).toBeUndefined();
    expect(spec.tolerations).toBeUndefined();
  });

  it.each([
    ['nginx', 'Always'],
    ['nginx:latest', 'Always'],
    ['nginx:1.25', 'IfNotPresent'],
    ['localhost:5000/app', 'Always'],
    ['localhost:5000/app:v1', 'IfNotPresent'],
    ['nginx@sha256:abcd', 'IfNotPresent'],
    ['nginx:latest@sha256:abcd', 'Always'],
  ])('imagePullPolicy for %j is %s', (image, policy) => {
    expect(imagePullPolicyFor(image)).toBe(policy);
  });

  it('defaults ports, probes, env field refs, volumes and resources', () => {
    const out = applyDefaults(
      '',
      'v1',
      'Pod',
      pod({
        containers: [
          {
            name: 'app',
            image: 'app:1',
            ports: [{ containerPort: 80 }],
            livenessProbe: { httpGet: { port: 80 } },
            readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5 },
            env: [{ name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }],
            resources: { limits: { cpu: '0.5', memory: '1024Mi' } },
          },
        ],
        volumes: [
          { name: 'scratch' },
          { name: 'cfg', configMap: { name: 'cfg' } },
          { name: 'sec', secret: { secretName: 's', defaultMode: 256 } },
          { name: 'host', hostPath: { path: '/data' } },
        ],
      }),
    );
    const spec = out.spec as { containers: Record<string, unknown>[]; volumes: unknown[] };
    const c = spec.containers[0];
    expect(c.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    expect(c.livenessProbe).toEqual({
      httpGet: { port: 80, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect((c.readinessProbe as Record<string, unknown>).periodSeconds).toBe(5);
    expect(c.env).toEqual([
      { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName', apiVersion: 'v1' } } },
    ]);
    // Pods (not templates) get requests copied from limits; quantities are canonical.
    expect(c.resources).toEqual({
      limits: { cpu: '500m', memory: '1Gi' },
      requests: { cpu: '500m', memory: '1Gi' },
    });
    expect(spec.volumes).toEqual([
      { name: 'scratch', emptyDir: {} },
      { name: 'cfg', configMap: { name: 'cfg', defaultMode: 420 } },
      { name: 'sec', secret: { secretName: 's', defaultMode: 256 } },
      { name: 'host', hostPath: { path: '/data', type: '' } },
    ]);
  });

  it('mirrors serviceAccountName into the deprecated serviceAccount field', () => {
    const out = applyDefaults('', 'v1', 'Pod', pod({ serviceAccountName: 'robot', containers: [] }));
    expect(out.spec).toMatchObject({ serviceAccount: 'robot', serviceAccountName: 'robot' });
  });

  it('copies container ports to host ports on host-network pods', () => {
    const out = applyDefaults(
      '',
      'v1',
      'Pod',
      pod({ hostNetwork: true, containers: [{ name: 'a', image: 'a', ports: [{ containerPort: 53 }] }] }),
    );
    expect((out.spec as { containers: { ports: unknown[] }[] }).containers[0].ports).toEqual([
      { containerPort: 53, hostPort: 53, protocol: 'TCP' },
    ]);
  });
});

describe('computeQosClass', () => {
  it.each([
    [[{}], 'BestEffort'],
    [[{ requests: { cpu: '100m' } }], 'Burstable'],
    [[{ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1Gi' } }], 'Guaranteed'],
    [[{ limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '500m', memory: '1Gi' } }], 'Burstable'],
    [[{ limits: { cpu: '1', memory: '1Gi' } }, {}], 'Burstable'],
  ])('%j → %s', (resources, qos) => {
    const spec = { containers: resources.map((r, i) => ({ name: `c${i}`, resources: r })) };
    expect(computeQosClass(spec)).toBe(qos);
  });
});
