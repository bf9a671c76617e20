/**
 * Error reporting as kubectl's cmdutil.CheckErr does it: API errors become `Error from server (Reason): …`,
 * Invalid errors list their causes, usage errors add the `See 'kubectl <cmd> -h'` hint, anything else is
 * `error: <message>`. Every message ends with a newline; the exit code is 1.
 */
import { StatusError } from '../../machinery/errors';
import { FlagError } from './flags';

/** UsageError is cmdutil.UsageErrorf: printed with `See '<command> -h' for help and examples`. */
export class UsageError extends Error {}

/** ExitError carries an already-printed failure or a specific exit code. */
export class ExitError extends Error {
  constructor(
    readonly exitCode: number,
    message = '',
  ) {
    super(message);
  }
}

/** formatError renders one error as kubectl prints it on stderr (with trailing newline). */
export function formatError(err: unknown, commandPath: string): string {
  if (err instanceof FlagError) return `Error: ${err.message}\nSee '${commandPath} --help' for usage.\n`;
  if (err instanceof UsageError)
    return `error: ${err.message}\nSee '${commandPath} -h' for help and examples\n`;
  if (err instanceof StatusError) return withNewline(statusMessage(err));
  if (err instanceof Error)
    return withNewline(err.message.startsWith('error: ') ? err.message : `error: ${err.message}`);
  return withNewline(`error: ${String(err)}`);
}

/** statusMessage is StandardErrorMessage / the Invalid branch of CheckErr for an API error. */
export function statusMessage(err: StatusError): string {
  if (err.reason === 'Invalid') {
    const details = err.details;
    let s = 'The request is invalid';
    if (!details) return err.message ? `${s}: ${err.message}` : s;
    if (details.kind || details.name) s = `The ${details.kind ?? ''} "${details.name ?? ''}" is invalid`;
    else if (err.message && !details.causes?.length) s += `: ${err.message}`;
    const causes = details.causes ?? [];
    if (causes.length === 0) return s;
    const lines = causes.map((c) => `${c.field}: ${c.message}`);
    if (lines.length === 1) return `${s}: ${lines[0]}`;
    return `${s}: \n${lines.map((l) => `* ${l}`).join('\n')}`;
  }
  if (err.reason === 'Unauthorized') return `error: You must be logged in to the server (${err.message})`;
  if (err.reason) return `Error from server (${err.reason}): ${err.message}`;
  return `Error from server: ${err.message}`;
}

/** errorLine is the one-line form used when several errors are aggregated (each printed on its own line). */
export function errorLine(err: unknown): string {
  if (err instanceof StatusError && err.reason !== 'Invalid') return statusMessage(err);
  if (err instanceof StatusError) return statusMessage(err);
  return `error: ${err instanceof Error ? err.message : String(err)}`;
}

/** GENERIC_MESSAGES are client-go's texts for an error status whose body it does not decode (NewGenericServerResponse). */
const GENERIC_MESSAGES: Record<number, string> = {
  400: 'the server rejected our request for an unknown reason',
  401: 'the server has asked for the client to provide credentials',
  404: 'the server could not find the requested resource',
  405: 'the server does not allow this method on the requested resource',
  429: 'the server has received too many requests and has asked us to try again later',
  503: 'the server is currently unable to handle the request',
  504: 'the server was unable to return a response in the time allotted, but may still be processing the request',
};

/**
 * rawResponseError is the error client-go gives for a failed request read as raw bytes (discovery, `/version`):
 * the Status body is not decoded, so the message is the generic one of the HTTP code, with the same reason.
 */
export function rawResponseError(err: StatusError): StatusError {
  const message = GENERIC_MESSAGES[err.code];
  return message ? new StatusError(err.code, err.reason, message, err.details) : err;
}

function withNewline(s: string): string {
  return s.endsWith('\n') ? s : s + '\n';
}

/** klogWarning formats a klog warning line as kubectl writes it on stderr (`W1129 16:42:32.361965 21527 file:line] msg`). */
export function klogWarning(source: string, message: string, now = new Date()): string {
  return klogLine('W', source, message, now);
}

/** klogLine formats one klog line of the given severity (`I`, `W`, `E`). */
export function klogLine(
  severity: 'I' | 'W' | 'E',
  source: string,
  message: string,
  now = new Date(),
): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp =
    `${pad(now.getUTCMonth() + 1)}${pad(now.getUTCDate())} ` +
    `${pad(now.getUTCHours())}:${pad(now.getUTCMinutes())}:${pad(now.getUTCSeconds())}.${pad(now.getUTCMilliseconds(), 3)}000`;
  const pid = typeof process === 'undefined' ? 1 : process.pid;
  return `${severity}${stamp} ${String(pid).padStart(7)} ${source}] ${message}\n`;
}

/** requiredFlagsError is what kubectl 1.32 logs when cobra finds required flags missing (exit code 1). */
export function requiredFlagsError(names: string[]): ExitError {
  const list = names.map((n) => `\\"${n}\\"`).join(', ');
  return new ExitError(
    1,
    klogLine('E', 'run.go:72', `"command failed" err="required flag(s) ${list} not set"`),
  );
}
