/**
 * The kill storm: learners write through `/k8s/<id>` (creates, updates and deletes of ConfigMaps and
 * Deployments) while the real platform process is SIGKILLed at a random moment, then restarted on the same
 * data folder. After each restart, `verifyAfterRestart` checks the server against what it acknowledged:
 * every acknowledged write is there with its resourceVersion or a newer one, deleted objects stay deleted,
 * no object is half-written, resourceVersions keep increasing, and every sandbox answers again.
 *
 * Each worker owns its own object names and sends one request at a time, so at most one write per worker is
 * in flight when the process dies; that write is "uncertain" (either outcome is correct) until the next
 * verification reads the server's answer.
 */
import { createHash } from 'node:crypto';
import { newLearner, type Learner } from '../support/learner';

type Kind = 'configmaps' | 'deployments';

/** Known is what the client knows of one object name. */
type Known =
  | { state: 'present'; rv: bigint; gen: number }
  | { state: 'deleted' }
  | { state: 'uncertain'; before: Known | undefined; write: 'create' | 'update' | 'delete'; gen: number };

interface ObjectView {
  metadata: { name: string; resourceVersion: string; annotations?: Record<string, string> };
  data?: Record<string, string>;
  spec?: { replicas?: number };
}

/** StormStats counts what the workers did. */
export interface StormStats {
  acknowledged: number;
  uncertain: number;
  refused: number;
}

const API: Record<Kind, string> = {
  configmaps: '/api/v1/namespaces/default/configmaps',
  deployments: '/apis/apps/v1/namespaces/default/deployments',
};

/** payload is a ConfigMap body whose `sum` proves it was written whole. */
function configMap(name: string, gen: number, rv?: bigint) {
  const payload = createHash('sha1')
    .update(`${name}:${gen}`)
    .digest('hex')
    .repeat(1 + (gen % 20));
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, ...(rv !== undefined ? { resourceVersion: String(rv) } : {}) },
    data: { gen: String(gen), payload, sum: digest(`${gen}:${payload}`) },
  };
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function deployment(name: string, gen: number) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, annotations: { gen: String(gen) } },
    spec: {
      replicas: replicasOf(gen),
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] },
      },
    },
  };
}

const replicasOf = (gen: number) => (gen % 3) + 1;

/** wholeProblem returns why a stored object is not one whole write of ours, or undefined. */
function wholeProblem(kind: Kind, obj: ObjectView): string | undefined {
  if (kind === 'configmaps') {
    const d = obj.data ?? {};
    if (d.sum !== digest(`${d.gen}:${d.payload}`)) return `ConfigMap ${obj.metadata.name} is half-written`;
    return undefined;
  }
  const gen = Number(obj.metadata.annotations?.gen);
  if (!Number.isInteger(gen) || obj.spec?.replicas !== replicasOf(gen)) {
    return `Deployment ${obj.metadata.name} is half-written (gen ${gen}, replicas ${obj.spec?.replicas})`;
  }
  return undefined;
}

const genOf = (kind: Kind, obj: ObjectView) =>
  Number(kind === 'configmaps' ? obj.data?.gen : obj.metadata.annotations?.gen);

/** StormLearner is one learner with the client-side truth of their objects. */
export class StormLearner {
  readonly known: Record<Kind, Map<string, Known>> = { configmaps: new Map(), deployments: new Map() };
  /** Highest resourceVersion the server acknowledged to this learner. */
  maxRv = 0n;

  private constructor(readonly learner: Learner) {}

  static async create(url: string): Promise<StormLearner> {
    return new StormLearner(await newLearner(url));
  }

  /**
   * work runs one worker per kind until `stop()` returns true or the server stops answering. Random
   * operations: create a new name, update a present one (PUT with resourceVersion for ConfigMaps, merge
   * patch for Deployments, whose status the controller also writes), or delete one.
   */
  async work(url: string, stop: () => boolean, stats: StormStats, random: () => number): Promise<void> {
    await Promise.all(
      (['configmaps', 'deployments'] as Kind[]).map(async (kind) => {
        let next = this.known[kind].size;
        while (!stop()) {
          const present = [...this.known[kind]].filter(([, k]) => k.state === 'present');
          const roll = random();
          const target =
            present.length === 0 || roll < 0.45
              ? { name: `${kind.slice(0, 3)}-${next++}`, op: 'create' as const }
              : {
                  name: present[Math.floor(random() * present.length)][0],
                  op: roll < 0.85 ? 'update' : 'delete',
                };
          const ok = await this.write(
            url,
            kind,
            target.name,
            target.op as 'create' | 'update' | 'delete',
            stats,
          );
          if (!ok) return;
        }
      }),
    );
  }

  /** write sends one write and records its outcome; false when the server did not answer. */
  private async write(
    url: string,
    kind: Kind,
    name: string,
    op: 'create' | 'update' | 'delete',
    stats: StormStats,
  ): Promise<boolean> {
    const map = this.known[kind];
    const before = map.get(name);
    const gen = (before && before.state === 'present' ? before.gen : 0) + 1;
    map.set(name, { state: 'uncertain', before, write: op, gen });
    let res: Response;
    try {
      if (op === 'create') {
        const body = kind === 'configmaps' ? configMap(name, gen) : deployment(name, gen);
        res = await this.learner.k8s(API[kind], { base: url, method: 'POST', body: JSON.stringify(body) });
      } else if (op === 'update') {
        const rv = before && before.state === 'present' ? before.rv : undefined;
        res =
          kind === 'configmaps'
            ? await this.learner.k8s(`${API[kind]}/${name}`, {
                base: url,
                method: 'PUT',
                body: JSON.stringify(configMap(name, gen, rv)),
              })
            : await this.learner.k8s(`${API[kind]}/${name}`, {
                base: url,
                method: 'PATCH',
                body: JSON.stringify({
                  metadata: { annotations: { gen: String(gen) } },
                  spec: { replicas: replicasOf(gen) },
                }),
              });
      } else {
        res = await this.learner.k8s(`${API[kind]}/${name}`, { base: url, method: 'DELETE' });
      }
    } catch {
      stats.uncertain++;
      return false; // the process died with the request in flight: outcome unknown until verification
    }
    let body: ObjectView | { kind?: string; code?: number };
    try {
      body = (await res.json()) as ObjectView;
    } catch {
      stats.uncertain++;
      return false; // the answer was cut: the write may or may not have happened
    }
    if (res.status >= 500) throw new Error(`${op} ${kind}/${name}: ${res.status} ${JSON.stringify(body)}`);
    if (res.status === 429) {
      // Refused by the learner's rate limit: nothing was written.
      map.set(name, before ?? { state: 'deleted' });
      stats.refused++;
      return true;
    }
    if (res.status !== 200 && res.status !== 201) {
      throw new Error(`${op} ${kind}/${name}: unexpected ${res.status} ${JSON.stringify(body)}`);
    }
    stats.acknowledged++;
    if (op === 'delete') {
      map.set(name, { state: 'deleted' });
      // A background-propagation delete answers the object as it was; its resourceVersion is the deletion's.
      return true;
    }
    const rv = BigInt((body as ObjectView).metadata.resourceVersion);
    if (rv > this.maxRv) this.maxRv = rv;
    map.set(name, { state: 'present', rv, gen });
    return true;
  }

  /**
   * verify reads every object back from the (restarted) server, returns the problems found and resolves
   * the uncertain names to what the server actually kept.
   */
  async verify(url: string): Promise<string[]> {
    const problems: string[] = [];
    const sandbox = await fetch(`${url}/api/sandboxes/${this.learner.id}`, {
      headers: { cookie: this.learner.cookie },
    });
    if (sandbox.status !== 200) problems.push(`sandbox ${this.learner.id}: ${sandbox.status}`);
    else await sandbox.arrayBuffer();
    for (const kind of ['configmaps', 'deployments'] as Kind[]) {
      const res = await this.learner.k8s(API[kind], { base: url });
      if (res.status !== 200) {
        problems.push(`list ${kind} of ${this.learner.id}: ${res.status} ${await res.text()}`);
        continue;
      }
      const list = (await res.json()) as { metadata: { resourceVersion: string }; items: ObjectView[] };
      if (BigInt(list.metadata.resourceVersion) < this.maxRv) {
        problems.push(
          `list resourceVersion ${list.metadata.resourceVersion} is older than acknowledged ${this.maxRv}`,
        );
      }
      // The cluster publishes kube-root-ca.crt in every namespace, as Kubernetes does: not one of ours.
      const ours = list.items.filter(
        (o) => !(kind === 'configmaps' && o.metadata.name === 'kube-root-ca.crt'),
      );
      const stored = new Map(ours.map((o) => [o.metadata.name, o]));
      for (const obj of ours) {
        const problem = wholeProblem(kind, obj);
        if (problem) problems.push(problem);
        if (!this.known[kind].has(obj.metadata.name)) {
          problems.push(`${kind}/${obj.metadata.name} exists but was never written`);
        }
      }
      for (const [name, known] of this.known[kind]) {
        const obj = stored.get(name);
        const problem = this.compare(kind, name, known, obj);
        if (problem) problems.push(problem);
        if (obj) {
          const rv = BigInt(obj.metadata.resourceVersion);
          this.known[kind].set(name, { state: 'present', rv, gen: genOf(kind, obj) });
          if (rv > this.maxRv) this.maxRv = rv;
        } else {
          this.known[kind].set(name, { state: 'deleted' });
        }
      }
    }
    return problems;
  }

  /** compare returns a problem when the stored object contradicts what was acknowledged. */
  private compare(kind: Kind, name: string, known: Known, obj: ObjectView | undefined): string | undefined {
    const where = `${kind}/${name} of ${this.learner.id}`;
    if (known.state === 'uncertain') {
      // Either the write happened (new generation, or gone for a delete) or it did not (the state before).
      if (known.write === 'delete' && !obj) return undefined;
      if (obj && genOf(kind, obj) === known.gen && known.write !== 'delete') return undefined;
      return this.compare(kind, name, known.before ?? { state: 'deleted' }, obj);
    }
    if (known.state === 'deleted') return obj ? `${where} was deleted but came back` : undefined;
    if (!obj) return `${where} was acknowledged (resourceVersion ${known.rv}) but is missing`;
    const rv = BigInt(obj.metadata.resourceVersion);
    if (rv < known.rv) return `${where} has resourceVersion ${rv}, older than the acknowledged ${known.rv}`;
    if (genOf(kind, obj) !== known.gen)
      return `${where} has generation ${genOf(kind, obj)}, acknowledged ${known.gen}`;
    if (kind === 'configmaps' && rv !== known.rv)
      return `${where} changed without a write (${known.rv} → ${rv})`;
    return undefined;
  }

  /** probeRv writes once more and returns its resourceVersion (it must exceed everything acknowledged). */
  async probeRv(url: string): Promise<bigint> {
    const name = `probe-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
    const res = await this.learner.k8s(API.configmaps, {
      base: url,
      method: 'POST',
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: {} }),
    });
    const body = (await res.json()) as ObjectView;
    if (res.status !== 201) throw new Error(`probe write: ${res.status} ${JSON.stringify(body)}`);
    const del = await this.learner.k8s(`${API.configmaps}/${name}`, { base: url, method: 'DELETE' });
    await del.arrayBuffer();
    return BigInt(body.metadata.resourceVersion);
  }
}

/** mulberry32 is a small seeded generator, so a failing storm can be replayed from its seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
