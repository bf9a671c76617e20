/**
 * SPDY/3 header blocks (§2.6.10): `u32 count`, then `u32 length, name, u32 length, value` per header,
 * compressed with zlib primed by the SPDY/3 dictionary. Each direction of a session is ONE continuous zlib
 * stream: every block is flushed with Z_SYNC_FLUSH and the compressor/decompressor state carries over, so a
 * session needs one `HeaderCompressor` and one `HeaderDecompressor` for its whole life.
 */
import { Deflate, Inflate, Z_SYNC_FLUSH } from 'pako';
import { SPDY3_DICTIONARY } from './dictionary';
import { concat, readUint32, writeUint32 } from './frames';

/** Headers maps lower-case names to values (multiple values are NUL-joined, as on the wire). */
export type Headers = Record<string, string>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** encodeHeaderBlock serialises headers before compression (names lower-cased). */
export function encodeHeaderBlock(headers: Headers): Uint8Array {
  const entries = Object.entries(headers).map(
    ([name, value]) => [encoder.encode(name.toLowerCase()), encoder.encode(value)] as const,
  );
  let size = 4;
  for (const [name, value] of entries) size += 8 + name.length + value.length;
  const block = new Uint8Array(size);
  writeUint32(block, 0, entries.length);
  let offset = 4;
  for (const [name, value] of entries) {
    writeUint32(block, offset, name.length);
    block.set(name, offset + 4);
    offset += 4 + name.length;
    writeUint32(block, offset, value.length);
    block.set(value, offset + 4);
    offset += 4 + value.length;
  }
  return block;
}

/** decodeHeaderBlock parses an uncompressed header block; throws on truncated input. */
export function decodeHeaderBlock(block: Uint8Array): Headers {
  const need = (offset: number, length: number) => {
    if (offset + length > block.length) throw new Error('truncated SPDY header block');
  };
  need(0, 4);
  const count = readUint32(block, 0);
  const headers: Headers = {};
  let offset = 4;
  for (let i = 0; i < count; i++) {
    need(offset, 4);
    const nameLength = readUint32(block, offset);
    need(offset + 4, nameLength);
    const name = decoder.decode(block.subarray(offset + 4, offset + 4 + nameLength));
    offset += 4 + nameLength;
    need(offset, 4);
    const valueLength = readUint32(block, offset);
    need(offset + 4, valueLength);
    const value = decoder.decode(block.subarray(offset + 4, offset + 4 + valueLength));
    offset += 4 + valueLength;
    headers[name.toLowerCase()] = value;
  }
  return headers;
}

/** HeaderCompressor compresses the header blocks one session sends. */
export class HeaderCompressor {
  private readonly deflate = new Deflate({ dictionary: SPDY3_DICTIONARY });
  private pending: Uint8Array[] = [];

  constructor() {
    this.deflate.onData = (chunk) => this.pending.push(chunk);
  }

  /** compress returns the next compressed block (sync-flushed, so the peer can decode it at once). */
  compress(headers: Headers): Uint8Array {
    this.pending = [];
    if (!this.deflate.push(encodeHeaderBlock(headers), Z_SYNC_FLUSH)) {
      throw new Error(`SPDY header compression failed: ${this.deflate.msg}`);
    }
    return this.pending.reduce(concat, new Uint8Array(0));
  }
}

/** HeaderDecompressor decompresses the header blocks one session receives. */
export class HeaderDecompressor {
  private readonly inflate = new Inflate({ dictionary: SPDY3_DICTIONARY });
  private pending: Uint8Array[] = [];

  constructor() {
    this.inflate.onData = (chunk) => this.pending.push(chunk);
  }

  /** decompress decodes one compressed block received in a SYN_STREAM, SYN_REPLY or HEADERS frame. */
  decompress(block: Uint8Array): Headers {
    this.pending = [];
    if (block.length > 0) {
      this.inflate.push(block, Z_SYNC_FLUSH);
      if (this.inflate.err) throw new Error(`SPDY header decompression failed: ${this.inflate.msg}`);
    }
    return decodeHeaderBlock(this.pending.reduce(concat, new Uint8Array(0)));
  }
}
