/**
 * A tiny Prometheus client: counters, gauges read at scrape time, and histograms, rendered in the text
 * exposition format 0.0.4 (https://prometheus.io/docs/instrumenting/exposition_formats/). Written by hand
 * because the server needs only these three types.
 */

import { monitorEventLoopDelay } from 'node:perf_hooks';

type Labels = Record<string, string>;

/** labelKey serialises label values in a stable order (the map key of a series). */
function labelText(labels: Labels): string {
  const names = Object.keys(labels).sort();
  if (names.length === 0) return '';
  const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
  return `{${names.map((n) => `${n}="${escape(labels[n])}"`).join(',')}}`;
}

function number(value: number): string {
  if (value === Infinity) return '+Inf';
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(12)));
}

/** Metric is anything the registry renders. */
interface Metric {
  render(): string;
}

/** Counter only goes up. */
export class Counter implements Metric {
  private readonly series = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
  ) {}

  /** inc adds `by` (default 1) to the series of these labels. */
  inc(labels: Labels = {}, by = 1): void {
    const key = labelText(labels);
    this.series.set(key, (this.series.get(key) ?? 0) + by);
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`];
    for (const [labels, value] of this.series) lines.push(`${this.name}${labels} ${number(value)}`);
    return lines.join('\n');
  }
}

/** Gauge is computed at scrape time by its collect function (one value per label set). */
export class Gauge implements Metric {
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly collect: () => { labels: Labels; value: number }[],
  ) {}

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`];
    for (const { labels, value } of this.collect())
      lines.push(`${this.name}${labelText(labels)} ${number(value)}`);
    return lines.join('\n');
  }
}

/** Histogram counts observations into cumulative buckets (upper bounds, seconds for latencies). */
export class Histogram implements Metric {
  private readonly series = new Map<
    string,
    { labels: Labels; counts: number[]; sum: number; count: number }
  >();
  constructor(
    readonly name: string,
    readonly help: string,
    private readonly buckets: readonly number[] = [
      0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ],
  ) {}

  observe(labels: Labels, value: number): void {
    const key = labelText(labels);
    let s = this.series.get(key);
    if (!s) {
      s = { labels, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, s);
    }
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]) s.counts[i]++;
    s.sum += value;
    s.count++;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    for (const s of this.series.values()) {
      this.buckets.forEach((le, i) =>
        lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: number(le) })} ${s.counts[i]}`),
      );
      lines.push(`${this.name}_bucket${labelText({ ...s.labels, le: '+Inf' })} ${s.count}`);
      lines.push(`${this.name}_sum${labelText(s.labels)} ${number(s.sum)}`);
      lines.push(`${this.name}_count${labelText(s.labels)} ${s.count}`);
    }
    return lines.join('\n');
  }
}

/** MetricsRegistry renders its metrics in registration order. */
export class MetricsRegistry {
  private readonly metrics: Metric[] = [];

  register<T extends Metric>(metric: T): T {
    this.metrics.push(metric);
    return metric;
  }

  /** render returns the whole exposition (Content-Type: text/plain; version=0.0.4). */
  render(): string {
    return `${this.metrics.map((m) => m.render()).join('\n')}\n`;
  }
}

/** PlatformMetrics are the server's metrics; graderRuns is for the grading issue to increment. */
export interface PlatformMetrics {
  registry: MetricsRegistry;
  /** Latency of HTTP requests, labels route (the matched route pattern), method, code. */
  requestSeconds: Histogram;
  /** Grader runs, label result (passed | failed | error). */
  graderRuns: Counter;
  /** Requests refused by a limit, label limit (rate | quota | body). */
  refusals: Counter;
  /** scrape reads the values kept in the database (sandboxes by state), then renders the registry. */
  scrape(): Promise<string>;
}

/** createPlatformMetrics builds the registry; sandboxStates reads the sandboxes by state at scrape time. */
export function createPlatformMetrics(sandboxStates: () => Promise<Record<string, number>>): PlatformMetrics {
  const registry = new MetricsRegistry();
  // The database is asynchronous (PostgreSQL): scrape() reads the states, then the gauge renders them.
  let states: Record<string, number> = {};
  registry.register(
    new Gauge('atelier_sandboxes', 'Sandboxes by state.', () =>
      Object.entries(states).map(([state, value]) => ({ labels: { state }, value })),
    ),
  );
  // The process's memory, split as an operator needs it to tell a JavaScript leak (heap) from native
  // memory (SQLite page caches, buffers) and from the allocator keeping freed pages (resident only).
  registry.register(
    new Gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', () => [
      { labels: {}, value: process.memoryUsage().rss },
    ]),
  );
  registry.register(
    new Gauge('nodejs_heap_size_used_bytes', 'JavaScript heap in use, in bytes.', () => [
      { labels: {}, value: process.memoryUsage().heapUsed },
    ]),
  );
  registry.register(
    new Gauge('nodejs_heap_size_total_bytes', 'JavaScript heap reserved, in bytes.', () => [
      { labels: {}, value: process.memoryUsage().heapTotal },
    ]),
  );
  registry.register(
    new Gauge(
      'nodejs_external_memory_bytes',
      'Memory of objects outside the heap (buffers), in bytes.',
      () => [{ labels: {}, value: process.memoryUsage().external }],
    ),
  );
  // Event-loop delay since the previous scrape: what every request waiting on this one thread paid on top
  // of its own work (garbage collection pauses, a long synchronous task). Reset at each scrape.
  const loopDelay = monitorEventLoopDelay({ resolution: 10 });
  loopDelay.enable();
  const lagSeconds = (pick: () => number) => () => [
    { labels: {}, value: loopDelay.count > 0 ? pick() / 1e9 : 0 },
  ];
  registry.register(
    new Gauge(
      'nodejs_eventloop_lag_p99_seconds',
      'Event-loop delay since the previous scrape, 99th percentile, in seconds.',
      lagSeconds(() => loopDelay.percentile(99)),
    ),
  );
  registry.register(
    new Gauge(
      'nodejs_eventloop_lag_max_seconds',
      'Longest event-loop delay since the previous scrape, in seconds.',
      lagSeconds(() => loopDelay.max),
    ),
  );
  const requestSeconds = registry.register(
    new Histogram(
      'atelier_http_request_duration_seconds',
      'HTTP request latency (until the response headers).',
    ),
  );
  const graderRuns = registry.register(new Counter('atelier_grader_runs_total', 'Grader runs by result.'));
  const refusals = registry.register(
    new Counter('atelier_limit_refusals_total', 'Requests refused by a limit (rate, quota, body).'),
  );
  const scrape = async (): Promise<string> => {
    states = await sandboxStates();
    const text = registry.render();
    loopDelay.reset();
    return text;
  };
  return { registry, requestSeconds, graderRuns, refusals, scrape };
}
