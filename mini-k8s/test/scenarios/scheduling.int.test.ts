/**
 * Scenario: scheduling outcomes through the real kubectl — taints repel pods, a toleration lets a pod
 * reach the control-plane node, a pod asking for more than any node has stays Pending with the scheduler's
 * exact `0/3 nodes are available: ...` event, and a DaemonSet follows node label changes (the cluster has a
 * fixed set of kubelets, so "a new node" is simulated by a node starting to match the nodeSelector).
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

/** nodesOf lists the nodes the pods matching `selector` run on, sorted. */
async function nodesOf(selector: string): Promise<string[]> {
  const out = await ok([
    'get',
    'pods',
    '-l',
    selector,
    '-o',
    'custom-columns=NODE:.spec.nodeName',
    '--no-headers',
  ]);
  return out.trim().split('\n').sort();
}

const TOLERANT = `apiVersion: v1
kind: Pod
metadata:
  name: tolerant
spec:
  nodeSelector:
    kubernetes.io/hostname: controlplane
  tolerations:
  - key: node-role.kubernetes.io/control-plane
    operator: Exists
    effect: NoSchedule
  containers:
  - name: app
    image: nginx:1.27
`;

const BIG = `apiVersion: v1
kind: Pod
metadata:
  name: big
spec:
  containers:
  - name: app
    image: nginx:1.27
    resources:
      requests:
        cpu: "100"
        memory: 1Gi
`;

const FAILED_SCHEDULING =
  '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, ' +
  '2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, ' +
  '2 No preemption victims found for incoming pod.';

const DAEMONSET = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      nodeSelector:
        disk: ssd
      containers:
      - name: agent
        image: busybox:1.36
        command: ["sleep", "3600"]
`;

const NODE03 = `apiVersion: v1
kind: Node
metadata:
  name: node03
  labels:
    kubernetes.io/hostname: node03
    disk: ssd
`;

describe('taints and tolerations', () => {
  it('a NoSchedule taint on node01 sends every new pod to node02', async () => {
    expect(await ok(['taint', 'nodes', 'node01', 'app=blue:NoSchedule'])).toBe('node/node01 tainted\n');
    await ok(['create', 'deployment', 'spread', '--image=nginx:1.27', '--replicas=4']);
    await ok(['rollout', 'status', 'deployment/spread', '--timeout=30s']);
    expect(await nodesOf('app=spread')).toEqual(['node02', 'node02', 'node02', 'node02']);
    const described = await ok(['describe', 'node', 'node01']);
    expect(described).toMatch(/\nTaints:\s+app=blue:NoSchedule\n/);
  });

  it('a toleration lets a pod reach the control-plane node', async () => {
    await ok(['apply', '-f', t.writeFile('tolerant.yaml', TOLERANT)]);
    expect(await ok(['wait', '--for=condition=Ready', 'pod/tolerant', '--timeout=30s'])).toBe(
      'pod/tolerant condition met\n',
    );
    expect(await ok(['get', 'pod', 'tolerant', '-o', 'jsonpath={.spec.nodeName}'])).toBe('controlplane');
  });

  it('removing the taint makes node01 schedulable again', async () => {
    expect(await ok(['taint', 'nodes', 'node01', 'app=blue:NoSchedule-'])).toBe('node/node01 untainted\n');
    await ok(['scale', 'deployment/spread', '--replicas=8']);
    await ok(['rollout', 'status', 'deployment/spread', '--timeout=30s']);
    expect(await nodesOf('app=spread')).toContain('node01');
  });
});

describe('insufficient resources', () => {
  it('leaves the pod Pending with the FailedScheduling event', async () => {
    await ok(['apply', '-f', t.writeFile('big.yaml', BIG)]);
    await ok([
      'wait',
      '--for=jsonpath={.status.conditions[0].reason}=Unschedulable',
      'pod/big',
      '--timeout=30s',
    ]);
    expect(await ok(['get', 'pod', 'big', '--no-headers'])).toMatch(/^big\s+0\/1\s+Pending\s+0\s+/);
    const events = await ok([
      'get',
      'events',
      '--field-selector',
      'involvedObject.name=big,reason=FailedScheduling',
    ]);
    expect(squeeze(events).split('\n')[1]).toMatch(
      new RegExp(`^\\S+  Warning  FailedScheduling  pod/big  ${escape(FAILED_SCHEDULING)}$`),
    );
    const described = squeeze(await ok(['describe', 'pod', 'big']));
    expect(described).toContain('Conditions:\n  Type  Status\n  PodScheduled  False\n');
    expect(described).toMatch(
      new RegExp(
        `\n  Warning  FailedScheduling  \\S+( \\(x\\d+ over \\S+\\))?  default-scheduler  ${escape(FAILED_SCHEDULING)}\n`,
      ),
    );
  });
});

describe('daemonset and node labels', () => {
  it('runs a pod on each node that starts matching its nodeSelector, and leaves the others', async () => {
    await ok(['apply', '-f', t.writeFile('ds.yaml', DAEMONSET)]);
    await ok(['wait', '--for=jsonpath={.status.observedGeneration}=1', 'daemonset/agent', '--timeout=30s']);
    expect(await ok(['get', 'ds', 'agent', '--no-headers'])).toMatch(
      /^agent\s+0\s+0\s+0\s+0\s+0\s+disk=ssd\s+/,
    );

    expect(await ok(['label', 'node', 'node01', 'disk=ssd'])).toBe('node/node01 labeled\n');
    await ok(['rollout', 'status', 'daemonset/agent', '--timeout=30s']);
    await ok(['wait', '--for=jsonpath={.status.numberReady}=1', 'daemonset/agent', '--timeout=30s']);
    expect(await nodesOf('app=agent')).toEqual(['node01']);

    await ok(['label', 'node', 'node02', 'disk=ssd']);
    await ok(['wait', '--for=jsonpath={.status.numberReady}=2', 'daemonset/agent', '--timeout=30s']);
    expect(await nodesOf('app=agent')).toEqual(['node01', 'node02']);

    expect(await ok(['label', 'node', 'node01', 'disk-'])).toBe('node/node01 unlabeled\n');
    await ok([
      'wait',
      '--for=jsonpath={.status.desiredNumberScheduled}=1',
      'daemonset/agent',
      '--timeout=30s',
    ]);
    await ok([
      'wait',
      '--for=jsonpath={.status.currentNumberScheduled}=1',
      'daemonset/agent',
      '--timeout=30s',
    ]);
    expect(await ok(['get', 'ds', 'agent', '--no-headers'])).toMatch(
      /^agent\s+1\s+1\s+1\s+1\s+1\s+disk=ssd\s+/,
    );
  });
});

describe('daemonset and a node added by hand', () => {
  it('creates a daemon pod for the new Node, which stays Pending without a kubelet', async () => {
    // A Node object without a kubelet: no capacity (so "Too many pods"), no status for one startup grace period.
    await ok(['apply', '-f', t.writeFile('node03.yaml', NODE03)]);
    await ok([
      'wait',
      '--for=jsonpath={.status.desiredNumberScheduled}=2',
      'daemonset/agent',
      '--timeout=30s',
    ]);
    await ok([
      'wait',
      '--for=jsonpath={.status.currentNumberScheduled}=2',
      'daemonset/agent',
      '--timeout=30s',
    ]);
    expect(await ok(['get', 'ds', 'agent', '--no-headers'])).toMatch(
      /^agent\s+2\s+2\s+1\s+2\s+1\s+disk=ssd\s+/,
    );
    expect(squeeze(await ok(['get', 'nodes', 'node03', '--no-headers']))).toMatch(
      /^node03 {2}Unknown {2}<none> {2}\S+$/m,
    );
    // The node lifecycle controller leaves a never-updated node untainted during its startup grace period.
    expect(await ok(['get', 'node', 'node03', '-o', 'jsonpath={.spec.taints}'])).toBe('');
    const pending = await ok([
      'get',
      'pods',
      '-l',
      'app=agent',
      '--field-selector',
      'status.phase=Pending',
      '-o',
      'jsonpath={.items[0].metadata.name} {.items[0].spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0]}',
    ]);
    const [podName, target] = pending.split(' ');
    expect(target).toBe('node03');
    await ok([
      'wait',
      '--for=jsonpath={.status.conditions[0].reason}=Unschedulable',
      `pod/${podName}`,
      '--timeout=30s',
    ]);
    const events = await ok([
      'get',
      'events',
      '--field-selector',
      `involvedObject.name=${podName},reason=FailedScheduling`,
      '-o',
      'jsonpath={.items[0].message}',
    ]);
    expect(events).toBe(
      "0/4 nodes are available: 1 Too many pods, 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, 3 Preemption is not helpful for scheduling.",
    );
  });
});

/** escape quotes a literal for a RegExp. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
