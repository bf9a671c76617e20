/**
 * Entry points of the streaming subresources for the API server: `streamingResponse` for ordinary HTTP
 * requests (log, proxy, metrics.k8s.io, and the "Upgrade request required" refusal of exec/attach/
 * portforward without an upgrade), and `handleStreamingUpgrade` for connection upgrades (exec/attach over
 * WebSocket or SPDY, port-forward over SPDY or WebSocket-tunnelled SPDY).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ResourceInfo } from '../../api/resources';
import { StatusError, errors } from '../../machinery/errors';
import { forbiddenError } from '../auth/authorizer';
import type { AuthorizationAttributes, Authorizer } from '../auth/authorizer';
import { parseResourcePath } from '../http/request-info';
import type { ResourceRequestInfo } from '../http/request-info';
import { jsonResponse, toStatusError } from '../http/respond';
import { rejectUpgrade } from '../http/upgrade';
import type { UserInfo } from '../registry/interface';
import { handleLog } from './log';
import { serveMetrics } from './metrics-api';
import {
  UpgradeTextError,
  checkRunning,
  getPod,
  kubeletFor,
  requireHost,
  resolveContainer,
  type StreamingDeps,
} from './pod-target';
import { serveSpdyPortForward, serveTunnelledPortForward } from './port-forward';
import { PORT_FORWARD_PROTOCOL, TUNNEL_PROTOCOL } from '../../streaming/port-forward-protocol';
import { handleProxy } from './proxy';
import { parseRemoteCommandParams } from './remote-command';
import type { RemoteCommandKind } from './remote-command';
import { SPDY_EXEC_PROTOCOLS, serveSpdyExec } from './spdy-exec';
import type { ExecRequest, ExecSession } from './node-connector';
import { chooseChannelProtocol, offeredProtocols, serveWebSocketExec } from './websocket-exec';

/** UPGRADE_ONLY are the pod subresources that exist only as connection upgrades. */
const UPGRADE_ONLY = new Set(['exec', 'attach', 'portforward']);

/**
 * streamingResponse serves the request when it belongs to the streaming subresources or metrics.k8s.io,
 * and returns undefined otherwise (the caller goes on with the registry). The caller has already checked
 * the resource, verb and authorization.
 */
export async function streamingResponse(
  request: Request,
  user: UserInfo,
  req: ResourceRequestInfo,
  info: ResourceInfo,
  deps: StreamingDeps,
): Promise<Response | undefined> {
  if (info.group === 'metrics.k8s.io') {
    const query = new URL(request.url).searchParams;
    const labelSelector = query.get('labelSelector');
    const body = await serveMetrics(
      {
        resource: info.resource === 'nodes' ? 'nodes' : 'pods',
        ...(req.namespace !== undefined && info.namespaced ? { namespace: req.namespace } : {}),
        ...(req.name !== undefined ? { name: req.name } : {}),
        ...(labelSelector ? { labelSelector } : {}),
      },
      user,
      deps,
    );
    return jsonResponse(body);
  }
  if (info.group !== '' || req.name === undefined || req.namespace === undefined) return undefined;
  if (info.resource === 'pods' && req.subresource === 'log') {
    return handleLog(request, user, req.namespace, req.name, deps);
  }
  if ((info.resource === 'pods' || info.resource === 'services') && req.subresource === 'proxy') {
    return handleProxy(request, user, info.resource, req.namespace, req.name, deps);
  }
  if (info.resource === 'pods' && req.subresource && UPGRADE_ONLY.has(req.subresource)) {
    await getPod(deps, user, req.namespace, req.name);
    throw errors.badRequest('Upgrade request required');
  }
  return undefined;
}

/** UpgradeDeps are StreamingDeps plus the authorizer the upgrade path checks itself. */
export interface UpgradeDeps extends StreamingDeps {
  authorizer: Authorizer;
}

/** handleStreamingUpgrade serves an authenticated upgrade request; any failure is written on the socket. */
export async function handleStreamingUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  user: UserInfo,
  deps: UpgradeDeps,
): Promise<void> {
  try {
    await serveUpgrade(req, socket, head, user, deps);
  } catch (err) {
    if (err instanceof UpgradeTextError) rejectUpgradeText(socket, err.code, err.message);
    else rejectUpgrade(socket, toStatusError(err));
  }
}

async function serveUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  user: UserInfo,
  deps: UpgradeDeps,
): Promise<void> {
  const method = req.method ?? 'GET';
  const url = new URL(req.url ?? '/', 'http://upgrade.invalid');
  const info = parseResourcePath(method, (req.url ?? '/').split('?')[0], false);
  if (
    !info ||
    info.group !== '' ||
    info.version !== 'v1' ||
    info.resource !== 'pods' ||
    info.namespace === undefined ||
    info.name === undefined ||
    !info.subresource ||
    !UPGRADE_ONLY.has(info.subresource)
  ) {
    throw errors.resourceNotFound();
  }
  if (method !== 'GET' && method !== 'POST')
    throw errors.methodNotAllowed('the server does not allow this method on the requested resource');
  const attributes: AuthorizationAttributes = {
    user,
    verb: method === 'POST' ? 'create' : 'get',
    resourceRequest: true,
    group: '',
    version: 'v1',
    resource: 'pods',
    subresource: info.subresource,
    namespace: info.namespace,
    name: info.name,
  };
  const decision = await deps.authorizer.authorize(attributes);
  if (!decision.allowed) throw forbiddenError(attributes, decision.reason);

  const upgrade = String(req.headers.upgrade ?? '').toLowerCase();
  const isWebSocket = upgrade === 'websocket';
  if (!isWebSocket && upgrade !== 'spdy/3.1') throw errors.badRequest('Upgrade request required');

  const pod = await getPod(deps, user, info.namespace, info.name);
  if (info.subresource === 'portforward') {
    const kubelet = kubeletFor(deps, requireHost(pod));
    const target = { kubelet, namespace: info.namespace, pod: info.name, uid: pod.metadata.uid ?? '' };
    if (isWebSocket) {
      if (!offeredProtocols(req).includes(TUNNEL_PROTOCOL))
        throw new UpgradeTextError(400, `unable to upgrade: no supported websocket subprotocol offered`);
      serveTunnelledPortForward(req, socket, head, target);
      return;
    }
    if (!streamProtocols(req).includes(PORT_FORWARD_PROTOCOL))
      throw new UpgradeTextError(403, `unable to upgrade: unable to negotiate protocol`);
    serveSpdyPortForward(socket, head, target);
    return;
  }

  const kind = info.subresource as RemoteCommandKind;
  const params = parseRemoteCommandParams(url.searchParams, kind);
  const container = resolveContainer(pod, params.container);
  const kubelet = kubeletFor(deps, requireHost(pod));
  checkRunning(pod, container);
  // Choose the protocol before starting anything in the container.
  const protocol = isWebSocket
    ? chooseChannelProtocol(offeredProtocols(req))
    : SPDY_EXEC_PROTOCOLS.find((p) => streamProtocols(req).includes(p));
  if (!protocol) throw new UpgradeTextError(403, 'unable to upgrade: unable to negotiate protocol');

  const abortController = new AbortController();
  const execRequest: ExecRequest = {
    stdin: params.stdin,
    stdout: params.stdout,
    stderr: params.stderr,
    tty: params.tty,
    signal: abortController.signal,
  };
  let session: ExecSession;
  try {
    session =
      kind === 'exec'
        ? await kubelet.exec(info.namespace, info.name, container, params.command, execRequest)
        : await kubelet.attach(info.namespace, info.name, container, execRequest);
  } catch (err) {
    if (err instanceof StatusError || err instanceof UpgradeTextError) throw err;
    throw new UpgradeTextError(500, err instanceof Error ? err.message : String(err));
  }
  const abort = () => abortController.abort();
  if (isWebSocket) serveWebSocketExec(req, socket, head, protocol, session, params, kind, abort);
  else serveSpdyExec(socket, head, protocol, session, params, kind, abort);
}

/** streamProtocols reads the X-Stream-Protocol-Version list of a SPDY upgrade. */
function streamProtocols(req: IncomingMessage): string[] {
  const header = req.headers['x-stream-protocol-version'];
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  return text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

/** rejectUpgradeText answers an upgrade with a plain-text error, as the kubelet does. */
function rejectUpgradeText(socket: Duplex, code: number, text: string): void {
  const body = `${text}\n`;
  const reason = code === 400 ? 'Bad Request' : code === 403 ? 'Forbidden' : 'Internal Server Error';
  socket.end(
    [
      `HTTP/1.1 ${code} ${reason}`,
      'Content-Type: text/plain; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}
