/**
 * What « Appliquer » would change, object by object. « Appliquer » types `kubectl apply -f -` (client-side
 * apply), so the comparison runs the same steps with `dryRun=All` (nothing is stored; admission,
 * defaulting and validation all run): a new object is created, an existing one receives kubectl's
 * three-way strategic merge patch (last-applied-configuration annotation, live object, manifest; the code of
 * mini-k8s's kubectl, parity-tested against kubectl 1.32), so a field removed from the manifest shows as
 * removed. Talks to the cluster only through its ApiClient.
 *
 * The noise a learner does not write is removed from both sides before they are shown (managedFields,
 * resourceVersion, generation, uid, creationTimestamp, also the `null` one of embedded templates,
 * kubectl's last-applied annotation, status) and map keys are sorted like kubectl diff prints them, so the
 * diff shows the fields the manifest changes and the defaults the API server fills in.
 */
import { parseAllDocuments, stringify } from 'yaml';
import type { KubeObject } from '../../../mini-k8s/src/api/object';
import { findKind, type ResourceInfo } from '../../../mini-k8s/src/api/resources';
import type { ApiClient } from '../../../mini-k8s/src/client/client';
import { loadPatchSchema, PatchSchema } from '../../../mini-k8s/src/kubectl/apply/patch-schema';
import { createThreeWayMergePatch } from '../../../mini-k8s/src/kubectl/apply/three-way-patch';
import { modifiedConfiguration } from '../../../mini-k8s/src/kubectl/commands/apply';
import { StatusError } from '../../../mini-k8s/src/machinery/errors';
import { diffMessages } from './messages';

/** MAX_DOCUMENTS bounds the objects one comparison sends to the cluster. */
export const MAX_DOCUMENTS = 50;
/** FIELD_MANAGER is kubectl apply's default field manager (the dry-run writes nothing). */
export const FIELD_MANAGER = 'kubectl-client-side-apply';

/** ObjectDiff is the comparison of one object of the manifest. */
export interface ObjectDiff {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
  /** create: the object does not exist; update: it would change; unchanged; error: the API server refused. */
  action: 'create' | 'update' | 'unchanged' | 'error';
  /** The live object as YAML, without the noise ('' when it does not exist yet). */
  live: string;
  /** The object as the API server would store it after « Appliquer », as YAML ('' on error). */
  applied: string;
  /** The API server's refusal, on error. */
  message?: string;
}

/** ManifestInputError is a manifest that cannot be compared at all (French message for the learner). */
export class ManifestInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ManifestInputError';
  }
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** withoutNoise returns a copy of an object without the fields the learner does not write. */
export function withoutNoise(object: KubeObject): KubeObject {
  const copy = structuredClone(object) as KubeObject & { status?: unknown };
  delete copy.status;
  const metadata = copy.metadata as Record<string, unknown>;
  for (const key of [
    'managedFields',
    'resourceVersion',
    'generation',
    'uid',
    'creationTimestamp',
    'selfLink',
  ]) {
    delete metadata[key];
  }
  const annotations = metadata.annotations as Record<string, string> | undefined;
  if (annotations) {
    delete annotations[LAST_APPLIED];
    if (Object.keys(annotations).length === 0) delete metadata.annotations;
  }
  dropNullTimestamps(copy);
  return sortedKeys(copy) as KubeObject;
}

/**
 * sortedKeys orders every map's keys alphabetically, as kubectl diff prints objects (Go's YAML encoder
 * sorts map keys): the live object and the patched one then line up whatever order the server kept.
 */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (!value || typeof value !== 'object') return value;
  const record = value as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, sortedKeys(record[key])]),
  );
}

/** dropNullTimestamps removes the `creationTimestamp: null` of embedded templates (pod templates, claims). */
function dropNullTimestamps(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) dropNullTimestamps(item);
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if ('creationTimestamp' in record && record.creationTimestamp === null) delete record.creationTimestamp;
    for (const item of Object.values(record)) dropNullTimestamps(item);
  }
}

/** parseManifest reads the objects of a multi-document manifest, refusing what the cluster cannot take. */
export function parseManifest(text: string): KubeObject[] {
  const objects: KubeObject[] = [];
  for (const doc of parseAllDocuments(text, { version: '1.1' })) {
    if (doc.errors.length > 0) throw new ManifestInputError(diffMessages.invalidYaml(doc.errors[0]!.message));
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value))
      throw new ManifestInputError(diffMessages.notAnObject());
    const object = value as KubeObject;
    if (
      object.apiVersion === 'v1' &&
      object.kind === 'List' &&
      Array.isArray((value as { items?: unknown }).items)
    ) {
      objects.push(...((value as { items: KubeObject[] }).items ?? []));
    } else {
      objects.push(object);
    }
  }
  if (objects.length === 0) throw new ManifestInputError(diffMessages.empty());
  if (objects.length > MAX_DOCUMENTS) throw new ManifestInputError(diffMessages.tooMany(MAX_DOCUMENTS));
  return objects;
}

/** diffManifest compares every object of `text` with the cluster behind `client`. */
export async function diffManifest(client: ApiClient, text: string): Promise<ObjectDiff[]> {
  const out: ObjectDiff[] = [];
  for (const object of parseManifest(text)) out.push(await diffObject(client, object));
  return out;
}

async function diffObject(client: ApiClient, object: KubeObject): Promise<ObjectDiff> {
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
  const kind = typeof object.kind === 'string' ? object.kind : '';
  const name = typeof object.metadata?.name === 'string' ? object.metadata.name : '';
  const base = { apiVersion, kind, name, live: '', applied: '' };
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion];
  const info = findKind(group!, version!, kind);
  if (!info || !info.verbs.includes('patch')) {
    return { ...base, action: 'error', message: diffMessages.unknownKind(apiVersion, kind) };
  }
  if (name === '') return { ...base, action: 'error', message: diffMessages.noName(kind) };
  const namespace = info.namespaced ? (object.metadata.namespace ?? 'default') : undefined;
  const where = namespace === undefined ? {} : { namespace };
  let live: KubeObject | undefined;
  try {
    live = await client.get(info, namespace, name);
  } catch (err) {
    if (!(err instanceof StatusError) || err.code !== 404) throw err;
  }
  let applied: KubeObject;
  try {
    applied = live
      ? await dryRunPatch(client, info, namespace, object, live)
      : await dryRunCreate(client, info, namespace, object);
  } catch (err) {
    if (!(err instanceof StatusError)) throw err;
    return { ...base, ...where, action: 'error', message: err.message };
  }
  const liveText = live ? stringify(withoutNoise(live)) : '';
  const appliedText = stringify(withoutNoise(applied));
  const action = !live ? 'create' : liveText === appliedText ? 'unchanged' : 'update';
  return { ...base, ...where, action, live: liveText, applied: appliedText };
}

const DRY_RUN = { fieldManager: FIELD_MANAGER, fieldValidation: 'Strict', dryRun: 'All' };

/** dryRunCreate is `kubectl apply` on a new object: a create carrying the last-applied annotation. */
async function dryRunCreate(
  client: ApiClient,
  info: ResourceInfo,
  namespace: string | undefined,
  object: KubeObject,
): Promise<KubeObject> {
  return (await client.request('POST', client.path(info, namespace), {
    body: modifiedConfiguration(object),
    query: DRY_RUN,
  })) as KubeObject;
}

/** dryRunPatch is `kubectl apply` on a live object: kubectl's three-way strategic merge patch. */
async function dryRunPatch(
  client: ApiClient,
  info: ResourceInfo,
  namespace: string | undefined,
  object: KubeObject,
  live: KubeObject,
): Promise<KubeObject> {
  const lastApplied = live.metadata.annotations?.[LAST_APPLIED];
  let original: Record<string, unknown> | undefined;
  try {
    original = lastApplied ? (JSON.parse(lastApplied) as Record<string, unknown>) : undefined;
  } catch {
    throw new StatusError(
      400,
      'BadRequest',
      diffMessages.badLastApplied(live.kind, live.metadata.name ?? ''),
    );
  }
  const schema =
    (await loadPatchSchema(client, object.apiVersion, object.kind).catch(() => undefined)) ??
    PatchSchema.empty();
  const patch = createThreeWayMergePatch(
    original,
    modifiedConfiguration(object) as never,
    live as never,
    schema,
  );
  if (Object.keys(patch).length === 0) return live;
  return (await client.request('PATCH', client.path(info, namespace, live.metadata.name), {
    body: patch,
    contentType: 'application/strategic-merge-patch+json',
    query: DRY_RUN,
  })) as KubeObject;
}
