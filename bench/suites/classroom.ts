/**
 * Classroom: a whole class on one platform. The real platform process (simulated runtime, realistic
 * delays) serves CLASSROOM_LEARNERS learners (default 200), each with their own sandbox and token, for
 * CLASSROOM_MINUTES minutes (default 10; 1 is the quick check). Each learner loops over kubectl-like
 * requests through `/k8s/<id>` (get, list, watch, create, apply, patch, delete), paced like a human
 * (a few seconds between commands); CLASSROOM_AGGRESSIVE of them (default 10) hammer their sandbox with
 * 0-20 ms pauses, to show the per-learner rate limit at work. Reported: requests, p50/p95/p99 per kind,
 * 5xx (must be 0), 429, network errors, and the server's resident memory and CPU, sampled from /proc.
 * CLASSROOM_IDLE (default 0) more learners open a sandbox before the class and then never type again:
 * the "1,000 idle + 200 active" case. Their clusters run until the platform puts them to sleep after
 * CLASSROOM_IDLE_MINUTES of inactivity (its SANDBOX_IDLE_MINUTES; default 1 with idle learners, else the
 * platform's default 15), and the class starts once they all sleep, as when a class follows other groups.
 * CLASSROOM_NODE_OPTIONS passes Node/V8 flags to the platform process only (heap tuning experiments); flags
 * NODE_OPTIONS refuses go in PLATFORM_NODE_ARGS (startPlatform: e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`).
 * Memory is followed over the class: resident set and JavaScript heap per minute, with the machine's load
 * average (the machine may be shared: its load is part of the result).
 * Each request is also told apart by its connection: the first request written on a new socket (the
 * client found no idle one) waits for the server to accept that connection, which a busy event loop does
 * slowly; kubectl opens a new connection for every command, so that row is the learner's usual case.
 */
import dc from 'node:diagnostics_channel';
import os from 'node:os';
import { newLearner, type Learner } from '../../sandbox-server/test/support/learner';
import { startPlatform } from '../../sandbox-server/test/support/platform';
import { sampleProc, usage, type ProcSample } from '../proc';
import { ms, percentile, type BenchResult, type BenchSuite } from '../types';

const LEARNERS = Number(process.env.CLASSROOM_LEARNERS ?? 200);
const MINUTES = Number(process.env.CLASSROOM_MINUTES ?? 10);
const AGGRESSIVE = Number(process.env.CLASSROOM_AGGRESSIVE ?? 10);
const IDLE = Number(process.env.CLASSROOM_IDLE ?? 0);
const IDLE_MINUTES = process.env.CLASSROOM_IDLE_MINUTES ?? (IDLE > 0 ? '1' : undefined);

type Kind = 'get' | 'list' | 'watch' | 'create' | 'apply' | 'patch' | 'delete';
const KINDS: Kind[] = ['get', 'list', 'watch', 'create', 'apply', 'patch', 'delete'];

interface Tally {
  latencies: number[];
  /** Seconds since the start of the class at which each request of `latencies` ended. */
  endedAt: number[];
  statuses: Map<number, number>;
  networkErrors: number;
}

const CM = '/api/v1/namespaces/default/configmaps';
const DEPLOY = '/apis/apps/v1/namespaces/default/deployments';

const sleep = (millis: number) => new Promise((r) => setTimeout(r, millis));

/** REQUEST_HEADER numbers each measured request, so the client's socket report can be tied to it. */
const REQUEST_HEADER = 'x-classroom-request';

/**
 * watchConnections tells, for each numbered request, whether it was the first written on its socket:
 * fetch (undici) publishes every request it writes with its socket on `undici:client:sendHeaders`.
 */
function watchConnections(): { fresh: Set<number>; stop: () => void } {
  const fresh = new Set<number>();
  const uses = new WeakMap<object, number>();
  const onSend = (message: unknown) => {
    const { request, socket } = message as { request: { headers: unknown }; socket: object };
    // The request's headers: raw "name: value\r\n" text or a [name, value, …] array, by undici version.
    const raw = Array.isArray(request.headers) ? request.headers.join('\n') : String(request.headers);
    const n = new RegExp(`${REQUEST_HEADER}(?::\\s*|\\n)(\\d+)`, 'i').exec(raw)?.[1];
    const used = (uses.get(socket) ?? 0) + 1;
    uses.set(socket, used);
    if (n !== undefined && used === 1) fresh.add(Number(n));
  };
  dc.subscribe('undici:client:sendHeaders', onSend);
  return { fresh, stop: () => dc.unsubscribe('undici:client:sendHeaders', onSend) };
}

/** sandboxStates reads the platform's sandboxes by state from its /metrics. */
async function sandboxStates(url: string): Promise<Record<string, number>> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const states: Record<string, number> = {};
  for (const m of text.matchAll(/^atelier_sandboxes\{state="(\w+)"\} (\d+)$/gm)) states[m[1]] = Number(m[2]);
  return states;
}

/** step runs one kubectl-like request of `kind` for the learner (request number `id`) and returns the response. */
async function step(learner: Learner, kind: Kind, n: number, id: number): Promise<Response> {
  const name = `cm-${n % 20}`;
  const k8s = learner.k8s;
  learner = {
    ...learner,
    k8s: (path, init = {}) =>
      k8s(path, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), [REQUEST_HEADER]: String(id) },
      }),
  };
  switch (kind) {
    case 'get':
      return learner.k8s(`${DEPLOY}/web`);
    case 'list':
      return learner.k8s(n % 2 ? '/api/v1/namespaces/default/pods' : CM);
    case 'watch':
      // `kubectl get pods -w` for a moment: latency is the time to the headers, the body is drained after.
      return learner.k8s('/api/v1/namespaces/default/pods?watch=1&timeoutSeconds=3');
    case 'create':
      return learner.k8s(CM, {
        method: 'POST',
        body: JSON.stringify({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name },
          data: { n: String(n) },
        }),
      });
    case 'apply':
      return learner.k8s(`${CM}/applied?fieldManager=kubectl&force=true`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/apply-patch+yaml' },
        body: JSON.stringify({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'applied' },
          data: { n: String(n) },
        }),
      });
    case 'patch':
      return learner.k8s(`${DEPLOY}/web`, {
        method: 'PATCH',
        body: JSON.stringify({ spec: { replicas: 1 + (n % 3) } }),
      });
    case 'delete':
      return learner.k8s(`${CM}/${name}`, { method: 'DELETE' });
  }
}

const suite: BenchSuite = {
  name: 'classroom',
  async run(): Promise<BenchResult> {
    const platform = await startPlatform({
      HTTPS_PORT: '0',
      LOG_LEVEL: 'error',
      MAX_SANDBOXES: String(Math.max(2000, LEARNERS + IDLE + 10)),
      ...(IDLE_MINUTES ? { SANDBOX_IDLE_MINUTES: IDLE_MINUTES } : {}),
      // CLASSROOM_NODE_OPTIONS: V8/Node flags of the platform process only (e.g. heap tuning experiments).
      ...(process.env.CLASSROOM_NODE_OPTIONS ? { NODE_OPTIONS: process.env.CLASSROOM_NODE_OPTIONS } : {}),
    });
    try {
      const pid = platform.process.pid!;
      const tallies = new Map<Kind, Tally>(
        KINDS.map((k) => [k, { latencies: [], endedAt: [], statuses: new Map(), networkErrors: 0 }]),
      );
      // Idle learners first: a sandbox each, then silence.
      const idleStarted = Date.now();
      for (let i = 0; i < IDLE; i += 10) {
        await Promise.all(Array.from({ length: Math.min(10, IDLE - i) }, () => newLearner(platform.url)));
      }
      const idleSetupSeconds = (Date.now() - idleStarted) / 1000;
      // The class comes after the idle learners left: their sandboxes asleep (the sweep runs every 30 s).
      const asleepBy = Date.now() + (Number(IDLE_MINUTES ?? 15) + 3) * 60_000;
      while (IDLE > 0 && ((await sandboxStates(platform.url)).sleeping ?? 0) < IDLE) {
        if (Date.now() > asleepBy)
          throw new Error(`idle sandboxes still awake: ${JSON.stringify(await sandboxStates(platform.url))}`);
        await sleep(5000);
      }
      const idleAsleepSeconds = (Date.now() - idleStarted) / 1000;
      const rssAfterIdle = sampleProc(pid).rssBytes;
      // Learners arrive over the first minute of the class, 10 at a time.
      const setupStarted = Date.now();
      const learners: Learner[] = [];
      const creation: number[] = [];
      // Arrived learners read the lesson meanwhile, with a `kubectl get` now and then: their sandboxes
      // stay awake under a short SANDBOX_IDLE_MINUTES (not counted in the results).
      const keepAwake = setInterval(() => {
        for (const learner of learners)
          void learner.k8s(`${DEPLOY}/web`).then(
            (r) => r.arrayBuffer(),
            () => undefined,
          );
      }, 20_000);
      for (let i = 0; i < LEARNERS; i += 10) {
        const batch = await Promise.all(
          Array.from({ length: Math.min(10, LEARNERS - i) }, async () => {
            const t = performance.now();
            const learner = await newLearner(platform.url);
            const res = await learner.k8s(DEPLOY, {
              method: 'POST',
              body: JSON.stringify({
                apiVersion: 'apps/v1',
                kind: 'Deployment',
                metadata: { name: 'web' },
                spec: {
                  replicas: 1,
                  selector: { matchLabels: { app: 'web' } },
                  template: {
                    metadata: { labels: { app: 'web' } },
                    spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
                  },
                },
              }),
            });
            if (res.status !== 201) throw new Error(`deployment creation: ${res.status} ${await res.text()}`);
            creation.push(performance.now() - t);
            return learner;
          }),
        );
        learners.push(...batch);
      }
      clearInterval(keepAwake);
      const setupSeconds = (Date.now() - setupStarted) / 1000;

      const samples: ProcSample[] = [sampleProc(pid)];
      // The JavaScript heap, from the platform's /metrics: tells a heap leak from native memory.
      // With it, the event loop's longest delay of each 5 s (the platform resets it at each scrape).
      const heaps: { at: number; heapBytes: number; lagMaxMs: number }[] = [];
      const sampleHeap = async () => {
        const text = await (await fetch(`${platform.url}/metrics`)).text();
        const heapBytes = Number(/^nodejs_heap_size_used_bytes (\d+)$/m.exec(text)?.[1] ?? NaN);
        const lagMaxMs = 1000 * Number(/^nodejs_eventloop_lag_max_seconds (\S+)$/m.exec(text)?.[1] ?? NaN);
        heaps.push({ at: Date.now(), heapBytes, lagMaxMs });
      };
      await sampleHeap();
      const loads = [{ at: Date.now(), load: os.loadavg()[0] }];
      const sampler = setInterval(() => {
        samples.push(sampleProc(pid));
        loads.push({ at: Date.now(), load: os.loadavg()[0] });
        void sampleHeap().catch(() => undefined);
      }, 5000);
      const classStarted = Date.now();
      const deadline = classStarted + MINUTES * 60_000;
      // Latencies by kind of learner: the class at human pace, and the few who saturate their sandbox.
      const byPace = { human: [] as number[], aggressive: [] as number[] };
      // Latencies by request number, to split them by connection (new or reused) at the end.
      const numbered: { id: number; latency: number }[] = [];
      let nextId = 0;
      const connections = watchConnections();
      const loop = async (learner: Learner, index: number) => {
        const aggressive = index < AGGRESSIVE;
        let n = index;
        // Spread the first commands over a few seconds, as a class does not type in unison.
        await sleep(Math.random() * 5000);
        while (Date.now() < deadline) {
          // Aggressive learners skip watches (which last a few seconds) to send as much as they can.
          const kinds = aggressive ? KINDS.filter((k) => k !== 'watch') : KINDS;
          const kind = kinds[Math.floor(Math.random() * kinds.length)];
          const tally = tallies.get(kind)!;
          const t = performance.now();
          const id = nextId++;
          try {
            const res = await step(learner, kind, n++, id);
            const latency = performance.now() - t;
            await res.arrayBuffer();
            numbered.push({ id, latency });
            tally.latencies.push(latency);
            byPace[aggressive ? 'aggressive' : 'human'].push(latency);
            tally.endedAt.push((Date.now() - classStarted) / 1000);
            tally.statuses.set(res.status, (tally.statuses.get(res.status) ?? 0) + 1);
            if (res.status === 429) await sleep(1000 * Number(res.headers.get('retry-after') ?? 1));
          } catch {
            tally.networkErrors++;
          }
          await sleep(aggressive ? Math.random() * 20 : 2000 + Math.random() * 6000);
        }
      };
      await Promise.all(learners.map(loop));
      connections.stop();
      const byConnection = { fresh: [] as number[], reused: [] as number[] };
      for (const { id, latency } of numbered)
        byConnection[connections.fresh.has(id) ? 'fresh' : 'reused'].push(latency);
      clearInterval(sampler);
      samples.push(sampleProc(pid));
      await sampleHeap();

      // Memory and machine load per minute of class: a leak shows as a slope, not as a peak.
      const perMinuteOf = <T>(points: { at: number }[], pick: (p: never) => T) =>
        Array.from({ length: Math.ceil(MINUTES) + 1 }, (_, m) => {
          const at = classStarted + m * 60_000;
          const nearest = points.reduce((a, p) => (Math.abs(p.at - at) < Math.abs(a.at - at) ? p : a));
          return pick(nearest as never);
        });
      const rssPerMinuteMiB = perMinuteOf(samples, (p: ProcSample) => Math.round(p.rssBytes / 2 ** 20));
      const heapPerMinuteMiB = perMinuteOf(heaps, (p: { heapBytes: number }) =>
        Math.round(p.heapBytes / 2 ** 20),
      );
      const loadPerMinute = perMinuteOf(loads, (p: { load: number }) => p.load);
      // The longest event-loop stall of each minute of class (from the 5 s samples taken during it).
      const lagMaxPerMinuteMs = Array.from({ length: Math.ceil(MINUTES) }, (_, m) =>
        Math.max(
          0,
          ...heaps
            .filter((h) => h.at > classStarted + m * 60_000 && h.at <= classStarted + (m + 1) * 60_000 + 5000)
            .map((h) => h.lagMaxMs),
        ),
      );
      const stalls = heaps.slice(1).filter((h) => h.lagMaxMs > 100).length;
      const first = samples[0];
      const last = samples[samples.length - 1];
      const { cpuPercent, waitPercent } = usage(first, last);
      const peakRss = Math.max(...samples.map((s) => s.rssBytes));
      const count = (t: Tally, test: (s: number) => boolean) =>
        [...t.statuses].filter(([s]) => test(s)).reduce((a, [, c]) => a + c, 0);
      const rows = KINDS.map((kind) => {
        const t = tallies.get(kind)!;
        return [
          kind,
          t.latencies.length,
          ms(percentile(t.latencies, 50)),
          ms(percentile(t.latencies, 95)),
          ms(percentile(t.latencies, 99)),
          count(t, (s) => s >= 500),
          count(t, (s) => s === 429),
          count(t, (s) => s >= 400 && s < 500 && s !== 429),
          t.networkErrors,
        ];
      });
      const all = [...tallies.values()];
      const total = all.reduce((a, t) => a + t.latencies.length, 0);
      const fivexx = all.reduce((a, t) => a + count(t, (s) => s >= 500), 0);
      const tooMany = all.reduce((a, t) => a + count(t, (s) => s === 429), 0);
      const network = all.reduce((a, t) => a + t.networkErrors, 0);
      const everything = all.flatMap((t) => t.latencies);
      // p99 per minute of class: shows whether slow requests are a warm-up burst or the steady state.
      const ended = all.flatMap((t) => t.endedAt);
      const perMinute = Array.from({ length: Math.ceil(MINUTES) }, (_, m) =>
        percentile(
          everything.filter((_, i) => ended[i] >= m * 60 && ended[i] < (m + 1) * 60),
          99,
        ),
      );
      rows.push([
        'all',
        total,
        ms(percentile(everything, 50)),
        ms(percentile(everything, 95)),
        ms(percentile(everything, 99)),
        fivexx,
        tooMany,
        '',
        network,
      ]);
      for (const [pace, latencies] of [
        [`all, human pace (${LEARNERS - AGGRESSIVE} learners)`, byPace.human],
        [`all, aggressive (${AGGRESSIVE} learners)`, byPace.aggressive],
        ['all, first request on a new connection', byConnection.fresh],
        ['all, on a reused connection', byConnection.reused],
      ] as const) {
        rows.push([
          pace,
          latencies.length,
          ms(percentile(latencies, 50)),
          ms(percentile(latencies, 95)),
          ms(percentile(latencies, 99)),
          '',
          '',
          '',
          '',
        ]);
      }
      const summary = {
        learners: LEARNERS,
        idleLearners: IDLE,
        idleSetupSeconds,
        idleAsleepSeconds,
        idleMinutes: IDLE_MINUTES ?? 'platform default',
        rssAfterIdleMiB: rssAfterIdle / 2 ** 20,
        rssPerMinuteMiB,
        heapPerMinuteMiB,
        loadPerMinute,
        lagMaxPerMinuteMs,
        fiveSecondWindowsWithStallOver100Ms: stalls,
        aggressive: AGGRESSIVE,
        minutes: MINUTES,
        setupSeconds,
        sandboxCreationP50Ms: percentile(creation, 50),
        sandboxCreationP99Ms: percentile(creation, 99),
        requests: total,
        requestsPerSecond: total / (MINUTES * 60),
        fivexx,
        tooMany,
        networkErrors: network,
        p99PerMinuteMs: perMinute,
        humanPaceP99Ms: percentile(byPace.human, 99),
        aggressiveP99Ms: percentile(byPace.aggressive, 99),
        newConnectionRequests: byConnection.fresh.length,
        newConnectionP99Ms: percentile(byConnection.fresh, 99),
        reusedConnectionP99Ms: percentile(byConnection.reused, 99),
        serverCpuPercent: cpuPercent,
        serverRunQueueWaitPercent: waitPercent,
        serverRssStartMiB: first.rssBytes / 2 ** 20,
        serverRssPeakMiB: peakRss / 2 ** 20,
        serverRssEndMiB: last.rssBytes / 2 ** 20,
        serverHeapStartMiB: heaps[0].heapBytes / 2 ** 20,
        serverHeapPeakMiB: Math.max(...heaps.map((h) => h.heapBytes)) / 2 ** 20,
        serverHeapEndMiB: heaps[heaps.length - 1].heapBytes / 2 ** 20,
        loadAverage: os.loadavg(),
      };
      if (fivexx > 0) throw new Error(`the platform answered ${fivexx} 5xx: ${JSON.stringify(summary)}`);
      return {
        title: `Classroom: ${LEARNERS} learners${IDLE > 0 ? ` (+ ${IDLE} idle)` : ''} for ${MINUTES} min`,
        method:
          `The real platform process (simulated runtime, realistic delays) on 127.0.0.1; ` +
          (IDLE > 0
            ? `${IDLE} idle learners first (a sandbox each, created in ${idleSetupSeconds.toFixed(0)} s, then no request; all asleep after ${idleAsleepSeconds.toFixed(0)} s with SANDBOX_IDLE_MINUTES=${IDLE_MINUTES}; server RSS then ${(rssAfterIdle / 2 ** 20).toFixed(0)} MiB), then `
            : '') +
          `${LEARNERS} learners created 10 at a time ` +
          `(${setupSeconds.toFixed(0)} s, sandbox + Deployment p50 ${ms(summary.sandboxCreationP50Ms)} ms, p99 ${ms(summary.sandboxCreationP99Ms)} ms), ` +
          `then each loops over kubectl-like requests through /k8s/<id> with its own token, 2-8 s apart (${AGGRESSIVE} aggressive learners: 0-20 ms apart, no watches). ` +
          `${total} requests (${summary.requestsPerSecond.toFixed(1)}/s), ${byConnection.fresh.length} of them first on a new connection; p99 per minute of class: ${perMinute.map((v) => ms(v)).join(', ')} ms; server CPU ${cpuPercent.toFixed(0)} % of one core, its event loop waiting for a CPU (run queue) ${waitPercent.toFixed(0)} % of the time, ` +
          `resident memory ${summary.serverRssStartMiB.toFixed(0)} MiB at start, ${summary.serverRssPeakMiB.toFixed(0)} MiB peak, ` +
          `${summary.serverRssEndMiB.toFixed(0)} MiB at the end; JavaScript heap in use ${summary.serverHeapStartMiB.toFixed(0)} MiB at start, ` +
          `${summary.serverHeapPeakMiB.toFixed(0)} MiB peak, ${summary.serverHeapEndMiB.toFixed(0)} MiB at the end; per minute of class: RSS ${rssPerMinuteMiB.join(', ')} MiB, heap ${heapPerMinuteMiB.join(', ')} MiB, machine load average ${loadPerMinute.map((l) => l.toFixed(1)).join(', ')}; longest event-loop delay per minute ${lagMaxPerMinuteMs.map((l) => l.toFixed(0)).join(', ')} ms (${stalls} of ${heaps.length - 1} 5-s windows had one over 100 ms).`,
        columns: [
          'kind',
          'requests',
          'p50 (ms)',
          'p95 (ms)',
          'p99 (ms)',
          '5xx',
          '429',
          'other 4xx',
          'network errors',
        ],
        rows,
        raw: { summary, samples, heaps },
      };
    } catch (err) {
      // The server's own account (a crash, an error log) is what explains a failed run.
      const exited = platform.process.exitCode ?? platform.process.signalCode;
      console.error(
        `platform ${exited === null ? 'still running' : `exited (${exited})`}; its output:\n${platform.output().slice(-4000)}`,
      );
      throw err;
    } finally {
      await platform.stop();
    }
  },
};

export default suite;
