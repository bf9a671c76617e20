/**
 * Protocol-buffers wire format (https://protobuf.dev/programming-guides/encoding/): a bounds-checked reader
 * and a growable writer. Only what Kubernetes' gogo-protobuf messages use: varints, 64-bit and 32-bit
 * fixed values, and length-delimited fields (strings, bytes, embedded messages, packed scalars).
 */

/** WireType is the 3-bit type tag of a protobuf field key. */
export const WireType = {
  Varint: 0,
  Fixed64: 1,
  LengthDelimited: 2,
  StartGroup: 3,
  EndGroup: 4,
  Fixed32: 5,
} as const;

/** WireError reports malformed protobuf input; the decoder turns it into a 400 BadRequest. */
export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

const textDecoder = new TextDecoder('utf-8', { fatal: true });
const textEncoder = new TextEncoder();

/**
 * ProtoReader reads one message's bytes front to back. Every read checks the remaining length and throws
 * WireError instead of reading past the end, so truncated or garbage input can never loop or hang.
 */
export class ProtoReader {
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {}

  /** done tells whether every byte has been consumed. */
  done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** key reads a field key and returns its field number and wire type. */
  key(): { field: number; wireType: number } {
    const key = this.varint();
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (field < 1 || field > 0x1fffffff) throw new WireError(`illegal field number ${field}`);
    return { field, wireType };
  }

  /** varint reads an unsigned varint of at most 10 bytes as a 64-bit BigInt. */
  varint(): bigint {
    let result = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw new WireError('unexpected EOF');
      const byte = this.buf[this.pos++];
      result |= BigInt(byte & 0x7f) << BigInt(7 * i);
      if ((byte & 0x80) === 0) return BigInt.asUintN(64, result);
    }
    throw new WireError('integer overflow: varint longer than 10 bytes');
  }

  /** fixed64 reads 8 little-endian bytes. */
  fixed64(): Uint8Array {
    return this.take(8);
  }

  /** fixed32 reads 4 little-endian bytes. */
  fixed32(): Uint8Array {
    return this.take(4);
  }

  /** bytes reads a length-delimited payload (a view, not a copy). */
  bytes(): Uint8Array {
    const length = this.varint();
    if (length > BigInt(this.buf.length - this.pos)) throw new WireError('unexpected EOF');
    return this.take(Number(length));
  }

  /** skip jumps over one value of the given wire type (unknown fields are ignored, as proto2 does). */
  skip(wireType: number): void {
    switch (wireType) {
      case WireType.Varint:
        this.varint();
        return;
      case WireType.Fixed64:
        this.take(8);
        return;
      case WireType.LengthDelimited:
        this.bytes();
        return;
      case WireType.Fixed32:
        this.take(4);
        return;
      default:
        // Why: groups are deprecated and never produced by Kubernetes; rejecting them keeps skip() linear.
        throw new WireError(`illegal wireType ${wireType}`);
    }
  }

  private take(n: number): Uint8Array {
    if (this.pos + n > this.buf.length) throw new WireError('unexpected EOF');
    const view = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return view;
  }
}

/** decodeUtf8 decodes a protobuf string, rejecting invalid UTF-8 like Go's proto library does. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return textDecoder.decode(bytes);
  } catch {
    throw new WireError('invalid UTF-8 in string field');
  }
}

/** ProtoWriter builds one message; nested messages are written with `message(field, write)`. */
export class ProtoWriter {
  private chunks: number[] = [];

  /** key writes a field key. */
  key(field: number, wireType: number): this {
    return this.varint((BigInt(field) << 3n) | BigInt(wireType));
  }

  /** varint writes an integer as an unsigned varint; negative values take 10 bytes (two's complement). */
  varint(value: bigint | number): this {
    let v = BigInt.asUintN(64, BigInt(value));
    while (v >= 0x80n) {
      this.chunks.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.chunks.push(Number(v));
    return this;
  }

  /** raw appends bytes as they are. */
  raw(bytes: Uint8Array): this {
    for (const b of bytes) this.chunks.push(b);
    return this;
  }

  /** bytesField writes a length-delimited field. */
  bytesField(field: number, bytes: Uint8Array): this {
    return this.key(field, WireType.LengthDelimited).varint(bytes.length).raw(bytes);
  }

  /** stringField writes a UTF-8 string field. */
  stringField(field: number, value: string): this {
    return this.bytesField(field, textEncoder.encode(value));
  }

  /** message writes an embedded message built by `write`. */
  message(field: number, write: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    write(inner);
    return this.bytesField(field, inner.finish());
  }

  /** finish returns the bytes written so far. */
  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}
