/**
 * Answers to HTTP upgrade requests (exec, attach, port-forward over WebSocket or SPDY) written on the raw
 * socket: the connection is refused with a Status body so kubectl reports a readable error.
 */
import type { Duplex } from 'node:stream';
import { StatusError, errors } from '../../machinery/errors';
import { parseResourcePath } from './request-info';

/** STATUS_TEXT gives the reason phrases of the codes an upgrade refusal uses. */
const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

/** rejectUpgrade writes an HTTP/1.1 error response carrying the Status and closes the socket. */
export function rejectUpgrade(socket: Duplex, error: StatusError): void {
  const body = `${JSON.stringify(error.toStatus())}\n`;
  const head = [
    `HTTP/1.1 ${error.code} ${STATUS_TEXT[error.code] ?? 'Error'}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    '',
  ].join('\r\n');
  socket.end(head + body);
}

/** UPGRADE_SUBRESOURCES are the subresources reached through a connection upgrade. */
const UPGRADE_SUBRESOURCES = new Set(['exec', 'attach', 'portforward', 'proxy']);

/**
 * upgradeUnavailable is the error for an upgrade request: 503 for the streaming subresources (served
 * once kubelets stream), 404 for any other path.
 */
export function upgradeUnavailable(method: string, path: string): StatusError {
  let info;
  try {
    info = parseResourcePath(method, path, false);
  } catch (err) {
    return err instanceof StatusError ? err : errors.resourceNotFound();
  }
  if (!info?.subresource || !UPGRADE_SUBRESOURCES.has(info.subresource)) return errors.resourceNotFound();
  return new StatusError(
    503,
    'ServiceUnavailable',
    `the ${info.subresource} subresource of ${info.resource} is not served by this mini-k8s server yet`,
  );
}
