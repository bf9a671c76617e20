/**
 * `GET /api/v1/namespaces/{ns}/pods/{name}/log`: validates PodLogOptions, resolves the container, checks
 * its status as the kubelet does, then streams the kubelet's bytes as `text/plain`. With `follow` the
 * response stays open and each chunk is written as it arrives; a client disconnect aborts the kubelet read.
 */
import { errors, isStatusError } from '../../machinery/errors';
import type { FieldError } from '../../machinery/errors';
import type { UserInfo } from '../registry/interface';
import type { LogRequest } from './node-connector';
import {
  checkLogStatus,
  getPod,
  kubeletFor,
  parseBool,
  resolveContainer,
  type StreamingDeps,
} from './pod-target';

/** parseLogRequest reads PodLogOptions from the query, with the apiserver's validation texts. */
export function parseLogRequest(query: URLSearchParams, podName: string): LogRequest {
  const fieldErrors: FieldError[] = [];
  const integer = (name: string): number | undefined => {
    const text = query.get(name);
    if (text === null || text === '') return undefined;
    if (!/^-?\d+$/.test(text))
      throw errors.badRequest(`strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`);
    return Number(text);
  };
  const request: LogRequest = {
    follow: parseBool(query, 'follow'),
    timestamps: parseBool(query, 'timestamps'),
    previous: parseBool(query, 'previous'),
  };
  const tailLines = integer('tailLines');
  if (tailLines !== undefined) {
    if (tailLines < 0)
      fieldErrors.push({
        type: 'FieldValueInvalid',
        field: 'tailLines',
        detail: `Invalid value: ${tailLines}: must be greater than or equal to 0`,
      });
    request.tailLines = tailLines;
  }
  const limitBytes = integer('limitBytes');
  if (limitBytes !== undefined) {
    if (limitBytes < 1)
      fieldErrors.push({
        type: 'FieldValueInvalid',
        field: 'limitBytes',
        detail: `Invalid value: ${limitBytes}: must be greater than 0`,
      });
    request.limitBytes = limitBytes;
  }
  const sinceSeconds = integer('sinceSeconds');
  if (sinceSeconds !== undefined) {
    if (sinceSeconds < 1)
      fieldErrors.push({
        type: 'FieldValueInvalid',
        field: 'sinceSeconds',
        detail: `Invalid value: ${sinceSeconds}: must be greater than 0`,
      });
    request.sinceSeconds = sinceSeconds;
  }
  const sinceTime = query.get('sinceTime');
  if (sinceTime) {
    const parsed = new Date(sinceTime);
    if (Number.isNaN(parsed.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(sinceTime)) {
      throw errors.badRequest(
        `parsing time ${JSON.stringify(sinceTime)} as "2006-01-02T15:04:05Z07:00": cannot parse`,
      );
    }
    request.sinceTime = parsed;
    if (sinceSeconds !== undefined)
      fieldErrors.push({
        type: 'FieldValueForbidden',
        field: '',
        detail: 'Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified',
      });
  }
  if (fieldErrors.length > 0) throw errors.invalid('', 'PodLogOptions', podName, fieldErrors);
  return request;
}

/** handleLog serves the log subresource. */
export async function handleLog(
  request: Request,
  user: UserInfo,
  namespace: string,
  name: string,
  deps: StreamingDeps,
): Promise<Response> {
  const query = new URL(request.url).searchParams;
  const pod = await getPod(deps, user, namespace, name);
  const container = resolveContainer(pod, query.get('container'));
  const options = parseLogRequest(query, name);
  const headers = { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' };
  // An unscheduled pod has no kubelet to ask: the apiserver answers an empty log (LogLocation's nil URL).
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) return new Response('', { status: 200, headers });
  checkLogStatus(pod, container, options.previous);
  const kubelet = kubeletFor(deps, nodeName);

  const abort = new AbortController();
  const onClientGone = () => abort.abort();
  request.signal.addEventListener('abort', onClientGone, { once: true });
  let source: AsyncIterable<Uint8Array>;
  try {
    source = await kubelet.logs(namespace, name, container, options, abort.signal);
  } catch (err) {
    request.signal.removeEventListener('abort', onClientGone);
    // The kubelet answers log errors with 400 and a text the apiserver relays as BadRequest.
    if (isStatusError(err)) throw err;
    throw errors.badRequest(err instanceof Error ? err.message : String(err));
  }

  const iterator = source[Symbol.asyncIterator]();
  let remaining = options.limitBytes ?? Number.POSITIVE_INFINITY;
  const finish = () => {
    request.signal.removeEventListener('abort', onClientGone);
    abort.abort();
    void iterator.return?.();
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const next = await iterator.next();
        if (next.done || abort.signal.aborted) {
          finish();
          controller.close();
          return;
        }
        let chunk = next.value;
        if (chunk.length >= remaining) {
          chunk = chunk.subarray(0, remaining);
          remaining = 0;
        } else {
          remaining -= chunk.length;
        }
        if (chunk.length > 0) controller.enqueue(chunk);
        if (remaining === 0) {
          finish();
          controller.close();
        }
      } catch (err) {
        finish();
        controller.error(err);
      }
    },
    cancel() {
      finish();
    },
  });
  return new Response(body, { status: 200, headers });
}
