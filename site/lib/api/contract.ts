/**
 * The platform API shapes the pages read (sandbox-server's exercise, cluster and workshop routes), with
 * tolerant parsers: a payload that does not match gives `undefined` (the page then shows a French error)
 * instead of a half-drawn view.
 */

/** ExerciseStatus is the learner's progress on one exercise. */
export type ExerciseStatus = 'a-faire' | 'en-cours' | 'reussi';

/** ExerciseItem is one exercise of `GET /api/exercises`, with the calling learner's status. */
export interface ExerciseItem {
  id: string;
  chapter: string;
  slug: string;
  title: string;
  minutes: number;
  level: string;
  objectives: string[];
  status: ExerciseStatus;
  score: number | null;
  maxScore: number;
  attempts: number;
  hintsRevealed: number;
  hintsTotal: number;
  solutionRevealed: boolean;
}

/** ExerciseDetail is `GET /api/exercises/{chapter}/{slug}`: the item, its statement and revealed hints. */
export interface ExerciseDetail extends ExerciseItem {
  statement: string;
  hints: string[];
}

/** CheckResult is one check of a grading. */
export interface CheckResult {
  id: string;
  title: string;
  passed: boolean;
  points: number;
  maxPoints: number;
  message: string;
  precondition: boolean;
}

/** CheckReport is one grading of an exercise on a sandbox. */
export interface CheckReport {
  exerciseId: string;
  passed: boolean;
  score: number;
  maxScore: number;
  checkedAt: string;
  durationMs: number;
  checks: CheckResult[];
}

/** HintsResult is the answer of the hints route: every hint revealed so far. */
export interface HintsResult {
  hints: string[];
  remaining: number;
}

/** Solution is the answer of the solution route. */
export interface Solution {
  commands: string | null;
  manifests: { name: string; content: string }[];
}

/** Sandbox is the part of the platform's sandbox JSON the pages use. */
export interface Sandbox {
  id: string;
  state: 'creating' | 'ready' | 'sleeping' | 'expired';
  nodes: number;
  /** runtime is what the sandbox's Pods run on: simulated, real Docker containers, or pods of a host cluster. */
  runtime: 'simulated' | 'docker' | 'kubernetes';
  /** runtimeNotice (French) says why the sandbox runs simulated when Docker or the host was asked for; else null. */
  runtimeNotice: string | null;
  exerciseId: string | null;
  expiresAt: string | null;
}

export interface SnapshotNode {
  name: string;
  ready: boolean;
  roles: string[];
  unschedulable: boolean;
  taints: string[];
  cpu: string;
  memory: string;
}
export interface SnapshotPod {
  namespace: string;
  name: string;
  node: string | null;
  phase: string;
  ready: boolean;
  reason: string | null;
  owner: { kind: string; name: string } | null;
  labels: Record<string, string>;
  scheduling: string | null;
}
export interface SnapshotWorkload {
  namespace: string;
  kind: string;
  name: string;
  replicas: number;
  readyReplicas: number;
}
export interface SnapshotService {
  namespace: string;
  name: string;
  type: string;
  clusterIP: string;
  selector: Record<string, string>;
  readyEndpoints: number;
}
export interface SnapshotVolume {
  namespace: string | null;
  name: string;
  kind: 'PersistentVolumeClaim' | 'PersistentVolume';
  phase: string;
  boundTo: string | null;
}

/** ClusterSnapshot is one `event: snapshot` of the cluster events stream. */
export interface ClusterSnapshot {
  nodes: SnapshotNode[];
  pods: SnapshotPod[];
  workloads: SnapshotWorkload[];
  services: SnapshotService[];
  volumes: SnapshotVolume[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const strOrNull = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string') : [];
const stringMap = (v: unknown): Record<string, string> =>
  isObj(v)
    ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'))
    : {};
/** list parses every element with `parse` and drops the malformed ones. */
function list<T>(v: unknown, parse: (x: unknown) => T | undefined): T[] {
  return Array.isArray(v) ? v.map(parse).filter((x): x is T => x !== undefined) : [];
}

const STATUSES: readonly ExerciseStatus[] = ['a-faire', 'en-cours', 'reussi'];

export function parseExerciseItem(v: unknown): ExerciseItem | undefined {
  if (!isObj(v)) return undefined;
  const id = str(v.id);
  const title = str(v.title);
  const status = str(v.status);
  if (!id || !id.includes('/') || !title || !STATUSES.includes(status as ExerciseStatus)) return undefined;
  const [chapter, slug] = id.split('/') as [string, string];
  return {
    id,
    chapter: str(v.chapter) ?? chapter,
    slug: str(v.slug) ?? slug,
    title,
    minutes: num(v.minutes) ?? 0,
    level: str(v.level) ?? '',
    objectives: strings(v.objectives),
    status: status as ExerciseStatus,
    score: num(v.score) ?? null,
    maxScore: num(v.maxScore) ?? 0,
    attempts: num(v.attempts) ?? 0,
    hintsRevealed: num(v.hintsRevealed) ?? 0,
    hintsTotal: num(v.hintsTotal) ?? 0,
    solutionRevealed: v.solutionRevealed === true,
  };
}

export function parseExerciseList(v: unknown): ExerciseItem[] | undefined {
  return isObj(v) && Array.isArray(v.exercises) ? list(v.exercises, parseExerciseItem) : undefined;
}

export function parseExerciseDetail(v: unknown): ExerciseDetail | undefined {
  const item = parseExerciseItem(v);
  if (!item || !isObj(v)) return undefined;
  return { ...item, statement: str(v.statement) ?? '', hints: strings(v.hints) };
}

function parseCheck(v: unknown): CheckResult | undefined {
  if (!isObj(v) || !str(v.id) || typeof v.passed !== 'boolean') return undefined;
  return {
    id: str(v.id)!,
    title: str(v.title) ?? str(v.id)!,
    passed: v.passed,
    points: num(v.points) ?? 0,
    maxPoints: num(v.maxPoints) ?? 0,
    message: str(v.message) ?? '',
    precondition: v.precondition === true,
  };
}

export function parseCheckReport(v: unknown): CheckReport | undefined {
  if (!isObj(v) || !str(v.exerciseId) || typeof v.passed !== 'boolean' || !Array.isArray(v.checks))
    return undefined;
  return {
    exerciseId: str(v.exerciseId)!,
    passed: v.passed,
    score: num(v.score) ?? 0,
    maxScore: num(v.maxScore) ?? 0,
    checkedAt: str(v.checkedAt) ?? '',
    durationMs: num(v.durationMs) ?? 0,
    checks: list(v.checks, parseCheck),
  };
}

export function parseHints(v: unknown): HintsResult | undefined {
  if (!isObj(v) || !Array.isArray(v.hints)) return undefined;
  return { hints: strings(v.hints), remaining: num(v.remaining) ?? 0 };
}

export function parseSolution(v: unknown): Solution | undefined {
  if (!isObj(v)) return undefined;
  return {
    commands: strOrNull(v.commands),
    manifests: list(v.manifests, (m) =>
      isObj(m) && str(m.name) !== undefined && str(m.content) !== undefined
        ? { name: str(m.name)!, content: str(m.content)! }
        : undefined,
    ),
  };
}

const SANDBOX_STATES = ['creating', 'ready', 'sleeping', 'expired'] as const;

export function parseSandboxJson(v: unknown): Sandbox | undefined {
  if (!isObj(v) || !str(v.id) || !SANDBOX_STATES.includes(v.state as Sandbox['state'])) return undefined;
  return {
    id: str(v.id)!,
    state: v.state as Sandbox['state'],
    nodes: num(v.nodes) ?? 0,
    // A server older than the runtime field only ran simulated sandboxes.
    runtime: v.runtime === 'docker' || v.runtime === 'kubernetes' ? v.runtime : 'simulated',
    runtimeNotice: strOrNull(v.runtimeNotice),
    exerciseId: strOrNull(v.exerciseId),
    expiresAt: strOrNull(v.expiresAt),
  };
}

export function parseClusterSnapshot(v: unknown): ClusterSnapshot | undefined {
  if (!isObj(v) || !Array.isArray(v.nodes) || !Array.isArray(v.pods)) return undefined;
  return {
    nodes: list(v.nodes, (n) =>
      isObj(n) && str(n.name)
        ? {
            name: str(n.name)!,
            ready: n.ready === true,
            roles: strings(n.roles),
            unschedulable: n.unschedulable === true,
            taints: strings(n.taints),
            cpu: str(n.cpu) ?? '',
            memory: str(n.memory) ?? '',
          }
        : undefined,
    ),
    pods: list(v.pods, (p) =>
      isObj(p) && str(p.name) && str(p.namespace)
        ? {
            namespace: str(p.namespace)!,
            name: str(p.name)!,
            node: strOrNull(p.node),
            phase: str(p.phase) ?? 'Unknown',
            ready: p.ready === true,
            reason: strOrNull(p.reason),
            owner:
              isObj(p.owner) && str(p.owner.kind) && str(p.owner.name)
                ? { kind: str(p.owner.kind)!, name: str(p.owner.name)! }
                : null,
            labels: stringMap(p.labels),
            scheduling: strOrNull(p.scheduling),
          }
        : undefined,
    ),
    workloads: list(v.workloads, (w) =>
      isObj(w) && str(w.name) && str(w.kind)
        ? {
            namespace: str(w.namespace) ?? 'default',
            kind: str(w.kind)!,
            name: str(w.name)!,
            replicas: num(w.replicas) ?? 0,
            readyReplicas: num(w.readyReplicas) ?? 0,
          }
        : undefined,
    ),
    services: list(v.services, (s) =>
      isObj(s) && str(s.name)
        ? {
            namespace: str(s.namespace) ?? 'default',
            name: str(s.name)!,
            type: str(s.type) ?? 'ClusterIP',
            clusterIP: str(s.clusterIP) ?? '',
            selector: stringMap(s.selector),
            readyEndpoints: num(s.readyEndpoints) ?? 0,
          }
        : undefined,
    ),
    volumes: list(v.volumes, (x) =>
      isObj(x) && str(x.name) && (x.kind === 'PersistentVolumeClaim' || x.kind === 'PersistentVolume')
        ? {
            namespace: strOrNull(x.namespace),
            name: str(x.name)!,
            kind: x.kind,
            phase: str(x.phase) ?? '',
            boundTo: strOrNull(x.boundTo),
          }
        : undefined,
    ),
  };
}
