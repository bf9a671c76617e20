/**
 * PatchSchema gives strategic-merge metadata (merge key and patch strategy of each list or map field) read
 * from the server's OpenAPI v3 document of a group version (`x-kubernetes-patch-merge-key`,
 * `x-kubernetes-patch-strategy`), as kubectl's apply does when the server publishes OpenAPI v3.
 */
import type { ApiClient } from '../../client/client';

type Schema = {
  $ref?: string;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
  'x-kubernetes-patch-merge-key'?: string;
  'x-kubernetes-patch-strategy'?: string;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
};

/** FieldMeta is the strategic-merge metadata of one field. */
export interface FieldMeta {
  mergeKey?: string;
  strategies: string[];
  /** Schema of the field's value (for maps and list items). */
  schema?: PatchSchema;
}

/** PatchSchema navigates one object schema. A schema without information behaves as "replace lists". */
export class PatchSchema {
  constructor(
    private readonly schemas: Record<string, Schema>,
    private readonly schema: Schema | undefined,
  ) {}

  /** field returns the metadata of a property (or of map values for additionalProperties). */
  field(name: string): FieldMeta {
    const s = this.resolve(this.schema);
    let prop = s?.properties?.[name];
    if (!prop && s?.additionalProperties && typeof s.additionalProperties === 'object')
      prop = s.additionalProperties;
    if (!prop) return { strategies: [] };
    const mergeKey = prop['x-kubernetes-patch-merge-key'];
    const strategies = (prop['x-kubernetes-patch-strategy'] ?? '').split(',').filter(Boolean);
    const resolved = this.resolve(prop);
    const valueSchema = resolved?.items ? this.resolve(resolved.items) : resolved;
    return { mergeKey, strategies, schema: new PatchSchema(this.schemas, valueSchema) };
  }

  private resolve(s: Schema | undefined): Schema | undefined {
    let cur = s;
    for (let i = 0; i < 10 && cur; i++) {
      if (cur.$ref) cur = this.schemas[cur.$ref.replace('#/components/schemas/', '')];
      else if (cur.allOf?.length === 1 && !cur.properties) cur = cur.allOf[0];
      else break;
    }
    return cur;
  }

  /** empty is a schema with no metadata (every list is replaced). */
  static empty(): PatchSchema {
    return new PatchSchema({}, undefined);
  }
}

/** loadPatchSchema fetches the OpenAPI v3 document of apiVersion and returns the schema of kind. */
export async function loadPatchSchema(
  client: ApiClient,
  apiVersion: string,
  kind: string,
): Promise<PatchSchema | undefined> {
  const index = (await client.request('GET', '/openapi/v3')) as {
    paths?: Record<string, { serverRelativeURL: string }>;
  };
  const key = apiVersion.includes('/') ? `apis/${apiVersion}` : `api/${apiVersion}`;
  const entry = index.paths?.[key];
  if (!entry) return undefined;
  const url = new URL(entry.serverRelativeURL, 'http://x');
  const doc = (await client.request('GET', url.pathname, {
    query: Object.fromEntries(url.searchParams),
  })) as { components?: { schemas?: Record<string, Schema> } };
  const schemas = doc.components?.schemas ?? {};
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  for (const s of Object.values(schemas)) {
    const gvks = s['x-kubernetes-group-version-kind'] ?? [];
    if (gvks.some((g) => g.group === group && g.version === version && g.kind === kind)) {
      return new PatchSchema(schemas, s);
    }
  }
  return undefined;
}
