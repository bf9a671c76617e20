import { describe, expect, it } from 'vitest';
import { measureCommandRoundTrip, measureKeystrokeEcho, summarize } from './bench';

describe('shell benchmarks', () => {
  it('summarises samples with nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_v, i) => i + 1);
    expect(summarize(values)).toEqual({ samples: 100, p50Ms: 50, p99Ms: 99, maxMs: 100, meanMs: 50.5 });
  });

  it('echoes keystrokes well under the 10 ms budget', async () => {
    const stats = await measureKeystrokeEcho({ samples: 300 });
    expect(stats.samples).toBe(300);
    expect(stats.p50Ms).toBeLessThan(2);
    expect(stats.p99Ms).toBeLessThan(10);
  });

  it('measures a command round trip to the next prompt', async () => {
    const stats = await measureCommandRoundTrip({
      line: 'kubectl get pods',
      kubectl: async (ctx) => {
        await ctx.stdout.write('NAME   READY   STATUS\n');
        return 0;
      },
      samples: 50,
    });
    expect(stats.samples).toBe(50);
    expect(stats.p50Ms).toBeLessThan(20);
  });
});
