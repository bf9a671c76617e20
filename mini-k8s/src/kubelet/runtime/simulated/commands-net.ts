/**
 * Network utilities of the simulated containers (curl, wget, nslookup, nc) over the pluggable
 * NetworkResolver. Names resolve like a libc stub resolver: /etc/hosts first, then the nameserver, search
 * domains and ndots of the container's own /etc/resolv.conf (as the kubelet wrote it, or as edited).
 * `localhost`/127.0.0.1 reach the container's own pod (shared network namespace).
 *
 * HTTPS: the only TLS endpoint is the ingress controller, whose certificate (the learner's self-signed
 * one, or ingress-nginx's fake one) no client trusts: like the real curl, `curl https://…` fails with
 * error 60 unless `-k`; wget needs `--no-check-certificate`. TLS to a pod gets curl's error 35.
 */
import { NetworkError, type ResolveContext, type Resolved, isIpv4 } from '../network';
import type { Command, CommandContext } from './shell';

interface Target {
  scheme: 'http' | 'https';
  host: string;
  port: number;
  path: string;
}

function parseUrl(url: string): Target | undefined {
  const match = /^(?:(https?):\/\/)?([^/:?#]+)(?::(\d+))?([^#]*)/.exec(url);
  if (!match) return undefined;
  const scheme = match[1] === 'https' ? 'https' : 'http';
  return {
    scheme,
    host: match[2],
    port: match[3] ? Number(match[3]) : scheme === 'https' ? 443 : 80,
    path: match[4] || '/',
  };
}

/** ResolvConf is what the stub resolver reads from /etc/resolv.conf. */
export interface ResolvConf {
  nameservers: string[];
  searches: string[];
  ndots: number;
}

/** parseResolvConf reads `nameserver`, `search` and `options ndots:N` lines (libc: ndots 1 by default). */
export function parseResolvConf(text: string): ResolvConf {
  const conf: ResolvConf = { nameservers: [], searches: [], ndots: 1 };
  for (const line of text.split('\n')) {
    const [keyword, ...values] = line.trim().split(/\s+/);
    if (keyword === 'nameserver' && values[0]) conf.nameservers.push(values[0]);
    else if (keyword === 'search' || keyword === 'domain') conf.searches = values;
    else if (keyword === 'options')
      for (const option of values) {
        const ndots = /^ndots:(\d+)$/.exec(option);
        if (ndots) conf.ndots = Math.min(15, Number(ndots[1]));
      }
  }
  return conf;
}

function readFile(ctx: CommandContext, path: string): string | undefined {
  try {
    return ctx.host.fs.readFile(path);
  } catch {
    return undefined;
  }
}

/** resolverContext is the pod's resolv.conf as a ResolveContext (the runtime's one when unreadable). */
function resolverContext(ctx: CommandContext): ResolveContext {
  const base = { ...ctx.host.resolveContext, clientIp: ctx.host.podIp };
  const text = readFile(ctx, '/etc/resolv.conf');
  if (text === undefined) return base;
  const conf = parseResolvConf(text);
  return { ...base, nameserver: conf.nameservers[0], searches: conf.searches, ndots: conf.ndots };
}

/** fromHosts looks `name` up in /etc/hosts (hostAliases, the pod's own names). */
function fromHosts(ctx: CommandContext, name: string): Resolved | undefined {
  const text = readFile(ctx, '/etc/hosts');
  for (const line of (text ?? '').split('\n')) {
    const [ip, ...names] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (ip && isIpv4(ip) && names.some((n) => n.toLowerCase() === name.toLowerCase()))
      return { name, addresses: [ip] };
  }
  return undefined;
}

type Lookup = Resolved | 'nxdomain' | 'timeout';

async function lookup(ctx: CommandContext, name: string): Promise<Lookup> {
  if (isIpv4(name)) return { name, addresses: [name] };
  const local = name === 'localhost' ? { name, addresses: ['127.0.0.1'] } : fromHosts(ctx, name);
  if (local) return local;
  try {
    const found = await ctx.host.network.resolve(name, resolverContext(ctx));
    return found && found.addresses.length > 0 ? found : 'nxdomain';
  } catch (error) {
    if (error instanceof NetworkError) return 'timeout';
    throw error;
  }
}

type FetchResult =
  | {
      ok: true;
      status: number;
      statusText: string;
      headers: Record<string, string>;
      body: string;
      tls?: boolean;
    }
  | { ok: false; error: NetworkError | 'resolve' };

interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  userAgent: string;
}

async function fetchUrl(ctx: CommandContext, target: Target, init: FetchInit): Promise<FetchResult> {
  const resolved = await lookup(ctx, target.host);
  if (typeof resolved === 'string') return { ok: false, error: 'resolve' };
  let ip = resolved.addresses[0];
  if (ip.startsWith('127.')) ip = ctx.host.podIp;
  const defaultPort = target.scheme === 'https' ? 443 : 80;
  const headers: Record<string, string> = {
    host: target.port === defaultPort ? target.host : `${target.host}:${target.port}`,
    'user-agent': init.userAgent,
    accept: '*/*',
  };
  for (const [name, value] of Object.entries(init.headers)) headers[name.toLowerCase()] = value;
  if (init.body !== undefined) {
    headers['content-length'] = String(init.body.length);
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  }
  try {
    const response = await ctx.host.network.httpRequest(ip, target.port, {
      method: init.method,
      path: target.path,
      headers,
      body: init.body,
      clientIp: ctx.host.podIp,
      scheme: target.scheme,
    });
    return { ok: true, ...response };
  } catch (error) {
    if (error instanceof NetworkError) return { ok: false, error };
    throw error;
  }
}

/** speaksTls tells whether the server spoke TLS (only the ingress controller's HTTPS port does). */
function speaksTls(result: FetchResult & { ok: true }): boolean {
  return result.tls === true;
}

const CURL_VALUE_OPTIONS = new Set([
  '-o',
  '--output',
  '-m',
  '--max-time',
  '--connect-timeout',
  '-H',
  '--header',
  '-X',
  '--request',
  '-w',
  '--write-out',
  '-d',
  '--data',
  '--data-raw',
  '--data-binary',
  '-A',
  '--user-agent',
  '--resolve',
  '-u',
]);

const curl: Command = async (ctx) => {
  const args = ctx.argv.slice(1);
  let include = false;
  let headOnly = false;
  let silent = false;
  let showError = false;
  let failOnError = false;
  let insecure = false;
  let maxTimeSeconds: number | undefined;
  let connectTimeoutSeconds: number | undefined;
  let method: string | undefined;
  let body: string | undefined;
  let writeOut: string | undefined;
  let userAgent = 'curl/8.11.1';
  const headers: Record<string, string> = {};
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (CURL_VALUE_OPTIONS.has(arg)) {
      const value = args[++i] ?? '';
      if (arg === '-H' || arg === '--header') {
        const colon = value.indexOf(':');
        if (colon > 0) headers[value.slice(0, colon).trim()] = value.slice(colon + 1).trim();
      } else if (arg === '-X' || arg === '--request') method = value;
      else if (arg.startsWith('-d') || arg.startsWith('--data'))
        body = body === undefined ? value : `${body}&${value}`;
      else if (arg === '-m' || arg === '--max-time') maxTimeSeconds = Number(value);
      else if (arg === '--connect-timeout') connectTimeoutSeconds = Number(value);
      else if (arg === '-w' || arg === '--write-out') writeOut = value;
      else if (arg === '-A' || arg === '--user-agent') userAgent = value;
    } else if (arg === '--insecure') insecure = true;
    else if (arg === '--include') include = true;
    else if (arg === '--head') headOnly = true;
    else if (arg === '--silent') silent = true;
    else if (arg === '--show-error') showError = true;
    else if (arg === '--fail') failOnError = true;
    else if (arg.startsWith('-') && !arg.startsWith('--')) {
      include ||= arg.includes('i');
      headOnly ||= arg.includes('I');
      silent ||= arg.includes('s');
      showError ||= arg.includes('S');
      failOnError ||= arg.includes('f');
      insecure ||= arg.includes('k');
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
  const fail = (code: number, message: string): number => {
    if (!silent || showError) ctx.stderr(`curl: (${code}) ${message}\n`);
    return code;
  };
  const result = await fetchUrl(ctx, target, {
    method: method ?? (headOnly ? 'HEAD' : body !== undefined ? 'POST' : 'GET'),
    headers,
    body,
    userAgent,
  });
  if (!result.ok) {
    if (result.error === 'resolve') return fail(6, `Could not resolve host: ${target.host}`);
    if (result.error.code === 'ECONNREFUSED')
      return fail(
        7,
        `Failed to connect to ${target.host} port ${target.port} after 0 ms: Could not connect to server`,
      );
    // curl 8: -m ends the whole transfer, --connect-timeout the connect phase, else the kernel gives up.
    const connectMs = (seconds: number) => Math.round(seconds * 1000) + 1;
    if (connectTimeoutSeconds !== undefined && Number.isFinite(connectTimeoutSeconds))
      return fail(
        28,
        `Failed to connect to ${target.host} port ${target.port} after ${connectMs(connectTimeoutSeconds)} ms: Timeout was reached`,
      );
    if (maxTimeSeconds !== undefined && Number.isFinite(maxTimeSeconds))
      return fail(28, `Connection timed out after ${connectMs(maxTimeSeconds)} milliseconds`);
    return fail(
      28,
      `Failed to connect to ${target.host} port ${target.port} after 134298 ms: Could not connect to server`,
    );
  }
  if (target.scheme === 'https' && !speaksTls(result))
    return fail(35, 'OpenSSL/3.3.2: error:0A00010B:SSL routines::wrong version number');
  if (target.scheme === 'https' && !insecure)
    return fail(
      60,
      'SSL certificate problem: self-signed certificate\nMore details here: https://curl.se/docs/sslcerts.html\n\ncurl failed to verify the legitimacy of the server and therefore could not\nestablish a secure connection to it. To learn more about this situation and\nhow to fix it, please visit the webpage mentioned above.',
    );
  if (failOnError && result.status >= 400)
    return fail(22, `The requested URL returned error: ${result.status}`);
  if (include || headOnly) {
    ctx.stdout(`HTTP/1.1 ${result.status} ${result.statusText}\r\n`);
    for (const [name, value] of Object.entries(result.headers)) ctx.stdout(`${name}: ${value}\r\n`);
    ctx.stdout('\r\n');
  }
  if (!headOnly) ctx.stdout(result.body);
  if (writeOut !== undefined)
    ctx.stdout(writeOut.replace(/%\{http_code\}/g, String(result.status)).replace(/\\n/g, '\n'));
  return 0;
};

const wget: Command = async (ctx) => {
  const args = ctx.argv.slice(1);
  const quiet = args.some((a) => /^-[a-zA-Z]*q/.test(a));
  const toStdout = args.some((a, i) => (a === '-O' && args[i + 1] === '-') || /^-[a-zA-Z]*O-$/.test(a));
  const noCheck = args.includes('--no-check-certificate');
  const url = args
    .filter(
      (a, i) =>
        !a.startsWith('-') && args[i - 1] !== '-O' && args[i - 1] !== '-T' && args[i - 1] !== '--header',
    )
    .pop();
  if (!url) {
    ctx.stderr(
      'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: wget [-cqS] [-O FILE] URL...\n',
    );
    return 1;
  }
  const target = parseUrl(url);
  if (!target) return 1;
  const hostPort = `${target.host}${target.port === (target.scheme === 'https' ? 443 : 80) ? '' : `:${target.port}`}`;
  if (!quiet) ctx.stderr(`Connecting to ${hostPort} (${target.host}:${target.port})\n`);
  const headers: Record<string, string> = {};
  args.forEach((a, i) => {
    if (args[i - 1] === '--header' && a.includes(':'))
      headers[a.slice(0, a.indexOf(':')).trim()] = a.slice(a.indexOf(':') + 1).trim();
  });
  const result = await fetchUrl(ctx, target, { method: 'GET', headers, userAgent: 'Wget' });
  if (!result.ok) {
    ctx.stderr(
      result.error === 'resolve'
        ? `wget: bad address '${hostPort}'\n`
        : result.error.code === 'ECONNREFUSED'
          ? `wget: can't connect to remote host (${target.host}): Connection refused\n`
          : `wget: download timed out\n`,
    );
    return 1;
  }
  if (target.scheme === 'https' && !speaksTls(result)) {
    ctx.stderr('wget: error getting response: Connection reset by peer\n');
    return 1;
  }
  if (target.scheme === 'https' && !noCheck) {
    ctx.stderr(
      `wget: note: TLS certificate validation not implemented\nwget: TLS error from peer (alert code 48): unknown CA\nwget: error getting response: Connection reset by peer\n`,
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
  const [name, explicitServer] = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
  if (!name) {
    ctx.stderr('Usage: nslookup [HOST] [SERVER]\n');
    return 1;
  }
  const context = resolverContext(ctx);
  if (explicitServer) context.nameserver = explicitServer;
  const server = context.nameserver ?? '10.96.0.10';
  ctx.stdout(`Server:\t\t${server}\nAddress:\t${server}:53\n\n`);
  let resolved: Resolved | undefined;
  try {
    // nslookup asks the server directly: /etc/hosts is not read, the search list is.
    resolved = isIpv4(name) ? undefined : await ctx.host.network.resolve(name, context);
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    ctx.stdout(';; connection timed out; no servers could be reached\n\n');
    return 1;
  }
  if (!resolved || (resolved.addresses.length === 0 && !resolved.cname)) {
    const names = name.endsWith('.') || name.split('.').length - 1 >= (context.ndots ?? 1) ? [name] : [];
    for (const search of context.searches) names.push(`${name}.${search}`);
    if (!names.includes(name)) names.push(name);
    // Outside cluster.local CoreDNS forwards upstream; a sandbox has none, so it answers SERVFAIL.
    for (const n of names)
      ctx.stdout(
        `** server can't find ${n}: ${/(^|\.)cluster\.local\.?$/.test(n) ? 'NXDOMAIN' : 'SERVFAIL'}\n\n`,
      );
    return 1;
  }
  if (resolved.cname) ctx.stdout(`${resolved.name}\tcanonical name = ${resolved.cname}\n`);
  for (const address of resolved.addresses)
    ctx.stdout(`Name:\t${resolved.cname ?? resolved.name}\nAddress: ${address}\n`);
  ctx.stdout('\n');
  return 0;
};

/** nc supports the connectivity checks of the course: `nc -z [-v] [-w N] host port`. */
const nc: Command = async (ctx) => {
  const args = ctx.argv.slice(1);
  const verbose = args.some((a) => /^-[a-zA-Z]*v/.test(a));
  const positional = args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '-w');
  const [host, portText] = positional;
  const port = Number(portText);
  if (!host || !Number.isInteger(port) || port <= 0 || port > 65535) {
    ctx.stderr(
      'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.\n\nUsage: nc [OPTIONS] HOST PORT  - connect\n',
    );
    return 1;
  }
  const resolved = await lookup(ctx, host);
  if (typeof resolved === 'string') {
    ctx.stderr(`nc: bad address '${host}'\n`);
    return 1;
  }
  let ip = resolved.addresses[0];
  if (ip.startsWith('127.')) ip = ctx.host.podIp;
  try {
    await ctx.host.network.httpRequest(ip, port, {
      method: 'HEAD',
      path: '/',
      headers: { host },
      clientIp: ctx.host.podIp,
    });
  } catch (error) {
    if (!(error instanceof NetworkError)) throw error;
    if (verbose || error.code === 'ECONNREFUSED')
      ctx.stderr(
        `nc: ${host} (${resolved.addresses[0]}:${port}): ${error.code === 'ECONNREFUSED' ? 'Connection refused' : 'Connection timed out'}\n`,
      );
    return 1;
  }
  if (verbose) ctx.stderr(`${host} (${resolved.addresses[0]}:${port}) open\n`);
  return 0;
};

/** NET_COMMANDS maps utility names to implementations. */
export const NET_COMMANDS: [string, Command][] = [
  ['curl', curl],
  ['wget', wget],
  ['nslookup', nslookup],
  ['nc', nc],
];
