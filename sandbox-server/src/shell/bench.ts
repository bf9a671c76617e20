// In-process latency benchmarks of the shell: keystroke-to-echo and Enter-to-prompt for a command line.
import { performance } from 'node:perf_hooks';
import { VirtualFs } from './fs';
import { createShellSession } from './session';
import type { Command } from './types';

/** LatencyStats summarises samples in milliseconds. */
export interface LatencyStats {
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
}

/** summarize computes percentiles (nearest rank) of latency samples in milliseconds. */
export function summarize(values: number[]): LatencyStats {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p: number): number =>
    sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
  const mean = sorted.reduce((sum, v) => sum + v, 0) / Math.max(1, sorted.length);
  return {
    samples: sorted.length,
    p50Ms: rank(50),
    p99Ms: rank(99),
    maxMs: sorted[sorted.length - 1] ?? 0,
    meanMs: mean,
  };
}

/**
 * measureKeystrokeEcho types `samples` characters into a fresh session (lines of 60 characters, cleared with
 * Ctrl-U, so wrapping and redraws are included) and measures, for each, the time from `write` to the echo.
 */
export async function measureKeystrokeEcho(
  options: { samples?: number; cols?: number } = {},
): Promise<LatencyStats> {
  const samples = options.samples ?? 2000;
  const session = createShellSession({ fs: new VirtualFs(), cols: options.cols ?? 80 });
  let echoedAt = 0;
  session.onData(() => {
    if (echoedAt === 0) echoedAt = performance.now();
  });
  const latencies: number[] = [];
  const alphabet = 'kubectl get pods -n production -o wide éà日';
  for (let i = 0; i < samples; i += 1) {
    if (i % 60 === 0) session.write('\x15');
    echoedAt = 0;
    const started = performance.now();
    session.write(alphabet[i % alphabet.length]);
    // The echo is normally synchronous; wait a turn of the event loop if it was not.
    while (echoedAt === 0) await new Promise((resolve) => setImmediate(resolve));
    latencies.push(echoedAt - started);
  }
  session.close();
  return summarize(latencies);
}

/**
 * measureCommandRoundTrip types `line` + Enter `samples` times and measures the time until the next prompt is
 * drawn (the `kubectl get pods` benchmark passes the real kubectl command here).
 */
export async function measureCommandRoundTrip(options: {
  line: string;
  kubectl?: Command;
  samples?: number;
}): Promise<LatencyStats> {
  const samples = options.samples ?? 200;
  const session = createShellSession({ fs: new VirtualFs(), kubectl: options.kubectl });
  let output = '';
  let resolvePrompt: (() => void) | undefined;
  session.onData((data) => {
    output += data;
    if (resolvePrompt && output.endsWith('$ ')) {
      const resolve = resolvePrompt;
      resolvePrompt = undefined;
      resolve();
    }
  });
  const latencies: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    output = '';
    const prompted = new Promise<void>((resolve) => (resolvePrompt = resolve));
    const started = performance.now();
    session.write(`${options.line}\r`);
    await prompted;
    latencies.push(performance.now() - started);
  }
  session.close();
  return summarize(latencies);
}
