/**
 * The `proxy` subresource of pods and services (`kubectl get --raw …/pods/web:8080/proxy/healthz`,
 * `kubectl proxy` URLs): the request is replayed as HTTP/1.1 over the kubelet's port-forward stream to the
 * pod. A service is resolved like the apiserver's ResourceLocation: the port number maps to the service
 * port's name, then a ready address of the Endpoints carrying that port name gives the pod and port.
 */
import { request as httpRequest } from 'node:http';
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import type { Duplex } from 'node:stream';
import { findResource } from '../../api/resources';
import type { KubeObject } from '../../api/object';
import { errors } from '../../machinery/errors';
import { requestBytes } from '../../machinery/carried-body';
import type { RequestContext, UserInfo } from '../registry/interface';
import { getPod, kubeletFor, requireHost, type StreamingDeps } from './pod-target';

/** HOP_BY_HOP headers are not forwarded in either direction (RFC 7230 §6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
  'authorization',
]);

/** ProxyTarget is `[scheme:]name[:port]` split as utilnet.SplitSchemeNamePort does. */
export interface ProxyTarget {
  name: string;
  port: string;
}

/** splitNamePort parses a proxy id; only the http scheme is served. */
export function splitNamePort(id: string): ProxyTarget {
  const parts = id.split(':');
  let scheme = '';
  let name: string;
  let port = '';
  if (parts.length === 1) name = parts[0];
  else if (parts.length === 2) [name, port] = parts;
  else if (parts.length === 3) [scheme, name, port] = parts;
  else throw errors.badRequest(`invalid request ${JSON.stringify(id)}`);
  if (name === '' || (scheme !== '' && scheme !== 'http' && scheme !== 'https'))
    throw errors.badRequest(`invalid request ${JSON.stringify(id)}`);
  if (scheme === 'https') throw errors.badRequest('https is not supported by the mini-k8s proxy');
  return { name, port };
}

/** proxyPathOf extracts the still-encoded path after `/proxy` and the query from a request URL. */
export function proxyPathOf(url: string): string {
  const parsed = new URL(url);
  const raw = url.slice(url.indexOf(parsed.host) + parsed.host.length).split(/[?#]/)[0];
  const at = raw.indexOf('/proxy');
  const rest = at < 0 ? '' : raw.slice(at + '/proxy'.length);
  return `${rest === '' ? '/' : rest}${parsed.search}`;
}

function readContext(user: UserInfo, deps: StreamingDeps): RequestContext {
  return { user, dryRun: false, fieldValidation: 'Ignore', warnings: [], now: deps.now };
}

interface ServicePort {
  name?: string;
  port?: number;
}

interface EndpointsView extends KubeObject {
  subsets?: {
    addresses?: { ip?: string; targetRef?: { kind?: string; name?: string; namespace?: string } }[];
    ports?: { name?: string; port?: number }[];
  }[];
}

/** resolveService returns the pod and port a service proxy request goes to. */
async function resolveService(
  user: UserInfo,
  namespace: string,
  id: ProxyTarget,
  deps: StreamingDeps,
): Promise<{ pod: string; port: number }> {
  const ctx = readContext(user, deps);
  let portName = id.port;
  if (/^\d+$/.test(portName)) {
    const service = await deps.registry.get(findResource('', 'v1', 'services')!, namespace, id.name, ctx);
    const ports = ((service.spec as { ports?: ServicePort[] } | undefined)?.ports ?? []) as ServicePort[];
    const match = ports.find((p) => p.port === Number(portName));
    if (!match)
      throw errors.serviceUnavailable(
        `no service port ${portName} found for service ${JSON.stringify(id.name)}`,
      );
    portName = match.name ?? '';
  }
  const endpoints = (await deps.registry.get(
    findResource('', 'v1', 'endpoints')!,
    namespace,
    id.name,
    ctx,
  )) as EndpointsView;
  const subsets = endpoints.subsets ?? [];
  if (subsets.length === 0)
    throw errors.serviceUnavailable(`no endpoints available for service ${JSON.stringify(id.name)}`);
  for (const subset of subsets) {
    const port = (subset.ports ?? []).find((p) => (p.name ?? '') === portName);
    const address = (subset.addresses ?? []).find((a) => a.targetRef?.kind === 'Pod' && a.targetRef.name);
    if (port?.port && address?.targetRef?.name) return { pod: address.targetRef.name, port: port.port };
  }
  const shownId = id.port ? `${id.name}:${id.port}` : id.name;
  throw errors.serviceUnavailable(`no endpoints available for service ${JSON.stringify(shownId)}`);
}

/** handleProxy serves `pods/{id}/proxy/...` and `services/{id}/proxy/...`. */
export async function handleProxy(
  request: Request,
  user: UserInfo,
  resource: 'pods' | 'services',
  namespace: string,
  idText: string,
  deps: StreamingDeps,
): Promise<Response> {
  const id = splitNamePort(idText);
  let podName = id.name;
  let port: number;
  if (resource === 'services') {
    ({ pod: podName, port } = await resolveService(user, namespace, id, deps));
  } else if (id.port !== '') {
    port = Number(id.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535)
      throw errors.badRequest(`invalid port ${JSON.stringify(id.port)}`);
  } else {
    port = 0;
  }
  const pod = await getPod(deps, user, namespace, podName);
  if (port === 0) {
    // Like the apiserver: the first declared container port, else the scheme's default.
    const declared = (pod.spec?.containers ?? []).flatMap((c) => c.ports ?? [])[0]?.containerPort;
    port = declared ?? 80;
  }
  const kubelet = kubeletFor(deps, requireHost(pod));

  let connection: Duplex;
  try {
    connection = await kubelet.portForward(namespace, podName, port);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw errors.serviceUnavailable(`error trying to reach service: ${reason}`);
  }
  const body =
    request.method === 'GET' || request.method === 'HEAD' ? undefined : await requestBytes(request);
  const headers: Record<string, string> = { Host: `${pod.status?.podIP ?? podName}:${port}` };
  request.headers.forEach((value, name) => {
    if (!HOP_BY_HOP.has(name.toLowerCase())) headers[name] = value;
  });
  headers.Connection = 'close';
  if (body) headers['Content-Length'] = String(body.byteLength);

  const upstream = await new Promise<IncomingMessage>((resolve, reject) => {
    const outgoing = httpRequest({
      method: request.method,
      path: proxyPathOf(request.url),
      headers,
      createConnection: () => connection as never,
    });
    outgoing.on('response', resolve);
    outgoing.on('error', (err) =>
      reject(errors.serviceUnavailable(`error trying to reach service: ${err.message}`)),
    );
    request.signal.addEventListener('abort', () => outgoing.destroy(), { once: true });
    outgoing.end(body ? Buffer.from(body.buffer, body.byteOffset, body.byteLength) : undefined);
  });
  const responseHeaders = new Headers();
  for (const [name, value] of Object.entries(upstream.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name)) continue;
    for (const v of Array.isArray(value) ? value : [value]) responseHeaders.append(name, v);
  }
  const status = upstream.statusCode ?? 502;
  const noBody = request.method === 'HEAD' || status === 204 || status === 304;
  if (noBody) upstream.resume();
  return new Response(noBody ? null : (Readable.toWeb(upstream) as ReadableStream<Uint8Array>), {
    status,
    headers: responseHeaders,
  });
}
