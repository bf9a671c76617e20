/**
 * Sandboxes: creation to ready (p50/p99), memory per idle (running) and per sleeping sandbox, and the p99
 * latency of kubectl-like requests through the real platform process with many concurrent learners
 * (autocannon on loopback, each connection using its own learner's token and sandbox).
 *
 * Sizes (environment): BENCH_SANDBOXES (creation and memory, default 100), BENCH_SLEEPING (sleeping
 * sandboxes for the per-sleeping memory, default 1000), BENCH_LEARNERS (concurrent learners, default 200),
 * BENCH_SECONDS (load duration, default 10), BENCH_IDLE (learners to extrapolate the idle cost to, default
 * 1000), BENCH_RATE (aggressive pace per learner, default 2 req/s), BENCH_HUMAN_RATE (a learner typing kubectl
 * commands, default 0.3 req/s), BENCH_WARMUP_SECONDS (settling time of the new clusters before the load, 15).
 *
 * Every sandbox is a whole cluster (API server, scheduler, controllers, 3 kubelets) on its own SQLite file,
 * so an idle running sandbox still costs CPU (node heartbeats, leases, controller resyncs): measured here
 * as CPU time per second per idle sandbox, and extrapolated to BENCH_IDLE idle learners.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import autocannon from 'autocannon';
import { openDatabase } from '../../sandbox-server/src/db/database';
import { createPlatformServices } from '../../sandbox-server/src/services';
import { startPlatform } from '../../sandbox-server/test/support/platform';
import { sampleProc, usage } from '../proc';
import { ms, percentile, type BenchResult, type BenchSuite } from '../types';

const SANDBOXES = Number(process.env.BENCH_SANDBOXES ?? 100);
const SLEEPING = Number(process.env.BENCH_SLEEPING ?? 1000);
const LEARNERS = Number(process.env.BENCH_LEARNERS ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Requests per second per learner in the paced runs (a kubectl command is 2-5 requests every few seconds). */
const RATE = Number(process.env.BENCH_RATE ?? 2);
const IDLE = Number(process.env.BENCH_IDLE ?? 1000);
/** Seconds the learners' clusters settle before the load starts. */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 15);
/** A learner typing kubectl commands: about one request every 3 seconds. */
const HUMAN_RATE = Number(process.env.BENCH_HUMAN_RATE ?? 0.3);
/** Seconds the idle clusters are watched for their background CPU. */
const IDLE_SECONDS = 10;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/**
 * usedMemory returns, after a full collection, the JavaScript heap plus external buffers, and the resident
 * set (which also counts SQLite's native page caches, but is coarser: the allocator keeps freed pages).
 */
function usedMemory(): { js: number; rss: number } {
  gc();
  gc();
  const m = process.memoryUsage();
  return { js: m.heapUsed + m.external + m.arrayBuffers, rss: m.rss };
}

function perItem(before: { js: number; rss: number }, count: number) {
  const after = usedMemory();
  return { js: (after.js - before.js) / count, rss: (after.rss - before.rss) / count };
}

interface InProcess {
  createMs: number[];
  /** CPU milliseconds per creation (all threads of this process). */
  createCpuMs: number;
  /** Machine load average (1 min) at the end of the creations. */
  createLoad: number;
  idleBytes: { js: number; rss: number };
  /** CPU milliseconds per second spent by one idle running sandbox (background work of its components). */
  idleCpuMsPerSecond: number;
  sleepingBytes: { js: number; rss: number };
  sleepingFileBytes: number;
  wakeMs: number[];
}

/** inProcess measures creation, wake and memory with the real services in this process. */
async function inProcess(): Promise<InProcess> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-bench-'));
  const db = openDatabase(path.join(dir, 'atelier.sqlite'));
  const services = createPlatformServices({
    db,
    dataDir: dir,
    secret: 'bench-secret-0123456789-0123456789-0123',
    limits: {
      max: SANDBOXES + SLEEPING + 10,
      nodes: 3,
      idleMs: 3_600_000,
      lifetimeMs: 86_400_000,
      maxObjects: 2000,
    },
    learnerRate: 1000,
    bodyLimitBytes: 3 << 20,
    instructorToken: '',
    cookieMaxAgeSeconds: 86_400,
  });
  const m = services.sandboxes;
  const addLearner = (id: string) =>
    db.run('INSERT INTO learners (id, created_at, last_seen_at) VALUES (?, 0, 0)', [id]);
  try {
    // Warm-up: module loading and JIT are not part of a sandbox's cost.
    await addLearner('warm');
    await m.delete((await m.ensureFor('warm')).sandbox.id);

    const base = usedMemory();
    const createMs: number[] = [];
    const ids: string[] = [];
    // CPU time of the creations: unlike their wall time, it does not grow with the machine's load.
    const createCpu = process.cpuUsage();
    for (let i = 0; i < SANDBOXES; i++) {
      await addLearner(`l${i}`);
      const t = performance.now();
      ids.push((await m.ensureFor(`l${i}`)).sandbox.id);
      createMs.push(performance.now() - t);
    }
    const cpu = process.cpuUsage(createCpu);
    const createCpuMs = (cpu.user + cpu.system) / 1000 / SANDBOXES;
    const createLoad = os.loadavg()[0];
    const idleBytes = perItem(base, SANDBOXES);
    const cpuBefore = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    const idleCpu = process.cpuUsage(cpuBefore);
    const idleCpuMsPerSecond = (idleCpu.user + idleCpu.system) / 1000 / IDLE_SECONDS / SANDBOXES;

    for (const id of ids) await m.sleep(id);
    const wakeMs: number[] = [];
    for (const id of ids.slice(0, 50)) {
      const t = performance.now();
      await m.acquire(id);
      wakeMs.push(performance.now() - t);
      await m.sleep(id);
    }
    // Sleeping sandboxes beyond the created ones: registered asleep with a real state file each.
    const template = m.fileOf(ids[0]);
    const insert = (id: string, learnerId: string, expiresAt: number) =>
      db.run(
        `INSERT INTO sandboxes (id, learner_id, state, nodes, exercise_id, created_at, last_active_at, expires_at)
         VALUES (?, ?, 'sleeping', 3, NULL, 0, 0, ?)`,
        [id, learnerId, expiresAt],
      );
    const beforeSleeping = usedMemory();
    for (let i = 0; i < SLEEPING; i++) {
      await addLearner(`s${i}`);
      await insert(`sleep${i}`, `s${i}`, Date.now() + 86_400_000);
      fs.copyFileSync(template, m.fileOf(`sleep${i}`));
    }
    const sleepingBytes = perItem(beforeSleeping, SLEEPING);
    const sleepingFileBytes = fs.statSync(template).size;
    return {
      createMs,
      createCpuMs,
      createLoad,
      idleBytes,
      idleCpuMsPerSecond,
      sleepingBytes,
      sleepingFileBytes,
      wakeMs,
    };
  } finally {
    await m.close();
    await db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface Load {
  learners: number;
  path: string;
  /** Offered load in requests per second; 0 = as fast as the server answers (saturation). */
  offered: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** The platform process during the run: CPU and its event loop's wait for a CPU, % of wall time. */
  serverCpuPercent: number;
  serverWaitPercent: number;
  loadAverage: number;
}

/** throughServer loads the real platform with LEARNERS learners, one connection each. */
async function throughServer(): Promise<Load[]> {
  const platform = await startPlatform({
    HTTPS_PORT: '0',
    MAX_SANDBOXES: String(LEARNERS + 10),
    LEARNER_RATE: '100000',
  });
  try {
    const learners: { id: string; token: string }[] = [];
    // A loaded machine makes the client reuse a keep-alive connection the server just closed: retry once.
    const send = async (url: string, init: RequestInit): Promise<Response> => {
      try {
        return await fetch(url, init);
      } catch (err) {
        if (platform.process.exitCode !== null) {
          throw new Error(`platform exited:\n${platform.output()}`, { cause: err });
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
        return fetch(url, init).catch((again: unknown) => {
          throw new Error(`${String(again)}\n${platform.output().slice(-2000)}`, { cause: err });
        });
      }
    };
    for (let i = 0; i < LEARNERS; i++) {
      // A retried creation (no cookie yet) makes one more learner and sandbox: harmless here.
      const res = await send(`${platform.url}/api/sandboxes`, { method: 'POST' });
      const cookie = res.headers.get('set-cookie')!.split(';')[0];
      const { id } = (await res.json()) as { id: string };
      const kubeconfig = await (
        await send(`${platform.url}/api/sandboxes/${id}/kubeconfig`, { headers: { cookie } })
      ).text();
      learners.push({ id, token: /token: (\S+)/.exec(kubeconfig)![1] });
    }
    const runs: Load[] = [];
    const table = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
    const paced = LEARNERS * RATE;
    // New clusters finish their start-up work (controllers' first syncs, system objects) after they answer
    // ready: let them settle before measuring, as a class would after its first minutes.
    await new Promise((resolve) => setTimeout(resolve, WARMUP_SECONDS * 1000));
    for (const [label, suffix, accept, offered] of [
      [
        'get pods (Table), human pace',
        '/api/v1/namespaces/default/pods?limit=500',
        table,
        Math.ceil(LEARNERS * HUMAN_RATE),
      ],
      ['get pods (Table)', '/api/v1/namespaces/default/pods?limit=500', table, paced],
      ['get nodes (Table)', '/api/v1/nodes?limit=500', table, paced],
      ['get namespace -o json', '/api/v1/namespaces/default', 'application/json', paced],
      ['get pods (Table)', '/api/v1/namespaces/default/pods?limit=500', table, 0],
    ] as const) {
      let next = 0;
      const before = sampleProc(platform.process.pid!);
      const result = await autocannon({
        url: platform.url,
        connections: LEARNERS,
        duration: SECONDS,
        ...(offered > 0 ? { overallRate: offered } : {}),
        requests: [
          {
            method: 'GET',
            setupRequest: (req) => {
              const learner = learners[next++ % learners.length];
              return {
                ...req,
                path: `/k8s/${learner.id}${suffix}`,
                headers: { authorization: `Bearer ${learner.token}`, accept },
              };
            },
          },
        ],
      });
      runs.push({
        learners: LEARNERS,
        path: label,
        offered,
        requests: result.requests.total,
        rps: Math.round(result.requests.average),
        p50: result.latency.p50,
        p99: result.latency.p99,
        errors: result.errors,
        non2xx: result.non2xx,
        ...((u) => ({ serverCpuPercent: u.cpuPercent, serverWaitPercent: u.waitPercent }))(
          usage(before, sampleProc(platform.process.pid!)),
        ),
        loadAverage: os.loadavg()[0],
      });
    }
    return runs;
  } finally {
    await platform.stop();
  }
}

const suite: BenchSuite = {
  name: 'sandboxes',
  async run(): Promise<BenchResult> {
    const local = await inProcess();
    const load = await throughServer();
    const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
    const both = (m: { js: number; rss: number }) => `${kib(m.js)} (JS heap + buffers), ${kib(m.rss)} (RSS)`;
    const rows: (string | number)[][] = [
      [
        'creation to ready',
        `${SANDBOXES} sandboxes, 3 nodes, SQLite file each`,
        `p50 ${ms(percentile(local.createMs, 50))} ms, p99 ${ms(percentile(local.createMs, 99))} ms; ${ms(local.createCpuMs)} ms of CPU each; load average ${local.createLoad.toFixed(1)}`,
        '< 100 ms (p50)',
      ],
      [
        'wake from sleep',
        '50 sandboxes',
        `p50 ${ms(percentile(local.wakeMs, 50))} ms, p99 ${ms(percentile(local.wakeMs, 99))} ms`,
        '',
      ],
      ['memory per idle (running) sandbox', `${SANDBOXES} sandboxes`, both(local.idleBytes), '< 5 MB'],
      [
        'CPU per idle (running) sandbox',
        `${SANDBOXES} idle clusters (simulation speed 1) over ${IDLE_SECONDS} s`,
        `${local.idleCpuMsPerSecond.toFixed(2)} ms CPU per second; ${IDLE} idle learners ≈ ${((local.idleCpuMsPerSecond * IDLE) / 1000).toFixed(2)} cores until they sleep (SANDBOX_IDLE_MINUTES)`,
        '',
      ],
      ['memory per sleeping sandbox', `${SLEEPING} sandboxes`, both(local.sleepingBytes), '< 100 KB'],
      ['disk per sleeping sandbox', 'fresh cluster state file', kib(local.sleepingFileBytes), ''],
      ...load.map((r) => [
        `${r.path} through /k8s`,
        `${r.learners} learners × ${SECONDS} s, ${r.offered > 0 ? `paced at ${r.offered} req/s` : 'saturating'}: ${r.requests} requests, ${r.rps} req/s, ${r.errors} errors, ${r.non2xx} non-2xx; server CPU ${r.serverCpuPercent.toFixed(0)} %, its event loop waiting for a CPU ${r.serverWaitPercent.toFixed(0)} % of the time, load average ${r.loadAverage.toFixed(1)}`,
        `p50 ${r.p50} ms, p99 ${r.p99} ms`,
        r.path.includes('human pace')
          ? '< 50 ms (p99): the target, learners at human pace'
          : r.offered > 0
            ? `(${RATE} req/s per learner, ~${Math.round(RATE / HUMAN_RATE)}× human pace)`
            : '(saturated: throughput; latency is queueing)',
      ]),
    ];
    return {
      title: 'Sandboxes: creation, memory, kubectl-like latency through the platform',
      method: `Creation, wake and memory measured in process with the real services (SQLite per sandbox; memory = heap + external after GC, divided by the count). Load: the real platform process, ${LEARNERS} learners each with their own sandbox and token, one autocannon connection per learner on 127.0.0.1, paced at ${RATE} req/s per learner, then saturating (latency there is queueing: connections / throughput).`,
      columns: ['measure', 'setup', 'result', 'target'],
      rows,
      raw: { local, load },
    };
  },
};

export default suite;
