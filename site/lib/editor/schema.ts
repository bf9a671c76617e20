/**
 * The Kubernetes schemas the editor checks and completes manifests with: a compact JSON asset
 * (`/schemas/kubernetes.json`) generated at build time from the OpenAPI documents mini-k8s serves (see
 * sandbox-server/src/manifests/editor-schemas.ts for the format). It is fetched once, when the editor
 * first opens, never by the lesson page itself.
 */

/** SchemaField is one property of a type: its shape, description (first sentence) and enum values. */
export interface SchemaField {
  /** string, integer, number, boolean, object (see ref), array (see i), map (see v), int-or-string, quantity, date-time, any. */
  t: string;
  d?: string;
  e?: string[];
  ref?: string;
  i?: SchemaField;
  v?: SchemaField;
}

/** SchemaType is an object type: its properties and required fields. */
export interface SchemaType {
  d?: string;
  p: Record<string, SchemaField>;
  r?: string[];
}

/** KubernetesSchemas is the whole asset, versioned by apiVersion then kind. */
export interface KubernetesSchemas {
  version: 1;
  kubernetes: string;
  kinds: Record<string, Record<string, string>>;
  types: Record<string, SchemaType>;
}

/** SCHEMAS_URL is where the build publishes the asset. */
export const SCHEMAS_URL = '/schemas/kubernetes.json';

let loading: Promise<KubernetesSchemas> | undefined;

/** loadSchemas fetches the asset once per page; a failed fetch can be retried by the next call. */
export function loadSchemas(url = SCHEMAS_URL): Promise<KubernetesSchemas> {
  loading ??= fetch(url)
    .then(async (response) => {
      if (!response.ok) throw new Error(`schémas Kubernetes indisponibles (HTTP ${response.status})`);
      const body = (await response.json()) as KubernetesSchemas;
      if (body.version !== 1 || typeof body.kinds !== 'object' || typeof body.types !== 'object') {
        throw new Error('schémas Kubernetes : format inattendu');
      }
      return body;
    })
    .catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
  return loading;
}

/** kindType returns the type of a kind in an apiVersion, if the schemas know it. */
export function kindType(
  schemas: KubernetesSchemas,
  apiVersion: string,
  kind: string,
): SchemaType | undefined {
  const id = schemas.kinds[apiVersion]?.[kind];
  return id === undefined ? undefined : schemas.types[id];
}

/** fieldType returns the object type a field holds (through lists and maps), if it holds one. */
export function objectTypeOf(schemas: KubernetesSchemas, field: SchemaField): SchemaType | undefined {
  return field.ref === undefined ? undefined : schemas.types[field.ref];
}

/** describeField names a field's shape in French (« entier », « liste de Container », …). */
export function describeField(field: SchemaField): string {
  switch (field.t) {
    case 'string':
      return field.e ? `chaîne (${field.e.join(' | ')})` : 'chaîne';
    case 'integer':
      return 'entier';
    case 'number':
      return 'nombre';
    case 'boolean':
      return 'booléen';
    case 'object':
      return `objet ${shortName(field.ref)}`;
    case 'array':
      return `liste de ${field.i ? pluralShape(field.i) : 'valeurs'}`;
    case 'map':
      return `table de ${field.v ? pluralShape(field.v) : 'valeurs'}`;
    case 'int-or-string':
      return 'entier ou chaîne';
    case 'quantity':
      return 'quantité (ex. 500m, 128Mi)';
    case 'date-time':
      return 'date (RFC 3339)';
    default:
      return 'valeur libre';
  }
}

function pluralShape(field: SchemaField): string {
  switch (field.t) {
    case 'object':
      return shortName(field.ref);
    case 'string':
      return 'chaînes';
    case 'integer':
      return 'entiers';
    case 'boolean':
      return 'booléens';
    case 'quantity':
      return 'quantités';
    case 'array':
      return 'listes';
    default:
      return 'valeurs';
  }
}

/** shortName keeps the last segment of a type id (`apps.v1.DeploymentSpec` → `DeploymentSpec`). */
export function shortName(id: string | undefined): string {
  if (id === undefined) return '';
  return id.slice(id.lastIndexOf('.') + 1);
}
