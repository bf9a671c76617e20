import { describe, expect, it } from 'vitest';
import { aggregatedDiscoveryVersionOf, openapiV2ContentType, tableVersionOf } from './negotiation';

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

describe('openapiV2ContentType', () => {
  const PROTO = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
  it.each<[string | undefined, string | undefined]>([
    [undefined, 'application/json'],
    ['', 'application/json'],
    ['*/*', 'application/json'],
    ['application/*', 'application/json'],
    ['application/json', 'application/json'],
    // What kubectl sends.
    ['application/com.github.proto-openapi.spec.v2@v1.0+protobuf', PROTO],
    ['application/com.github.proto-openapi.spec.v2.v1.0+protobuf', PROTO],
    ['application/com.github.proto-openapi.spec.v2@v1.0+protobuf, application/json', PROTO],
    ['application/json;q=0.5, application/com.github.proto-openapi.spec.v2@v1.0+protobuf', PROTO],
    ['*/*, application/com.github.proto-openapi.spec.v2@v1.0+protobuf', PROTO],
    ['application/yaml', undefined],
    ['text/html', undefined],
    ['application/vnd.kubernetes.protobuf', undefined],
  ])('%s → %s', (accept, expected) => {
    expect(openapiV2ContentType(accept)).toBe(expected);
  });
});
