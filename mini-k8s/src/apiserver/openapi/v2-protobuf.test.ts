import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ProtoReader, WireType, decodeUtf8 } from '../protobuf/wire';
import { openapiV2Document, openapiV2Protobuf } from './documents';
import { encodeOpenApiV2Protobuf } from './v2-protobuf';

/** Field is one decoded protobuf field: numbers for varints, bytes for length-delimited values. */
type Field = { number: number; value: number | Uint8Array };

function fields(bytes: Uint8Array): Field[] {
  const reader = new ProtoReader(bytes);
  const out: Field[] = [];
  while (!reader.done()) {
    const { field, wireType } = reader.key();
    if (wireType === WireType.Varint) out.push({ number: field, value: Number(reader.varint()) });
    else if (wireType === WireType.LengthDelimited) out.push({ number: field, value: reader.bytes() });
    else throw new Error(`unexpected wire type ${wireType}`);
  }
  return out;
}
const all = (bytes: Uint8Array, n: number) =>
  fields(bytes)
    .filter((f) => f.number === n)
    .map((f) => f.value as Uint8Array);
const one = (bytes: Uint8Array, n: number) => all(bytes, n)[0]!;
const text = (bytes: Uint8Array, n: number) => decodeUtf8(one(bytes, n));

/** named finds the value of a `Named*` pair by name among repeated field n. */
function named(bytes: Uint8Array, n: number, name: string): Uint8Array {
  const pair = all(bytes, n).find((p) => text(p, 1) === name);
  if (!pair) throw new Error(`no ${name}`);
  return one(pair, 2);
}

describe('encodeOpenApiV2Protobuf', () => {
  const doc = openapiV2Protobuf()!;

  it('encodes the header and the security scheme', () => {
    expect(text(doc, 1)).toBe('2.0');
    expect([text(one(doc, 2), 1), text(one(doc, 2), 2)]).toEqual(['Kubernetes', 'v1.32.4']);
    const apiKey = one(named(one(doc, 13), 1, 'BearerToken'), 2);
    expect([text(apiKey, 1), text(apiKey, 2), text(apiKey, 3)]).toEqual([
      'apiKey',
      'authorization',
      'header',
    ]);
    expect(text(one(one(doc, 12), 1), 1)).toBe('BearerToken');
  });

  it('encodes definitions: types, formats, refs, required, properties and vendor extensions', () => {
    const definitions = one(doc, 9);
    const spec = named(definitions, 1, 'io.k8s.api.apps.v1.DeploymentSpec');
    expect(decodeUtf8(one(one(spec, 22), 1))).toBe('object');
    expect(all(spec, 19).map((b) => decodeUtf8(b))).toEqual(['selector', 'template']);
    const properties = one(spec, 25);
    const replicas = named(properties, 1, 'replicas');
    expect([text(one(replicas, 22), 1), text(replicas, 2)]).toEqual(['integer', 'int32']);
    const template = named(properties, 1, 'template');
    expect(text(template, 1)).toBe('#/definitions/io.k8s.api.core.v1.PodTemplateSpec');

    const deployment = named(definitions, 1, 'io.k8s.api.apps.v1.Deployment');
    const gvk = all(deployment, 31).find((e) => text(e, 1) === 'x-kubernetes-group-version-kind')!;
    expect(parse(text(one(gvk, 2), 2))).toEqual([{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
  });

  it('encodes paths with operations, parameters and responses', () => {
    const paths = one(doc, 8);
    const item = named(paths, 2, '/apis/apps/v1/namespaces/{namespace}/deployments/{name}');
    const get = one(item, 2);
    expect(text(get, 5)).toBe('readAppsV1NamespacedDeployment');
    const ok = named(one(get, 9), 1, '200');
    const response = one(ok, 1);
    expect(text(response, 1)).toBe('OK');
    expect(text(one(one(response, 2), 1), 1)).toBe('#/definitions/io.k8s.api.apps.v1.Deployment');
    // Path-level parameters: `name` is a path parameter (NonBodyParameter field 4).
    const params = all(item, 9).map((p) => one(one(p, 1), 2));
    const name = params.map((p) => fields(p)[0]!).find((f) => f.number === 4)!.value as Uint8Array;
    expect([text(name, 2), text(name, 4)]).toEqual(['path', 'name']);
  });

  it('refuses keys it cannot encode instead of dropping them', () => {
    const json = JSON.parse(openapiV2Document()!) as Record<string, unknown>;
    expect(() => encodeOpenApiV2Protobuf(JSON.stringify({ ...json, host: 'x' }))).toThrow(
      'OpenAPI v2 protobuf: unsupported key "host" in document',
    );
  });
});
