/**
 * Carried bodies: a request or response body handed over beside the Request/Response object instead of
 * inside it, for calls that never leave the process (a component's ApiClient calling its cluster's API
 * server, the platform's proxy calling a sandbox's API server).
 *
 * Why: on Node 20 every Request or Response made with a body creates a web ReadableStream at once, and each
 * stream is a native "transferable" object behind a weak handle that the garbage collector finalizes one by
 * one in its pause. A platform running 200 clusters made thousands per second: its major collections held
 * the event loop for 300-360 ms, 260 of them in those weak handles (`node --trace-gc-nvp`:
 * `heap.external.weak_global_handles`), and every learner request waiting then was that much slower.
 *
 * A carried request has no body of its own: only a transport that declares `carriesBodies` (the in-process
 * one) is given such requests, and every reader of request bodies on that path (`requestBytes`) looks here
 * first. A carried response keeps its real body too, so any reader works; the carried text only saves the
 * stream for readers that ask `responseText` (with the platform's lightweight Response class, the body of a
 * text response never becomes a stream unless someone reads `.body`).
 */

const carried = new WeakMap<Request | Response, string | Uint8Array>();

/** BodyCarrier marks a transport that reads carried request bodies (see `requestBytes`). */
export interface BodyCarrier {
  carriesBodies?: boolean;
}

/**
 * carriedRequest builds a request whose body (if any) is carried beside it, with its Content-Length set.
 * Only for a transport that `carriesBodies`: the Request itself has no body.
 */
export function carriedRequest(
  url: string | URL,
  init: Omit<RequestInit, 'body'>,
  body: string | Uint8Array | undefined,
): Request {
  if (body === undefined) return new Request(url, init);
  const headers = new Headers(init.headers);
  headers.set('content-length', String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength));
  const request = new Request(url, { ...init, headers });
  carried.set(request, body);
  return request;
}

/** carryBody records `body` as the carried body of `message` (a response already made with that body). */
export function carryBody<T extends Request | Response>(message: T, body: string | Uint8Array): T {
  carried.set(message, body);
  return message;
}

/** isCarried tells whether a request's body travels beside it. */
export function isCarried(message: Request | Response): boolean {
  return carried.has(message);
}

/** requestBytes reads a request's whole body: the carried one, else its stream. */
export async function requestBytes(request: Request): Promise<Uint8Array> {
  const body = carried.get(request);
  if (body !== undefined) return typeof body === 'string' ? Buffer.from(body) : body;
  return new Uint8Array(await request.arrayBuffer());
}

/** responseText reads a response's body as text: the carried one when present (no stream is made), else its own. */
export function responseText(response: Response): Promise<string> {
  const body = carried.get(response);
  if (body === undefined) return response.text();
  return Promise.resolve(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
}
