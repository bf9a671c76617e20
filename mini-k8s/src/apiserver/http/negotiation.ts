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

/**
 * acceptsOpenApiV2Json tells whether a `GET /openapi/v2` Accept header admits the JSON document, the only
 * encoding mini-k8s serves there (no header means `*\/*`). The apiserver also serves the gnostic protobuf
 * encoding (`application/com.github.proto-openapi.spec.v2@v1.0+protobuf`); kubectl 1.32 only asks for it
 * when a group version is missing from `/openapi/v3` or for `explain --output=plaintext-openapiv2`, so a
 * header naming only that type gets the apiserver's answer to an unsupported type: 406 with no body.
 */
export function acceptsOpenApiV2Json(header: string | null | undefined): boolean {
  if (!header || header.trim() === '') return true;
  return parseAccept(header).some(isJsonRange);
}
