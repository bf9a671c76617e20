/**
 * bodyLimit refuses request bodies over `maxSize` bytes, as hono/body-limit does, without building the web
 * Request of a request that declares its length (Content-Length: kubectl, browsers, fetch) or has no body
 * (neither Content-Length nor Transfer-Encoding on the wire). Why: hono's middleware reads
 * `c.req.raw.body`, and on @hono/node-server that turns the lightweight request into a full Request with an
 * abort signal and a body stream, for every request, GETs included. On Node 20 both cost the garbage
 * collector dearly (the stream is a native weak handle; undici registers the signal in a
 * FinalizationRegistry whose clean-up ran for hundreds of milliseconds after each major collection of a
 * busy classroom). A body of unknown length (chunked, or an in-process Request) still goes through hono's
 * streaming check.
 */
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit as streamingBodyLimit } from 'hono/body-limit';

export interface BodyLimitOptions {
  maxSize: number;
  /** The answer to a body over the limit. */
  onError: (c: Context) => Response | Promise<Response>;
}

export function bodyLimit(options: BodyLimitOptions): MiddlewareHandler {
  const streaming = streamingBodyLimit(options);
  return async (c, next) => {
    const declared = c.req.header('content-length');
    if (c.req.header('transfer-encoding') === undefined) {
      if (declared !== undefined) {
        return Number.parseInt(declared, 10) > options.maxSize ? options.onError(c) : next();
      }
      // Off the wire (@hono/node-server passes the IncomingMessage), no length and no chunking means no
      // body at all (RFC 9112 §6.3): a DELETE or GET as kubectl sends them.
      if ((c.env as { incoming?: IncomingMessage } | undefined)?.incoming) return next();
    }
    // A chunked body, or an in-process Request (no length until sent): count its bytes.
    return streaming(c, next);
  };
}
