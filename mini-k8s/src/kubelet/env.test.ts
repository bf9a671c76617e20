import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/object';
import { expandVars, resolveEnv } from './env';
import type { ObjectSource } from './object-source';
import type { Pod } from './types';

const objects: ObjectSource = {
  configMap: (_ns, name) =>
    Promise.resolve(
      name === 'cfg'
        ? ({
            apiVersion: 'v1',
            kind: 'X',
            metadata: { name },
            data: { mode: 'prod', level: 'debug' },
          } as KubeObject)
        : undefined,
    ),
  secret: (_ns, name) =>
    Promise.resolve(
      name === 'creds'
        ? ({
            apiVersion: 'v1',
            kind: 'X',
            metadata: { name },
            data: { password: Buffer.from('s3cr3t').toString('base64') },
          } as KubeObject)
        : undefined,
    ),
  pvc: () => Promise.resolve(undefined),
  pv: () => Promise.resolve(undefined),
  serviceAccountToken: () => Promise.resolve('token'),
};

const pod = (
  env: NonNullable<Pod['spec']['containers'][0]['env']>,
  envFrom?: Pod['spec']['containers'][0]['envFrom'],
): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', uid: 'u-1', labels: { app: 'web' } },
  spec: {
    nodeName: 'node01',
    containers: [{ name: 'main', image: 'nginx', env, envFrom, resources: { limits: { memory: '128Mi' } } }],
  },
});
const ctx = { podIp: '10.244.1.2', hostIp: '172.30.0.3', nodeAllocatable: { cpu: '2', memory: '4Gi' } };

describe('expandVars', () => {
  it.each([
    ['$(A)-x', 'a-x'],
    ['$$(A)', '$(A)'],
    ['$(MISSING)', '$(MISSING)'],
    ['plain $ sign', 'plain $ sign'],
  ])('%s → %s', (input, output) => {
    expect(expandVars(input, (n) => (n === 'A' ? 'a' : undefined))).toBe(output);
  });
});

describe('resolveEnv', () => {
  it('resolves every source in order', async () => {
    const p = pod(
      [
        { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        { name: 'APP', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'mode' } } },
        { name: 'PASS', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
        { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
        { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
        { name: 'URL', value: 'http://$(IP):80' },
      ],
      [{ configMapRef: { name: 'cfg' }, prefix: 'CFG_' }],
    );
    const env = Object.fromEntries(
      (await resolveEnv(p, p.spec.containers[0], objects, ctx)).map((e) => [e.name, e.value]),
    );
    expect(env).toEqual({
      CFG_mode: 'prod',
      CFG_level: 'debug',
      POD: 'web',
      IP: '10.244.1.2',
      APP: 'web',
      MODE: 'prod',
      PASS: 's3cr3t',
      MEM: '128',
      CPU: '2',
      URL: 'http://10.244.1.2:80',
    });
  });

  it.each([
    [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k' } } }, 'configmap "nope" not found'],
    [
      { name: 'X', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'k' } } },
      "couldn't find key k in ConfigMap default/cfg",
    ],
    [{ name: 'X', valueFrom: { secretKeyRef: { name: 'nope', key: 'k' } } }, 'secret "nope" not found'],
  ])('fails with the upstream message', async (env, message) => {
    const p = pod([env]);
    await expect(resolveEnv(p, p.spec.containers[0], objects, ctx)).rejects.toThrow(message);
  });

  it('skips optional references', async () => {
    const p = pod([
      { name: 'X', valueFrom: { configMapKeyRef: { name: 'nope', key: 'k', optional: true } } },
    ]);
    expect(await resolveEnv(p, p.spec.containers[0], objects, ctx)).toEqual([]);
  });
});
