/**
 * The server side of a SPDY/3 session as kubectl (moby/spdystream) uses it: the client opens every stream
 * with SYN_STREAM and waits for our SYN_REPLY; each stream is then a pair of half-duplex byte pipes closed
 * by FLAG_FIN (or torn down by RST_STREAM). PING is echoed; SETTINGS and WINDOW_UPDATE are ignored
 * (spdystream does no flow control); GOAWAY ends the session.
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
  readUint31,
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

/** SpdyStream is one client-opened stream: `data` yields what the client sends until its FIN. */
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

  /** write sends bytes to the client (split into frames); ignored once closed. */
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

  /** receive handles a DATA frame from the client. */
  receive(frame: DataFrame): void {
    if (frame.payload.length > 0) this.data.push(frame.payload);
    if (frame.flags & FLAG_FIN) this.remoteEnded();
  }

  /** remoteEnded records the client's FIN. */
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
  /** onStream receives each new stream after its SYN_REPLY was sent. */
  onStream: (stream: SpdyStream) => void;
  /** onClose runs once when the session ends (GOAWAY, transport end, protocol error or close()). */
  onClose?: () => void;
}

/** SpdySession multiplexes client streams over one transport. Feed it with `receive`. */
export class SpdySession {
  private readonly parser = new FrameParser();
  private readonly compressor = new HeaderCompressor();
  private readonly decompressor = new HeaderDecompressor();
  private readonly streams = new Map<number, SpdyStream>();
  private lastStreamId = 0;
  private ended = false;

  constructor(
    private readonly transport: SpdyTransport,
    private readonly options: SpdySessionOptions,
  ) {}

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
        if (syn.streamId <= this.lastStreamId || this.streams.has(syn.streamId)) {
          this.send(encodeRstStream(syn.streamId, RstStatus.ProtocolError));
          return;
        }
        this.lastStreamId = syn.streamId;
        const stream = new SpdyStream(syn.streamId, headers, this);
        this.streams.set(syn.streamId, stream);
        this.send(encodeSynReply(syn.streamId, 0, this.compressor.compress({})));
        if (frame.flags & FLAG_FIN) stream.remoteEnded();
        this.options.onStream(stream);
        return;
      }
      case FrameType.Headers: {
        if (frame.payload.length >= 4) this.decompressor.decompress(frame.payload.slice(4));
        return;
      }
      case FrameType.RstStream: {
        const id = readUint31(frame.payload, 0);
        this.streams.get(id)?.remoteReset();
        this.streams.delete(id);
        return;
      }
      case FrameType.Ping:
        // The client expects its own PING frame back unchanged.
        this.send(encodeControlFrame(FrameType.Ping, 0, frame.payload));
        return;
      case FrameType.GoAway:
        this.close();
        return;
      default:
        // SETTINGS, WINDOW_UPDATE, SYN_REPLY from a client and unknown types carry nothing we need.
        return;
    }
  }

  private teardown(): void {
    if (this.ended) return;
    this.ended = true;
    for (const stream of this.streams.values()) stream.remoteReset();
    this.streams.clear();
    this.options.onClose?.();
  }
}
