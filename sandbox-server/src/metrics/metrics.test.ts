import { describe, expect, it } from 'vitest';
import { Counter, createPlatformMetrics, Gauge, Histogram, MetricsRegistry } from './metrics';

describe('MetricsRegistry', () => {
  it('renders counters, gauges and histograms in the Prometheus text format', () => {
    const registry = new MetricsRegistry();
    const runs = registry.register(new Counter('runs_total', 'Runs.'));
    registry.register(new Gauge('boxes', 'Boxes.', () => [{ labels: { state: 'ready' }, value: 2 }]));
    const latency = registry.register(new Histogram('latency_seconds', 'Latency.', [0.01, 0.1]));
    runs.inc({ result: 'passed' });
    runs.inc({ result: 'passed' }, 2);
    runs.inc({ result: 'say "hi"\n' });
    latency.observe({ route: '/a' }, 0.005);
    latency.observe({ route: '/a' }, 0.05);
    latency.observe({ route: '/a' }, 3);
    expect(registry.render()).toBe(
      [
        '# HELP runs_total Runs.',
        '# TYPE runs_total counter',
        'runs_total{result="passed"} 3',
        'runs_total{result="say \\"hi\\"\\n"} 1',
        '# HELP boxes Boxes.',
        '# TYPE boxes gauge',
        'boxes{state="ready"} 2',
        '# HELP latency_seconds Latency.',
        '# TYPE latency_seconds histogram',
        'latency_seconds_bucket{le="0.01",route="/a"} 1',
        'latency_seconds_bucket{le="0.1",route="/a"} 2',
        'latency_seconds_bucket{le="+Inf",route="/a"} 3',
        'latency_seconds_sum{route="/a"} 3.055',
        'latency_seconds_count{route="/a"} 3',
        '',
      ].join('\n'),
    );
  });

  it("exposes the process's memory: resident, JavaScript heap and external buffers", async () => {
    const text = await createPlatformMetrics(async () => ({ ready: 1 })).registry.render();
    for (const name of [
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_heap_size_total_bytes',
      'nodejs_external_memory_bytes',
    ]) {
      expect(text).toContain(`# TYPE ${name} gauge`);
      const value = Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);
      expect(value).toBeGreaterThan(0);
    }
  });

  it('exposes the event-loop delay since the previous scrape', async () => {
    const metrics = createPlatformMetrics(async () => ({}));
    const lag = (text: string, name: string) =>
      Number(new RegExp(`^nodejs_eventloop_lag_${name}_seconds (\\S+)$`, 'm').exec(text)?.[1]);
    await new Promise((r) => setTimeout(r, 30));
    const blockedUntil = Date.now() + 400;
    while (Date.now() < blockedUntil); // a long synchronous task holds the loop
    await new Promise((r) => setTimeout(r, 30));
    const first = await metrics.scrape();
    expect(lag(first, 'max')).toBeGreaterThanOrEqual(0.35);
    expect(lag(first, 'p99')).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 50));
    // Reset by the scrape: the next one only sees the quiet turns since.
    expect(lag(await metrics.scrape(), 'max')).toBeLessThan(0.35);
  });
});
