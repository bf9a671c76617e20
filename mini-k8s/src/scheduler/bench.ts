/**
 * benchScheduler measures scheduling throughput through the real framework and default profile on one
 * snapshot: N nodes, M pods scheduled one after the other, each assumed into the snapshot before the
 * next (as the scheduler does), without API round trips. Target: ≥ 2,000 pods/s for 100 nodes and
 * 10,000 pods. The pods mix plain requests, a nodeSelector, tolerations and service-like labels.
 */
import { makeNode, makePod } from './framework/fixtures';
import { EMPTY_LISTERS } from './framework/interface';
import { newPodInfo } from './framework/pod-info';
import { Framework } from './framework/runtime';
import { Snapshot } from './framework/snapshot';
import { defaultProfile } from './plugins/registry';

export interface BenchResult {
  nodes: number;
  pods: number;
  scheduled: number;
  unschedulable: number;
  seconds: number;
  podsPerSecond: number;
}

/** benchScheduler runs the benchmark and returns the measured throughput. */
export async function benchScheduler(options: { nodes?: number; pods?: number } = {}): Promise<BenchResult> {
  const nodeCount = options.nodes ?? 100;
  const podCount = options.pods ?? 10_000;
  const nodes = Array.from({ length: nodeCount }, (_, i) =>
    makeNode(`node-${i}`, {
      cpu: '64',
      memory: '256Gi',
      pods: '110',
      labels: { 'topology.kubernetes.io/zone': `zone-${i % 3}`, tier: i % 2 === 0 ? 'fast' : 'slow' },
      taints: i % 10 === 0 ? [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }] : undefined,
    }),
  );
  const pods = Array.from({ length: podCount }, (_, i) =>
    makePod(`pod-${i}`, {
      labels: { app: `app-${i % 50}` },
      requests: { cpu: `${100 + (i % 5) * 50}m`, memory: `${128 + (i % 4) * 64}Mi` },
      nodeSelector: i % 7 === 0 ? { tier: 'fast' } : undefined,
      tolerations:
        i % 11 === 0
          ? [{ key: 'dedicated', operator: 'Equal', value: 'batch', effect: 'NoSchedule' }]
          : undefined,
    }),
  );
  const snapshot = Snapshot.build(nodes, []);
  const framework = new Framework(defaultProfile({ listers: EMPTY_LISTERS }));
  let scheduled = 0;
  let unschedulable = 0;
  const started = performance.now();
  for (const pod of pods) {
    const info = newPodInfo(pod);
    const result = framework.schedule(info, snapshot);
    if (result.node) {
      snapshot.addPod(info, result.node);
      scheduled++;
    } else unschedulable++;
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    nodes: nodeCount,
    pods: podCount,
    scheduled,
    unschedulable,
    seconds,
    podsPerSecond: podCount / seconds,
  };
}
