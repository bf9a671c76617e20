/**
 * A SPDY/3 session as kubectl (moby/spdystream) uses it, in either role. The client opens every stream with
 * SYN_STREAM (odd ids, increasing) and waits for the server's SYN_REPLY; each stream is then a pair of
 * half-duplex byte pipes closed by FLAG_FIN (or torn down by RST_STREAM). The server role (the API server's
 * exec and port-forward) answers the streams kubectl opens; the client role (`openStream`, the kubernetes
 * runtime's port-forward to a host cluster) opens them. A PING from the peer is echoed; SETTINGS and
 * WINDOW_UPDATE are ignored (spdystream does no flow control); GOAWAY ends the session.
 */
import { ByteQueue } from '../byte-queue';
import {
  FLAG_FIN,
  FrameParser,
  FrameType,
  RstStatus,
  decodeSynStream,
  encodeControlFrame,
  encodeDataFrame,
  encodeGoAway,
  encodeRstStream,
  encodeSynReply,
  encodeSynStream,
  readUint31,
  readUint32,
} from './frames';
import type { ControlFrame, DataFrame } from './frames';
import { HeaderCompressor, HeaderDecompressor } from './header-block';
import type { Headers } from './header-block';

/** SpdyTransport carries session bytes (a raw socket, or binary WebSocket messages when tunnelled). */
export interface SpdyTransport {
  write(bytes: Uint8Array): void;
  /** close ends the underlying connection. */
  close(): void;
}

/** MAX_DATA_CHUNK bounds each DATA frame we send. */
const MAX_DATA_CHUNK = 32 * 1024;

/** SpdyStream is one stream of the session: `data` yields what the peer sends until its FIN. */
export class SpdyStream {
  readonly data = new ByteQueue();
  private localClosed = false;
  private remoteClosed = false;
  private reset = false;

  constructor(
    readonly id: number,
    readonly headers: Headers,
    private readonly session: SpdySession,
  ) {}

  /** closed reports whether the stream can no longer be written (FIN sent, reset, or session gone). */
  get closed(): boolean {
    return this.localClosed || this.reset;
  }

  /** isReset reports whether the stream was torn down (RST_STREAM either way, or the session ended). */
  get isReset(): boolean {
    return this.reset;
  }

  /** write sends bytes to the peer (split into frames); ignored once closed. */
  write(chunk: Uint8Array): void {
    if (this.closed) return;
    for (let offset = 0; offset < chunk.length; offset += MAX_DATA_CHUNK) {
      this.session.send(encodeDataFrame(this.id, 0, chunk.subarray(offset, offset + MAX_DATA_CHUNK)));
    }
  }

  /** end sends FIN: we write nothing more on this stream. */
  end(): void {
    if (this.closed) return;
    this.localClosed = true;
    this.session.send(encodeDataFrame(this.id, FLAG_FIN, new Uint8Array(0)));
    this.maybeForget();
  }

  /** abort resets the stream (RST_STREAM CANCEL). */
  abort(): void {
    if (this.reset) return;
    this.reset = true;
    this.session.send(encodeRstStream(this.id, RstStatus.Cancel));
    this.data.end();
    this.session.forget(this.id);
  }

  /** receive handles a DATA frame from the peer. */
  receive(frame: DataFrame): void {
    if (frame.payload.length > 0) this.data.push(frame.payload);
    if (frame.flags & FLAG_FIN) this.remoteEnded();
  }

  /** remoteEnded records the peer's FIN. */
  remoteEnded(): void {
    this.remoteClosed = true;
    this.data.end();
    this.maybeForget();
  }

  /** remoteReset handles RST_STREAM or session teardown: nothing more is read or written. */
  remoteReset(): void {
    this.reset = true;
    this.data.end();
  }

  private maybeForget(): void {
    if (this.localClosed && this.remoteClosed) this.session.forget(this.id);
  }
}

/** SpdySessionOptions configure a session. */
export interface SpdySessionOptions {
  /** role decides stream and PING ids: the client's are odd, the server's even (default `server`). */
  role?: 'client' | 'server';
  /**
   * onStream receives each stream the peer opens, after its SYN_REPLY was sent. Without it (a client that
   * accepts no server-pushed stream) such streams are refused with RST_STREAM.
   */
  onStream?: (stream: SpdyStream) => void;
  /** onClose runs once when the session ends (GOAWAY, transport end, protocol error or close()). */
  onClose?: () => void;
}

/** SpdySession multiplexes streams over one transport. Feed it with `receive`. */
export class SpdySession {
  private readonly parser = new FrameParser();
  private readonly compressor = new HeaderCompressor();
  private readonly decompressor = new HeaderDecompressor();
  private readonly streams = new Map<number, SpdyStream>();
  /** Streams this side opened that wait for the peer's SYN_REPLY. */
  private readonly replies = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();
  /** The last stream id the peer opened (named in GOAWAY). */
  private lastStreamId = 0;
  /** The id of the next stream this side opens (client: 1, 3, 5…; server: 2, 4, 6…). */
  private nextStreamId: number;
  private ended = false;

  constructor(
    private readonly transport: SpdyTransport,
    private readonly options: SpdySessionOptions,
  ) {
    this.nextStreamId = options.role === 'client' ? 1 : 2;
  }

  /** isClosed reports whether the session has ended. */
  get isClosed(): boolean {
    return this.ended;
  }

  /** receive feeds bytes read from the transport; a protocol error closes the session. */
  receive(bytes: Uint8Array): void {
    if (this.ended) return;
    try {
      for (const frame of this.parser.push(bytes)) {
        if (frame.control) this.handleControl(frame);
        else this.streams.get(frame.streamId)?.receive(frame);
        if (this.ended) return;
      }
    } catch {
      this.close();
    }
  }

  /**
   * openStream opens a stream with `headers` (SYN_STREAM) and resolves once the peer accepted it (SYN_REPLY),
   * as spdystream's client waits for it; rejects if the peer resets it or the session ends first.
   */
  openStream(headers: Headers): Promise<SpdyStream> {
    if (this.ended) return Promise.reject(new Error('SPDY session closed'));
    const id = this.nextStreamId;
    if (id > 0x7fffffff) return Promise.reject(new Error('SPDY stream ids exhausted'));
    this.nextStreamId += 2;
    const stream = new SpdyStream(id, headers, this);
    this.streams.set(id, stream);
    const accepted = new Promise<SpdyStream>((resolve, reject) => {
      this.replies.set(id, { resolve: () => resolve(stream), reject });
    });
    this.send(encodeSynStream(id, 0, this.compressor.compress(headers)));
    return accepted;
  }

  /** transportEnded is called when the peer closed the connection. */
  transportEnded(): void {
    this.teardown();
  }

  /** close sends GOAWAY and ends the transport. */
  close(): void {
    if (this.ended) return;
    this.send(encodeGoAway(this.lastStreamId));
    this.teardown();
    this.transport.close();
  }

  /** send writes a frame (dropped after the session ended). */
  send(frame: Uint8Array): void {
    if (!this.ended) this.transport.write(frame);
  }

  /** forget drops a finished stream. */
  forget(id: number): void {
    this.streams.delete(id);
  }

  private handleControl(frame: ControlFrame): void {
    switch (frame.type) {
      case FrameType.SynStream: {
        const syn = decodeSynStream(frame.payload);
        // The decompressor must see every block, in order, to keep its zlib state in sync.
        const headers = this.decompressor.decompress(syn.headerBlock);
        if (
          syn.streamId <= this.lastStreamId ||
          this.streams.has(syn.streamId) ||
          this.isOwnId(syn.streamId)
        ) {
          this.send(encodeRstStream(syn.streamId, RstStatus.ProtocolError));
          return;
        }
        this.lastStreamId = syn.streamId;
        if (!this.options.onStream) {
          this.send(encodeRstStream(syn.streamId, RstStatus.RefusedStream));
          return;
        }
        const stream = new SpdyStream(syn.streamId, headers, this);
        this.streams.set(syn.streamId, stream);
        this.send(encodeSynReply(syn.streamId, 0, this.compressor.compress({})));
        if (frame.flags & FLAG_FIN) stream.remoteEnded();
        this.options.onStream(stream);
        return;
      }
      case FrameType.SynReply: {
        if (frame.payload.length < 4) throw new Error('SYN_REPLY frame too short');
        const id = readUint31(frame.payload, 0);
        this.decompressor.decompress(frame.payload.slice(4));
        const waiter = this.replies.get(id);
        this.replies.delete(id);
        waiter?.resolve();
        if (frame.flags & FLAG_FIN) this.streams.get(id)?.remoteEnded();
        return;
      }
      case FrameType.Headers: {
        if (frame.payload.length >= 4) this.decompressor.decompress(frame.payload.slice(4));
        return;
      }
      case FrameType.RstStream: {
        const id = readUint31(frame.payload, 0);
        const status = frame.payload.length >= 8 ? readUint32(frame.payload, 4) : 0;
        this.rejectReply(
          id,
          new Error(`SPDY stream ${id} refused by the peer (RST_STREAM status ${status})`),
        );
        this.streams.get(id)?.remoteReset();
        this.streams.delete(id);
        return;
      }
      case FrameType.Ping:
        // The peer expects its own PING frame back unchanged; a PING with our parity answers one of ours.
        if (frame.payload.length >= 4 && !this.isOwnId(readUint32(frame.payload, 0)))
          this.send(encodeControlFrame(FrameType.Ping, 0, frame.payload));
        return;
      case FrameType.GoAway:
        this.close();
        return;
      default:
        // SETTINGS, WINDOW_UPDATE and unknown types carry nothing we need.
        return;
    }
  }

  /** isOwnId reports whether a stream or PING id has this side's parity (client odd, server even). */
  private isOwnId(id: number): boolean {
    return id % 2 === (this.options.role === 'client' ? 1 : 0);
  }

  private rejectReply(id: number, err: Error): void {
    const waiter = this.replies.get(id);
    this.replies.delete(id);
    waiter?.reject(err);
  }

  private teardown(): void {
    if (this.ended) return;
    this.ended = true;
    for (const id of [...this.replies.keys()]) this.rejectReply(id, new Error('SPDY session closed'));
    for (const stream of this.streams.values()) stream.remoteReset();
    this.streams.clear();
    this.options.onClose?.();
  }
}
