// curl and wget through the injected `http` function (routed to the learner's cluster by the caller).
import { basename } from '../fs';
import type { Command, CommandContext, HttpResponse } from '../types';
import { abs, errorMessage } from './common';
import { formatDate } from './basic';

interface Target {
  url: string;
  host: string;
  port: number;
  path: string;
}

function parseTarget(raw: string): Target | { error: 'scheme'; scheme: string } | { error: 'malformed' } {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { error: 'malformed' };
  }
  const scheme = url.protocol.slice(0, -1);
  if (scheme !== 'http' && scheme !== 'https') return { error: 'scheme', scheme };
  const port = url.port ? Number(url.port) : scheme === 'https' ? 443 : 80;
  return { url: url.toString(), host: url.hostname, port, path: url.pathname };
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error
    ? String((error as { code: unknown }).code)
    : undefined;
}

function statusLine(response: HttpResponse): string {
  return `HTTP/${response.httpVersion ?? '1.1'} ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
}

/** fetchWithTimeout calls the injected http function, aborting on Ctrl-C and after `timeoutMs`. */
async function request(
  ctx: CommandContext,
  target: Target,
  init: { method: string; headers: Record<string, string>; body?: string; timeoutMs?: number },
): Promise<HttpResponse> {
  const http = ctx.shell.http;
  if (!http) throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
  const signals = [ctx.signal];
  if (init.timeoutMs !== undefined) signals.push(AbortSignal.timeout(init.timeoutMs));
  const signal = AbortSignal.any(signals);
  const response = http(target.url, { ...init, signal });
  return new Promise((resolve, reject) => {
    const onAbort = (): void =>
      reject(
        ctx.signal.aborted ? ctx.signal.reason : Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }),
      );
    signal.addEventListener('abort', onAbort, { once: true });
    response.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export const curl: Command = async (ctx) => {
  const args = ctx.argv.slice(1);
  let method: string | undefined;
  const headers: Record<string, string> = {};
  let data: string | undefined;
  let include = false;
  let headOnly = false;
  let silent = false;
  let showErrors = false;
  let fail = false;
  let output: string | undefined;
  let remoteName = false;
  let writeOut: string | undefined;
  let timeoutMs: number | undefined;
  let rawUrl: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    const value = (): string | undefined => args[++i];
    switch (arg) {
      case '-X':
      case '--request':
        method = value();
        break;
      case '-H':
      case '--header': {
        const header = value() ?? '';
        const index = header.indexOf(':');
        if (index > 0) headers[header.slice(0, index).trim()] = header.slice(index + 1).trim();
        break;
      }
      case '-d':
      case '--data':
      case '--data-raw':
      case '--data-binary':
        data = (data === undefined ? '' : `${data}&`) + (value() ?? '');
        break;
      case '-i':
      case '--include':
        include = true;
        break;
      case '-I':
      case '--head':
        headOnly = true;
        break;
      case '-s':
      case '--silent':
        silent = true;
        break;
      case '-S':
      case '--show-error':
        showErrors = true;
        break;
      case '-f':
      case '--fail':
        fail = true;
        break;
      case '-o':
      case '--output':
        output = value();
        break;
      case '-O':
      case '--remote-name':
        remoteName = true;
        break;
      case '-w':
      case '--write-out':
        writeOut = value();
        break;
      case '-m':
      case '--max-time':
      case '--connect-timeout':
        timeoutMs = Number(value()) * 1000;
        break;
      case '-L':
      case '--location':
      case '-k':
      case '--insecure':
      case '-v':
      case '--verbose':
      case '-sS':
      case '-Ss':
        break;
      default:
        if (/^-[sSfiILkv]+$/.test(arg)) {
          silent ||= arg.includes('s');
          showErrors ||= arg.includes('S');
          fail ||= arg.includes('f');
          include ||= arg.includes('i');
          headOnly ||= arg.includes('I');
        } else if (arg.startsWith('-')) {
          await ctx.stderr.write(
            `curl: option ${arg}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`,
          );
          return 2;
        } else {
          rawUrl = arg;
        }
    }
  }
  if (rawUrl === undefined) {
    await ctx.stderr.write("curl: try 'curl --help' or 'curl --manual' for more information\n");
    return 2;
  }
  const report = async (code: number, message: string): Promise<number> => {
    if (!silent || showErrors) await ctx.stderr.write(`curl: (${code}) ${message}\n`);
    return code;
  };
  const target = parseTarget(rawUrl);
  if ('error' in target) {
    if (target.error === 'scheme') return report(1, `Protocol "${target.scheme}" not supported`);
    return report(3, 'URL rejected: Malformed input to a URL function');
  }
  if (data !== undefined && !headers['Content-Type'])
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  const started = Date.now();
  let response: HttpResponse;
  try {
    response = await request(ctx, target, {
      method: method ?? (headOnly ? 'HEAD' : data !== undefined ? 'POST' : 'GET'),
      headers: { Host: target.host, 'User-Agent': 'curl/7.88.1', Accept: '*/*', ...headers },
      body: data,
      timeoutMs,
    });
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    const elapsed = Date.now() - started;
    switch (errorCode(error)) {
      case 'ENOTFOUND':
        return report(6, `Could not resolve host: ${target.host}`);
      case 'ECONNREFUSED':
        return report(
          7,
          `Failed to connect to ${target.host} port ${target.port} after ${elapsed} ms: Couldn't connect to server`,
        );
      case 'ETIMEDOUT':
        return report(28, `Operation timed out after ${elapsed} milliseconds with 0 bytes received`);
      default:
        return report(56, `Recv failure: ${errorMessage(error)}`);
    }
  }
  if (fail && response.status >= 400)
    return report(22, `The requested URL returned error: ${response.status}`);
  let text = '';
  if (include || headOnly) {
    const headerLines = Object.entries(response.headers).map(([name, value]) => `${name}: ${value}\r\n`);
    text += `${statusLine(response)}\r\n${headerLines.join('')}\r\n`;
  }
  if (!headOnly) text += response.body;
  const file = output ?? (remoteName ? basename(target.path) || 'index.html' : undefined);
  if (file === '/dev/null') {
    // Discarded, like the real device.
  } else if (file !== undefined && file !== '-') {
    try {
      ctx.fs.writeFile(abs(ctx, file), text);
    } catch (error) {
      return report(23, `Failure writing output to destination: ${errorMessage(error)}`);
    }
  } else {
    await ctx.stdout.write(text);
  }
  if (writeOut !== undefined)
    await ctx.stdout.write(
      writeOut.replace(/%\{http_code\}/g, String(response.status)).replace(/\\n/g, '\n'),
    );
  return 0;
};

export const wget: Command = async (ctx) => {
  const args = ctx.argv.slice(1);
  let quiet = false;
  let output: string | undefined;
  let timeoutMs: number | undefined;
  let rawUrl: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '-q' || arg === '--quiet') quiet = true;
    else if (arg === '-O' || arg === '--output-document') output = args[++i];
    else if (arg.startsWith('--output-document=')) output = arg.slice(18);
    else if (/^-q?O/.test(arg) && arg !== '-O') {
      quiet ||= arg.startsWith('-q');
      output = arg.slice(arg.indexOf('O') + 1) || args[++i];
    } else if (arg === '-T' || arg === '--timeout') timeoutMs = Number(args[++i]) * 1000;
    else if (arg.startsWith('--timeout=')) timeoutMs = Number(arg.slice(10)) * 1000;
    else if (arg.startsWith('-')) {
      await ctx.stderr.write(
        `wget: invalid option -- '${arg.replace(/^-+/, '')[0]}'\nUsage: wget [OPTION]... [URL]...\n\nTry \`wget --help' for more options.\n`,
      );
      return 2;
    } else rawUrl = arg;
  }
  if (rawUrl === undefined) {
    await ctx.stderr.write(
      "wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n",
    );
    return 1;
  }
  const log = async (text: string): Promise<void> => {
    if (!quiet) await ctx.stderr.write(text);
  };
  const target = parseTarget(rawUrl);
  if ('error' in target) {
    await ctx.stderr.write(`${rawUrl}: Unsupported scheme.\n`);
    return 1;
  }
  const stamp = (): string => formatDate(ctx.shell.now(), '%Y-%m-%d %H:%M:%S');
  await log(`--${stamp()}--  ${target.url}\n`);
  let response: HttpResponse;
  try {
    response = await request(ctx, target, {
      method: 'GET',
      headers: { Host: target.host, 'User-Agent': 'Wget/1.21.3' },
      timeoutMs,
    });
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    const code = errorCode(error);
    if (code === 'ENOTFOUND') {
      await log(`Resolving ${target.host} (${target.host})... failed: Name or service not known.\n`);
      await ctx.stderr.write(`wget: unable to resolve host address '${target.host}'\n`);
      return 4;
    }
    await log(
      `Connecting to ${target.host} (${target.host})|:${target.port}... failed: ${code === 'ETIMEDOUT' ? 'Connection timed out' : 'Connection refused'}.\n`,
    );
    return 4;
  }
  await log(`Connecting to ${target.host} (${target.host})|:${target.port}... connected.\n`);
  await log(`HTTP request sent, awaiting response... ${response.status} ${response.statusText ?? ''}\n`);
  if (response.status >= 400) {
    await log(`${stamp()} ERROR ${response.status}: ${response.statusText ?? ''}.\n\n`);
    return 8;
  }
  const length = Buffer.byteLength(response.body, 'utf8');
  const type = response.headers['content-type'] ?? response.headers['Content-Type'];
  await log(`Length: ${length}${type ? ` [${type}]` : ''}\n`);
  const file = output ?? (basename(target.path) || 'index.html');
  if (file === '-') {
    await ctx.stdout.write(response.body);
    return 0;
  }
  await log(`Saving to: '${file}'\n\n`);
  try {
    ctx.fs.writeFile(abs(ctx, file), response.body);
  } catch (error) {
    await ctx.stderr.write(`${file}: ${errorMessage(error)}\n`);
    return 3;
  }
  await log(`${stamp()} - '${file}' saved [${length}/${length}]\n\n`);
  return 0;
};
