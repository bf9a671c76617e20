/**
 * Scenario: what the kubelet does to running pods, seen through the real kubectl — a failing liveness
 * probe restarts the container (RESTARTS grows, `describe` shows `Liveness probe failed`), a readiness
 * probe gates the Service's endpoints, a crashing command ends in CrashLoopBackOff, a ConfigMap volume
 * follows its ConfigMap, `kubectl top` reports usage, and a Job created from a CronJob completes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { squeeze, startTestCluster } from '../integration/harness';
import type { TestCluster } from '../integration/harness';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster(3);
});
afterAll(async () => {
  await t?.stop();
});

async function ok(args: string[]): Promise<string> {
  const r = await t.kubectl(args);
  expect(r.stderr, `kubectl ${args.join(' ')}`).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

/** eventually re-runs `check` (a kubectl read) until it returns true, for at most ~10 s. */
async function eventually(check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition not reached');
}

const MANIFESTS = `apiVersion: v1
kind: Pod
metadata:
  name: live
spec:
  containers:
  - name: app
    image: nginx:1.27
    livenessProbe:
      httpGet:
        path: /healthz
        port: 80
      periodSeconds: 1
      failureThreshold: 1
---
apiVersion: v1
kind: Pod
metadata:
  name: ready
  labels:
    app: ready
spec:
  containers:
  - name: app
    image: nginx:1.27
    readinessProbe:
      exec:
        command: ["cat", "/tmp/ready"]
      periodSeconds: 1
---
apiVersion: v1
kind: Service
metadata:
  name: ready
spec:
  selector:
    app: ready
  ports:
  - port: 80
---
apiVersion: v1
kind: Pod
metadata:
  name: crash
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "echo starting; exit 1"]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  key: one
---
apiVersion: v1
kind: Pod
metadata:
  name: reader
spec:
  containers:
  - name: app
    image: nginx:1.27
    volumeMounts:
    - name: cfg
      mountPath: /etc/config
  volumes:
  - name: cfg
    configMap:
      name: cfg
---
apiVersion: batch/v1
kind: CronJob
metadata:
  name: hello
spec:
  schedule: "*/1 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers:
          - name: hello
            image: busybox:1.36
            command: ["sh", "-c", "echo Hello from the cluster"]
`;

describe('pod lifecycle', () => {
  beforeAll(async () => {
    await ok(['apply', '-f', t.writeFile('pods.yaml', MANIFESTS)]);
    await ok(['wait', '--for=condition=Ready', 'pod/reader', '--timeout=30s']);
  });

  it('a failing liveness probe restarts the container again and again', async () => {
    const restarts = async () =>
      Number(await ok(['get', 'pod', 'live', '-o', 'jsonpath={.status.containerStatuses[0].restartCount}']));
    await eventually(async () => (await restarts()) >= 2);
    const row = (await ok(['get', 'pod', 'live', '--no-headers'])).split(/\s+/);
    expect(Number(row[3])).toBeGreaterThanOrEqual(2);
    const described = squeeze(await ok(['describe', 'pod', 'live']));
    expect(described).toContain(
      '  Liveness:  http-get http://:80/healthz delay=0s timeout=1s period=1s #success=1 #failure=1\n',
    );
    expect(described).toMatch(
      /\n {2}Warning {2}Unhealthy {2}\S+( \(x\d+ over \S+\))? {2}kubelet {2}Liveness probe failed: HTTP probe failed with statuscode: 404\n/,
    );
    expect(described).toMatch(
      /\n {2}Normal {2}Killing {2}\S+( \(x\d+ over \S+\))? {2}kubelet {2}Container app failed liveness probe, will be restarted\n/,
    );
  });

  it('a readiness probe keeps the pod out of the endpoints until it passes', async () => {
    expect(await ok(['get', 'pod', 'ready', '--no-headers'])).toMatch(/^ready\s+0\/1\s+Running\s+0\s+/);
    // A not-ready pod is listed under notReadyAddresses only, which kubectl prints as an empty cell.
    expect(squeeze(await ok(['get', 'endpoints', 'ready', '--no-headers']))).toMatch(/^ready {2}\S+$/m);
    const notReady = [
      'get',
      'endpoints',
      'ready',
      '-o',
      'jsonpath={.subsets[0].notReadyAddresses[0].targetRef.name}',
    ];
    expect(await ok(notReady)).toBe('ready');
    expect(await ok(['exec', 'ready', '--', 'touch', '/tmp/ready'])).toBe('');
    await ok(['wait', '--for=condition=Ready', 'pod/ready', '--timeout=30s']);
    const ip = await ok(['get', 'pod', 'ready', '-o', 'jsonpath={.status.podIP}']);
    await eventually(async () =>
      (await ok(['get', 'endpoints', 'ready', '--no-headers'])).includes(`${ip}:80`),
    );
    expect(squeeze(await ok(['get', 'endpoints', 'ready', '--no-headers']))).toMatch(
      new RegExp(`^ready  ${ip.replace(/\./g, '\\.')}:80  \\S+$`, 'm'),
    );
    // Failing again removes the address.
    await ok(['exec', 'ready', '--', 'rm', '/tmp/ready']);
    await eventually(async () => !(await ok(['get', 'endpoints', 'ready', '--no-headers'])).includes(ip));
  });

  it('a container that keeps exiting shows CrashLoopBackOff', async () => {
    await eventually(async () =>
      /^crash\s+0\/1\s+CrashLoopBackOff\s+/.test(await ok(['get', 'pod', 'crash', '--no-headers'])),
    );
    expect(await ok(['logs', 'crash'])).toBe('starting\n');
    const described = squeeze(await ok(['describe', 'pod', 'crash']));
    expect(described).toContain('  Last State:  Terminated\n  Reason:  Error\n  Exit Code:  1\n');
    expect(described).toMatch(
      /\n {2}Warning {2}BackOff {2}.* {2}kubelet {2}Back-off restarting failed container app in pod crash_default\([0-9a-f-]{36}\)\n/,
    );
  });

  it('a ConfigMap volume follows updates of its ConfigMap', async () => {
    expect(await ok(['exec', 'reader', '--', 'cat', '/etc/config/key'])).toBe('one');
    expect(await ok(['patch', 'configmap', 'cfg', '-p', '{"data":{"key":"two"}}'])).toBe(
      'configmap/cfg patched\n',
    );
    await eventually(async () => (await ok(['exec', 'reader', '--', 'cat', '/etc/config/key'])) === 'two');
  });

  it('kubectl top reports node and pod usage', async () => {
    const nodes = (await ok(['top', 'nodes'])).trim().split('\n');
    expect(nodes[0].trim().split(/\s+/)).toEqual([
      'NAME',
      'CPU(cores)',
      'CPU(%)',
      'MEMORY(bytes)',
      'MEMORY(%)',
    ]);
    expect(nodes.slice(1).map((line) => line.split(/\s+/)[0])).toEqual(['controlplane', 'node01', 'node02']);
    for (const line of nodes.slice(1)) expect(line).toMatch(/^\S+\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%\s*$/);
    const pods = (await ok(['top', 'pod', 'reader'])).trim().split('\n');
    expect(pods[0].trim().split(/\s+/)).toEqual(['NAME', 'CPU(cores)', 'MEMORY(bytes)']);
    expect(pods[1]).toMatch(/^reader\s+\d+m\s+\d+Mi\s*$/);
  });

  it('a Job created from a CronJob runs to completion', async () => {
    expect(await ok(['create', 'job', 'manual', '--from=cronjob/hello'])).toBe('job.batch/manual created\n');
    expect(await ok(['wait', '--for=condition=Complete', 'job/manual', '--timeout=30s'])).toBe(
      'job.batch/manual condition met\n',
    );
    expect(await ok(['get', 'job', 'manual', '--no-headers'])).toMatch(
      /^manual\s+Complete\s+1\/1\s+\S+\s+\S+\s*$/,
    );
    expect(await ok(['logs', 'job/manual'])).toBe('Hello from the cluster\n');
    const owner = await ok([
      'get',
      'job',
      'manual',
      '-o',
      'jsonpath={.metadata.annotations.cronjob\\.kubernetes\\.io/instantiate}',
    ]);
    expect(owner).toBe('manual');
  });
});
