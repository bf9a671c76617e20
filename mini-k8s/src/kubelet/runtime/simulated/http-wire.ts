/**
 * HTTP/1.1 framing for port-forward streams: parse the requests a client writes into the tunnel and format
 * the simulated servers' responses back into bytes.
 */
import type { SimHttpRequest, SimHttpResponse } from '../network';

/** parseHttpRequests extracts the complete requests at the start of `buffer`; `rest` is the unparsed tail. */
export function parseHttpRequests(buffer: string): {
  requests: Omit<SimHttpRequest, 'clientIp'>[];
  rest: string;
} {
  const requests: Omit<SimHttpRequest, 'clientIp'>[] = [];
  let rest = buffer;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const [requestLine, ...headerLines] = rest.slice(0, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of headerLines) {
      const colon = line.indexOf(':');
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = Number(headers['content-length'] ?? 0);
    if (rest.length < end + 4 + length) break;
    const body = rest.slice(end + 4, end + 4 + length);
    rest = rest.slice(end + 4 + length);
    const [method = 'GET', path = '/'] = requestLine.split(' ');
    headers.host ??= 'localhost';
    requests.push({ method, path, headers, body });
  }
  return { requests, rest };
}

/** formatHttpResponse serialises a response with a Content-Length (keep-alive friendly). */
export function formatHttpResponse(response: SimHttpResponse): string {
  const headers = { ...response.headers };
  const hasLength = Object.keys(headers).some((h) => h.toLowerCase() === 'content-length');
  if (!hasLength) headers['Content-Length'] = String(Buffer.byteLength(response.body));
  const lines = [`HTTP/1.1 ${response.status} ${response.statusText}`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n${response.body}`;
}
