import { describe, expect, it } from 'vitest';
import { eventPrinter } from './events';
import { NOW, ago, kubeObject, minutes } from './test-fixtures';

const ctx = { now: NOW };

describe('eventPrinter', () => {
  it('declares the upstream columns in order', () => {
    expect(eventPrinter.columns.map((c) => `${c.name}:${c.priority}`)).toEqual([
      'Last Seen:0',
      'Type:0',
      'Reason:0',
      'Object:0',
      'Subobject:1',
      'Source:1',
      'Message:0',
      'First Seen:1',
      'Count:1',
      'Name:1',
    ]);
  });

  it('prints a core event from the kubelet', () => {
    const obj = kubeObject(
      'v1',
      'Event',
      { name: 'nginx.17a2b3c4d5e6f7a8', namespace: 'default' },
      {
        involvedObject: {
          kind: 'Pod',
          name: 'nginx',
          namespace: 'default',
          fieldPath: 'spec.containers{nginx}',
        },
        reason: 'Pulled',
        message: 'Successfully pulled image "nginx:1.27" in 2.1s\n',
        source: { component: 'kubelet', host: 'node-1' },
        firstTimestamp: ago(minutes(4)),
        lastTimestamp: ago(minutes(3)),
        count: 2,
        type: 'Normal',
      },
    );
    expect(eventPrinter.print(obj, ctx).cells).toEqual([
      '3m',
      'Normal',
      'Pulled',
      'pod/nginx',
      'spec.containers{nginx}',
      'kubelet, node-1',
      'Successfully pulled image "nginx:1.27" in 2.1s',
      '4m',
      2,
      'nginx.17a2b3c4d5e6f7a8',
    ]);
  });

  it('prints a new-API event with eventTime only and a reporting controller', () => {
    const obj = kubeObject(
      'v1',
      'Event',
      { name: 'web.1' },
      {
        involvedObject: { kind: 'Deployment', name: 'web' },
        reason: 'ScalingReplicaSet',
        message: 'Scaled up replica set web-5d4f8c7b9 to 3',
        eventTime: '2026-11-29T13:19:30.123456Z',
        reportingComponent: 'deployment-controller',
        type: 'Normal',
      },
    );
    expect(eventPrinter.print(obj, ctx).cells).toEqual([
      '29s',
      'Normal',
      'ScalingReplicaSet',
      'deployment/web',
      '',
      'deployment-controller',
      'Scaled up replica set web-5d4f8c7b9 to 3',
      '29s',
      1,
      'web.1',
    ]);
  });

  it('prints an events.k8s.io/v1 event with a series', () => {
    const obj = kubeObject(
      'events.k8s.io/v1',
      'Event',
      { name: 'crasher.2' },
      {
        regarding: { kind: 'Pod', name: 'crasher', fieldPath: 'spec.containers{app}' },
        note: 'Back-off restarting failed container app',
        reason: 'BackOff',
        type: 'Warning',
        eventTime: ago(minutes(9)),
        series: { count: 12, lastObservedTime: ago(20_000) },
        reportingController: 'kubelet',
        reportingInstance: 'node-1',
      },
    );
    expect(eventPrinter.print(obj, ctx).cells).toEqual([
      '20s',
      'Warning',
      'BackOff',
      'pod/crasher',
      'spec.containers{app}',
      'kubelet, node-1',
      'Back-off restarting failed container app',
      '9m',
      12,
      'crasher.2',
    ]);
  });

  it('prints the kind alone for an unnamed object and <unknown> without times', () => {
    const obj = kubeObject('v1', 'Event', { name: 'e' }, { involvedObject: { kind: 'Node' }, count: 0 });
    expect(eventPrinter.print(obj, ctx).cells.slice(0, 4)).toEqual(['<unknown>', '', '', 'node']);
  });
});
