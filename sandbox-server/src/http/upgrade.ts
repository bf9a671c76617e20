/**
 * createUpgradeHandler answers HTTP upgrades on the platform's listeners (main.ts wires it to the
 * `upgrade` event): the learners' kubectl streams under /k8s/<sandbox-id>/… (exec, attach, port-forward:
 * token checked, path prefix stripped, then handed to the sandbox cluster's API server) and the terminal
 * WebSocket under /api/sandboxes/<id>/terminal (learner cookie checked, same-origin only), and the
 * instructor's read-only view of a learner's terminal under /api/workshops/<id>/learners/<learnerId>/terminal
 * (instructor session cookie or token, same-origin only; the client's input and resizes are ignored).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { parse as parseCookies } from 'hono/utils/cookie';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Logger } from '../logger';
import { INSTRUCTOR_COOKIE, type InstructorSession } from '../identity/instructor-session';
import { LEARNER_COOKIE, type LearnerIdentity } from '../identity/learner-cookie';
import { safeEqual } from '../identity/signed-token';
import { messages } from '../messages';
import { SandboxError, type SandboxManager } from '../sandboxes/manager';
import type { Attachment, TerminalClient, TerminalHub } from '../terminal/hub';
import type { WorkshopStore } from '../workshops/store';
import { initialSize, parseClientMessage, type ServerMessage } from '../terminal/protocol';
import { K8S_PREFIX, bearerOf, kubeStatus } from './k8s-proxy';

/** UpgradeDeps are the services the upgrade handler needs. */
export interface UpgradeDeps {
  sandboxes: SandboxManager;
  identity: LearnerIdentity;
  /** Absent: the terminal endpoint answers 503 with a French message. */
  terminals?: TerminalHub;
  /** The instructor's read-only terminal view; absent (or an empty token), that endpoint answers 503. */
  instructor?: { token: string; session: InstructorSession; workshops: WorkshopStore };
  logger: Logger;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  503: 'Service Unavailable',
};

/** refuse writes a JSON HTTP error on the raw socket and closes it. */
function refuse(socket: Duplex, status: number, body: unknown): void {
  const text = `${JSON.stringify(body)}\n`;
  socket.end(
    [
      `HTTP/1.1 ${status} ${REASONS[status] ?? 'Error'}`,
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(text)}`,
      'Connection: close',
      '',
      text,
    ].join('\r\n'),
  );
}

const TERMINAL_PATH = /^\/api\/sandboxes\/([^/]+)\/terminal$/;
const OBSERVE_PATH = /^\/api\/workshops\/([^/]+)\/learners\/([^/]+)\/terminal$/;

/** sameOrigin tells whether a browser handshake comes from a page of this server (no Origin: not a browser). */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

export function createUpgradeHandler(deps: UpgradeDeps) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });

  const k8s = async (req: IncomingMessage, socket: Duplex, head: Buffer, id: string, rest: string) => {
    const token = bearerOf(req.headers.authorization);
    const learner = token !== undefined && deps.sandboxes.sandboxOfToken(token) === id;
    if (!token || (!learner && deps.sandboxes.sandboxOfLessonToken(token) !== id)) {
      return refuse(socket, 401, kubeStatus(401, 'Unauthorized', messages.k8sUnauthorized()));
    }
    try {
      const { adminToken, cluster } = await deps.sandboxes.acquireWithToken(id);
      // The cluster sees the path without the prefix and its own admin credential (a lesson user's own).
      req.url = rest;
      req.headers.authorization = `Bearer ${learner ? adminToken : token}`;
      cluster.apiServer.handleUpgrade(req, socket, head);
    } catch (err) {
      if (err instanceof SandboxError) {
        return refuse(
          socket,
          err.status,
          kubeStatus(err.status, err.status === 404 ? 'NotFound' : 'Conflict', err.message),
        );
      }
      throw err;
    }
  };

  const terminal = async (req: IncomingMessage, socket: Duplex, head: Buffer, id: string, url: URL) => {
    // Browsers always send Origin on WebSocket handshakes: only pages of this server may attach
    // (a cookie alone would let any site open the learner's shell).
    if (!sameOrigin(req)) {
      return refuse(socket, 403, { error: 'forbidden_origin', message: messages.originRejected() });
    }
    const cookie = parseCookies(req.headers.cookie ?? '', LEARNER_COOKIE)[LEARNER_COOKIE];
    const learnerId = await deps.identity.learnerFromCookie(cookie);
    if (!learnerId) return refuse(socket, 401, { error: 'no_learner', message: messages.noLearner() });
    const record = await deps.sandboxes.get(id);
    if (!record)
      return refuse(socket, 404, { error: 'sandbox_not_found', message: messages.sandboxNotFound() });
    if (record.learnerId !== learnerId) {
      return refuse(socket, 403, { error: 'forbidden', message: messages.sandboxForbidden() });
    }
    if (!deps.terminals) {
      return refuse(socket, 503, { error: 'terminal_unavailable', message: messages.terminalUnavailable() });
    }
    const hub = deps.terminals;
    try {
      await deps.sandboxes.acquire(id);
    } catch (err) {
      if (err instanceof SandboxError)
        return refuse(socket, err.status, { error: err.code, message: err.message });
      throw err;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      void attachTerminal(ws, hub, id, learnerId, initialSize(url.searchParams), deps.logger, false);
    });
  };

  const observe = async (
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    workshopId: string,
    learnerId: string,
    url: URL,
  ) => {
    if (!sameOrigin(req)) {
      return refuse(socket, 403, { error: 'forbidden_origin', message: messages.originRejected() });
    }
    const instructor = deps.instructor;
    if (!instructor?.token) {
      return refuse(socket, 503, { error: 'workshops_disabled', message: messages.workshopsDisabled() });
    }
    const bearer = bearerOf(req.headers.authorization);
    const cookie = parseCookies(req.headers.cookie ?? '', INSTRUCTOR_COOKIE)[INSTRUCTOR_COOKIE];
    const allowed = bearer ? safeEqual(bearer, instructor.token) : instructor.session.valid(cookie);
    if (!allowed) {
      return refuse(socket, 401, { error: 'instructor_required', message: messages.instructorRequired() });
    }
    if (!(await instructor.workshops.get(workshopId))) {
      return refuse(socket, 404, { error: 'workshop_not_found', message: messages.workshopNotFound() });
    }
    const member = await instructor.workshops.member(workshopId, learnerId);
    if (!member) {
      return refuse(socket, 404, { error: 'learner_not_found', message: messages.learnerNotFound() });
    }
    if (!member.sandboxId) {
      return refuse(socket, 404, { error: 'sandbox_not_found', message: messages.sandboxNotFound() });
    }
    if (!deps.terminals) {
      return refuse(socket, 503, { error: 'terminal_unavailable', message: messages.terminalUnavailable() });
    }
    const hub = deps.terminals;
    const sandboxId = member.sandboxId;
    try {
      await deps.sandboxes.acquire(sandboxId);
    } catch (err) {
      if (err instanceof SandboxError)
        return refuse(socket, err.status, { error: err.code, message: err.message });
      throw err;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      void attachTerminal(ws, hub, sandboxId, learnerId, initialSize(url.searchParams), deps.logger, true);
    });
  };

  return (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://upgrade.invalid');
    const work = async () => {
      if (url.pathname.startsWith(`${K8S_PREFIX}/`)) {
        const rest = (req.url ?? '/').slice(K8S_PREFIX.length + 1);
        const slash = rest.indexOf('/');
        const id = slash < 0 ? rest.split('?')[0] : rest.slice(0, slash);
        return k8s(req, socket, head, decodeURIComponent(id), slash < 0 ? '/' : rest.slice(slash));
      }
      const match = TERMINAL_PATH.exec(url.pathname);
      if (match) return terminal(req, socket, head, decodeURIComponent(match[1]), url);
      const watched = OBSERVE_PATH.exec(url.pathname);
      if (watched) {
        return observe(
          req,
          socket,
          head,
          decodeURIComponent(watched[1]),
          decodeURIComponent(watched[2]),
          url,
        );
      }
      refuse(socket, 404, { error: 'not_found', message: messages.apiNotFound() });
    };
    work().catch((err: unknown) => {
      deps.logger.error({ err, url: req.url }, 'upgrade failed');
      refuse(socket, 500 as number, { error: 'internal', message: messages.internal() });
    });
  };
}

/**
 * attachTerminal wires one WebSocket to the sandbox's shared shell (see terminal/protocol.ts). A read-only
 * attachment (instructor) receives the same frames, and everything it sends is ignored without answer.
 */
async function attachTerminal(
  ws: WebSocket,
  hub: TerminalHub,
  sandboxId: string,
  learnerId: string,
  size: { cols: number; rows: number },
  logger: Logger,
  readOnly: boolean,
): Promise<void> {
  const control = (message: ServerMessage) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  let attachment: Attachment;
  try {
    const join = (client: TerminalClient) =>
      readOnly
        ? hub.observe(sandboxId, learnerId, client, size)
        : hub.attach(sandboxId, learnerId, client, size);
    attachment = await join({
      output: (data) => {
        if (ws.readyState === ws.OPEN) ws.send(Buffer.from(data, 'utf8'));
      },
      exited: (code) => {
        control({ type: 'exit', code });
        ws.close(1000);
      },
    });
  } catch (err) {
    logger.error({ err, sandboxId }, 'terminal open failed');
    control({ type: 'error', message: messages.terminalUnavailable() });
    ws.close(1011);
    return;
  }
  const attached = attachment;
  control({ type: 'attached', sandboxId });
  if (attached.scrollback) ws.send(Buffer.from(attached.scrollback, 'utf8'));
  ws.on('message', (data, isBinary) => {
    if (readOnly) return;
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (isBinary) return attached.write(bytes.toString('utf8'));
    const message = parseClientMessage(bytes.toString('utf8'));
    if (!message)
      return control({ type: 'error', message: messages.invalidRequest('message de terminal mal formé') });
    if (message.type === 'input') attached.write(message.data);
    else attached.resize(message.cols, message.rows);
  });
  ws.on('close', () => attached.detach());
}
