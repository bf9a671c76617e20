import { describe, expect, it } from 'vitest';
import { KubeletMetricsProvider, usage } from './provider';
import type { KubeletStats } from '../kubelet/stats';

const at = new Date('2026-01-01T00:00:00Z');
const source = (nodeName: string, pods: KubeletStats['pods']) => ({
  nodeName,
  stats: () =>
    Promise.resolve({
      timestamp: at,
      node: { cpuNanoCores: 250_000_000, memoryWorkingSetBytes: 1 << 30 },
      pods,
    }),
});
const pod = (namespace: string, name: string) => ({
  namespace,
  name,
  uid: name,
  labels: { app: name },
  timestamp: at,
  containers: [{ name: 'c', cpuNanoCores: 1_234_567, memoryWorkingSetBytes: 3 * 1024 * 1024 }],
});

describe('metrics provider', () => {
  it.each([
    [1_234_567, 3 * 1024 * 1024, { cpu: '1234567n', memory: '3072Ki' }],
    [0, 0, { cpu: '0n', memory: '0Ki' }],
  ])('usage(%d, %d)', (cpu, memory, expected) => {
    expect(usage(cpu, memory)).toEqual(expected);
  });

  it('lists node and pod metrics with filters', async () => {
    const provider = new KubeletMetricsProvider(
      () => [
        source('node02', [pod('default', 'b')]),
        source('node01', [pod('default', 'a'), pod('kube-system', 'dns')]),
      ],
      () => at,
    );
    expect((await provider.nodeMetrics()).map((n) => n.metadata.name)).toEqual(['node01', 'node02']);
    expect((await provider.nodeMetrics('node02'))[0].usage).toEqual({
      cpu: '250000000n',
      memory: '1048576Ki',
    });
    expect((await provider.podMetrics('default')).map((p) => p.metadata.name)).toEqual(['a', 'b']);
    const [dns] = await provider.podMetrics('kube-system', 'dns');
    expect(dns).toMatchObject({
      window: '15s',
      timestamp: '2026-01-01T00:00:00Z',
      metadata: { labels: { app: 'dns' } },
    });
  });
});
