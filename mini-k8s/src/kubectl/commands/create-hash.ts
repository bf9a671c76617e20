/**
 * `--append-hash` of `create configmap|secret`: kubectl's hash.ConfigMapHash / hash.SecretHash, the first ten
 * hex digits of the SHA-256 of a canonical JSON (sorted keys) with vowels and look-alike digits replaced.
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../../api/object';

/** goJson is json.Marshal of maps (sorted keys, HTML-escaped strings). */
function goJson(value: unknown): string {
  const sorted = (v: unknown): unknown =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
        )
      : v;
  return JSON.stringify(sorted(value)).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** encodeHash maps the first ten hex digits as kubectl does (0→g, 1→h, 3→k, a→m, e→t). */
function encodeHash(hex: string): string {
  const map: Record<string, string> = { '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' };
  return [...hex.slice(0, 10)].map((c) => map[c] ?? c).join('');
}

/** appendHash renames a generated ConfigMap or Secret `<name>-<hash of its content>`. */
export function appendHash(obj: KubeObject): KubeObject {
  const o = obj as unknown as Record<string, unknown> & { metadata: { name: string } };
  const canonical: Record<string, unknown> =
    obj.kind === 'Secret'
      ? { kind: 'Secret', type: o.type ?? '', name: o.metadata.name, data: o.data ?? {} }
      : { kind: 'ConfigMap', name: o.metadata.name, data: o.data ?? {} };
  if (obj.kind === 'ConfigMap' && o.immutable !== undefined) canonical.immutable = o.immutable;
  if (obj.kind === 'ConfigMap' && o.binaryData) canonical.binaryData = o.binaryData;
  const hex = createHash('sha256').update(goJson(canonical)).digest('hex');
  o.metadata.name = `${o.metadata.name}-${encodeHash(hex)}`;
  return obj;
}
