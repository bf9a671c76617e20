/**
 * The building blocks of every check: what a check needs (a client and the learner's namespace), what it
 * is (an id, a French title, points, a run function), and the helpers checks share to find resources and
 * read fields with a readable path.
 */
import type { KubeList, KubeObject } from '../../../mini-k8s/src/api/object';
import { PREFERRED_VERSION, RESOURCES, type ResourceInfo } from '../../../mini-k8s/src/api/resources';
import type { ApiClient, ListQuery } from '../../../mini-k8s/src/client/client';
import type { KubectlStreams } from '../../../mini-k8s/src/kubectl/streams/streams';
import { StatusError } from '../../../mini-k8s/src/machinery/errors';

/** GradeContext is what a check reads: the cluster through the API only, and the learner's namespace. */
export interface GradeContext {
  client: ApiClient;
  namespace: string;
  /** Reads shared by the checks of one grading (gradeExercise sets it); absent: every read hits the API. */
  reads?: ReadCache;
  /**
   * How to run a command in a container (`kubectl exec`'s path): exec checks (file, environment variable,
   * reachability) need it and fail with a clear message without it.
   */
  streams?: KubectlStreams;
}

/**
 * ReadCache shares GET and LIST answers between the checks of one grading: several checks of an exercise
 * usually read the same Deployment or list the same pods, and one grading is one snapshot anyway.
 */
export class ReadCache {
  private readonly entries = new Map<string, Promise<unknown>>();

  /** memo returns the pending or settled read for `key`, starting `load` on first use. */
  memo<T>(key: string, load: () => Promise<T>): Promise<T> {
    let entry = this.entries.get(key) as Promise<T> | undefined;
    if (!entry) {
      entry = load();
      this.entries.set(key, entry);
    }
    return entry;
  }
}

/** listObjects lists a resource (through the grading's ReadCache when there is one). */
export function listObjects<T extends KubeObject = KubeObject>(
  ctx: GradeContext,
  info: ResourceInfo,
  namespace: string | undefined,
  query: ListQuery = {},
): Promise<KubeList<T>> {
  const load = () => ctx.client.list<T>(info, namespace, query);
  if (!ctx.reads) return load();
  return ctx.reads.memo(
    `list ${info.group}/${info.resource} ${namespace ?? ''} ${JSON.stringify(query)}`,
    load,
  );
}

/** CheckOutcome is what a check's run function decides; points and identity come from the Check. */
export interface CheckOutcome {
  passed: boolean;
  /** French message: on failure what was expected and what was found; on success a short confirmation. */
  message: string;
}

/** Check is one declarative, weighted check of an exercise. */
export interface Check {
  id: string;
  title: string;
  points: number;
  /** A precondition guards the starting state (its failure means the learner broke the setup). */
  precondition?: boolean;
  /** Per-check time limit in milliseconds (the runner's default applies when absent). */
  timeoutMs?: number;
  run(ctx: GradeContext): Promise<CheckOutcome>;
}

/** CheckBase is the identity every check factory takes: id, title and optional points (default 1). */
export interface CheckBase {
  id: string;
  title: string;
  points?: number;
  precondition?: boolean;
  timeoutMs?: number;
}

/** makeCheck fills a Check from its identity and run function (points default to 1). */
export function makeCheck(base: CheckBase, run: (ctx: GradeContext) => Promise<CheckOutcome>): Check {
  return {
    id: base.id,
    title: base.title,
    points: base.points ?? 1,
    ...(base.precondition ? { precondition: true } : {}),
    ...(base.timeoutMs !== undefined ? { timeoutMs: base.timeoutMs } : {}),
    run,
  };
}

/** pass and fail build check outcomes (messages in French). */
export const pass = (message = 'OK'): CheckOutcome => ({ passed: true, message });
export const fail = (message: string): CheckOutcome => ({ passed: false, message });

/**
 * resolveKind finds the served resource of a kind (`Deployment`), a plural (`deployments`) or a short name
 * (`deploy`), preferring the group's preferred version, so exercises name kinds the way learners do.
 */
export function resolveKind(kind: string): ResourceInfo {
  const lower = kind.toLowerCase();
  const matches = RESOURCES.filter(
    (r) =>
      r.kind.toLowerCase() === lower ||
      r.resource === lower ||
      r.singular === lower ||
      (r.shortNames ?? []).includes(lower),
  );
  // Why core/apps first: `Event` exists in core and events.k8s.io; learners mean the core one.
  const preferred =
    matches.find((r) => r.group === '') ??
    matches.find((r) => PREFERRED_VERSION[r.group] === r.version) ??
    matches[0];
  if (!preferred) throw new Error(`type de ressource inconnu : ${kind}`);
  return preferred;
}

/** namespaceFor is the namespace to read a resource in: none for cluster-scoped resources. */
export function namespaceFor(info: ResourceInfo, ctx: GradeContext, namespace?: string): string | undefined {
  return info.namespaced ? (namespace ?? ctx.namespace) : undefined;
}

/** describeObject names an object in messages as `Kind/name` (`Deployment/web`). */
export function describeObject(info: ResourceInfo, name: string): string {
  return `${info.kind}/${name}`;
}

/** getOrUndefined reads one object; NotFound becomes undefined, every other error is thrown. */
export async function getOrUndefined<T extends KubeObject = KubeObject>(
  ctx: GradeContext,
  kind: string,
  name: string,
  namespace?: string,
): Promise<T | undefined> {
  const info = resolveKind(kind);
  const ns = namespaceFor(info, ctx, namespace);
  const load = async (): Promise<T | undefined> => {
    try {
      return await ctx.client.get<T>(info, ns, name);
    } catch (err) {
      if (err instanceof StatusError && err.code === 404) return undefined;
      throw err;
    }
  };
  if (!ctx.reads) return load();
  // Why through the list: a learner's graders read many objects of the same few kinds (and most of a full
  // re-grade's reads find nothing); one shared list per kind and namespace answers them all from the same
  // snapshot, with one request instead of one per name and no 404 round trips.
  return ctx.reads.memo(`get ${info.group}/${info.resource} ${ns ?? ''} ${name}`, async () => {
    const list = await listObjects<T>(ctx, info, ns);
    const item = list.items.find((o) => o.metadata?.name === name);
    if (!item) return undefined;
    // List items carry no apiVersion/kind on the wire; a get returns them.
    const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
    return { ...item, apiVersion, kind: info.kind } as T;
  });
}

/** PathSegment is one step of a field path: a property name or an array index. */
type PathSegment = string | number;

/**
 * parsePath splits `spec.template.spec.containers[0].image` into segments; `[name=web]` selects the array
 * element whose `name` is `web` (how learners think of containers), kept as a string segment `=name=web`;
 * `['requests.cpu']` reads a key that contains dots.
 */
export function parsePath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  for (const part of path.match(/[^.[\]]+|\[[^\]]*\]/g) ?? []) {
    if (part.startsWith('[')) {
      const inner = part.slice(1, -1);
      const quoted = /^(['"])(.*)\1$/.exec(inner);
      // ['requests.cpu'] is a key with dots; [0] an index; [name=web] a selection.
      if (quoted) out.push(quoted[2]!);
      else out.push(/^\d+$/.test(inner) ? Number(inner) : `=${inner}`);
    } else {
      out.push(part);
    }
  }
  return out;
}

/** readPath returns the value at a field path, or undefined when any step is missing. */
export function readPath(value: unknown, path: string): unknown {
  let current: unknown = value;
  for (const segment of parsePath(path)) {
    if (current === null || current === undefined) return undefined;
    if (typeof segment === 'number') {
      current = Array.isArray(current) ? current[segment] : undefined;
    } else if (segment.startsWith('=')) {
      const [key, wanted] = segment.slice(1).split('=');
      current = Array.isArray(current)
        ? current.find((item) => (item as Record<string, unknown> | null)?.[key!] === wanted)
        : undefined;
    } else {
      current = typeof current === 'object' ? (current as Record<string, unknown>)[segment] : undefined;
    }
  }
  return current;
}

/** show renders a found value for a French message (absent values read « absent »). */
export function show(value: unknown): string {
  if (value === undefined || value === null) return 'absent';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
