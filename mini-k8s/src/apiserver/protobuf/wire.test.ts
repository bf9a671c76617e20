import { describe, expect, it } from 'vitest';
import { ProtoReader, ProtoWriter, WireType } from './wire';

describe('varints', () => {
  it.each([
    [0n, [0x00]],
    [1n, [0x01]],
    [150n, [0x96, 0x01]],
    [-1n, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]],
    [2n ** 63n, [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]],
  ])('%s encodes as %j and reads back', (value, bytes) => {
    const written = new ProtoWriter().varint(value).finish();
    expect([...written]).toEqual(bytes);
    expect(new ProtoReader(written).varint()).toBe(BigInt.asUintN(64, value));
  });
});

describe('ProtoReader', () => {
  it('reads keys, strings and skips every wire type', () => {
    const bytes = new ProtoWriter()
      .key(1, WireType.Varint)
      .varint(300)
      .key(2, WireType.Fixed64)
      .raw(new Uint8Array(8))
      .key(3, WireType.Fixed32)
      .raw(new Uint8Array(4))
      .stringField(4, 'héllo')
      .finish();
    const reader = new ProtoReader(bytes);
    for (const wireType of [WireType.Varint, WireType.Fixed64, WireType.Fixed32]) {
      expect(reader.key().wireType).toBe(wireType);
      reader.skip(wireType);
    }
    expect(reader.key()).toEqual({ field: 4, wireType: WireType.LengthDelimited });
    expect(new TextDecoder().decode(reader.bytes())).toBe('héllo');
    expect(reader.done()).toBe(true);
  });

  it.each([
    ['a truncated varint', [0x80], (r: ProtoReader) => r.varint()],
    ['a length past the end', [0x05, 0x01], (r: ProtoReader) => r.bytes()],
    ['a huge length', [0xff, 0xff, 0xff, 0xff, 0x0f], (r: ProtoReader) => r.bytes()],
    ['a truncated fixed64', [1, 2, 3], (r: ProtoReader) => r.fixed64()],
  ])('rejects %s with unexpected EOF', (_name, bytes, read) => {
    expect(() => read(new ProtoReader(Uint8Array.from(bytes)))).toThrow('unexpected EOF');
  });
});
