/**
 * SandboxManager owns the learners' clusters: one sandbox per learner, recorded in the platform database,
 * its cluster state in DATA_DIR/sandboxes/<id>.db. A sandbox is `creating` while its cluster boots,
 * `ready` while its cluster runs in memory, `sleeping` when only its file remains (idle, or after a
 * restart: it wakes on the next request), `expired` when its lifetime is over (file deleted, row kept so
 * the learner is told why).
 */
import type { ValueCodec } from '../../../mini-k8s/src/storage/value-codec';
import fs from 'node:fs';
import path from 'node:path';
import type { KubeObject } from '../../../mini-k8s/src/api/object';
import type { Logger } from '../../../mini-k8s/src/apiserver/server';
import type { ApiClient } from '../../../mini-k8s/src/client/client';
import type { StaticUser } from '../../../mini-k8s/src/cmd/control-plane';
import type { PodNetworkMode } from '../../../mini-k8s/src/kubelet/runtime/docker/direct-network';
import type { Db } from '../db/database';
import { lessonUsers, sandboxOfLessonToken } from '../identity/lesson-users';
import { randomId, sign, verify } from '../identity/signed-token';
import { messages } from '../messages';
import {
  applyManifests,
  createSandboxCluster,
  DockerUnavailableError,
  type SandboxCluster,
  type SandboxClusterFactory,
} from './cluster';
import { type KubernetesHost, KubernetesHostUnavailableError } from './kubernetes-host';

/** SandboxState is the lifecycle state of a sandbox. */
export type SandboxState = 'creating' | 'ready' | 'sleeping' | 'expired';

/** SandboxRuntime is the container runtime of a sandbox's nodes. */
export type SandboxRuntime = 'simulated' | 'docker' | 'kubernetes';

/** SandboxRecord is the public view of a sandbox (times in epoch milliseconds). */
export interface SandboxRecord {
  id: string;
  learnerId: string;
  state: SandboxState;
  nodes: number;
  /**
   * runtime is what the sandbox's nodes run on: the stored choice, or `simulated` while its cluster runs
   * simulated because Docker or the Kubernetes host was unreachable at its start (runtimeNotice then says so,
   * in French).
   */
  runtime: SandboxRuntime;
  runtimeNotice: string | null;
  exerciseId: string | null;
  createdAt: number;
  lastActiveAt: number;
  expiresAt: number;
}

/** SandboxLimits are the manager's settings (see config SandboxSettings). */
export interface SandboxLimits {
  max: number;
  nodes: number;
  idleMs: number;
  lifetimeMs: number;
  maxObjects: number;
  /** Pods per sandbox, checked at the /k8s proxy (default 100). */
  maxPods?: number;
  /** Concurrent watches per sandbox: /k8s watch requests plus live page streams (default 30). */
  maxWatches?: number;
  /** Scale of simulated delays in the clusters (0 instant, 1 realistic); default 1. */
  speed?: number;
  /** Container runtime of the clusters' nodes (default simulated). */
  runtime?: SandboxRuntime;
  /** Docker runtime: root of the pods' ConfigMap/Secret/token files (default /dev/shm). */
  dockerFilesDir?: string;
  /** Docker runtime: the pod network mode settled at start-up (default: the runtime reads `DOCKER_POD_NETWORK`). */
  dockerPodNetwork?: PodNetworkMode;
  /** Durability of cluster writes (default `normal`: survives kill -9, not power loss). */
  sync?: 'normal' | 'full';
}

/** SandboxEvent is emitted on every state change (workshop live updates, logs). */
export interface SandboxEvent {
  sandboxId: string;
  learnerId: string;
  state: SandboxState | 'deleted';
}

/** SandboxManagerOptions configure a manager. */
export interface SandboxManagerOptions {
  db: Db;
  /** Folder of the per-sandbox state files (created when missing). */
  dir: string;
  limits: SandboxLimits;
  /** How cluster values are stored (Secrets encrypted at rest); default plain JSON. */
  codec?: ValueCodec;
  /** Secret that signs the learners' kubectl tokens (the session secret). */
  secret: string;
  factory?: SandboxClusterFactory;
  /** The host cluster of RUNTIME=kubernetes: sandboxes' namespaces are cleared on reset, deleted with them. */
  kubernetesHost?: KubernetesHost;
  now?: () => number;
  logger?: Logger;
  onEvent?: (event: SandboxEvent) => void;
}

/** SandboxError is a refusal with an HTTP status and a French message for the learner. */
export class SandboxError extends Error {
  constructor(
    readonly status: 404 | 409 | 503,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'SandboxError';
  }
}

interface Row {
  id: string;
  learner_id: string;
  state: SandboxState;
  nodes: number;
  runtime: SandboxRuntime;
  exercise_id: string | null;
  created_at: number;
  last_active_at: number;
  expires_at: number;
}

interface Live {
  cluster: SandboxCluster;
  /** The runtime the cluster actually runs on (simulated after a Docker fallback). */
  runtime: SandboxRuntime;
  adminToken: string;
  lastActiveAt: number;
}

const TOKEN_PREFIX = 'sandbox';

/** SYSTEM_OBJECTS_HEADROOM is room above the learner quota for bootstrap objects, events and controllers' work. */
const SYSTEM_OBJECTS_HEADROOM = 500;

export class SandboxManager {
  private readonly db: Db;
  private readonly dir: string;
  private readonly limits: SandboxLimits;
  private readonly secret: string;
  private readonly factory: SandboxClusterFactory;
  private readonly codec: ValueCodec | undefined;
  private readonly kubernetesHost: KubernetesHost | undefined;
  private readonly now: () => number;
  private readonly logger: Logger | undefined;
  private readonly onEvent: ((event: SandboxEvent) => void) | undefined;
  private readonly live = new Map<string, Live>();
  /** Starts in progress (create, wake, reset): concurrent callers share one instead of opening the file twice. */
  private readonly starting = new Map<string, Promise<Live>>();
  /** Per-sandbox chain of lifecycle operations (sleep, reset, delete) so they never interleave. */
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(options: SandboxManagerOptions) {
    this.db = options.db;
    this.dir = options.dir;
    this.limits = options.limits;
    this.secret = options.secret;
    this.factory = options.factory ?? createSandboxCluster;
    this.codec = options.codec;
    this.kubernetesHost = options.kubernetesHost;
    this.now = options.now ?? Date.now;
    this.logger = options.logger;
    this.onEvent = options.onEvent;
    fs.mkdirSync(this.dir, { recursive: true });
  }

  /**
   * recover runs at start-up: no cluster runs yet, so every creating or ready sandbox is sleeping (it
   * wakes from its file on the next request; a half-booted one finishes its bootstrap then).
   */
  async recover(): Promise<number> {
    if (this.db.kind === 'sqlite') {
      return (
        await this.db.run("UPDATE sandboxes SET state = 'sleeping' WHERE state IN ('creating', 'ready')")
      ).changes;
    }
    // A shared database (PostgreSQL) also holds the sandboxes of the other replicas, which still run:
    // only those whose cluster file is on this replica's disk are this replica's.
    const rows = await this.db.all<{ id: string }>(
      "SELECT id FROM sandboxes WHERE state IN ('creating', 'ready')",
    );
    let changed = 0;
    for (const { id } of rows.filter((r) => this.holds(r.id))) {
      changed += (await this.db.run("UPDATE sandboxes SET state = 'sleeping' WHERE id = ?", [id])).changes;
    }
    return changed;
  }

  /** get returns a sandbox's record, or undefined. */
  async get(id: string): Promise<SandboxRecord | undefined> {
    const row = await this.db.get<Row>('SELECT * FROM sandboxes WHERE id = ?', [id]);
    return row ? this.toRecord(row) : undefined;
  }

  /** forLearner returns the learner's sandbox record, or undefined. */
  async forLearner(learnerId: string): Promise<SandboxRecord | undefined> {
    const row = await this.db.get<Row>('SELECT * FROM sandboxes WHERE learner_id = ?', [learnerId]);
    return row ? this.toRecord(row) : undefined;
  }

  /** countByState returns how many sandboxes are in each state (metrics). */
  async countByState(): Promise<Record<SandboxState, number>> {
    const counts: Record<SandboxState, number> = { creating: 0, ready: 0, sleeping: 0, expired: 0 };
    const rows = await this.db.all<{ state: SandboxState; n: number }>(
      'SELECT state, COUNT(*) AS n FROM sandboxes GROUP BY state',
    );
    for (const row of rows) counts[row.state] = row.n;
    return counts;
  }

  /**
   * ensureFor returns the learner's sandbox, creating it (ready on return) when there is none or when the
   * previous one expired. `created` tells which. Throws a 503 SandboxError when the server is full.
   */
  ensureFor(learnerId: string): Promise<{ sandbox: SandboxRecord; created: boolean }> {
    // Serialised per learner: two tabs asking at once must get the same sandbox, not a UNIQUE violation.
    return this.exclusive(`learner:${learnerId}`, () => this.ensureUnlocked(learnerId));
  }

  private async ensureUnlocked(learnerId: string): Promise<{ sandbox: SandboxRecord; created: boolean }> {
    const existing = await this.forLearner(learnerId);
    if (existing && existing.state !== 'expired') return { sandbox: existing, created: false };
    if (existing) await this.delete(existing.id);
    const active = (await this.db.get<{ n: number }>(
      "SELECT COUNT(*) AS n FROM sandboxes WHERE state != 'expired'",
    ))!;
    if (active.n >= this.limits.max) throw new SandboxError(503, 'sandboxes_full', messages.sandboxesFull());
    const id = randomId(9);
    const now = this.now();
    await this.db.run(
      `INSERT INTO sandboxes (id, learner_id, state, nodes, runtime, exercise_id, created_at, last_active_at, expires_at)
       VALUES (?, ?, 'creating', ?, ?, NULL, ?, ?, ?)`,
      [id, learnerId, this.limits.nodes, this.defaultRuntime, now, now, now + this.limits.lifetimeMs],
    );
    this.emit(id, learnerId, 'creating');
    try {
      await this.start(id, this.limits.nodes);
    } catch (err) {
      await this.db.run('DELETE FROM sandboxes WHERE id = ?', [id]);
      this.removeFiles(id);
      throw err;
    }
    return { sandbox: (await this.get(id))!, created: true };
  }

  /**
   * acquire returns the running cluster of a sandbox, waking it when it sleeps, and records the activity.
   * Throws 404 for an unknown sandbox and 409 for an expired one.
   */
  async acquire(id: string): Promise<SandboxCluster> {
    return (await this.acquireWithToken(id)).cluster;
  }

  /**
   * acquireWithToken is acquire plus the cluster's in-process admin token: the /k8s proxy presents it
   * to the cluster in place of the learner's token (learners act as the cluster admin until RBAC users).
   */
  async acquireWithToken(id: string): Promise<{ cluster: SandboxCluster; adminToken: string }> {
    const running = this.live.get(id);
    if (running) {
      running.lastActiveAt = this.now();
      return running;
    }
    const pending = this.starting.get(id);
    if (pending) return pending;
    const record = await this.get(id);
    if (!record) throw new SandboxError(404, 'sandbox_not_found', messages.sandboxNotFound());
    if (record.state === 'expired') throw new SandboxError(409, 'sandbox_expired', messages.sandboxExpired());
    // Through the lock: a sleep or reset still closing the file must finish before the file reopens.
    const live = await this.exclusive(id, async () => this.live.get(id) ?? this.start(id, record.nodes));
    live.lastActiveAt = this.now();
    return live;
  }

  /** running returns the sandbox's cluster when it runs, without waking it or counting as activity. */
  running(id: string): SandboxCluster | undefined {
    return this.live.get(id)?.cluster;
  }

  /** isLive tells whether the sandbox's cluster runs in memory. */
  isLive(id: string): boolean {
    return this.live.has(id);
  }

  /** sleep stops a running sandbox's cluster; its state stays in its file. No-op unless it runs. */
  sleep(id: string): Promise<void> {
    return this.exclusive(id, async () => {
      const running = this.live.get(id);
      if (!running) return;
      this.live.delete(id);
      await running.cluster.close();
      const row = await this.get(id);
      if (!row) return;
      await this.db.run("UPDATE sandboxes SET state = 'sleeping', last_active_at = ? WHERE id = ?", [
        running.lastActiveAt,
        id,
      ]);
      this.emit(id, row.learnerId, 'sleeping');
    });
  }

  /**
   * reset replaces the sandbox's cluster by a fresh one (same id and kubectl token), then creates the
   * manifests of the exercise's starting state through the API. Throws like acquire.
   */
  reset(
    id: string,
    start: {
      manifests: readonly KubeObject[];
      exerciseId?: string;
      nodes?: number;
      /** The exercise's runtime; undefined keeps the sandbox's. */
      runtime?: SandboxRuntime;
      apply?: (client: ApiClient) => Promise<void>;
    },
  ): Promise<void> {
    return this.exclusive(id, async () => {
      const record = await this.get(id);
      if (!record) throw new SandboxError(404, 'sandbox_not_found', messages.sandboxNotFound());
      if (record.state === 'expired')
        throw new SandboxError(409, 'sandbox_expired', messages.sandboxExpired());
      await this.stopLive(id);
      this.removeFiles(id);
      const nodes = start.nodes ?? this.limits.nodes;
      const before = await this.storedRuntime(id);
      const runtime = start.runtime ?? before;
      // The fresh cluster starts with an empty host namespace (kept: no wait for a namespace to terminate),
      // or none when the exercise leaves the kubernetes runtime.
      if (runtime === 'kubernetes') {
        await this.kubernetesHost?.clear(id).catch((err: unknown) => {
          this.logger?.warn({ err, sandbox: id }, 'host namespace not cleared before the reset');
        });
      } else if (before === 'kubernetes') await this.releaseHost(id);
      await this.db.run(
        "UPDATE sandboxes SET state = 'creating', nodes = ?, runtime = ?, exercise_id = ? WHERE id = ?",
        [nodes, runtime, start.exerciseId ?? null, id],
      );
      this.emit(id, record.learnerId, 'creating');
      const live = await this.start(id, nodes);
      await applyManifests(live.cluster.client, start.manifests);
      await start.apply?.(live.cluster.client);
    });
  }

  /** extend pushes the expiry of a sandbox by `ms` from now (or from its current expiry if later). */
  async extend(id: string, ms: number): Promise<SandboxRecord> {
    const record = await this.get(id);
    if (!record) throw new SandboxError(404, 'sandbox_not_found', messages.sandboxNotFound());
    if (record.state === 'expired') throw new SandboxError(409, 'sandbox_expired', messages.sandboxExpired());
    const expiresAt = Math.max(record.expiresAt, this.now()) + ms;
    await this.db.run('UPDATE sandboxes SET expires_at = ? WHERE id = ?', [expiresAt, id]);
    return { ...record, expiresAt };
  }

  /** delete stops the sandbox's cluster and removes its file and record. */
  delete(id: string): Promise<void> {
    return this.exclusive(id, async () => {
      const record = await this.get(id);
      const runtime = await this.storedRuntime(id);
      await this.stopLive(id);
      this.removeFiles(id);
      if (runtime === 'kubernetes') await this.releaseHost(id);
      await this.db.run('DELETE FROM sandboxes WHERE id = ?', [id]);
      if (record) this.emit(id, record.learnerId, 'deleted');
    });
  }

  /**
   * sweep puts sandboxes idle for longer than the idle time to sleep and expires those past their
   * lifetime; main.ts runs it periodically. Returns what it did.
   */
  async sweep(): Promise<{ slept: string[]; expired: string[] }> {
    const now = this.now();
    const slept: string[] = [];
    const expired: string[] = [];
    const due = await this.db.all<{ id: string; learner_id: string; runtime: SandboxRuntime }>(
      "SELECT id, learner_id, runtime FROM sandboxes WHERE state != 'expired' AND expires_at <= ?",
      [now],
    );
    for (const row of due) {
      // On a shared database, another replica's sandboxes are that replica's to expire (it runs them).
      if (this.db.kind !== 'sqlite' && !this.holds(row.id)) continue;
      await this.exclusive(row.id, async () => {
        await this.stopLive(row.id);
        this.removeFiles(row.id);
        if (row.runtime === 'kubernetes') await this.releaseHost(row.id);
        await this.db.run("UPDATE sandboxes SET state = 'expired' WHERE id = ?", [row.id]);
        this.emit(row.id, row.learner_id, 'expired');
      });
      expired.push(row.id);
    }
    for (const [id, running] of [...this.live]) {
      if (now - running.lastActiveAt >= this.limits.idleMs) {
        await this.sleep(id);
        slept.push(id);
      }
    }
    return { slept, expired };
  }

  /** close stops every running cluster (their state stays on disk) — the server's clean stop. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.starting.values()]);
    for (const id of [...this.live.keys()]) await this.sleep(id);
  }

  /** tokenFor returns the learner's kubectl bearer token of a sandbox (derived: nothing secret is stored). */
  tokenFor(id: string): string {
    return sign(this.secret, `${TOKEN_PREFIX}.${id}`);
  }

  /** sandboxOfToken returns the sandbox id a kubectl token was issued for, or undefined when forged. */
  sandboxOfToken(token: string): string | undefined {
    const payload = verify(this.secret, token);
    if (!payload?.startsWith(`${TOKEN_PREFIX}.`)) return undefined;
    return payload.slice(TOKEN_PREFIX.length + 1);
  }

  /** lessonUsers returns the sandbox's lesson users (alice, bob) with their kubectl tokens. */
  lessonUsers(id: string): StaticUser[] {
    return lessonUsers(this.secret, id);
  }

  /** sandboxOfLessonToken returns the sandbox a lesson user's token was issued for, or undefined. */
  sandboxOfLessonToken(token: string): string | undefined {
    return sandboxOfLessonToken(this.secret, token);
  }

  /** quotaExceeded tells whether creating one more object would pass the sandbox's object quota. */
  async quotaExceeded(cluster: SandboxCluster): Promise<boolean> {
    return (await cluster.countObjects()) >= this.limits.maxObjects;
  }

  /** fileOf is the cluster state file of a sandbox. */
  fileOf(id: string): string {
    return path.join(this.dir, `${id}.db`);
  }

  /** defaultRuntime is the server-wide runtime (RUNTIME) of new sandboxes. */
  get defaultRuntime(): SandboxRuntime {
    return this.limits.runtime ?? 'simulated';
  }

  /** start boots (or wakes) the cluster of a sandbox and marks it ready; concurrent calls share it. */
  private start(id: string, nodes: number): Promise<Live> {
    const pending = this.starting.get(id);
    if (pending) return pending;
    const started = (async () => {
      const adminToken = randomId(24);
      const asked = await this.storedRuntime(id);
      const boot = (runtime: SandboxRuntime) =>
        this.factory({
          file: this.fileOf(id),
          nodes,
          adminToken,
          users: this.lessonUsers(id),
          speed: this.limits.speed ?? 1,
          // Learners meet their quota at the /k8s proxy (French message); the cluster itself caps every client,
          // controllers included, a little above it so a runaway workload (replicas: 100000) stays bounded.
          maxObjects: this.limits.maxObjects + SYSTEM_OBJECTS_HEADROOM,
          runtime,
          ...(runtime === 'kubernetes' && this.kubernetesHost ? { kubernetesHost: this.kubernetesHost } : {}),
          ...(this.limits.dockerFilesDir ? { dockerFilesDir: this.limits.dockerFilesDir } : {}),
          ...(this.limits.dockerPodNetwork ? { dockerPodNetwork: this.limits.dockerPodNetwork } : {}),
          ...(this.limits.sync ? { sync: this.limits.sync } : {}),
          ...(this.codec ? { codec: this.codec } : {}),
          ...(this.logger ? { logger: this.logger } : {}),
        });
      let runtime = asked;
      const cluster = await boot(asked)
        .catch((err: unknown) => {
          // No Docker daemon (or Kubernetes host) answers: the learner still gets a working cluster, simulated,
          // and is told why. The stored choice stays, so the next start (wake, reset) tries it again.
          if (!(err instanceof DockerUnavailableError || err instanceof KubernetesHostUnavailableError))
            throw err;
          this.logger?.warn(
            { err, sandbox: id, runtime: asked },
            'runtime unreachable: sandbox started simulated',
          );
          runtime = 'simulated';
          return boot('simulated');
        })
        .catch((err: unknown) => {
          // The cluster could not boot: the state file is untouched.
          this.logger?.error({ err, sandbox: id }, 'sandbox cluster failed to start');
          throw new SandboxError(503, 'sandbox_start_failed', messages.sandboxStartFailed());
        });
      const live: Live = { cluster, runtime, adminToken, lastActiveAt: this.now() };
      this.live.set(id, live);
      await this.db.run("UPDATE sandboxes SET state = 'ready', last_active_at = ? WHERE id = ?", [
        live.lastActiveAt,
        id,
      ]);
      const row = await this.get(id);
      if (row) this.emit(id, row.learnerId, 'ready');
      return live;
    })();
    this.starting.set(id, started);
    const clear = () => this.starting.delete(id);
    started.then(clear, clear);
    return started;
  }

  private async storedRuntime(id: string): Promise<SandboxRuntime> {
    const row = await this.db.get<{ runtime: SandboxRuntime }>('SELECT runtime FROM sandboxes WHERE id = ?', [
      id,
    ]);
    return row?.runtime ?? this.defaultRuntime;
  }

  /**
   * releaseHost deletes the host namespace of a sandbox stored as `kubernetes` (only those have one: a reset
   * to another runtime releases it). A host that does not answer (or not within 15 s) only leaves the
   * namespace to collectHostLeftovers at the next start-up: a learner's delete or an expiry never fails for it.
   */
  private async releaseHost(id: string): Promise<void> {
    if (!this.kubernetesHost) return;
    await this.kubernetesHost.remove(id).catch((err: unknown) => {
      this.logger?.warn({ err, sandbox: id }, 'host namespace not deleted: removed at the next start-up');
    });
  }

  /**
   * collectHostLeftovers deletes the host namespaces of sandboxes that no longer exist or expired (a crash
   * between a deletion and its namespace's); main.ts runs it at start-up. Returns the deleted namespaces.
   */
  async collectHostLeftovers(): Promise<string[]> {
    if (!this.kubernetesHost) return [];
    return this.kubernetesHost.collectLeftovers(async (sandboxId) => {
      const row = await this.db.get<{ state: SandboxState }>('SELECT state FROM sandboxes WHERE id = ?', [
        sandboxId,
      ]);
      return row !== undefined && row.state !== 'expired';
    });
  }

  private async stopLive(id: string): Promise<void> {
    const pending = this.starting.get(id);
    if (pending) await pending.catch(() => undefined);
    const running = this.live.get(id);
    if (!running) return;
    this.live.delete(id);
    await running.cluster.close();
  }

  /** holds tells whether this process runs the sandbox or has its cluster file (shared-database replicas). */
  private holds(id: string): boolean {
    return this.live.has(id) || this.starting.has(id) || fs.existsSync(this.fileOf(id));
  }

  private removeFiles(id: string): void {
    for (const suffix of ['', '-wal', '-shm', '-journal', '.ca']) {
      fs.rmSync(this.fileOf(id) + suffix, { force: true });
    }
  }

  private exclusive<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(id) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(id, settled);
    void settled.then(() => {
      if (this.locks.get(id) === settled) this.locks.delete(id);
    });
    return next;
  }

  private emit(sandboxId: string, learnerId: string, state: SandboxEvent['state']): void {
    this.onEvent?.({ sandboxId, learnerId, state });
  }

  private toRecord(row: Row): SandboxRecord {
    const live = this.live.get(row.id);
    return {
      id: row.id,
      learnerId: row.learner_id,
      state: row.state,
      nodes: row.nodes,
      runtime: live ? live.runtime : row.runtime,
      runtimeNotice:
        live && live.runtime !== row.runtime
          ? row.runtime === 'kubernetes'
            ? messages.kubernetesHostUnavailable()
            : messages.dockerUnavailable()
          : null,
      exerciseId: row.exercise_id,
      createdAt: row.created_at,
      lastActiveAt: live ? live.lastActiveAt : row.last_active_at,
      expiresAt: row.expires_at,
    };
  }
}
