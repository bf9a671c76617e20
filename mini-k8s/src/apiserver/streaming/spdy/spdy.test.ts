import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SPDY3_DICTIONARY } from './dictionary';
import {
  FLAG_FIN,
  FrameParser,
  FrameType,
  encodeControlFrame,
  encodeDataFrame,
  readUint31,
  writeUint32,
} from './frames';
import type { ControlFrame, Frame } from './frames';
import { HeaderCompressor, HeaderDecompressor, decodeHeaderBlock, encodeHeaderBlock } from './header-block';
import { SpdySession } from './session';
import type { SpdyStream } from './session';

/** synStream builds a client SYN_STREAM frame (the session under test only receives them). */
function synStream(id: number, headers: Record<string, string>, compressor: HeaderCompressor, flags = 0) {
  const block = compressor.compress(headers);
  const payload = new Uint8Array(10 + block.length);
  writeUint32(payload, 0, id);
  payload.set(block, 10);
  return encodeControlFrame(FrameType.SynStream, flags, payload);
}

function harness() {
  const sent: Frame[] = [];
  const parser = new FrameParser();
  const streams: SpdyStream[] = [];
  let closed = 0;
  const session = new SpdySession(
    { write: (bytes) => sent.push(...parser.push(bytes)), close: () => closed++ },
    { onStream: (s) => streams.push(s) },
  );
  return { session, sent, streams, closed: () => closed };
}

describe('SPDY/3', () => {
  it('builds the 1423-byte dictionary of the draft', () => {
    expect(SPDY3_DICTIONARY.length).toBe(1423);
    expect(createHash('sha256').update(SPDY3_DICTIONARY).digest('hex')).toBe(
      '51d27341373f923f3cd88e1eb7162aeaa3723d7585ff2399201dc06498407f02',
    );
  });

  it('round-trips header blocks through one continuous zlib stream per direction', () => {
    const compressor = new HeaderCompressor();
    const decompressor = new HeaderDecompressor();
    const blocks: Record<string, string>[] = [
      { streamtype: 'error', port: '80', requestid: '0' },
      { streamtype: 'data', port: '80', requestid: '0' },
      {},
    ];
    for (const headers of blocks)
      expect(decompressor.decompress(compressor.compress(headers))).toEqual(headers);
    expect(decodeHeaderBlock(encodeHeaderBlock({ A: 'x' }))).toEqual({ a: 'x' });
    expect(() => decodeHeaderBlock(new Uint8Array([0, 0, 0, 1, 0, 0]))).toThrow('truncated');
  });

  it('parses frames split across chunks', () => {
    const bytes = new Uint8Array([
      ...encodeDataFrame(5, FLAG_FIN, new Uint8Array([1, 2, 3])),
      ...encodeControlFrame(FrameType.Ping, 0, new Uint8Array([0, 0, 0, 7])),
    ]);
    const parser = new FrameParser();
    const frames = [
      ...parser.push(bytes.subarray(0, 6)),
      ...parser.push(bytes.subarray(6, 13)),
      ...parser.push(bytes.subarray(13)),
    ];
    expect(frames).toEqual([
      { control: false, streamId: 5, flags: FLAG_FIN, payload: new Uint8Array([1, 2, 3]) },
      { control: true, type: FrameType.Ping, flags: 0, payload: new Uint8Array([0, 0, 0, 7]) },
    ]);
  });

  it('replies to SYN_STREAM, delivers data until FIN and writes back', async () => {
    const { session, sent, streams } = harness();
    const client = new HeaderCompressor();
    session.receive(synStream(1, { streamtype: 'stdout' }, client));
    session.receive(synStream(3, { streamtype: 'stdin' }, client));
    expect(streams.map((s) => [s.id, s.headers.streamtype])).toEqual([
      [1, 'stdout'],
      [3, 'stdin'],
    ]);
    const replies = sent.filter((f): f is ControlFrame => f.control && f.type === FrameType.SynReply);
    expect(replies.map((f) => readUint31(f.payload, 0))).toEqual([1, 3]);

    session.receive(encodeDataFrame(3, 0, new TextEncoder().encode('hello ')));
    session.receive(encodeDataFrame(3, FLAG_FIN, new TextEncoder().encode('world')));
    let text = '';
    for await (const chunk of streams[1].data) text += new TextDecoder().decode(chunk);
    expect(text).toBe('hello world');

    streams[0].write(new Uint8Array([9]));
    streams[0].end();
    streams[0].write(new Uint8Array([10]));
    expect(sent.filter((f) => !f.control)).toEqual([
      { control: false, streamId: 1, flags: 0, payload: new Uint8Array([9]) },
      { control: false, streamId: 1, flags: FLAG_FIN, payload: new Uint8Array(0) },
    ]);
  });

  it('echoes PING, refuses reused stream ids, and closes on GOAWAY', () => {
    const { session, sent, closed } = harness();
    const client = new HeaderCompressor();
    session.receive(encodeControlFrame(FrameType.Ping, 0, new Uint8Array([0, 0, 0, 1])));
    session.receive(synStream(5, {}, client));
    session.receive(synStream(5, {}, client));
    expect(sent.map((f) => (f.control ? f.type : 'data'))).toEqual([
      FrameType.Ping,
      FrameType.SynReply,
      FrameType.RstStream,
    ]);
    session.receive(encodeControlFrame(FrameType.GoAway, 0, new Uint8Array(8)));
    expect(session.isClosed).toBe(true);
    expect(closed()).toBe(1);
  });

  it('closes the session on a protocol error', () => {
    const { session, closed } = harness();
    session.receive(new Uint8Array([0x80, 0x02, 0, 1, 0, 0, 0, 0]));
    expect(session.isClosed).toBe(true);
    expect(closed()).toBe(1);
  });
});
