/**
 * Scheduler throughput: the real framework and default plugin profile scheduling pods one after the
 * other on a snapshot of N nodes (as kube-scheduler's scheduling cycle does), without API round trips.
 */
import { benchScheduler } from '../../mini-k8s/src/scheduler/bench';
import type { BenchResult, BenchSuite } from '../types';

const suite: BenchSuite = {
  name: 'scheduler',
  async run(): Promise<BenchResult> {
    await benchScheduler({ nodes: 10, pods: 500 }); // warm-up (JIT)
    const runs = [];
    for (const [nodes, pods] of [
      [3, 50],
      [100, 10_000],
    ]) {
      runs.push(await benchScheduler({ nodes, pods }));
    }
    return {
      title: 'Scheduler throughput (target ≥ 2,000 pods/s on 100 nodes × 10,000 pods)',
      method:
        'Default profile (all filter and score plugins), pods with mixed requests, nodeSelectors and tolerations; each pod is assumed into the snapshot before the next, in process.',
      columns: ['nodes', 'pods', 'scheduled', 'unschedulable', 'seconds', 'pods/s'],
      rows: runs.map((r) => [
        r.nodes,
        r.pods,
        r.scheduled,
        r.unschedulable,
        r.seconds.toFixed(2),
        Math.round(r.podsPerSecond),
      ]),
      raw: runs,
    };
  },
};

export default suite;
