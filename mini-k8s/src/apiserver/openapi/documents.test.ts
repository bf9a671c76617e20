import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../api/resources';
import { openapiV2Document, openapiV3Document, openapiV3Index } from './documents';

interface Doc {
  openapi: string;
  info: { version: string };
  paths: Record<
    string,
    Record<
      string,
      {
        'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string };
        parameters?: { name: string }[];
      }
    >
  >;
  components: { schemas: Record<string, Record<string, unknown>> };
}

function gvPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

function load(path: string): Doc {
  const doc = openapiV3Document(path);
  expect(doc, path).toBeDefined();
  return JSON.parse(doc!.body) as Doc;
}

const described = RESOURCES.filter((r) => r.group !== 'metrics.k8s.io');

describe('openapiV3Index', () => {
  it('lists every served group version with the uppercase SHA-512 of its document', () => {
    const index = openapiV3Index() as { paths: Record<string, { serverRelativeURL: string }> };
    const expected = [...new Set(described.map((r) => gvPath(r.group, r.version)))].sort();
    expect(Object.keys(index.paths).sort()).toEqual(expected);
    for (const [path, entry] of Object.entries(index.paths)) {
      const doc = openapiV3Document(path)!;
      const hash = createHash('sha512').update(doc.body).digest('hex').toUpperCase();
      expect(doc.hash).toBe(hash);
      expect(entry.serverRelativeURL).toBe(`/openapi/v3/${path}?hash=${hash}`);
    }
  });

  it('returns the same cached document on every call and accepts a leading slash', () => {
    expect(openapiV3Document('/apis/apps/v1')).toBe(openapiV3Document('apis/apps/v1'));
    expect(openapiV3Document('apis/metrics.k8s.io/v1beta1')).toBeUndefined();
    expect(openapiV3Document('apis/nope/v1')).toBeUndefined();
  });
});

describe('openapiV3Document', () => {
  it.each(
    described
      .filter((r) => r.verbs.includes('patch'))
      .map((r) => [`${r.resource}.${r.group || 'core'}/${r.version}`, r] as const),
  )('%s has a PATCH with its GVK and a fieldValidation parameter', (_label, info) => {
    const doc = load(gvPath(info.group, info.version));
    const patches = Object.values(doc.paths)
      .map((item) => item.patch)
      .filter(
        (op) =>
          op?.['x-kubernetes-group-version-kind']?.kind === info.kind &&
          op['x-kubernetes-group-version-kind'].group === info.group,
      );
    expect(patches.length).toBeGreaterThan(0);
    for (const op of patches) expect(op!.parameters!.map((p) => p.name)).toContain('fieldValidation');
  });

  it.each(described.map((r) => [`${r.kind}.${r.group || 'core'}/${r.version}`, r] as const))(
    '%s has a schema with its GVK',
    (_label, info) => {
      const doc = load(gvPath(info.group, info.version));
      const match = Object.values(doc.components.schemas).filter((schema) =>
        (
          schema['x-kubernetes-group-version-kind'] as
            { group: string; version: string; kind: string }[] | undefined
        )?.some((gvk) => gvk.group === info.group && gvk.version === info.version && gvk.kind === info.kind),
      );
      expect(match).toHaveLength(1);
      expect(match[0]!.description).toEqual(expect.any(String));
      expect(match[0]!.properties).toHaveProperty('metadata');
    },
  );

  it('resolves every $ref inside the same document', () => {
    for (const path of Object.keys((openapiV3Index() as { paths: object }).paths)) {
      const doc = openapiV3Document(path)!;
      const schemas = (JSON.parse(doc.body) as Doc).components.schemas;
      for (const [, name] of doc.body.matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)) {
        expect(schemas, `${path} → ${name}`).toHaveProperty([name!]);
      }
    }
  });

  it('carries upstream names, descriptions and the strategic merge patch extensions', () => {
    const doc = load('api/v1');
    expect(doc.openapi).toBe('3.0.0');
    expect(doc.info.version).toBe('v1.32.4');
    const schemas = doc.components.schemas;
    const podSpec = schemas['io.k8s.api.core.v1.PodSpec']!;
    const props = podSpec.properties as Record<string, Record<string, unknown>>;
    expect(props.containers).toMatchObject({
      type: 'array',
      items: { $ref: '#/components/schemas/io.k8s.api.core.v1.Container' },
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
      'x-kubernetes-list-type': 'map',
      'x-kubernetes-list-map-keys': ['name'],
    });
    expect(props.volumes!['x-kubernetes-patch-strategy']).toBe('merge,retainKeys');
    expect(podSpec.required).toEqual(['containers']);
    expect(props.affinity).toEqual({
      allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.Affinity' }],
      description: "If specified, the pod's scheduling constraints",
    });
    const container = schemas['io.k8s.api.core.v1.Container']!.properties as Record<
      string,
      Record<string, unknown>
    >;
    expect(container.imagePullPolicy!.enum).toEqual(['Always', 'IfNotPresent', 'Never']);
    expect(container.ports!['x-kubernetes-patch-merge-key']).toBe('containerPort');
    expect(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']!.properties).toHaveProperty(
      'labels.additionalProperties',
      { type: 'string' },
    );
    expect(schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toMatchObject({
      format: 'int-or-string',
    });
    expect(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector']!['x-kubernetes-map-type']).toBe(
      'atomic',
    );
  });

  it('describes subresources with their own kinds (scale, eviction)', () => {
    const apps = load('apis/apps/v1');
    expect(
      apps.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale']!.patch![
        'x-kubernetes-group-version-kind'
      ],
    ).toEqual({
      group: 'autoscaling',
      kind: 'Scale',
      version: 'v1',
    });
    const core = load('api/v1');
    expect(
      core.paths['/api/v1/namespaces/{namespace}/pods/{name}/eviction']!.post![
        'x-kubernetes-group-version-kind'
      ],
    ).toEqual({
      group: 'policy',
      kind: 'Eviction',
      version: 'v1',
    });
    expect(core.paths['/api/v1/pods']!.get!).toMatchObject({ operationId: 'listCoreV1PodForAllNamespaces' });
  });
});

describe('openapiV2Document', () => {
  it('renders the same schemas as Swagger 2.0 definitions', () => {
    const text = openapiV2Document()!;
    expect(openapiV2Document()).toBe(text);
    const doc = JSON.parse(text) as {
      swagger: string;
      definitions: Record<string, Record<string, unknown>>;
      paths: Record<string, unknown>;
    };
    expect(doc.swagger).toBe('2.0');
    expect(doc.definitions['io.k8s.api.apps.v1.Deployment']!['x-kubernetes-group-version-kind']).toEqual([
      { group: 'apps', kind: 'Deployment', version: 'v1' },
    ]);
    expect(text).not.toContain('#/components/schemas/');
    const spec = doc.definitions['io.k8s.api.apps.v1.DeploymentSpec']!.properties as Record<
      string,
      Record<string, unknown>
    >;
    expect(spec.template).toMatchObject({
      $ref: '#/definitions/io.k8s.api.core.v1.PodTemplateSpec',
      description: expect.any(String),
    });
    expect(doc.paths).toHaveProperty([
      '/apis/apps/v1/namespaces/{namespace}/deployments/{name}',
      'patch',
      'parameters',
    ]);
  });
});
