/**
 * SPDY/3 framing (draft-mbelshe-httpbis-spdy-00 §2.2) as kubectl's moby/spdystream speaks it: an 8-byte
 * header, then the payload. Control frames: `1 | version(15)=3 | type(16)`, `flags(8) | length(24)`;
 * data frames: `0 | streamId(31)`, `flags(8) | length(24)`. Header blocks are compressed by
 * `HeaderCompressor`/`HeaderDecompressor` (header-block.ts); this file only moves bytes.
 */

/** SPDY_VERSION is the protocol version in control frames. */
export const SPDY_VERSION = 3;

/** Control frame types used by kubectl (others are parsed and ignored). */
export const FrameType = {
  SynStream: 1,
  SynReply: 2,
  RstStream: 3,
  Settings: 4,
  Ping: 6,
  GoAway: 7,
  Headers: 8,
  WindowUpdate: 9,
} as const;

/** FLAG_FIN ends the sender's half of a stream (data and SYN frames). */
export const FLAG_FIN = 0x01;

/** RST_STREAM status codes (§2.6.3). */
export const RstStatus = {
  ProtocolError: 1,
  InvalidStream: 2,
  RefusedStream: 3,
  Cancel: 5,
  InternalError: 6,
} as const;

/** ControlFrame is a parsed control frame: its type, flags and raw payload. */
export interface ControlFrame {
  control: true;
  type: number;
  flags: number;
  payload: Uint8Array;
}

/** DataFrame is a parsed data frame. */
export interface DataFrame {
  control: false;
  streamId: number;
  flags: number;
  payload: Uint8Array;
}

export type Frame = ControlFrame | DataFrame;

/** MAX_FRAME_PAYLOAD caps accepted payloads (the 24-bit length allows 16 MiB; spdystream sends far less). */
const MAX_FRAME_PAYLOAD = 1 << 24;

/**
 * FrameParser accumulates bytes from the transport and returns the complete frames they contain;
 * a partial frame stays buffered until its remaining bytes arrive.
 */
export class FrameParser {
  private buffer: Uint8Array = new Uint8Array(0);

  /** push appends bytes and returns every complete frame now available, in order. */
  push(chunk: Uint8Array): Frame[] {
    this.buffer = this.buffer.length === 0 ? chunk : concat(this.buffer, chunk);
    const frames: Frame[] = [];
    let offset = 0;
    while (this.buffer.length - offset >= 8) {
      const b = this.buffer;
      const length = (b[offset + 5] << 16) | (b[offset + 6] << 8) | b[offset + 7];
      if (length >= MAX_FRAME_PAYLOAD) throw new Error(`SPDY frame too large: ${length} bytes`);
      if (this.buffer.length - offset < 8 + length) break;
      const flags = b[offset + 4];
      const payload = b.slice(offset + 8, offset + 8 + length);
      if (b[offset] & 0x80) {
        const version = ((b[offset] & 0x7f) << 8) | b[offset + 1];
        if (version !== SPDY_VERSION) throw new Error(`unsupported SPDY version ${version}`);
        frames.push({ control: true, type: (b[offset + 2] << 8) | b[offset + 3], flags, payload });
      } else {
        frames.push({ control: false, streamId: readUint31(b, offset), flags, payload });
      }
      offset += 8 + length;
    }
    this.buffer = offset === this.buffer.length ? new Uint8Array(0) : this.buffer.slice(offset);
    return frames;
  }
}

/** encodeControlFrame builds a control frame of `type` around its payload. */
export function encodeControlFrame(type: number, flags: number, payload: Uint8Array): Uint8Array {
  const frame = new Uint8Array(8 + payload.length);
  frame[0] = 0x80 | (SPDY_VERSION >> 8);
  frame[1] = SPDY_VERSION & 0xff;
  frame[2] = (type >> 8) & 0xff;
  frame[3] = type & 0xff;
  writeFlagsLength(frame, flags, payload.length);
  frame.set(payload, 8);
  return frame;
}

/** encodeDataFrame builds a data frame for `streamId`. */
export function encodeDataFrame(streamId: number, flags: number, payload: Uint8Array): Uint8Array {
  const frame = new Uint8Array(8 + payload.length);
  writeUint32(frame, 0, streamId & 0x7fffffff);
  writeFlagsLength(frame, flags, payload.length);
  frame.set(payload, 8);
  return frame;
}

/** encodeSynReply builds SYN_REPLY: stream id then the compressed header block. */
export function encodeSynReply(streamId: number, flags: number, headerBlock: Uint8Array): Uint8Array {
  const payload = new Uint8Array(4 + headerBlock.length);
  writeUint32(payload, 0, streamId & 0x7fffffff);
  payload.set(headerBlock, 4);
  return encodeControlFrame(FrameType.SynReply, flags, payload);
}

/** encodeSynStream builds SYN_STREAM (§2.6.1): stream id, no associated stream, priority 0, header block. */
export function encodeSynStream(streamId: number, flags: number, headerBlock: Uint8Array): Uint8Array {
  const payload = new Uint8Array(10 + headerBlock.length);
  writeUint32(payload, 0, streamId & 0x7fffffff);
  payload.set(headerBlock, 10);
  return encodeControlFrame(FrameType.SynStream, flags, payload);
}

/** encodeRstStream builds RST_STREAM with a status code. */
export function encodeRstStream(streamId: number, status: number): Uint8Array {
  const payload = new Uint8Array(8);
  writeUint32(payload, 0, streamId & 0x7fffffff);
  writeUint32(payload, 4, status);
  return encodeControlFrame(FrameType.RstStream, 0, payload);
}

/** encodeGoAway builds GOAWAY naming the last stream the sender processed (status 0 = OK). */
export function encodeGoAway(lastGoodStreamId: number, status = 0): Uint8Array {
  const payload = new Uint8Array(8);
  writeUint32(payload, 0, lastGoodStreamId & 0x7fffffff);
  writeUint32(payload, 4, status);
  return encodeControlFrame(FrameType.GoAway, 0, payload);
}

/** SynStream is the decoded fixed part of a SYN_STREAM payload; the header block follows at `headerOffset`. */
export interface SynStream {
  streamId: number;
  associatedStreamId: number;
  priority: number;
  headerBlock: Uint8Array;
}

/** decodeSynStream splits a SYN_STREAM payload (§2.6.1). */
export function decodeSynStream(payload: Uint8Array): SynStream {
  if (payload.length < 10) throw new Error('SYN_STREAM frame too short');
  return {
    streamId: readUint31(payload, 0),
    associatedStreamId: readUint31(payload, 4),
    priority: payload[8] >> 5,
    headerBlock: payload.slice(10),
  };
}

/** readUint31 reads a 31-bit big-endian integer (the top bit is reserved). */
export function readUint31(bytes: Uint8Array, offset: number): number {
  return readUint32(bytes, offset) & 0x7fffffff;
}

/** readUint32 reads a 32-bit big-endian unsigned integer. */
export function readUint32(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset] << 24) >>> 0) + (bytes[offset + 1] << 16) + (bytes[offset + 2] << 8) + bytes[offset + 3]
  );
}

/** writeUint32 writes a 32-bit big-endian unsigned integer. */
export function writeUint32(bytes: Uint8Array, offset: number, value: number): void {
  bytes[offset] = (value >>> 24) & 0xff;
  bytes[offset + 1] = (value >>> 16) & 0xff;
  bytes[offset + 2] = (value >>> 8) & 0xff;
  bytes[offset + 3] = value & 0xff;
}

function writeFlagsLength(frame: Uint8Array, flags: number, length: number): void {
  if (length >= MAX_FRAME_PAYLOAD) throw new Error(`SPDY frame payload too large: ${length} bytes`);
  frame[4] = flags & 0xff;
  frame[5] = (length >> 16) & 0xff;
  frame[6] = (length >> 8) & 0xff;
  frame[7] = length & 0xff;
}

/** concat joins two byte arrays. */
export function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
