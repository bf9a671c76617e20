/**
 * The simulated network seen from inside a simulated container (curl, wget, nslookup). The runtime ships a
 * resolver that only reaches pods of its own node by IP; the networking layer replaces it with a
 * cluster-wide one (cluster DNS names, Service IPs, other nodes' runtimes) through `NetworkResolver`.
 */

/** SimHttpRequest is an HTTP request as a simulated client sends it. */
export interface SimHttpRequest {
  method: string;
  /** path includes the query string, e.g. `/index.html?x=1`. */
  path: string;
  /** headers use lower-case names; `host` is always present. */
  headers: Record<string, string>;
  body?: string;
  /** clientIp is the source address written to access logs. */
  clientIp: string;
  /** scheme is `https` when the client speaks TLS (only the ingress controller terminates it). */
  scheme?: 'http' | 'https';
}

/** SimHttpResponse is the answer of a simulated server. */
export interface SimHttpResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: string;
  /** rawBody is the exact bytes when a real server answered (body is their UTF-8 reading). */
  rawBody?: Uint8Array;
  /** tls is true when the server spoke TLS (the ingress controller's HTTPS port). */
  tls?: boolean;
}

/** NetworkErrorCode distinguishes the failures curl reports differently. */
export type NetworkErrorCode = 'ECONNREFUSED' | 'ETIMEDOUT' | 'EHOSTUNREACH';

/** NetworkError is thrown by `NetworkResolver.httpRequest` when no server answers. */
export class NetworkError extends Error {
  readonly code: NetworkErrorCode;

  constructor(code: NetworkErrorCode, message: string) {
    super(message);
    this.name = 'NetworkError';
    this.code = code;
  }
}

/** ResolveContext tells the resolver who asks (for search domains and namespace-relative names). */
export interface ResolveContext {
  namespace: string;
  searches: string[];
  /** nameserver is the first server of the pod's resolv.conf, shown by nslookup. */
  nameserver?: string;
  /** ndots is resolv.conf's `options ndots:N` (default 1, as in libc; pods get 5 from the kubelet). */
  ndots?: number;
  /** clientIp is the asking pod's address (NetworkPolicy egress to the DNS server applies to it). */
  clientIp?: string;
}

/** Resolved is a successful lookup: the answering name, its addresses, and the CNAME followed if any. */
export interface Resolved {
  name: string;
  addresses: string[];
  cname?: string;
}

/** NetworkResolver is the simulated DNS + HTTP transport used by the simulated shell. */
export interface NetworkResolver {
  /**
   * resolve returns the fully qualified name and addresses for `name` (a literal IP resolves to itself),
   * or undefined when the name does not exist (NXDOMAIN). Throws `NetworkError('ETIMEDOUT')` when the
   * nameserver cannot be reached (e.g. DNS egress denied by a NetworkPolicy).
   */
  resolve(name: string, context: ResolveContext): Promise<Resolved | undefined>;
  /** httpRequest sends a request to `ip:port`; throws `NetworkError` when nothing listens there. */
  httpRequest(ip: string, port: number, request: SimHttpRequest): Promise<SimHttpResponse>;
  /**
   * realTarget, when present, tells where a real TCP connection to `ip:port` should go when a real
   * container answers it (after kube-proxy and NetworkPolicy), so that a caller can stream; undefined when
   * an in-process server answers (use `httpRequest`). Throws `NetworkError` like `httpRequest`.
   */
  realTarget?(ip: string, port: number): Promise<{ ip: string; port: number } | undefined>;
}

/** HttpEndpointHandler answers requests for one IP (a pod of this node); undefined = nothing listens. */
export type HttpEndpointHandler = (
  port: number,
  request: SimHttpRequest,
) => Promise<SimHttpResponse | undefined>;

/**
 * LocalNetwork is the default resolver: IPs registered by the runtime (its own pods) and `localhost`.
 * Names other than IP literals and `localhost` do not resolve (no cluster DNS without the networking layer).
 */
export class LocalNetwork implements NetworkResolver {
  private readonly endpoints = new Map<string, HttpEndpointHandler>();

  /** register makes `ip` reachable; returns a function that unregisters it. */
  register(ip: string, handler: HttpEndpointHandler): () => void {
    this.endpoints.set(ip, handler);
    return () => {
      if (this.endpoints.get(ip) === handler) this.endpoints.delete(ip);
    };
  }

  resolve(name: string): Promise<Resolved | undefined> {
    if (isIpv4(name)) return Promise.resolve({ name, addresses: [name] });
    if (name === 'localhost') return Promise.resolve({ name, addresses: ['127.0.0.1'] });
    return Promise.resolve(undefined);
  }

  async httpRequest(ip: string, port: number, request: SimHttpRequest): Promise<SimHttpResponse> {
    const handler = this.endpoints.get(ip);
    if (!handler)
      throw new NetworkError('ETIMEDOUT', `connect to ${ip} port ${port} failed: Connection timed out`);
    const response = await handler(port, request);
    if (!response)
      throw new NetworkError('ECONNREFUSED', `connect to ${ip} port ${port} failed: Connection refused`);
    return response;
  }
}

/** isIpv4 tells whether `text` is a dotted-quad IPv4 address. */
export function isIpv4(text: string): boolean {
  const parts = text.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}
