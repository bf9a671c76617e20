/**
 * placeFirstSandbox handles the one request that creates a learner AND their sandbox at once: a
 * `POST /api/sandboxes` without the learner cookie. The learner id only exists once a replica has answered
 * (it sets the cookie), so the router cannot pick the learner's replica beforehand. It sends the request to
 * a replica; when the new learner belongs to another replica on the ring, it deletes the sandbox just made
 * there (nothing of it is used yet) and asks the learner's replica, with the new cookie. The learner gets
 * the cookie and a sandbox on the replica that will serve all their later requests.
 */
import http from 'node:http';
import { learnerOfCookie, LEARNER_COOKIE } from './routing-key';

/** Buffered is a whole answer of a replica. */
export interface Buffered {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** BODY_LIMIT bounds the buffered request body (the route takes no body or a tiny JSON one). */
export const BODY_LIMIT = 64 * 1024;

/** send makes one request to a replica and buffers the answer. */
export function send(
  replica: string,
  method: string,
  path: string,
  headers: http.OutgoingHttpHeaders,
  body?: Buffer,
): Promise<Buffered> {
  return new Promise((resolve, reject) => {
    const request = http.request(new URL(path, replica), {
      method,
      headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) },
    });
    request.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** learnerCookieOf returns `atelier_learner=<value>` from an answer's Set-Cookie headers, if any. */
export function learnerCookieOf(headers: http.IncomingHttpHeaders): string | undefined {
  for (const line of headers['set-cookie'] ?? []) {
    const pair = line.split(';')[0]?.trim();
    if (pair?.startsWith(`${LEARNER_COOKIE}=`)) return pair;
  }
  return undefined;
}

export async function placeFirstSandbox(options: {
  first: string;
  ownerOf: (learnerId: string) => string;
  path: string;
  headers: http.OutgoingHttpHeaders;
  body: Buffer;
}): Promise<Buffered> {
  const created = await send(options.first, 'POST', options.path, options.headers, options.body);
  const cookie = learnerCookieOf(created.headers);
  const learner = learnerOfCookie(cookie);
  if (created.status >= 300 || !cookie || !learner) return created;
  const owner = options.ownerOf(learner);
  if (owner === options.first) return created;
  const withCookie = { ...options.headers, cookie: cookie };
  const id = (JSON.parse(created.body.toString('utf8')) as { id?: unknown }).id;
  if (typeof id === 'string' && /^[A-Za-z0-9_-]+$/.test(id)) {
    // Best effort: if it fails, the replica's sleep sweep and expiry reclaim the unused sandbox.
    await send(options.first, 'DELETE', `/api/sandboxes/${id}`, withCookie).catch(() => undefined);
  }
  const placed = await send(owner, 'POST', options.path, withCookie, options.body);
  // The learner's browser must keep the cookie made by the first replica if the second sets none.
  if (!learnerCookieOf(placed.headers)) {
    placed.headers['set-cookie'] = [
      ...(placed.headers['set-cookie'] ?? []),
      ...(created.headers['set-cookie'] ?? []),
    ];
  }
  return placed;
}
