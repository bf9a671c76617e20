/**
 * bodyLimit refuses request bodies over `maxSize` bytes, as hono/body-limit does, without building the web
 * Request of a request that declares its length (Content-Length: kubectl, browsers, fetch) or has no body
 * (a GET or HEAD with neither Content-Length nor Transfer-Encoding). Why: hono's middleware reads
 * `c.req.raw.body`, and on @hono/node-server that turns the lightweight request into a full Request with an
 * abort signal and a body stream, for every request, GETs included. On Node 20 both cost the garbage
 * collector dearly (the stream is a native weak handle; undici registers the signal in a
 * FinalizationRegistry whose clean-up ran for hundreds of milliseconds after each major collection of a
 * busy classroom). A body of unknown length (chunked, or an in-process Request) still goes through hono's
 * streaming check.
 */
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
    if (c.req.header('transfer-encoding') === undefined && declared !== undefined) {
      return Number.parseInt(declared, 10) > options.maxSize ? options.onError(c) : next();
    }
    // No length on the wire: no body for GET and HEAD; else (chunked, or an in-process Request) count it.
    if (declared === undefined && (c.req.method === 'GET' || c.req.method === 'HEAD')) return next();
    return streaming(c, next);
  };
}
