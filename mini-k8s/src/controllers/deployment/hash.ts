/**
 * Pod template hashes (controller.ComputeHash upstream). Upstream hashes the template with fnv32a over
 * Go's deep pretty-print of the struct (plus the collision count), which cannot be reproduced outside Go.
 * We hash a canonical JSON of the template (keys sorted, nulls dropped) with the same fnv32a and encode it
 * exactly as upstream does (rand.SafeEncodeString of the decimal number), so hashes look like real ones
 * (`5b85bc8649`, up to 10 characters of `bcdfghjklmnpqrstvwxz2456789`) but differ in value.
 */
import { GENERATE_NAME_ALPHABET } from '../../machinery/names';

/** POD_TEMPLATE_HASH_LABEL is apps.DefaultDeploymentUniqueLabelKey. */
export const POD_TEMPLATE_HASH_LABEL = 'pod-template-hash';

/**
 * canonicalJson renders a value with sorted object keys, dropping null/undefined members and empty
 * objects/arrays, which Go's typed structs cannot tell apart from absent ones after a JSON round trip.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined && !isEmptyContainer(v))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

function isEmptyContainer(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && v !== null && Object.keys(v).length === 0;
}

/** fnv32a is the 32-bit FNV-1a hash of the UTF-8 bytes of text. */
export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** safeEncodeString is rand.SafeEncodeString: each character maps to the alphabet by its code modulo 27. */
export function safeEncodeString(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    out += GENERATE_NAME_ALPHABET[text.charCodeAt(i) % GENERATE_NAME_ALPHABET.length];
  }
  return out;
}

/** computeHash is ComputeHash: the encoded hash of a pod template and the deployment's collision count. */
export function computeHash(template: unknown, collisionCount?: number): string {
  let text = canonicalJson(template);
  // Why: like upstream, a collision count changes the hash so a name collision can be escaped.
  if (collisionCount !== undefined && collisionCount !== null) text += `#${collisionCount}`;
  return safeEncodeString(String(fnv32a(text)));
}

/** templateWithoutHash returns a copy of a pod template without the pod-template-hash label. */
export function templateWithoutHash(template: unknown): unknown {
  const copy = structuredClone((template ?? {}) as { metadata?: { labels?: Record<string, string> } });
  const labels = copy.metadata?.labels;
  if (labels) {
    delete labels[POD_TEMPLATE_HASH_LABEL];
    if (Object.keys(labels).length === 0) delete copy.metadata!.labels;
  }
  return copy;
}

/** equalIgnoreHash is EqualIgnoreHash: two pod templates are equal apart from the pod-template-hash label. */
export function equalIgnoreHash(a: unknown, b: unknown): boolean {
  return canonicalJson(templateWithoutHash(a)) === canonicalJson(templateWithoutHash(b));
}
