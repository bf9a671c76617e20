/**
 * `kubectl drain` / `uncordon` with the real kubectl: cordon, evictions through the pods/eviction
 * subresource, DaemonSet Pods left alone, and a PodDisruptionBudget that makes kubectl retry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, waitFor } from './harness';
import type { TestCluster } from './harness';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster(3);
});
afterAll(async () => {
  await t?.stop();
});

const MANIFESTS = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 4
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        volumeMounts: [{name: cache, mountPath: /cache}]
      volumes:
      - name: cache
        emptyDir: {}
---
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels: {app: agent}
  template:
    metadata:
      labels: {app: agent}
    spec:
      containers:
      - name: agent
        image: busybox:1.36
        command: [sleep, "3600"]
`;

/** podsOn lists `name phase` of the Pods bound to a node, sorted. */
async function podsOn(node: string, selector: string): Promise<string[]> {
  const r = await t.kubectl([
    'get',
    'pods',
    '-l',
    selector,
    '--field-selector',
    `spec.nodeName=${node}`,
    '-o',
    'jsonpath={range .items[*]}{.metadata.name}{"\\n"}{end}',
  ]);
  return r.stdout.split('\n').filter((l) => l !== '');
}

/** runningWeb waits until the four web Pods run and returns their nodes. */
async function runningWeb(): Promise<string[]> {
  return waitFor('four running web Pods', async () => {
    const r = await t.kubectl([
      'get',
      'pods',
      '-l',
      'app=web',
      '-o',
      'jsonpath={range .items[*]}{.spec.nodeName} {.status.phase} {.metadata.deletionTimestamp}{"\\n"}{end}',
    ]);
    const lines = r.stdout.split('\n').filter((l) => l !== '');
    const running = lines.filter((l) => / Running $/.test(l));
    return running.length === 4 && lines.length === 4 ? running.map((l) => l.split(' ')[0]!) : undefined;
  });
}

describe('kubectl drain and uncordon', () => {
  it('drains a worker: cordon, evictions, DaemonSet Pods ignored, Pods moved away', async () => {
    expect((await t.kubectl(['apply', '-f', t.writeFile('drain.yaml', MANIFESTS)])).code).toBe(0);
    const nodes = await runningWeb();
    expect(nodes).not.toContain('controlplane');
    const node = nodes.includes('node01') ? 'node01' : 'node02';
    const evicted = await podsOn(node, 'app=web');
    const agent = await waitFor(
      'the DaemonSet Pod of the node',
      async () => (await podsOn(node, 'app=agent'))[0],
    );

    const r = await t.kubectl(['drain', node, '--ignore-daemonsets', '--delete-emptydir-data']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`Warning: ignoring DaemonSet-managed Pods: default/${agent}\n`);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`node/${node} cordoned`);
    expect(lines.slice(-2)).toEqual([`node/${node} drained`, '']);
    // Evictions run in parallel: the order of the middle lines varies.
    expect(lines.slice(1, -2).sort()).toEqual(
      [
        ...evicted.map((name) => `evicting pod default/${name}`),
        ...evicted.map((name) => `pod/${name} evicted`),
      ].sort(),
    );

    const status = await t.kubectl([
      'get',
      'node',
      node,
      '--no-headers',
      '-o',
      'custom-columns=S:.spec.unschedulable',
    ]);
    expect(status.stdout).toBe('true\n');
    const nodeRow = await t.kubectl(['get', 'node', node, '--no-headers']);
    expect(nodeRow.stdout.split(/\s+/)[1]).toBe('Ready,SchedulingDisabled');
    // The ReplicaSet replaces the evicted Pods on the other worker; the DaemonSet Pod stays.
    expect(await runningWeb()).not.toContain(node);
    expect(await podsOn(node, 'app=agent')).toEqual([agent]);

    expect(await t.kubectl(['uncordon', node])).toMatchObject({
      code: 0,
      stdout: `node/${node} uncordoned\n`,
    });
    expect((await t.kubectl(['get', 'node', node, '--no-headers'])).stdout.split(/\s+/)[1]).toBe('Ready');
    expect(await t.kubectl(['uncordon', node])).toMatchObject({
      code: 0,
      stdout: `node/${node} already uncordoned\n`,
    });
  });

  it('retries while a PodDisruptionBudget forbids the eviction', async () => {
    const pdb = await t.kubectl(['create', 'pdb', 'web', '--selector=app=web', '--min-available=4']);
    expect(pdb.stdout).toBe('poddisruptionbudget.policy/web created\n');
    const node = (await runningWeb())[0]!;
    const blocked = await podsOn(node, 'app=web');

    const r = await t.kubectl([
      'drain',
      node,
      '--ignore-daemonsets',
      '--delete-emptydir-data',
      '--timeout=7s',
    ]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toBe(`node/${node} cordoned`);
    const stderr = r.stderr.split('\n');
    for (const name of blocked) {
      expect(stderr).toContain(
        `error when evicting pods/"${name}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`,
      );
    }
    expect(stderr).toContain('There are pending nodes to be drained:');
    expect(stderr).toContain(` ${node}`);
    // Nothing was evicted: the budget held.
    expect((await podsOn(node, 'app=web')).sort()).toEqual(blocked.sort());
    expect(await t.kubectl(['uncordon', node])).toMatchObject({
      code: 0,
      stdout: `node/${node} uncordoned\n`,
    });
  });

  it('cordons idempotently, drains an empty node, and reports an unknown node', async () => {
    expect((await t.kubectl(['cordon', 'controlplane'])).stdout).toBe('node/controlplane cordoned\n');
    expect((await t.kubectl(['cordon', 'controlplane'])).stdout).toBe('node/controlplane already cordoned\n');
    expect(await t.kubectl(['drain', 'controlplane', '--ignore-daemonsets'])).toEqual({
      code: 0,
      stdout: 'node/controlplane already cordoned\nnode/controlplane drained\n',
      stderr: '',
    });
    expect((await t.kubectl(['uncordon', 'controlplane'])).stdout).toBe('node/controlplane uncordoned\n');
    expect(await t.kubectl(['drain', 'nope'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (NotFound): nodes "nope" not found\n',
    });
  });
});
