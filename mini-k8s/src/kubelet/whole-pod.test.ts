import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/object';
import type { ObjectSource } from './object-source';
import type { ContainerRecord } from './pod-status';
import type { ContainerStatus } from './runtime/runtime';
import type { Pod } from './types';
import { buildWholePod, mirrorInstances } from './whole-pod';

const objects: ObjectSource = {
  configMap: (_ns, name) =>
    Promise.resolve(
      name === 'cfg'
        ? ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { mode: 'prod' } } as KubeObject)
        : undefined,
    ),
  secret: () => Promise.resolve(undefined),
  pvc: () => Promise.resolve(undefined),
  pv: () => Promise.resolve(undefined),
  serviceAccountToken: () => Promise.resolve('token'),
};

const pod = (spec: Partial<Pod['spec']>): Pod =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', uid: 'u1' },
    spec: { containers: [], ...spec },
  }) as Pod;

function harness() {
  const records = new Map<string, ContainerRecord>();
  const events: string[] = [];
  return {
    records,
    events,
    record: (name: string) => {
      let r = records.get(name);
      if (!r) records.set(name, (r = { name, attempts: 0 }));
      return r;
    },
    event: (type: string, reason: string, message: string) => events.push(`${type} ${reason}: ${message}`),
  };
}

describe('buildWholePod', () => {
  it('builds init containers and containers with what the runtime applies itself', async () => {
    const h = harness();
    const built = await buildWholePod(
      pod({
        restartPolicy: 'OnFailure',
        securityContext: { runAsUser: 1000 },
        initContainers: [{ name: 'setup', image: 'busybox:1.36' }],
        containers: [
          {
            name: 'app',
            image: 'nginx:1.27',
            securityContext: { runAsNonRoot: true },
            env: [
              { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'mode' } } },
              { name: 'MY_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
            ],
            readinessProbe: { httpGet: { path: '/', port: 80 } },
          },
        ],
      } as unknown as Partial<Pod['spec']>),
      {
        objects,
        downward: { podIp: '10.244.1.5', nodeAllocatable: {} },
        record: h.record,
        containerConfig: (c, env) => ({ name: c.name, image: c.image ?? '', env }),
        event: h.event,
      },
    );
    expect(built).toMatchObject({
      restartPolicy: 'OnFailure',
      initContainers: [{ name: 'setup', imagePullPolicy: 'IfNotPresent', runAs: { runAsUser: 1000 } }],
      containers: [
        {
          name: 'app',
          env: [
            { name: 'MODE', value: 'prod' },
            { name: 'MY_IP', value: '10.244.1.5' },
          ],
          podIpEnv: ['MY_IP'],
          readinessProbe: { httpGet: { path: '/', port: 80 } },
          runAs: { runAsUser: 1000, runAsNonRoot: true },
        },
      ],
    });
  });

  it('leaves a container with a missing reference in CreateContainerConfigError, with one event', async () => {
    const h = harness();
    const spec = pod({
      containers: [
        {
          name: 'app',
          image: 'nginx:1.27',
          env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'missing', key: 'k' } } }],
        },
      ],
    });
    const deps = {
      objects,
      downward: { nodeAllocatable: {} },
      record: h.record,
      containerConfig: (c: { name: string }) => ({ name: c.name, image: '' }),
      event: h.event,
    };
    expect(await buildWholePod(spec, deps)).toBeUndefined();
    expect(await buildWholePod(spec, deps)).toBeUndefined();
    expect(h.records.get('app')?.waiting).toEqual({
      reason: 'CreateContainerConfigError',
      message: 'configmap "missing" not found',
    });
    expect(h.events).toEqual(['Warning Failed: Error: configmap "missing" not found']);
  });
});

describe('mirrorInstances', () => {
  const spec = pod({ containers: [{ name: 'app', image: 'busybox:1.36' }] });
  const instance = (attempt: number, extra: Partial<ContainerStatus>): ContainerStatus => ({
    id: `id-${attempt}`,
    podSandboxId: 's',
    name: 'app',
    attempt,
    image: 'busybox:1.36',
    imageRef: 'busybox@sha256:1',
    state: 'running',
    createdAt: new Date(0),
    ...extra,
  });
  const crashed = { state: 'exited' as const, exitCode: 3, reason: 'Error', finishedAt: new Date(1000) };

  it('follows the runtime’s restarts: restart count, previous instance, last termination, events', () => {
    const h = harness();
    mirrorInstances(spec, [instance(0, {})], h.record, h.event);
    expect(h.records.get('app')).toMatchObject({ currentId: 'id-0', attempts: 1 });
    expect(h.events).toEqual([
      'Normal Created: Created container: app',
      'Normal Started: Started container app',
    ]);

    const backOff = { reason: 'CrashLoopBackOff', message: 'back-off 10s restarting failed container' };
    mirrorInstances(spec, [instance(0, { ...crashed, waiting: backOff })], h.record, h.event);
    mirrorInstances(spec, [instance(0, { ...crashed, waiting: backOff })], h.record, h.event);
    expect(h.records.get('app')?.waiting).toEqual(backOff);
    expect(h.events.filter((e) => e.includes('BackOff'))).toEqual([
      'Warning BackOff: Back-off restarting failed container app in pod web_default(u1)',
    ]);

    mirrorInstances(spec, [instance(0, crashed), instance(1, {})], h.record, h.event);
    expect(h.records.get('app')).toMatchObject({
      currentId: 'id-1',
      previousId: 'id-0',
      attempts: 2,
      lastTerminated: { exitCode: 3, reason: 'Error', containerID: 'containerd://id-0' },
    });
    expect(h.records.get('app')?.waiting).toBeUndefined();
  });

  it('shows why a container that never started waits, without a current instance', () => {
    const h = harness();
    const pull = { reason: 'ErrImagePull', message: 'rpc error: code = NotFound desc = not found' };
    mirrorInstances(spec, [instance(0, { state: 'created', waiting: pull })], h.record, h.event);
    expect(h.records.get('app')).toMatchObject({ attempts: 0, waiting: pull });
    expect(h.records.get('app')?.currentId).toBeUndefined();
    expect(h.events).toEqual([
      'Warning Failed: Failed to pull image "busybox:1.36": rpc error: code = NotFound desc = not found',
      'Warning Failed: Error: ErrImagePull',
    ]);
  });
});
