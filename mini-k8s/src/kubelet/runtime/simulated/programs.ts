/**
 * Server programs of the catalogue's images (nginx, httpd, hello-app, http-echo, echoserver, redis, mongo,
 * postgres, mysql, stress): their real startup log lines, their HTTP answers and access-log lines, their
 * reaction to SIGTERM, and their memory/CPU use. They run until the process is killed.
 */
import type { SimHttpRequest, SimHttpResponse } from '../network';
import { formatRfc3339Nano } from './log-buffer';
import { NGINX_INDEX_HTML, nginxIndexFor, type ServerKind } from './image-catalog';
import type { CommandContext } from './shell';

/** ServerHost is what a running program may do besides printing: listen, declare its SIGTERM exit, use memory. */
export interface ServerHost {
  listen(port: number, handler: (request: SimHttpRequest) => SimHttpResponse): void;
  /** onTerm sets the exit code used when SIGTERM arrives (undefined = ignore it, like a shell as PID 1). */
  onTerm(exitCode: number | undefined, farewell?: () => void): void;
  setMemoryBytes(bytes: number): void;
  setCpuMilli(milli: number): void;
  /** version is the software version of the image tag. */
  version: string;
  /** forever waits until the process is killed. */
  forever(): Promise<never>;
}

/** Program is a simulated executable. */
export type Program = (ctx: CommandContext, host: ServerHost) => Promise<number>;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

/** goLogTime is Go's log package prefix `2024/01/01 12:00:00`. */
function goLogTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())} ${d.toISOString().slice(11, 19)}`;
}

/** clfTime is the Common Log Format time `01/Jan/2024:12:00:00 +0000`. */
function clfTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${d.toISOString().slice(11, 19)} +0000`;
}

function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

function requestLine(request: SimHttpRequest): string {
  return `${request.method} ${request.path} HTTP/1.1`;
}

/** staticFiles answers from a document root of the container's file system (nginx, httpd). */
function serveStatic(
  ctx: CommandContext,
  root: string,
  request: SimHttpRequest,
): { status: number; body: string; file: string } {
  const urlPath = decodeURIComponent(request.path.split('?')[0]);
  let file = `${root}${urlPath}`;
  const node = ctx.host.fs.stat(file);
  if (node?.kind === 'dir') file = `${file.replace(/\/$/, '')}/index.html`;
  const target = ctx.host.fs.stat(file);
  if (target?.kind !== 'file') return { status: 404, body: '', file };
  return { status: 200, body: target.content, file };
}

const nginx: Program = async (ctx, host) => {
  const now = (): string => goLogTime(ctx.host.now());
  const version = host.version;
  const [, minor] = version.split('.').map(Number);
  if (ctx.argv.includes('-v')) {
    ctx.stderr(`nginx version: nginx/${version}\n`);
    return 0;
  }
  if (minor >= 19) {
    for (const line of [
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
      '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
      '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
      '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
      '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
      '/docker-entrypoint.sh: Configuration complete; ready for start up',
    ]) {
      ctx.stdout(`${line}\n`);
    }
    for (const notice of [
      'using the "epoll" event method',
      `nginx/${version}`,
      'built by gcc 12.2.0 (Debian 12.2.0-14) ',
      'OS: Linux 6.1.0-27-amd64',
      'getrlimit(RLIMIT_NOFILE): 1048576:1048576',
      'start worker processes',
      'start worker process 29',
      'start worker process 30',
    ]) {
      ctx.stderr(`${now()} [notice] 1#1: ${notice}\n`);
    }
  }
  // The default page is a file of the image, so students can change it with exec or a volume.
  const index = ctx.host.fs.stat('/usr/share/nginx/html/index.html');
  if (!index || (minor < 21 && index.kind === 'file' && index.content === NGINX_INDEX_HTML)) {
    ctx.host.fs.writeFile('/usr/share/nginx/html/index.html', nginxIndexFor(version), {
      createParents: true,
    });
  }
  const notFound = `<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/${version}</center>\r\n</body>\r\n</html>\r\n`;
  host.listen(80, (request) => {
    const { status, body, file } = serveStatic(ctx, '/usr/share/nginx/html', request);
    const ua = request.headers['user-agent'] ?? '-';
    if (status === 404) {
      ctx.stderr(
        `${now()} [error] 29#29: *1 open() "${file}" failed (2: No such file or directory), client: ${request.clientIp}, server: localhost, request: "${requestLine(request)}", host: "${request.headers.host}"\n`,
      );
    }
    const responseBody = status === 404 ? notFound : body;
    ctx.stdout(
      `${request.clientIp} - - [${clfTime(ctx.host.now())}] "${requestLine(request)}" ${status} ${responseBody.length} "-" "${ua}" "-"\n`,
    );
    return {
      status,
      statusText: status === 200 ? 'OK' : 'Not Found',
      headers: {
        Server: `nginx/${version}`,
        Date: httpDate(ctx.host.now()),
        'Content-Type': 'text/html',
        'Content-Length': String(responseBody.length),
        Connection: 'keep-alive',
      },
      body: responseBody,
    };
  });
  host.setMemoryBytes(3 * 1024 * 1024);
  host.onTerm(0, () => {
    ctx.stderr(`${now()} [notice] 1#1: signal 15 (SIGTERM) received, exiting\n`);
    ctx.stderr(
      `${now()} [notice] 29#29: exiting\n${now()} [notice] 29#29: exit\n${now()} [notice] 1#1: exit\n`,
    );
  });
  return host.forever();
};

const httpd: Program = async (ctx, host) => {
  const apacheTime = (): string => {
    const d = new Date(ctx.host.now());
    const day = d.toUTCString().slice(0, 3);
    return `${day} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${d.toISOString().slice(11, 19)}.${pad(d.getUTCMilliseconds(), 3)}000 ${d.getUTCFullYear()}`;
  };
  const fqdn = `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using ${ctx.host.podIp}. Set the 'ServerName' directive globally to suppress this message\n`;
  ctx.stderr(fqdn + fqdn);
  ctx.stderr(
    `[${apacheTime()}] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/${host.version} (Unix) configured -- resuming normal operations\n`,
  );
  ctx.stderr(`[${apacheTime()}] [core:notice] [pid 1:tid 1] AH00094: Command line: 'httpd -D FOREGROUND'\n`);
  host.listen(80, (request) => {
    const { status, body } = serveStatic(ctx, '/usr/local/apache2/htdocs', request);
    const responseBody =
      status === 404
        ? '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n'
        : body;
    ctx.stdout(
      `${request.clientIp} - - [${clfTime(ctx.host.now())}] "${requestLine(request)}" ${status} ${responseBody.length}\n`,
    );
    return {
      status,
      statusText: status === 200 ? 'OK' : 'Not Found',
      headers: {
        Date: httpDate(ctx.host.now()),
        Server: `Apache/${host.version} (Unix)`,
        'Content-Length': String(responseBody.length),
        'Content-Type': 'text/html',
      },
      body: responseBody,
    };
  });
  host.setMemoryBytes(8 * 1024 * 1024);
  host.onTerm(0, () =>
    ctx.stderr(`[${apacheTime()}] [mpm_event:notice] [pid 1:tid 1] AH00491: caught SIGTERM, shutting down\n`),
  );
  return host.forever();
};

const helloApp: Program = async (ctx, host) => {
  const port = Number(ctx.env.get('PORT') ?? 8080);
  ctx.stdout(`${goLogTime(ctx.host.now())} Server listening on port ${port}\n`);
  host.listen(port, (request) => {
    ctx.stdout(`${goLogTime(ctx.host.now())} Serving request: ${request.path.split('?')[0]}\n`);
    const body = `Hello, world!\nVersion: ${host.version}\nHostname: ${ctx.host.hostname}\n`;
    return {
      status: 200,
      statusText: 'OK',
      headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(body.length) },
      body,
    };
  });
  host.onTerm(2);
  return host.forever();
};

const httpEcho: Program = async (ctx, host) => {
  const option = (name: string): string | undefined => {
    const prefix = `-${name}=`;
    const arg = ctx.argv.find((a) => a.startsWith(prefix) || a.startsWith(`-${prefix}`));
    return arg?.slice(arg.indexOf('=') + 1);
  };
  const text = option('text');
  if (text === undefined) {
    ctx.stderr('Missing -text option!\n');
    return 127;
  }
  const port = Number((option('listen') ?? ':5678').split(':').pop());
  ctx.stdout(`${goLogTime(ctx.host.now())} [INFO] server is listening on :${port}\n`);
  host.listen(port, (request) => {
    const body = `${text}\n`;
    ctx.stdout(
      `${goLogTime(ctx.host.now())} ${request.headers.host} ${request.clientIp}:48000 "${requestLine(request)}" 200 ${body.length} "${request.headers['user-agent'] ?? ''}" 21.3µs\n`,
    );
    return {
      status: 200,
      statusText: 'OK',
      headers: {
        'X-App-Name': 'http-echo',
        'X-App-Version': 'v1.0.0',
        'Content-Type': 'text/plain; charset=utf-8',
      },
      body,
    };
  });
  host.onTerm(0, () => ctx.stdout(`${goLogTime(ctx.host.now())} [INFO] server is shutting down\n`));
  return host.forever();
};

const echoserver: Program = async (ctx, host) => {
  host.listen(8080, (request) => {
    const headers = Object.entries(request.headers)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, v]) => `${k}=${v}\n`)
      .join('');
    const [pathOnly, query] = request.path.split('?');
    const body =
      `\n\nHostname: ${ctx.host.hostname}\n\nPod Information:\n\t-no pod information available-\n\nServer values:\n\tserver_version=nginx: 1.13.3 - lua: 10008\n\n` +
      `Request Information:\n\tclient_address=${request.clientIp}\n\tmethod=${request.method}\n\treal path=${pathOnly}\n\tquery=${query ?? ''}\n\trequest_version=1.1\n` +
      `\trequest_scheme=http\n\trequest_uri=http://${request.headers.host}:8080${request.path}\n\nRequest Headers:\n${headers.replace(/^/gm, '\t').replace(/\t$/, '')}\nRequest Body:\n\t-no body in request-\n\n`;
    ctx.stdout(
      `${request.clientIp} - - [${clfTime(ctx.host.now())}] "${requestLine(request)}" 200 ${body.length} "-" "${request.headers['user-agent'] ?? '-'}"\n`,
    );
    return {
      status: 200,
      statusText: 'OK',
      headers: { 'Content-Type': 'text/plain', Server: 'echoserver' },
      body,
    };
  });
  host.onTerm(0);
  return host.forever();
};

const redis: Program = async (ctx, host) => {
  const d = new Date(ctx.host.now());
  const t = `${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${d.toISOString().slice(11, 23)}`;
  ctx.stdout(
    [
      `1:C ${t} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`,
      `1:C ${t} * Redis version=${host.version}, bits=64, commit=00000000, modified=0, pid=1, just started`,
      `1:C ${t} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf`,
      `1:M ${t} * monotonic clock: POSIX clock_gettime`,
      `1:M ${t} * Running mode=standalone, port=6379.`,
      `1:M ${t} * Server initialized`,
      `1:M ${t} * Ready to accept connections tcp`,
    ].join('\n') + '\n',
  );
  host.onTerm(0, () =>
    ctx.stdout(
      `1:signal-handler (${Math.floor(ctx.host.now() / 1000)}) Received SIGTERM scheduling shutdown...\n`,
    ),
  );
  return host.forever();
};

const mongo: Program = async (ctx, host) => {
  const ts = formatRfc3339Nano(ctx.host.now()).replace(/Z$/, '+00:00');
  ctx.stdout(
    `{"t":{"$date":"${ts}"},"s":"I",  "c":"CONTROL",  "id":23285,   "ctx":"main","msg":"Automatically disabling TLS 1.0, to force-enable TLS 1.0 specify --sslDisabledProtocols 'none'"}\n`,
  );
  ctx.stdout(
    `{"t":{"$date":"${ts}"},"s":"I",  "c":"NETWORK",  "id":23016,   "ctx":"listener","msg":"Waiting for connections","attr":{"port":27017,"ssl":"off"}}\n`,
  );
  host.setMemoryBytes(80 * 1024 * 1024);
  host.onTerm(0);
  return host.forever();
};

const postgres: Program = async (ctx, host) => {
  if (!ctx.env.get('POSTGRES_PASSWORD') && ctx.env.get('POSTGRES_HOST_AUTH_METHOD') !== 'trust') {
    ctx.stderr(
      'Error: Database is uninitialized and superuser password is not specified.\n' +
        '       You must specify POSTGRES_PASSWORD to a non-empty value for the\n' +
        '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".\n\n' +
        '       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all\n' +
        '       connections without a password. This is *not* recommended.\n\n' +
        '       See PostgreSQL documentation about "trust":\n' +
        '       https://www.postgresql.org/docs/current/auth-trust.html\n',
    );
    return 1;
  }
  const ts = (): string => `${new Date(ctx.host.now()).toISOString().replace('T', ' ').slice(0, 23)} UTC [1]`;
  ctx.stdout(`\nPostgreSQL Database directory appears to contain a database; Skipping initialization\n\n`);
  ctx.stderr(
    `${ts()} LOG:  starting PostgreSQL ${host.version} (Debian ${host.version}-1.pgdg120+1) on x86_64-pc-linux-gnu\n`,
  );
  ctx.stderr(`${ts()} LOG:  listening on IPv4 address "0.0.0.0", port 5432\n`);
  ctx.stderr(`${ts()} LOG:  database system is ready to accept connections\n`);
  host.setMemoryBytes(25 * 1024 * 1024);
  host.onTerm(0, () => ctx.stderr(`${ts()} LOG:  received fast shutdown request\n`));
  return host.forever();
};

const mysql: Program = async (ctx, host) => {
  const ts = (): string => `${new Date(ctx.host.now()).toISOString().replace('T', ' ').slice(0, 19)}+00:00`;
  ctx.stdout(
    `${ts()} [Note] [Entrypoint]: Entrypoint script for MySQL Server ${host.version}-1.el9 started.\n`,
  );
  if (
    !ctx.env.get('MYSQL_ROOT_PASSWORD') &&
    !ctx.env.has('MYSQL_ALLOW_EMPTY_PASSWORD') &&
    !ctx.env.has('MYSQL_RANDOM_ROOT_PASSWORD')
  ) {
    ctx.stderr(
      `${ts()} [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified\n` +
        '    You need to specify one of the following as an environment variable:\n' +
        '    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD\n',
    );
    return 1;
  }
  ctx.stdout(`${ts()} [Note] [Entrypoint]: Switching to dedicated user 'mysql'\n`);
  ctx.stdout(
    `${formatRfc3339Nano(ctx.host.now())} 0 [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '${host.version}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.\n`,
  );
  host.setMemoryBytes(380 * 1024 * 1024);
  host.onTerm(0);
  return host.forever();
};

/** parseBytes reads stress sizes: `150M`, `1G`, `512k`, plain bytes. */
export function parseBytes(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([bkKmMgG]?)$/.exec(text);
  if (!match) return 256 * 1024 * 1024;
  const unit =
    { '': 1, b: 1, k: 1024, K: 1024, m: 1024 ** 2, M: 1024 ** 2, g: 1024 ** 3, G: 1024 ** 3 }[match[2]] ?? 1;
  return Math.round(Number(match[1]) * unit);
}

const stress: Program = async (ctx, host) => {
  const arg = (name: string, short: string): string | undefined => {
    const index = ctx.argv.findIndex((a) => a === `--${name}` || a === `-${short}`);
    return index >= 0 ? ctx.argv[index + 1] : undefined;
  };
  const vm = Number(arg('vm', 'm') ?? 0);
  const cpu = Number(arg('cpu', 'c') ?? 0);
  const bytes = parseBytes(arg('vm-bytes', '-') ?? '256M');
  const timeout = arg('timeout', 't');
  ctx.stdout(`stress: info: [1] dispatching hogs: ${cpu} cpu, 0 io, ${vm} vm, 0 hdd\n`);
  host.setCpuMilli(cpu * 1000 + vm * 1000);
  // Memory is allocated at once: above the limit the cgroup OOM killer ends the container (exit 137).
  host.setMemoryBytes(vm * bytes);
  if (timeout) {
    const seconds = Number.parseInt(timeout, 10) * ({ m: 60, h: 3600 }[timeout.slice(-1)] ?? 1);
    await ctx.host.sleep(seconds * 1000, ctx.signal);
    ctx.stdout(`stress: info: [1] successful run completed in ${seconds}s\n`);
    return 0;
  }
  return host.forever();
};

const entrypoint: Program = (ctx) => {
  const rest = ctx.argv.slice(1);
  if (rest.length === 0) return Promise.resolve(0);
  return ctx.shell.execute(
    rest,
    ctx.env,
    { stdin: ctx.stdin, stdout: ctx.stdout, stderr: ctx.stderr },
    ctx.signal,
  );
};

/** PROGRAMS maps server kinds to implementations. */
export const PROGRAMS: Record<ServerKind, Program> = {
  nginx,
  httpd,
  'hello-app': helloApp,
  'http-echo': httpEcho,
  echoserver,
  redis,
  mongo,
  postgres,
  mysql,
  stress,
  entrypoint,
};
