import { describe, expect, it } from 'vitest';
import { acceptsOpenApiV2Json, aggregatedDiscoveryVersionOf, tableVersionOf } from './negotiation';

describe('tableVersionOf', () => {
  it.each([
    [
      'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json',
      'v1',
    ],
    ['application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json', 'v1beta1'],
    ['application/json; g=meta.k8s.io; v=v1; as=Table', 'v1'],
    ['application/json', undefined],
    ['application/vnd.kubernetes.protobuf,application/json', undefined],
    ['application/json,application/json;as=Table;v=v1;g=meta.k8s.io', undefined],
    [null, undefined],
  ])('%s', (accept, expected) => {
    expect(tableVersionOf(accept)).toBe(expected);
  });
});

describe('aggregatedDiscoveryVersionOf', () => {
  it.each([
    [
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json',
      'v2',
    ],
    ['application/json;as=APIGroupDiscoveryList;v=v2beta1;g=apidiscovery.k8s.io', 'v2beta1'],
    ['application/json, */*', undefined],
    [undefined, undefined],
  ])('%s', (accept, expected) => {
    expect(aggregatedDiscoveryVersionOf(accept)).toBe(expected);
  });
});

describe('acceptsOpenApiV2Json', () => {
  it('admits JSON, wildcards and a missing header', () => {
    expect(acceptsOpenApiV2Json(undefined)).toBe(true);
    expect(acceptsOpenApiV2Json('')).toBe(true);
    expect(acceptsOpenApiV2Json('application/json')).toBe(true);
    expect(acceptsOpenApiV2Json('application/json, */*')).toBe(true);
    expect(acceptsOpenApiV2Json('application/*')).toBe(true);
    expect(
      acceptsOpenApiV2Json('application/com.github.proto-openapi.spec.v2@v1.0+protobuf, application/json'),
    ).toBe(true);
  });

  it('refuses the protobuf encoding alone and other types', () => {
    expect(acceptsOpenApiV2Json('application/com.github.proto-openapi.spec.v2@v1.0+protobuf')).toBe(false);
    expect(acceptsOpenApiV2Json('application/yaml')).toBe(false);
    expect(acceptsOpenApiV2Json('text/html')).toBe(false);
  });
});
