/**
 * « Comparer »: the platform's comparison of a manifest with the learner's cluster
 * (`POST /api/sandboxes/{id}/manifests/diff`, a server-side dry-run apply) as the page sees it: a
 * tolerant parser, the French labels of each object's outcome and the summary line.
 */
import { type ApiResult, type FetchLike, requestJson, segment } from '../api/http';

/** ObjectDiff is one object of the manifest compared with the cluster. */
export interface ObjectDiff {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  action: 'create' | 'update' | 'unchanged' | 'error';
  /** The live object as YAML ('' when it does not exist yet). */
  live: string;
  /** The object as « Appliquer » would leave it, as YAML. */
  applied: string;
  message?: string;
}

const ACTIONS = new Set(['create', 'update', 'unchanged', 'error']);

/** parseDiff accepts the route's answer, or returns undefined for anything else. */
export function parseDiff(value: unknown): ObjectDiff[] | undefined {
  const objects = (value as { objects?: unknown } | undefined)?.objects;
  if (!Array.isArray(objects)) return undefined;
  const out: ObjectDiff[] = [];
  for (const item of objects) {
    const o = item as Record<string, unknown>;
    if (
      typeof o?.kind !== 'string' ||
      typeof o.name !== 'string' ||
      typeof o.live !== 'string' ||
      typeof o.applied !== 'string' ||
      !ACTIONS.has(o.action as string)
    ) {
      return undefined;
    }
    out.push({
      apiVersion: typeof o.apiVersion === 'string' ? o.apiVersion : '',
      kind: o.kind,
      name: o.name,
      ...(typeof o.namespace === 'string' ? { namespace: o.namespace } : {}),
      action: o.action as ObjectDiff['action'],
      live: o.live,
      applied: o.applied,
      ...(typeof o.message === 'string' ? { message: o.message } : {}),
    });
  }
  return out;
}

/** compareManifest asks the platform what applying `manifest` would change in the sandbox. */
export function compareManifest(
  fetchFn: FetchLike,
  sandboxId: string,
  manifest: string,
): Promise<ApiResult<ObjectDiff[]>> {
  return requestJson(
    fetchFn,
    `/api/sandboxes/${segment(sandboxId)}/manifests/diff`,
    { method: 'POST', body: { manifest } },
    parseDiff,
  );
}

/** ACTION_LABELS say what « Appliquer » would do to each object. */
export const ACTION_LABELS: Record<ObjectDiff['action'], string> = {
  create: 'sera créé',
  update: 'sera modifié',
  unchanged: 'inchangé',
  error: 'refusé par le serveur d’API',
};

/** objectTitle names an object: « Deployment web (namespace default) ». */
export function objectTitle(diff: ObjectDiff): string {
  const name = diff.name === '' ? '(sans nom)' : diff.name;
  return diff.namespace === undefined
    ? `${diff.kind || '(sans type)'} ${name}`
    : `${diff.kind} ${name} (namespace ${diff.namespace})`;
}

/** lineChanges counts the lines added and removed between the live and applied YAML (LCS on lines). */
export function lineChanges(diff: ObjectDiff): { added: number; removed: number } {
  const a = diff.live === '' ? [] : diff.live.replace(/\n$/, '').split('\n');
  const b = diff.applied === '' ? [] : diff.applied.replace(/\n$/, '').split('\n');
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const common = lcs[0]![0]!;
  return { added: b.length - common, removed: a.length - common };
}

/** summary is the line above the diffs: how many objects « Appliquer » would create, change, leave alone. */
export function summary(diffs: ObjectDiff[]): string {
  const count = (action: ObjectDiff['action']) => diffs.filter((d) => d.action === action).length;
  const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;
  const parts: string[] = [];
  if (count('create') > 0) parts.push(plural(count('create'), 'objet créé', 'objets créés'));
  if (count('update') > 0) parts.push(plural(count('update'), 'objet modifié', 'objets modifiés'));
  if (count('unchanged') > 0) parts.push(plural(count('unchanged'), 'objet inchangé', 'objets inchangés'));
  if (count('error') > 0) parts.push(plural(count('error'), 'objet refusé', 'objets refusés'));
  if (count('create') + count('update') === 0) {
    return count('error') > 0
      ? `« Appliquer » échouerait : ${parts.join(', ')}.`
      : '« Appliquer » ne changerait rien au cluster.';
  }
  return `« Appliquer » donnerait : ${parts.join(', ')}.`;
}
