// Everyday small commands: echo, printf, true, false, sleep, date, seq, yes.
import { yieldToEventLoop } from '../io';
import type { Command } from '../types';
import { getopts, usageError } from './options';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** interpretEscapes handles echo -e / printf %b escapes; `stop` is set when `\c` ends the output. */
export function interpretEscapes(text: string): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch !== '\\' || i + 1 >= text.length) {
      out += ch;
      continue;
    }
    const next = text[i + 1];
    i += 1;
    const simple: Record<string, string> = {
      n: '\n',
      t: '\t',
      r: '\r',
      a: '\x07',
      b: '\b',
      f: '\f',
      v: '\v',
      e: '\x1b',
      E: '\x1b',
      '\\': '\\',
    };
    if (next in simple) out += simple[next];
    else if (next === 'c') return { text: out, stop: true };
    else if (next === '0' || /[1-7]/.test(next)) {
      const digits = /^[0-7]{0,3}/.exec(text.slice(next === '0' ? i + 1 : i))?.[0] ?? '';
      out += String.fromCharCode(Number.parseInt(digits || '0', 8));
      i += digits.length - (next === '0' ? 0 : 1);
    } else if (next === 'x' && /[0-9A-Fa-f]/.test(text[i + 1] ?? '')) {
      const hex = /^[0-9A-Fa-f]{1,2}/.exec(text.slice(i + 1))?.[0] ?? '';
      out += String.fromCharCode(Number.parseInt(hex, 16));
      i += hex.length;
    } else out += `\\${next}`;
  }
  return { text: out, stop: false };
}

export const echo: Command = async (ctx) => {
  // echo takes no `--`: only leading words made of n, e, E are options (bash's own rule).
  const args = ctx.argv.slice(1);
  let newline = true;
  let escapes = false;
  while (args.length > 0 && /^-[neE]+$/.test(args[0])) {
    const flags = args.shift() as string;
    for (const flag of flags.slice(1)) {
      if (flag === 'n') newline = false;
      else escapes = flag === 'e';
    }
  }
  let text = args.join(' ');
  if (escapes) {
    const result = interpretEscapes(text);
    text = result.text;
    if (result.stop) newline = false;
  }
  await ctx.stdout.write(newline ? `${text}\n` : text);
  return 0;
};

/** formatPrintf implements printf(1): conversions %s %b %c %d %i %u %x %X %o %f %e %g %%, reused for extra args. */
export function formatPrintf(format: string, args: string[]): { text: string; errors: string[] } {
  const errors: string[] = [];
  let out = '';
  let argIndex = 0;
  const spec = /%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([sbcdiuxXofeEgG%])|\\(?:[0-7]{1,3}|x[0-9A-Fa-f]{1,2}|.)/g;
  do {
    const start = argIndex;
    let stop = false;
    out += format.replace(spec, (match, flags: string, width: string, precision: string, conv: string) => {
      if (stop) return '';
      if (match.startsWith('\\')) {
        const result = interpretEscapes(match);
        if (result.stop) stop = true;
        return result.text;
      }
      if (conv === '%') return '%';
      const next = (): string => args[argIndex++] ?? '';
      const w = width === '*' ? Number(next()) : width ? Number(width) : 0;
      const p = precision === '*' ? Number(next()) : precision !== undefined ? Number(precision) : undefined;
      const arg = next();
      let body: string;
      switch (conv) {
        case 's':
          body = p !== undefined ? arg.slice(0, p) : arg;
          break;
        case 'b': {
          const result = interpretEscapes(arg);
          if (result.stop) stop = true;
          body = result.text;
          break;
        }
        case 'c':
          body = arg.slice(0, 1);
          break;
        default: {
          let value =
            arg === '' ? 0 : Number(arg.startsWith("'") || arg.startsWith('"') ? arg.codePointAt(1) : arg);
          if (Number.isNaN(value)) {
            errors.push(`printf: '${arg}': invalid number`);
            value = 0;
          }
          const sign = value < 0 ? '-' : flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
          const magnitude = Math.abs(value);
          if ('diu'.includes(conv)) body = String(Math.trunc(magnitude));
          else if (conv === 'x') body = Math.trunc(magnitude).toString(16);
          else if (conv === 'X') body = Math.trunc(magnitude).toString(16).toUpperCase();
          else if (conv === 'o') body = Math.trunc(magnitude).toString(8);
          else if ('eE'.includes(conv)) {
            body = magnitude.toExponential(p ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
            if (conv === 'E') body = body.toUpperCase();
          } else if ('gG'.includes(conv)) body = String(Number(magnitude.toPrecision(p || 6)));
          else body = magnitude.toFixed(p ?? 6);
          if (flags.includes('0') && !flags.includes('-')) body = body.padStart(w - sign.length, '0');
          body = sign + body;
        }
      }
      return flags.includes('-') ? body.padEnd(w) : body.padStart(w);
    });
    if (stop || argIndex === start) break;
  } while (argIndex < args.length);
  return { text: out, errors };
}

export const printf: Command = async (ctx) => {
  const args = ctx.argv.slice(1);
  if (args[0] === '--') args.shift();
  const format = args.shift();
  if (format === undefined) {
    await ctx.stderr.write('printf: usage: printf [-v var] format [arguments]\n');
    return 2;
  }
  const { text, errors } = formatPrintf(format, args);
  await ctx.stdout.write(text);
  for (const error of errors) await ctx.stderr.write(`bash: ${error}\n`);
  return errors.length > 0 ? 1 : 0;
};

export const trueCommand: Command = async () => 0;
export const falseCommand: Command = async () => 1;

/** abortableDelay waits `ms` or rejects as soon as `signal` aborts. */
export function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

export const sleep: Command = async (ctx) => {
  const args = ctx.argv.slice(1);
  if (args.length === 0) return usageError(ctx, 'sleep', 'missing operand');
  let seconds = 0;
  for (const arg of args) {
    const match = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(arg);
    if (!match) {
      if (arg.startsWith('-') && arg.length > 1)
        return usageError(ctx, 'sleep', `invalid option -- '${arg[1]}'`);
      await ctx.stderr.write(
        `sleep: invalid time interval '${arg}'\nTry 'sleep --help' for more information.\n`,
      );
      return 1;
    }
    seconds +=
      Number(match[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  }
  await abortableDelay(seconds * 1000, ctx.signal);
  return 0;
};

const pad = (n: number, width = 2, fill = '0'): string => String(n).padStart(width, fill);

/** formatDate implements date(1)'s common conversions, in UTC (the sandbox's only time zone). */
export function formatDate(date: Date, format: string): string {
  return format.replace(/%([a-zA-Z%+])/g, (match, conv: string) => {
    const y = date.getUTCFullYear();
    switch (conv) {
      case 'Y':
        return String(y);
      case 'y':
        return pad(y % 100);
      case 'm':
        return pad(date.getUTCMonth() + 1);
      case 'd':
        return pad(date.getUTCDate());
      case 'e':
        return pad(date.getUTCDate(), 2, ' ');
      case 'H':
        return pad(date.getUTCHours());
      case 'I':
        return pad(date.getUTCHours() % 12 || 12);
      case 'M':
        return pad(date.getUTCMinutes());
      case 'S':
        return pad(date.getUTCSeconds());
      case 'N':
        return pad(date.getUTCMilliseconds() * 1e6, 9);
      case 'p':
        return date.getUTCHours() < 12 ? 'AM' : 'PM';
      case 's':
        return String(Math.floor(date.getTime() / 1000));
      case 'a':
        return DAYS[date.getUTCDay()];
      case 'A':
        return DAY_NAMES[date.getUTCDay()];
      case 'b':
      case 'h':
        return MONTHS[date.getUTCMonth()];
      case 'B':
        return MONTH_NAMES[date.getUTCMonth()];
      case 'j':
        return pad(Math.floor((date.getTime() - Date.UTC(y, 0, 1)) / 86400000) + 1, 3);
      case 'u':
        return String(date.getUTCDay() || 7);
      case 'w':
        return String(date.getUTCDay());
      case 'Z':
        return 'UTC';
      case 'z':
        return '+0000';
      case 'F':
        return `${y}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
      case 'T':
        return `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}`;
      case 'R':
        return `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}`;
      case 'D':
        return `${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}/${pad(y % 100)}`;
      case 'c':
        return formatDate(date, '%a %b %e %H:%M:%S %Y');
      case 'n':
        return '\n';
      case 't':
        return '\t';
      case '%':
        return '%';
      default:
        return match;
    }
  });
}

export const date: Command = async (ctx) => {
  const opts = await getopts(ctx, {
    flags: 'uRI',
    withArg: 'd',
    long: {
      utc: { key: 'u' },
      'iso-8601': { key: 'I' },
      'rfc-email': { key: 'R' },
      date: { key: 'd', arg: true },
    },
    usage: 'Usage: date [OPTION]... [+FORMAT]',
  });
  if (typeof opts === 'number') return opts;
  let now = ctx.shell.now();
  const dateText = opts.get('d');
  if (dateText !== undefined) {
    const parsed = dateText.startsWith('@') ? new Date(Number(dateText.slice(1)) * 1000) : new Date(dateText);
    if (Number.isNaN(parsed.getTime())) {
      await ctx.stderr.write(`date: invalid date '${dateText}'\n`);
      return 1;
    }
    now = parsed;
  }
  const [operand, extra] = opts.operands;
  if (extra !== undefined) return usageError(ctx, 'date', `extra operand '${extra}'`);
  if (operand !== undefined && !operand.startsWith('+')) {
    await ctx.stderr.write(`date: invalid date '${operand}'\n`);
    return 1;
  }
  let format = operand?.slice(1) ?? '%a %b %e %H:%M:%S %Z %Y';
  if (opts.has('I')) format = '%Y-%m-%d';
  if (opts.has('R')) format = '%a, %d %b %Y %H:%M:%S %z';
  await ctx.stdout.write(`${formatDate(now, format)}\n`);
  return 0;
};

export const seq: Command = async (ctx) => {
  const args = ctx.argv.slice(1);
  let separator = '\n';
  let equalWidth = false;
  while (args.length > 0 && /^-[sw]/.test(args[0])) {
    const flag = args.shift() as string;
    if (flag.startsWith('-s')) separator = flag.length > 2 ? flag.slice(2) : (args.shift() ?? '\n');
    else equalWidth = true;
  }
  const numbers = args.map(Number);
  if (args.length === 0) return usageError(ctx, 'seq', 'missing operand');
  if (args.length > 3) return usageError(ctx, 'seq', `extra operand '${args[3]}'`);
  const bad = args.find((a, i) => a.trim() === '' || Number.isNaN(numbers[i]));
  if (bad !== undefined) return usageError(ctx, 'seq', `invalid floating point argument: '${bad}'`);
  const [first, step, last] =
    args.length === 1 ? [1, 1, numbers[0]] : args.length === 2 ? [numbers[0], 1, numbers[1]] : numbers;
  if (step === 0) return usageError(ctx, 'seq', `invalid Zero increment value: '${args[1]}'`);
  const decimals = Math.max(
    ...args.slice(0, args.length === 3 ? 2 : 1).map((a) => (a.split('.')[1] ?? '').length),
  );
  const width = equalWidth ? Math.max(first.toFixed(decimals).length, last.toFixed(decimals).length) : 0;
  let chunk = '';
  let firstItem = true;
  for (let i = 0; ; i += 1) {
    const value = first + i * step;
    if (step > 0 ? value > last + 1e-9 : value < last - 1e-9) break;
    chunk += (firstItem ? '' : separator) + value.toFixed(decimals).padStart(width, '0');
    firstItem = false;
    if (chunk.length > 16384) {
      await ctx.stdout.write(chunk);
      chunk = '';
      await yieldToEventLoop();
      ctx.signal.throwIfAborted();
    }
  }
  if (!firstItem) chunk += '\n';
  await ctx.stdout.write(chunk);
  return 0;
};

export const yes: Command = async (ctx) => {
  const line = `${ctx.argv.length > 1 ? ctx.argv.slice(1).join(' ') : 'y'}\n`;
  // Write in blocks like GNU yes; the pipe's backpressure and Ctrl-C stop the loop.
  const block = line.repeat(Math.max(1, Math.floor(4096 / line.length)));
  for (let writes = 1; !ctx.signal.aborted; writes += 1) {
    await ctx.stdout.write(block);
    // Writes to /dev/null never wait: hand the event loop back so Ctrl-C and the time budget are seen.
    if (writes % 64 === 0) await yieldToEventLoop();
  }
  return 130;
};

/** hostname prints the terminal's host name (the learner's workstation, not a pod). */
export const hostname: Command = async (ctx) => {
  await ctx.stdout.write(`${ctx.shell.hostname}\n`);
  return 0;
};
