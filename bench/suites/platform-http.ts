/**
 * Platform HTTP baseline: latency of /healthz and of a static lesson page served by the real platform
 * process, under concurrent load generated with autocannon on loopback.
 */
import autocannon from 'autocannon';
import { startPlatform } from '../../sandbox-server/test/support/platform';
import { type BenchResult, type BenchSuite } from '../types';

interface Run {
  path: string;
  connections: number;
  requests: number;
  p50: number;
  p99: number;
  rps: number;
  errors: number;
  non2xx: number;
}

async function load(url: string, path: string, connections: number): Promise<Run> {
  const result = await autocannon({ url: url + path, connections, duration: 5, pipelining: 1 });
  return {
    path,
    connections,
    requests: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    rps: Math.round(result.requests.average),
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

const suite: BenchSuite = {
  name: 'platform-http',
  async run(): Promise<BenchResult> {
    const platform = await startPlatform();
    try {
      const runs: Run[] = [];
      for (const path of ['/healthz', '/', '/api/info']) {
        for (const connections of [1, 50]) runs.push(await load(platform.url, path, connections));
      }
      return {
        title: 'Platform HTTP baseline',
        method:
          'The real platform process (npm start equivalent, simulated runtime, SQLite under a temp dir); autocannon on 127.0.0.1, 5 s per row.',
        columns: ['path', 'connections', 'requests', 'req/s', 'p50 (ms)', 'p99 (ms)', 'errors', 'non-2xx'],
        rows: runs.map((r) => [r.path, r.connections, r.requests, r.rps, r.p50, r.p99, r.errors, r.non2xx]),
        raw: runs,
      };
    } finally {
      await platform.stop();
    }
  },
};

export default suite;
