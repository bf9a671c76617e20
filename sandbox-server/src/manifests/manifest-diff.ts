/**
 * What « Appliquer » would change, object by object: each document of the manifest is sent to the
 * sandbox's API server as a server-side apply with `dryRun=All` (nothing is stored; admission, defaulting
 * and validation all run), and the answer is compared with the live object. Talks to the cluster only
 * through its ApiClient.
 *
 * The noise a learner does not write is removed from both sides before they are shown (managedFields,
 * resourceVersion, generation, uid, creationTimestamp, kubectl's last-applied annotation, status), so the
 * diff shows the fields the manifest changes and the defaults the API server fills in.
 */
import { parseAllDocuments, stringify } from 'yaml';
import type { KubeObject } from '../../../mini-k8s/src/api/object';
import { findKind } from '../../../mini-k8s/src/api/resources';
import type { ApiClient } from '../../../mini-k8s/src/client/client';
import { StatusError } from '../../../mini-k8s/src/machinery/errors';
import { diffMessages } from './messages';

/** MAX_DOCUMENTS bounds the objects one comparison sends to the cluster. */
export const MAX_DOCUMENTS = 50;
/** FIELD_MANAGER names the comparison's dry-run applies (never stored: dryRun=All). */
export const FIELD_MANAGER = 'atelier-diff';

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
  return copy;
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
    applied = await client.patch(info, namespace, name, 'apply', object, {
      dryRun: true,
      fieldManager: FIELD_MANAGER,
      force: true,
    });
  } catch (err) {
    if (!(err instanceof StatusError)) throw err;
    return { ...base, ...where, action: 'error', message: err.message };
  }
  const liveText = live ? stringify(withoutNoise(live)) : '';
  const appliedText = stringify(withoutNoise(applied));
  const action = !live ? 'create' : liveText === appliedText ? 'unchanged' : 'update';
  return { ...base, ...where, action, live: liveText, applied: appliedText };
}
