/**
 * benchGetPods measures `runKubectl(['get','pods'])` on an in-process cluster holding 50 pods (the
 * built-in shell's path; target p99 under 20 ms). Run: `npx tsx mini-k8s/src/kubectl/bench.ts`.
 */
import { createControlPlane } from '../cmd/control-plane';
import { runKubectl } from './run-kubectl';

/** BenchResult are latencies in milliseconds. */
export interface BenchResult {
  p50: number;
  p99: number;
  iterations: number;
}

/** benchGetPods creates the pods, warms up, then times `iterations` runs. */
export async function benchGetPods(iterations = 200, pods = 50): Promise<BenchResult> {
  const cp = await createControlPlane({});
  try {
    const ref = { group: '', version: 'v1', resource: 'pods', namespaced: true };
    for (let i = 0; i < pods; i++) {
      await cp.client.create(ref, 'default', {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `pod-${i}`, labels: { app: 'bench' } },
        spec: { containers: [{ name: 'c', image: 'nginx' }] },
      });
    }
    const io = { stdin: '', stdout: () => undefined, stderr: () => undefined };
    const config = { client: cp.client, namespace: 'default' };
    for (let i = 0; i < 20; i++) await runKubectl(['get', 'pods'], io, config);
    const times: number[] = [];
    for (let i = 0; i < iterations; i++) {
      const start = performance.now();
      const code = await runKubectl(['get', 'pods'], io, config);
      times.push(performance.now() - start);
      if (code !== 0) throw new Error(`kubectl get pods exited with ${code}`);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
    return { p50: at(0.5), p99: at(0.99), iterations };
  } finally {
    await cp.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await benchGetPods();
  console.log(`kubectl get pods (50 pods): p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms`);
}
