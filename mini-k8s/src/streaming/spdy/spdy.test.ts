import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SPDY3_DICTIONARY } from './dictionary';
import {
  FLAG_FIN,
  FrameParser,
  FrameType,
  RstStatus,
  encodeControlFrame,
  encodeDataFrame,
  encodeRstStream,
  encodeSynStream,
  readUint31,
  readUint32,
} from './frames';
import type { ControlFrame, Frame } from './frames';
import { HeaderCompressor, HeaderDecompressor, decodeHeaderBlock, encodeHeaderBlock } from './header-block';
import { SpdySession } from './session';
import type { SpdyStream } from './session';

/** synStream builds a peer's SYN_STREAM frame. */
function synStream(id: number, headers: Record<string, string>, compressor: HeaderCompressor, flags = 0) {
  return encodeSynStream(id, flags, compressor.compress(headers));
}

/** pair connects a client and a server session back to back (bytes delivered asynchronously, in order). */
function pair() {
  const serverStreams: SpdyStream[] = [];
  const toServer: Uint8Array[] = [];
  const toClient: Uint8Array[] = [];
  const client: SpdySession = new SpdySession(
    {
      write: (bytes) => {
        toServer.push(bytes);
        queueMicrotask(() => server.receive(toServer.shift()!));
      },
      close: () => queueMicrotask(() => server.transportEnded()),
    },
    { role: 'client' },
  );
  const server = new SpdySession(
    {
      write: (bytes) => {
        toClient.push(bytes);
        queueMicrotask(() => client.receive(toClient.shift()!));
      },
      close: () => queueMicrotask(() => client.transportEnded()),
    },
    { onStream: (s) => serverStreams.push(s) },
  );
  return { client, server, serverStreams };
}

async function readAll(stream: SpdyStream): Promise<string> {
  let text = '';
  for await (const chunk of stream.data) text += new TextDecoder().decode(chunk);
  return text;
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

  describe('client role', () => {
    it('opens streams with odd ids and headers, waits for SYN_REPLY, and carries data both ways until FIN', async () => {
      const { client, serverStreams } = pair();
      const error = await client.openStream({ streamtype: 'error', port: '80', requestid: '0' });
      const data = await client.openStream({ streamtype: 'data', port: '80', requestid: '0' });
      expect([error.id, data.id]).toEqual([1, 3]);
      expect(serverStreams.map((s) => s.headers)).toEqual([
        { streamtype: 'error', port: '80', requestid: '0' },
        { streamtype: 'data', port: '80', requestid: '0' },
      ]);
      error.end();
      data.write(new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'));
      data.end();
      expect(await readAll(serverStreams[1])).toBe('GET / HTTP/1.1\r\n\r\n');
      expect(await readAll(serverStreams[0])).toBe('');
      serverStreams[1].write(new TextEncoder().encode('HTTP/1.1 200 OK'));
      serverStreams[1].end();
      serverStreams[0].end();
      expect(await readAll(data)).toBe('HTTP/1.1 200 OK');
      expect(await readAll(error)).toBe('');
    });

    it('rejects a stream the server resets, and pending streams when the session ends', async () => {
      const sent: Uint8Array[] = [];
      const client = new SpdySession(
        { write: (b) => sent.push(b), close: () => undefined },
        { role: 'client' },
      );
      const refused = client.openStream({ streamtype: 'data' });
      client.receive(encodeRstStream(1, RstStatus.RefusedStream));
      await expect(refused).rejects.toThrow('SPDY stream 1 refused by the peer (RST_STREAM status 3)');
      const pending = client.openStream({ streamtype: 'data' });
      client.transportEnded();
      await expect(pending).rejects.toThrow('SPDY session closed');
      await expect(client.openStream({})).rejects.toThrow('SPDY session closed');
    });

    it('echoes the server’s PINGs only, and refuses streams the server opens', () => {
      const sent: Frame[] = [];
      const parser = new FrameParser();
      const client = new SpdySession(
        { write: (b) => sent.push(...parser.push(b)), close: () => undefined },
        { role: 'client' },
      );
      client.receive(encodeControlFrame(FrameType.Ping, 0, new Uint8Array([0, 0, 0, 2])));
      // An odd id answers one of the client's own PINGs: echoing it would loop forever.
      client.receive(encodeControlFrame(FrameType.Ping, 0, new Uint8Array([0, 0, 0, 1])));
      client.receive(synStream(2, { streamtype: 'push' }, new HeaderCompressor()));
      expect(sent.map((f) => (f.control ? [f.type, readUint32(f.payload, 0)] : 'data'))).toEqual([
        [FrameType.Ping, 2],
        [FrameType.RstStream, 2],
      ]);
      const rst = sent[1] as ControlFrame;
      expect(readUint32(rst.payload, 4)).toBe(RstStatus.RefusedStream);
    });
  });
});
