/**
 * ControllerRevision helpers (pkg/controller/history): a revision stores the pod template as a strategic
 * merge patch `{"spec":{"template":{...,"$patch":"replace"}}}`, is named `<parent>-<hash>` where the hash is
 * the FNV-32a of that data (plus the collision count) written in the safe alphabet, and carries a
 * `revision` number that grows with each new template.
 */
import type { KubeObject } from '../../api/object';
import { GENERATE_NAME_ALPHABET } from '../../machinery/names';
import { newControllerRef } from './pods';

/** CONTROLLER_REVISION_HASH_LABEL is the pod label naming the revision a pod was made from. */
export const CONTROLLER_REVISION_HASH_LABEL = 'controller-revision-hash';
/** REVISION_HASH_LABEL is history.ControllerRevisionHashLabel, put on the ControllerRevision itself. */
export const REVISION_HASH_LABEL = 'controller.kubernetes.io/hash';

/** fnv32a is the 32-bit FNV-1a hash of a string's UTF-8 bytes. */
export function fnv32a(text: string, seed?: number): number {
  let hash = 0x811c9dc5;
  const bytes = new TextEncoder().encode(text);
  const feed = (b: number): void => {
    hash ^= b;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  };
  for (const b of bytes) feed(b);
  if (seed !== undefined && seed > 0) {
    // Why: upstream writes the collision count into the hash so a collision yields a new name.
    for (const b of new TextEncoder().encode(String(seed))) feed(b);
  }
  return hash >>> 0;
}

/** safeEncode is rand.SafeEncodeString: each byte mapped into an alphabet without vowels or look-alikes. */
export function safeEncode(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    out += GENERATE_NAME_ALPHABET[text.charCodeAt(i) % GENERATE_NAME_ALPHABET.length];
  }
  return out;
}

/** templatePatch is the revision data of a workload: its pod template, replacing the old one. */
export function templatePatch(template: unknown): Record<string, unknown> {
  return { spec: { template: { ...(template as Record<string, unknown>), $patch: 'replace' } } };
}

/** revisionHash hashes revision data (a stable JSON string) with the collision count. */
export function revisionHash(data: unknown, collisionCount = 0): string {
  return safeEncode(String(fnv32a(stableJson(data), collisionCount)));
}

/** stableJson is JSON with object keys sorted, so equal templates hash equally whatever the key order. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** newControllerRevision builds a ControllerRevision owned by parent (history.NewControllerRevision). */
export function newControllerRevision(
  parent: KubeObject,
  data: unknown,
  revision: number,
  labels: Record<string, string>,
  collisionCount = 0,
): KubeObject {
  const hash = revisionHash(data, collisionCount);
  return {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: {
      name: `${parent.metadata.name}-${hash}`,
      namespace: parent.metadata.namespace,
      labels: { ...labels, [REVISION_HASH_LABEL]: hash },
      ownerReferences: [newControllerRef(parent)],
    },
    data,
    revision,
  };
}

/** revisionNumber returns a ControllerRevision's revision (0 when unset). */
export function revisionNumber(cr: KubeObject): number {
  return typeof cr.revision === 'number' ? cr.revision : 0;
}

/** sameRevisionData tells whether two revision data values are equal (key order ignored). */
export function sameRevisionData(a: unknown, b: unknown): boolean {
  return stableJson(a) === stableJson(b);
}
