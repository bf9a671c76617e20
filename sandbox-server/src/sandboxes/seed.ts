/**
 * The state of a fresh sandbox cluster, written to its SQLite file before the cluster starts on it.
 *
 * Bootstrapping a cluster (API objects of kube-apiserver's bootstrap, RBAC policy, Nodes, network add-ons)
 * costs ~100 ms of CPU through the whole API stack, in one unbroken run of the event loop; every sandbox
 * got the same objects apart from their uids and times. So the bootstrap runs once per node count and
 * process (a `SeedTemplate`, ~60 objects in memory), and each new cluster file receives a copy with fresh
 * uids (references to them follow) and times moved to its own creation: what a bootstrap at that moment
 * would have written.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import type { KubeObject } from '../../../mini-k8s/src/api/object';
import { createControlPlane } from '../../../mini-k8s/src/cmd/control-plane';
import { installNetworkAddons } from '../../../mini-k8s/src/network/addons';
import { MemoryStorage } from '../../../mini-k8s/src/storage/memory/store';
import { migrate, prepare } from '../../../mini-k8s/src/storage/sqlite/schema';

/** SeedTemplate is a bootstrapped cluster's state: each object at its resourceVersion, and when it was made. */
export interface SeedTemplate {
  entries: readonly { key: string; revision: number; object: KubeObject }[];
  /** Epoch milliseconds bounding every time written during the bootstrap. */
  startedAt: number;
  endedAt: number;
  /** Epoch milliseconds at which the bootstrap finished: its newest time is not later. */
  finishedAt: number;
}

/** bootstrapTemplate boots a control plane with its network add-ons in memory and records its objects. */
export async function bootstrapTemplate(nodes: number): Promise<SeedTemplate> {
  // Times are written at second precision (and leases at microseconds): widen to whole seconds.
  const startedAt = Math.floor(Date.now() / 1000) * 1000;
  const memory = new MemoryStorage({});
  const latest = new Map<string, { object: KubeObject; revision: number }>();
  const watcher = memory.watch('/registry/', {
    fromRevision: 0,
    onEvent: (event) => {
      if (event.type === 'DELETED') latest.delete(event.key);
      else latest.set(event.key, { object: event.object, revision: event.revision });
    },
  });
  const controlPlane = await createControlPlane({
    storage: memory,
    adminToken: crypto.randomBytes(16).toString('base64url'),
    nodes,
  });
  await installNetworkAddons(controlPlane.client);
  await controlPlane.close();
  watcher.stop();
  const expected = await memory.count('/registry/');
  await memory.close();
  if (latest.size !== expected) {
    throw new Error(`cluster seed saw ${latest.size} objects, the store holds ${expected}`);
  }
  const finishedAt = Date.now();
  const endedAt = Math.ceil(finishedAt / 1000) * 1000 + 1000;
  return {
    entries: [...latest].map(([key, { object, revision }]) => ({ key, revision, object })),
    startedAt,
    endedAt,
    finishedAt,
  };
}

const templates = new Map<number, Promise<SeedTemplate>>();

/** templateFor returns this process's template for `nodes` nodes, bootstrapping it on first use. */
function templateFor(nodes: number): Promise<SeedTemplate> {
  let template = templates.get(nodes);
  if (!template) {
    template = bootstrapTemplate(nodes);
    templates.set(nodes, template);
    // A failed bootstrap is not cached: the next sandbox tries again.
    template.catch(() => templates.delete(nodes));
  }
  return template;
}

const TIME = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?Z$/;

/** shiftTime moves an RFC 3339 UTC time by `delta` ms, keeping its precision; undefined when not a time. */
function shiftTime(value: string, template: SeedTemplate, delta: number): string | undefined {
  const match = TIME.exec(value);
  if (!match) return undefined;
  const at = Date.parse(value);
  if (!(at >= template.startedAt && at <= template.endedAt)) return undefined;
  const fraction = match[7] ?? '';
  const shifted = new Date(at + delta).toISOString(); // …T12:34:56.789Z
  if (fraction === '') return `${shifted.slice(0, 19)}Z`;
  // Sub-millisecond digits (MicroTime) are kept as they were.
  const millis = shifted.slice(20, 23);
  return `${shifted.slice(0, 19)}.${(millis + fraction.slice(3)).slice(0, fraction.length)}Z`;
}

/**
 * instantiate returns the template's objects as a fresh cluster made at `now` has them: each uid replaced
 * by a new one (everywhere it appears: owner references, bindings' subjects…) and every bootstrap time
 * moved forward by the template's age.
 */
export function instantiate(
  template: SeedTemplate,
  now: number,
): { key: string; revision: number; object: KubeObject }[] {
  const uids = new Map<string, string>();
  for (const { object } of template.entries) {
    if (object.metadata.uid) uids.set(object.metadata.uid, crypto.randomUUID());
  }
  // Moved so that the bootstrap's end falls at `now`: no time lies in the future (kubectl would print
  // an AGE of <invalid>), the first objects are older by the bootstrap's duration, as they would be.
  const delta = Math.max(0, now - template.finishedAt);
  const rewrite = (value: unknown): unknown => {
    if (typeof value === 'string') return uids.get(value) ?? shiftTime(value, template, delta) ?? value;
    if (Array.isArray(value)) return value.map(rewrite);
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = rewrite(v);
      return out;
    }
    return value;
  };
  return template.entries.map(({ key, revision, object }) => ({
    key,
    revision,
    object: rewrite(object) as KubeObject,
  }));
}

/** emptyDatabase is SqliteStorage's schema, migrated once per process, as database file bytes. */
let emptyDatabase: Buffer | undefined;

/**
 * seedClusterFile writes the state of a freshly bootstrapped cluster into a new SqliteStorage file. The
 * rows follow SqliteStorage's schema (its own migrate and statements) as a compacted history: one `log`
 * row per object at its resourceVersion, plus `kv`; createControlPlane's bootstrap then finds every object
 * present and writes nothing. Why in memory: the database is filled in an in-memory copy of an empty
 * migrated database and written out with a single write and fsync; creating it on disk (journal set-up,
 * schema, transaction, checkpoint) cost ~6 ms of CPU and ~75 ms of waiting for the disk per sandbox
 * on a busy machine, against ~2 ms and ~21 ms (30 seeds each, load average 20).
 */
export async function seedClusterFile(file: string, nodes: number): Promise<void> {
  const rows = instantiate(await templateFor(nodes), Date.now());
  if (!emptyDatabase) {
    const empty = new Database(':memory:');
    migrate(empty);
    emptyDatabase = empty.serialize();
    empty.close();
  }
  const db = new Database(emptyDatabase);
  let bytes: Buffer;
  try {
    const sql = prepare(db);
    db.transaction(() => {
      for (const { key, revision, object } of rows) {
        const value = JSON.stringify(object);
        sql.insertLog.run(revision, key, 1, 0, 0, value);
        sql.upsertKv.run(key, revision, value);
      }
    })();
    bytes = db.serialize();
    // File format versions 2/2 (header bytes 18-19) mark a database in WAL mode, which is what
    // SqliteStorage would switch it to on opening, at the cost of one more round of disk writes.
    bytes[18] = 2;
    bytes[19] = 2;
  } finally {
    db.close();
  }
  const temporary = `${file}.seed`;
  const fd = fs.openSync(temporary, 'w');
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  // The rename is atomic: a crash leaves either no cluster file (seeded again) or a complete one.
  fs.renameSync(temporary, file);
}
