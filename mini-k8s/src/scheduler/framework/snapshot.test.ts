import { describe, expect, it } from 'vitest';
import { container, makeNode, makePod } from './fixtures';
import { newPodInfo } from './pod-info';
import { Snapshot } from './snapshot';

describe('Snapshot and NodeInfo accounting', () => {
  it('adds and removes pods with their requests, host ports and claims', () => {
    const snapshot = Snapshot.build([makeNode('node01')], []);
    const pod = makePod('p', {
      containers: [
        container('c', { cpu: '250m', memory: '64Mi' }, { ports: [{ containerPort: 80, hostPort: 8080 }] }),
      ],
      volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }],
    });
    snapshot.addPod(newPodInfo(pod), 'node01');
    const info = snapshot.get('node01')!;
    expect(info.requested.milliCPU).toBe(250);
    expect(info.requested.memory).toBe(64 * 1024 * 1024);
    expect(info.usedPorts).toEqual([{ ip: '0.0.0.0', protocol: 'TCP', port: 8080 }]);
    expect(info.pvcRefCounts.get('default/data')).toBe(1);
    expect(snapshot.nodeOfPod('default/p')).toBe('node01');

    snapshot.removePod('default/p');
    expect(info.requested.milliCPU).toBe(0);
    expect(info.usedPorts).toEqual([]);
    expect(info.pvcRefCounts.size).toBe(0);
    expect(info.pods).toEqual([]);
  });

  it('re-adding a pod moves it instead of counting it twice', () => {
    const snapshot = Snapshot.build([makeNode('a'), makeNode('b')], []);
    const info = newPodInfo(makePod('p', { requests: { cpu: '1' } }));
    snapshot.addPod(info, 'a');
    snapshot.addPod(info, 'b');
    expect(snapshot.get('a')!.requested.milliCPU).toBe(0);
    expect(snapshot.get('b')!.requested.milliCPU).toBe(1000);
  });

  it('keeps pods of a deleted node accounted until they go, without listing the node', () => {
    const snapshot = Snapshot.build(
      [makeNode('gone'), makeNode('kept')],
      [makePod('p', { nodeName: 'gone' })],
    );
    snapshot.removeNode('gone');
    expect(snapshot.nodes().map((n) => n.name)).toEqual(['kept']);
    expect(snapshot.nodeOfPod('default/p')).toBe('gone');
    snapshot.removePod('default/p');
    expect(snapshot.get('gone')).toBeUndefined();
  });

  it('tracks nodes with (anti-)affinity pods', () => {
    const anti = makePod('anti', {
      nodeName: 'a',
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { topologyKey: 'kubernetes.io/hostname', labelSelector: {} },
          ],
        },
      },
    });
    const snapshot = Snapshot.build(
      [makeNode('a'), makeNode('b')],
      [anti, makePod('plain', { nodeName: 'b' })],
    );
    expect(snapshot.havePodsWithRequiredAntiAffinity().map((n) => n.name)).toEqual(['a']);
    expect(snapshot.havePodsWithAffinity().map((n) => n.name)).toEqual(['a']);
    snapshot.removePod('default/anti');
    expect(snapshot.havePodsWithRequiredAntiAffinity()).toEqual([]);
  });
});
