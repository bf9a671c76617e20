/**
 * Response encoding: JSON bodies with `Warning` headers, Status errors with their HTTP code, and the
 * conversion of any thrown value into a Status (unexpected errors become 500 InternalError).
 */
import { errors, isStatusError } from '../../machinery/errors';
import type { Status, StatusError } from '../../machinery/errors';
import { carryBody } from '../../machinery/carried-body';

/** JSON_CONTENT_TYPE is the Content-Type of every JSON answer. */
export const JSON_CONTENT_TYPE = 'application/json';

/** warningHeaderValue formats one warning as the apiserver does: `299 - "text"` (RFC 7234 warn-code 299, agent `-`). */
export function warningHeaderValue(text: string): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  return `299 - "${escaped}"`;
}

/** jsonResponse serialises body as JSON with the given status code and warnings. */
export function jsonResponse(
  body: unknown,
  status = 200,
  warnings: readonly string[] = [],
  contentType = JSON_CONTENT_TYPE,
): Response {
  const headers = new Headers({ 'Content-Type': contentType, 'Cache-Control': 'no-cache, private' });
  for (const warning of dedupe(warnings)) headers.append('Warning', warningHeaderValue(warning));
  const text = `${JSON.stringify(body)}\n`;
  // Carried too: an in-process client reads the text without the body's stream being made (carried-body.ts).
  return carryBody(new Response(text, { status, headers }), text);
}

/** dedupe keeps the first occurrence of each warning, as the apiserver's warning recorder does. */
function dedupe(warnings: readonly string[]): string[] {
  return [...new Set(warnings)];
}

/** toStatusError converts any thrown value to a StatusError; non-Status errors become 500 InternalError. */
export function toStatusError(err: unknown): StatusError {
  if (isStatusError(err)) return err;
  const message = err instanceof Error ? err.message : String(err);
  return errors.internal(message);
}

/** statusResponse answers a StatusError as a Status object with its code (and Retry-After for 429). */
export function statusResponse(err: StatusError, warnings: readonly string[] = []): Response {
  const status: Status = err.toStatus();
  const response = jsonResponse(status, err.code, warnings);
  if (err.details?.retryAfterSeconds)
    response.headers.set('Retry-After', String(err.details.retryAfterSeconds));
  return response;
}

/** successStatus is a `status: Success` Status (DELETE answers for objects deleted immediately, evictions). */
export function successStatus(details?: Status['details']): Status {
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 };
  if (details) status.details = details;
  return status;
}
