/**
 * Accept-header negotiation for the two content variants kubectl asks for by media-type parameters:
 * server-side Tables (`application/json;as=Table;v=v1;g=meta.k8s.io`) and aggregated discovery
 * (`application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList`). Parameters may come in any
 * order; the first acceptable range wins (clients list them by preference).
 */

/** MediaRange is one comma-separated entry of an Accept header. */
export interface MediaRange {
  type: string;
  params: Record<string, string>;
}

/** parseAccept splits an Accept header into media ranges, lower-casing types and parameter names. */
export function parseAccept(header: string | null | undefined): MediaRange[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [type, ...rawParams] = part.split(';').map((p) => p.trim());
      const params: Record<string, string> = {};
      for (const raw of rawParams) {
        const eq = raw.indexOf('=');
        if (eq <= 0) continue;
        params[raw.slice(0, eq).trim().toLowerCase()] = raw
          .slice(eq + 1)
          .trim()
          .replace(/^"(.*)"$/, '$1');
      }
      return { type: type.toLowerCase(), params };
    });
}

/** isJsonRange tells whether a range accepts JSON (`application/json`, `application/*`, `*\/*`). */
function isJsonRange(range: MediaRange): boolean {
  return range.type === 'application/json' || range.type === 'application/*' || range.type === '*/*';
}

/** TableVersion is the meta.k8s.io version of a requested Table. */
export type TableVersion = 'v1' | 'v1beta1';

/**
 * tableVersionOf returns the Table version the client asks for, or undefined for a plain object
 * answer. A plain range listed before any Table range means the client prefers the object.
 */
export function tableVersionOf(header: string | null | undefined): TableVersion | undefined {
  for (const range of parseAccept(header)) {
    if (range.params.as === undefined) {
      if (isJsonRange(range) || range.type === 'application/vnd.kubernetes.protobuf') return undefined;
      continue;
    }
    if (
      range.params.as === 'Table' &&
      range.params.g === 'meta.k8s.io' &&
      (range.params.v === 'v1' || range.params.v === 'v1beta1')
    ) {
      if (range.type === 'application/json') return range.params.v;
    }
  }
  return undefined;
}

/** DiscoveryVersion is the apidiscovery.k8s.io version of an aggregated discovery answer. */
export type DiscoveryVersion = 'v2' | 'v2beta1';

/** aggregatedDiscoveryVersionOf returns the aggregated discovery version asked for, or undefined for legacy discovery. */
export function aggregatedDiscoveryVersionOf(
  header: string | null | undefined,
): DiscoveryVersion | undefined {
  for (const range of parseAccept(header)) {
    if (range.params.as === undefined) {
      if (isJsonRange(range)) return undefined;
      continue;
    }
    if (
      range.type === 'application/json' &&
      range.params.as === 'APIGroupDiscoveryList' &&
      range.params.g === 'apidiscovery.k8s.io' &&
      (range.params.v === 'v2' || range.params.v === 'v2beta1')
    ) {
      return range.params.v;
    }
  }
  return undefined;
}

/** aggregatedDiscoveryContentType is the response Content-Type kubectl requires to recognise aggregated discovery. */
export function aggregatedDiscoveryContentType(version: DiscoveryVersion): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
}

/** OPENAPI_V2_PROTOBUF is the content type of the protobuf `/openapi/v2` answer (kube-openapi's spelling). */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

/** OPENAPI_V2_TYPES are the types `/openapi/v2` serves, in kube-openapi's order, with the answer's type. */
const OPENAPI_V2_TYPES: [string, string][] = [
  ['application/json', 'application/json'],
  ['application/com.github.proto-openapi.spec.v2@v1.0+protobuf', OPENAPI_V2_PROTOBUF],
  ['application/com.github.proto-openapi.spec.v2.v1.0+protobuf', OPENAPI_V2_PROTOBUF],
];

/** quality is a range's `q` parameter (1 when absent or unreadable). */
function quality(range: MediaRange): number {
  const q = Number(range.params.q);
  return range.params.q === undefined || Number.isNaN(q) ? 1 : q;
}

/** specificity ranks `*\/*` below `type/*` below a full type, as goautoneg sorts equal qualities. */
function specificity(range: MediaRange): number {
  if (range.type === '*/*') return 0;
  return range.type.endsWith('/*') ? 1 : 2;
}

/**
 * openapiV2ContentType picks the answer type of `GET /openapi/v2` as kube-openapi does: the Accept
 * ranges sorted by quality then specificity, the first one matching JSON or the gnostic protobuf type
 * wins (no header means `*\/*`, hence JSON). Undefined means 406 Not Acceptable.
 */
export function openapiV2ContentType(header: string | null | undefined): string | undefined {
  const ranges = header && header.trim() !== '' ? parseAccept(header) : parseAccept('*/*');
  const sorted = ranges
    .map((range, index) => ({ range, index }))
    .sort(
      (a, b) =>
        quality(b.range) - quality(a.range) ||
        specificity(b.range) - specificity(a.range) ||
        a.index - b.index,
    );
  for (const { range } of sorted) {
    const [type, subtype] = range.type.split('/');
    for (const [offered, answer] of OPENAPI_V2_TYPES) {
      const [offeredType, offeredSubtype] = offered.split('/');
      if ((type === offeredType || type === '*') && (subtype === offeredSubtype || subtype === '*'))
        return answer;
    }
  }
  return undefined;
}
