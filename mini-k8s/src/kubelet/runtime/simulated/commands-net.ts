/**
 * Network utilities of the simulated containers (curl, wget, nslookup) over the pluggable NetworkResolver.
 * `localhost`/127.0.0.1 reach the container's own pod (shared network namespace).
 */
import { NetworkError } from '../network';
import type { Command, CommandContext } from './shell';

interface Target {
  host: string;
  port: number;
  path: string;
}

function parseUrl(url: string): Target | undefined {
  const match = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?([^#]*)/.exec(url);
  if (!match) return undefined;
  return {
    host: match[2],
    port: match[3] ? Number(match[3]) : match[1] === 'https' ? 443 : 80,
    path: match[4] || '/',
  };
}

async function fetchUrl(
  ctx: CommandContext,
  target: Target,
  userAgent: string,
): Promise<
  | { ok: true; status: number; statusText: string; headers: Record<string, string>; body: string }
  | { ok: false; error: NetworkError | 'resolve' }
> {
  const resolved = await ctx.host.network.resolve(target.host, ctx.host.resolveContext);
  if (!resolved || resolved.addresses.length === 0) return { ok: false, error: 'resolve' };
  let ip = resolved.addresses[0];
  if (ip === '127.0.0.1') ip = ctx.host.podIp;
  try {
    const response = await ctx.host.network.httpRequest(ip, target.port, {
      method: 'GET',
      path: target.path,
      headers: {
        host: target.port === 80 ? target.host : `${target.host}:${target.port}`,
        'user-agent': userAgent,
        accept: '*/*',
      },
      clientIp: ctx.host.podIp,
    });
    return { ok: true, ...response };
  } catch (error) {
    if (error instanceof NetworkError) return { ok: false, error };
    throw error;
  }
}

const curl: Command = async (ctx) => {
  const args = ctx.argv.slice(1);
  let include = false;
  let silent = false;
  let failOnError = false;
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-o' || arg === '-m' || arg === '--max-time' || arg === '-H' || arg === '-X' || arg === '-w')
      i++;
    else if (arg.startsWith('-') && !arg.startsWith('--')) {
      include ||= arg.includes('i');
      silent ||= arg.includes('s');
      failOnError ||= arg.includes('f');
    } else if (!arg.startsWith('--')) url = arg;
  }
  if (!url) {
    ctx.stderr("curl: try 'curl --help' or 'curl --manual' for more information\n");
    return 2;
  }
  const target = parseUrl(url);
  if (!target) {
    ctx.stderr(`curl: (3) URL rejected: Malformed input to a URL function\n`);
    return 3;
  }
  const result = await fetchUrl(ctx, target, 'curl/8.11.1');
  if (!result.ok) {
    if (result.error === 'resolve') {
      ctx.stderr(`curl: (6) Could not resolve host: ${target.host}\n`);
      return 6;
    }
    const code = result.error.code === 'ECONNREFUSED' ? 7 : 28;
    const message =
      code === 7
        ? `Failed to connect to ${target.host} port ${target.port} after 0 ms: Could not connect to server`
        : `Failed to connect to ${target.host} port ${target.port} after 130000 ms: Timeout was reached`;
    if (!silent || args.includes('-S')) ctx.stderr(`curl: (${code}) ${message}\n`);
    return code;
  }
  if (failOnError && result.status >= 400) {
    ctx.stderr(`curl: (22) The requested URL returned error: ${result.status}\n`);
    return 22;
  }
  if (include) {
    ctx.stdout(`HTTP/1.1 ${result.status} ${result.statusText}\r\n`);
    for (const [name, value] of Object.entries(result.headers)) ctx.stdout(`${name}: ${value}\r\n`);
    ctx.stdout('\r\n');
  }
  ctx.stdout(result.body);
  return 0;
};

const wget: Command = async (ctx) => {
  const args = ctx.argv.slice(1);
  const quiet = args.some((a) => a.startsWith('-') && a.includes('q'));
  const toStdout = args.some((a, i) => (a === '-O' && args[i + 1] === '-') || a.endsWith('O-'));
  const url = args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '-O' && args[i - 1] !== '-T').pop();
  if (!url) {
    ctx.stderr(
      'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: wget [-cqS] [-O FILE] URL...\n',
    );
    return 1;
  }
  const target = parseUrl(url);
  if (!target) return 1;
  if (!quiet)
    ctx.stderr(
      `Connecting to ${target.host}${target.port === 80 ? '' : `:${target.port}`} (${target.host}:${target.port})\n`,
    );
  const result = await fetchUrl(ctx, target, 'Wget');
  if (!result.ok) {
    ctx.stderr(
      result.error === 'resolve'
        ? `wget: bad address '${target.host}${target.port === 80 ? '' : `:${target.port}`}'\n`
        : result.error.code === 'ECONNREFUSED'
          ? `wget: can't connect to remote host (${target.host}): Connection refused\n`
          : `wget: download timed out\n`,
    );
    return 1;
  }
  if (result.status >= 400) {
    ctx.stderr(`wget: server returned error: HTTP/1.1 ${result.status} ${result.statusText}\n`);
    return 1;
  }
  if (toStdout) ctx.stdout(result.body);
  else {
    const file = target.path.split('?')[0].split('/').pop() || 'index.html';
    ctx.host.fs.writeFile(file.startsWith('/') ? file : `${ctx.cwd}/${file}`, result.body);
    if (!quiet)
      ctx.stderr(
        `saving to '${file}'\n${file}              100% |********************************|   ${result.body.length}  0:00:00 ETA\n'${file}' saved\n`,
      );
  }
  return 0;
};

const nslookup: Command = async (ctx) => {
  const name = ctx.argv.slice(1).find((a) => !a.startsWith('-'));
  if (!name) {
    ctx.stderr('Usage: nslookup [HOST] [SERVER]\n');
    return 1;
  }
  const server = ctx.host.resolveContext.nameserver ?? '10.96.0.10';
  ctx.stdout(`Server:\t\t${server}\nAddress:\t${server}:53\n\n`);
  const resolved = await ctx.host.network.resolve(name, ctx.host.resolveContext);
  if (!resolved) {
    for (const search of [...ctx.host.resolveContext.searches, '']) {
      ctx.stdout(`** server can't find ${search ? `${name}.${search}` : name}: NXDOMAIN\n\n`);
    }
    return 1;
  }
  ctx.stdout('\n');
  for (const address of resolved.addresses) ctx.stdout(`Name:\t${resolved.name}\nAddress: ${address}\n`);
  ctx.stdout('\n');
  return 0;
};

/** NET_COMMANDS maps utility names to implementations. */
export const NET_COMMANDS: [string, Command][] = [
  ['curl', curl],
  ['wget', wget],
  ['nslookup', nslookup],
];
