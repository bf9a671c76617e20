import { describe, expect, it } from 'vitest';
import { podPrinter, podTemplatePrinter } from './pods';
import { NOW, ago, kubeObject, minutes } from './test-fixtures';

const ctx = { now: NOW };

function pod(name: string, spec: Record<string, unknown>, status: Record<string, unknown>, meta = {}) {
  return kubeObject('v1', 'Pod', { name, namespace: 'default', ...meta }, { spec, status });
}

const running = { running: { startedAt: ago(minutes(4)) } };
const readyConditions = [
  { type: 'Initialized', status: 'True' },
  { type: 'Ready', status: 'True' },
  { type: 'PodScheduled', status: 'True' },
];

describe('podPrinter', () => {
  it('declares the upstream columns', () => {
    expect(podPrinter.columns.map((c) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0],
      ['Ready', 'string', '', 0],
      ['Status', 'string', '', 0],
      ['Restarts', 'string', '', 0],
      ['Age', 'string', '', 0],
      ['IP', 'string', '', 1],
      ['Node', 'string', '', 1],
      ['Nominated Node', 'string', '', 1],
      ['Readiness Gates', 'string', '', 1],
    ]);
    expect(podPrinter.columns[5]?.description).toBe(
      'podIP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.',
    );
  });

  it('prints a running pod', () => {
    const obj = pod(
      'nginx',
      { containers: [{ name: 'nginx', image: 'nginx:1.27' }], nodeName: 'node-1' },
      {
        phase: 'Running',
        podIP: '10.244.0.16',
        podIPs: [{ ip: '10.244.0.16' }],
        conditions: readyConditions,
        containerStatuses: [{ name: 'nginx', ready: true, started: true, restartCount: 0, state: running }],
      },
    );
    expect(podPrinter.print(obj, ctx)).toEqual({
      cells: ['nginx', '1/1', 'Running', '0', '5m', '10.244.0.16', 'node-1', '<none>', '<none>'],
    });
  });

  it('prints a CrashLoopBackOff pod with its restarts and the time of the last one', () => {
    const obj = pod(
      'crasher',
      { containers: [{ name: 'app', image: 'busybox' }], nodeName: 'node-1' },
      {
        phase: 'Running',
        podIPs: [{ ip: '10.244.0.20' }],
        conditions: [{ type: 'Ready', status: 'False' }],
        containerStatuses: [
          {
            name: 'app',
            ready: false,
            restartCount: 4,
            state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 1m20s' } },
            lastState: {
              terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(minutes(1) + 30_000) },
            },
          },
        ],
      },
    );
    expect(podPrinter.print(obj, ctx).cells.slice(0, 4)).toEqual([
      'crasher',
      '0/1',
      'CrashLoopBackOff',
      '4 (90s ago)',
    ]);
  });

  it.each([
    [
      'waiting on the first init container',
      [{ state: { waiting: { reason: 'PodInitializing' } } }],
      'Init:0/2',
    ],
    [
      'second init container running',
      [{ state: { terminated: { exitCode: 0, reason: 'Completed' } } }, { state: running }],
      'Init:1/2',
    ],
    ['failed init container', [{ state: { terminated: { exitCode: 1, reason: 'Error' } } }], 'Init:Error'],
    ['init exit code without reason', [{ state: { terminated: { exitCode: 3 } } }], 'Init:ExitCode:3'],
    ['init killed by a signal', [{ state: { terminated: { exitCode: 137, signal: 9 } } }], 'Init:Signal:9'],
    ['init image pull error', [{ state: { waiting: { reason: 'ErrImagePull' } } }], 'Init:ErrImagePull'],
    ['init crash loop', [{ state: { waiting: { reason: 'CrashLoopBackOff' } } }], 'Init:CrashLoopBackOff'],
  ])('prints an initializing pod: %s', (_label, initStatuses, expected) => {
    const obj = pod(
      'init-pod',
      {
        initContainers: [
          { name: 'init-a', image: 'busybox' },
          { name: 'init-b', image: 'busybox' },
        ],
        containers: [{ name: 'app', image: 'nginx' }],
      },
      {
        phase: 'Pending',
        initContainerStatuses: initStatuses.map((s, i) => ({ name: i === 0 ? 'init-a' : 'init-b', ...s })),
        containerStatuses: [{ name: 'app', ready: false, state: { waiting: { reason: 'PodInitializing' } } }],
      },
    );
    expect(podPrinter.print(obj, ctx).cells.slice(1, 3)).toEqual(['0/1', expected]);
  });

  it('counts a started sidecar (restartable init container) in READY', () => {
    const obj = pod(
      'with-sidecar',
      {
        initContainers: [{ name: 'proxy', image: 'envoy', restartPolicy: 'Always' }],
        containers: [{ name: 'app', image: 'nginx' }],
      },
      {
        phase: 'Running',
        conditions: readyConditions,
        initContainerStatuses: [
          { name: 'proxy', ready: true, started: true, restartCount: 1, state: running },
        ],
        containerStatuses: [{ name: 'app', ready: true, restartCount: 2, state: running }],
      },
    );
    expect(podPrinter.print(obj, ctx).cells.slice(1, 4)).toEqual(['2/2', 'Running', '3']);
  });

  it.each([
    [
      'Completed pod',
      'Succeeded',
      [{ name: 'a', state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
      [],
      'Completed',
    ],
    [
      'Error pod',
      'Failed',
      [{ name: 'a', state: { terminated: { exitCode: 1, reason: 'Error' } } }],
      [],
      'Error',
    ],
    [
      'OOMKilled',
      'Running',
      [{ name: 'a', state: { terminated: { exitCode: 137, reason: 'OOMKilled' } } }],
      [],
      'OOMKilled',
    ],
    ['exit code', 'Failed', [{ name: 'a', state: { terminated: { exitCode: 2 } } }], [], 'ExitCode:2'],
    [
      'signal',
      'Failed',
      [{ name: 'a', state: { terminated: { exitCode: 0, signal: 15 } } }],
      [],
      'Signal:15',
    ],
    [
      'ContainerCreating',
      'Pending',
      [{ name: 'a', state: { waiting: { reason: 'ContainerCreating' } } }],
      [],
      'ContainerCreating',
    ],
    ['Pending without statuses', 'Pending', [], [], 'Pending'],
    [
      'first container completed, second running and ready',
      'Running',
      [
        { name: 'a', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        { name: 'b', ready: true, state: running },
      ],
      [{ type: 'Ready', status: 'True' }],
      'Running',
    ],
    [
      'first container completed, second running, pod not ready',
      'Running',
      [
        { name: 'a', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
        { name: 'b', ready: true, state: running },
      ],
      [{ type: 'Ready', status: 'False' }],
      'NotReady',
    ],
    [
      'scheduling gated',
      'Pending',
      [],
      [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
      'SchedulingGated',
    ],
  ])('derives STATUS: %s', (_label, phase, containerStatuses, conditions, expected) => {
    const obj = pod(
      'p',
      {
        containers: (containerStatuses as { name: string }[]).map((s) => ({ name: s.name, image: 'x' })),
      },
      { phase, conditions, containerStatuses },
    );
    expect(podPrinter.print(obj, ctx).cells[2]).toBe(expected);
  });

  it('uses status.reason (Evicted) and marks completed pods with a row condition', () => {
    const obj = pod(
      'evicted',
      { containers: [{ name: 'a', image: 'x' }] },
      { phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.' },
    );
    expect(podPrinter.print(obj, ctx)).toEqual({
      cells: ['evicted', '0/1', 'Evicted', '0', '5m', '<none>', '<none>', '<none>', '<none>'],
      conditions: [{ type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' }],
    });
  });

  it.each([
    ['a running pod being deleted', 'Running', undefined, 'Terminating'],
    ['a succeeded pod being deleted', 'Succeeded', undefined, 'Completed'],
    ['a pod of a lost node', 'Running', 'NodeLost', 'Unknown'],
  ])('prints %s', (_label, phase, reason, expected) => {
    const obj = pod(
      'going',
      { containers: [{ name: 'a', image: 'x' }], nodeName: 'node-2' },
      {
        phase,
        reason,
        containerStatuses: [
          phase === 'Succeeded'
            ? { name: 'a', state: { terminated: { exitCode: 0, reason: 'Completed' } } }
            : { name: 'a', ready: true, state: running },
        ],
      },
      { deletionTimestamp: ago(-30_000) },
    );
    expect(podPrinter.print(obj, ctx).cells[2]).toBe(expected);
  });

  it('prints the wide columns: IP from podIPs, nominated node and readiness gates', () => {
    const obj = pod(
      'gated',
      {
        containers: [{ name: 'a', image: 'x' }],
        readinessGates: [{ conditionType: 'www.example.com/feature-1' }, { conditionType: 'x/y' }],
      },
      {
        phase: 'Pending',
        nominatedNodeName: 'node-3',
        podIPs: [{ ip: '10.0.0.5' }, { ip: 'fd00::5' }],
        conditions: [
          { type: 'www.example.com/feature-1', status: 'True' },
          { type: 'x/y', status: 'False' },
        ],
      },
    );
    expect(podPrinter.print(obj, ctx).cells.slice(5)).toEqual(['10.0.0.5', '<none>', 'node-3', '1/2']);
  });
});

describe('podTemplatePrinter', () => {
  it('prints containers, images and pod labels', () => {
    const obj = kubeObject(
      'v1',
      'PodTemplate',
      { name: 'tpl' },
      {
        template: {
          metadata: { labels: { tier: 'web', app: 'shop' } },
          spec: {
            containers: [
              { name: 'a', image: 'nginx' },
              { name: 'b', image: 'redis:7' },
            ],
          },
        },
      },
    );
    expect(podTemplatePrinter.print(obj, ctx).cells).toEqual([
      'tpl',
      'a,b',
      'nginx,redis:7',
      'app=shop,tier=web',
    ]);
  });
});
