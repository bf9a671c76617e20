import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StatusError } from '../../machinery/errors';
import { decodeKubernetesProtobuf, encodeKubernetesProtobuf, PROTOBUF_MAGIC } from './index';
import { FIXTURES } from './test-fixtures';
import { ProtoWriter, WireType } from './wire';

/** envelope builds a body by hand: magic + runtime.Unknown{typeMeta, raw, contentEncoding}. */
function envelope(apiVersion: string, kind: string, raw: Uint8Array, contentEncoding = ''): Uint8Array {
  const unknown = new ProtoWriter()
    .message(1, (w) => w.stringField(1, apiVersion).stringField(2, kind))
    .bytesField(2, raw)
    .stringField(3, contentEncoding)
    .finish();
  return Uint8Array.from([...PROTOBUF_MAGIC, ...unknown]);
}

function decodeError(body: Uint8Array): StatusError {
  try {
    decodeKubernetesProtobuf(body);
  } catch (err) {
    if (err instanceof StatusError) return err;
    throw err;
  }
  throw new Error('expected decodeKubernetesProtobuf to throw');
}

describe('decodeKubernetesProtobuf round trips', () => {
  it.each(Object.entries(FIXTURES))('%s', (_name, fixture) => {
    const body = encodeKubernetesProtobuf(fixture);
    expect(decodeKubernetesProtobuf(body)).toEqual(fixture);
  });

  it('re-encodes a decoded body to the same bytes', () => {
    const body = encodeKubernetesProtobuf(FIXTURES.deployment);
    expect(Buffer.from(encodeKubernetesProtobuf(decodeKubernetesProtobuf(body)))).toEqual(Buffer.from(body));
  });
});

describe('decodeKubernetesProtobuf Go JSON semantics', () => {
  it('fills the Go zero value of an empty message', () => {
    expect(decodeKubernetesProtobuf(envelope('apps/v1', 'Deployment', new Uint8Array(0)))).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { creationTimestamp: null },
      // selector is a pointer without omitempty in Go, so it marshals as null.
      spec: {
        selector: null,
        template: { metadata: { creationTimestamp: null }, spec: { containers: null } },
        strategy: {},
      },
      status: {},
    });
  });

  it('drops non-pointer zeros, keeps pointer zeros and non-omitempty zeros', () => {
    // DeploymentSpec: replicas (1, *int32) = 0, minReadySeconds (5, int32) = 0, paused (7, bool) = false.
    const spec = new ProtoWriter()
      .key(1, WireType.Varint)
      .varint(0)
      .key(5, WireType.Varint)
      .varint(0)
      .key(7, WireType.Varint)
      .varint(0)
      .finish();
    const raw = new ProtoWriter().bytesField(2, spec).finish();
    const obj = decodeKubernetesProtobuf(envelope('apps/v1', 'Deployment', raw));
    expect(obj.spec).toEqual({
      replicas: 0,
      selector: null,
      template: { metadata: { creationTimestamp: null }, spec: { containers: null } },
      strategy: {},
    });
  });

  it('skips unknown fields and accepts packed repeated integers', () => {
    // PodSecurityContext.supplementalGroups (4, repeated int64) packed, plus an unknown field 99.
    const packed = new ProtoWriter().varint(1).varint(2).varint(300).finish();
    const securityContext = new ProtoWriter()
      .bytesField(4, packed)
      .key(99, WireType.Varint)
      .varint(7)
      .finish();
    const podSpec = new ProtoWriter().bytesField(14, securityContext).finish();
    const template = new ProtoWriter().bytesField(2, podSpec).finish();
    const raw = new ProtoWriter()
      .message(2, (w) => w.bytesField(3, template))
      .stringField(50, 'future')
      .finish();
    const obj = decodeKubernetesProtobuf(envelope('apps/v1', 'ReplicaSet', raw));
    const spec = obj.spec as { template: { spec: { securityContext: unknown } } };
    expect(spec.template.spec.securityContext).toEqual({ supplementalGroups: [1, 2, 300] });
  });

  it('decodes Secret bytes as base64 and keeps the last value of a repeated scalar field', () => {
    const entry = new ProtoWriter()
      .stringField(1, 'k')
      .bytesField(2, Uint8Array.of(1, 2, 3))
      .finish();
    const raw = new ProtoWriter()
      .bytesField(2, entry)
      .stringField(3, 'first')
      .stringField(3, 'Opaque')
      .finish();
    const obj = decodeKubernetesProtobuf(envelope('v1', 'Secret', raw));
    expect(obj).toEqual({
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { creationTimestamp: null },
      data: { k: 'AQID' },
      type: 'Opaque',
    });
  });
});

describe('decodeKubernetesProtobuf rejects bad input with 400 BadRequest', () => {
  const good = encodeKubernetesProtobuf(FIXTURES.deployment);
  const withBadString = new ProtoWriter()
    .message(1, (w) => w.bytesField(1, Uint8Array.of(0xff, 0xfe)))
    .finish();
  it.each([
    [
      'an empty body',
      new Uint8Array(0),
      'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    ],
    ['a JSON body', new TextEncoder().encode('{"kind":"Pod"}'), 'expected prefix [107 56 115 0]'],
    [
      'an unknown kind',
      envelope('apps/v1', 'Gizmo', new Uint8Array(0)),
      'no kind "Gizmo" is registered for version "apps/v1"',
    ],
    ['a missing kind', envelope('v1', '', new Uint8Array(0)), "Object 'Kind' is missing"],
    [
      'a compressed envelope',
      envelope('v1', 'Secret', new Uint8Array(0), 'gzip'),
      'unsupported protobuf content encoding "gzip"',
    ],
    ['a truncated body', good.subarray(0, 60), 'unexpected EOF'],
    [
      'a wrong wire type',
      envelope('v1', 'Secret', new ProtoWriter().key(3, WireType.Varint).varint(1).finish()),
      'wrong wireType = 0 for field k8s.io.api.core.v1.Secret.type',
    ],
    ['invalid UTF-8', envelope('v1', 'Namespace', withBadString), 'invalid UTF-8'],
    [
      'a varint longer than 10 bytes',
      Uint8Array.from([...PROTOBUF_MAGIC, 0x28, ...new Array(11).fill(0xff)]),
      'varint longer than 10 bytes',
    ],
    ['a group wire type', Uint8Array.from([...PROTOBUF_MAGIC, 0x2b]), 'illegal wireType 3'],
    ['field number zero', Uint8Array.from([...PROTOBUF_MAGIC, 0x02, 0x00]), 'illegal field number 0'],
  ])('%s', (_name, body, message) => {
    const err = decodeError(body);
    expect(err.code).toBe(400);
    expect(err.reason).toBe('BadRequest');
    expect(err.message).toContain(message);
  });

  it('never throws anything but a 400 StatusError on any prefix of a valid body', () => {
    for (let end = 0; end < good.length; end++) {
      try {
        decodeKubernetesProtobuf(good.subarray(0, end));
      } catch (err) {
        expect(err).toBeInstanceOf(StatusError);
        expect((err as StatusError).code).toBe(400);
      }
    }
  });

  it('never throws anything but a 400 StatusError on random bytes after the magic', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.boolean(), (tail, wrap) => {
        const body = wrap
          ? envelope('apps/v1', 'Deployment', tail)
          : Uint8Array.from([...PROTOBUF_MAGIC, ...tail]);
        try {
          decodeKubernetesProtobuf(body);
        } catch (err) {
          return err instanceof StatusError && err.code === 400;
        }
        return true;
      }),
      { numRuns: 2000 },
    );
  });
});
