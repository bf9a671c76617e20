/**
 * System utilities of the simulated containers: echo, printf, true, false, test/[, sleep, env, printenv,
 * hostname, ps, pwd, id, whoami, uname, date, free, top, kill, clear, seq, nproc.
 */
import type { Command, CommandContext } from './shell';

const echo: Command = (ctx) => {
  let args = ctx.argv.slice(1);
  let newline = true;
  let escapes = false;
  while (args[0] === '-n' || args[0] === '-e') {
    if (args[0] === '-n') newline = false;
    else escapes = true;
    args = args.slice(1);
  }
  let text = args.join(' ');
  if (escapes) text = text.replace(/\\n/g, '\n').replace(/\\t/g, '\t');
  ctx.stdout(newline ? `${text}\n` : text);
  return 0;
};

const printf: Command = (ctx) => {
  const [format = '', ...args] = ctx.argv.slice(1);
  let index = 0;
  const text = format
    .replace(/%(-?\d*)([sdf%])/g, (_, width: string, conv: string) => {
      if (conv === '%') return '%';
      const value = args[index++] ?? '';
      const formatted = conv === 'd' ? String(Number.parseInt(value, 10) || 0) : value;
      const w = Number(width);
      return w < 0 ? formatted.padEnd(-w) : formatted.padStart(w);
    })
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t');
  ctx.stdout(text);
  return 0;
};

/** evaluateTest implements `test` / `[` expressions (unary file and string tests, binary comparisons, !). */
function evaluateTest(ctx: CommandContext, args: string[]): boolean {
  if (args[0] === '!') return !evaluateTest(ctx, args.slice(1));
  if (args.length === 0) return false;
  if (args.length === 1) return args[0] !== '';
  if (args.length === 2) {
    const [op, value] = args;
    const node = ctx.host.fs.stat(value.startsWith('/') ? value : `${ctx.cwd}/${value}`);
    switch (op) {
      case '-z':
        return value === '';
      case '-n':
        return value !== '';
      case '-e':
        return node !== undefined;
      case '-f':
        return node?.kind === 'file';
      case '-d':
        return node?.kind === 'dir';
      case '-s':
        return node?.kind === 'file' && node.content.length > 0;
      default:
        return false;
    }
  }
  const andIndex = args.indexOf('-a');
  if (andIndex > 0)
    return evaluateTest(ctx, args.slice(0, andIndex)) && evaluateTest(ctx, args.slice(andIndex + 1));
  const orIndex = args.indexOf('-o');
  if (orIndex > 0)
    return evaluateTest(ctx, args.slice(0, orIndex)) || evaluateTest(ctx, args.slice(orIndex + 1));
  const [a, op, b] = args;
  const [x, y] = [Number(a), Number(b)];
  switch (op) {
    case '=':
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '-eq':
      return x === y;
    case '-ne':
      return x !== y;
    case '-lt':
      return x < y;
    case '-le':
      return x <= y;
    case '-gt':
      return x > y;
    case '-ge':
      return x >= y;
    default:
      return false;
  }
}

const test: Command = (ctx) => {
  let args = ctx.argv.slice(1);
  if (ctx.argv[0] === '[') {
    if (args[args.length - 1] !== ']') {
      ctx.stderr('[: missing ]\n');
      return 2;
    }
    args = args.slice(0, -1);
  }
  return evaluateTest(ctx, args) ? 0 : 1;
};

/** parseDuration reads `sleep` arguments: seconds with optional s/m/h/d suffix, or `infinity`. */
export function parseSleepSeconds(arg: string): number | undefined {
  if (arg === 'infinity' || arg === 'inf') return Infinity;
  const match = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(arg);
  if (!match) return undefined;
  return Number(match[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
}

const sleep: Command = async (ctx) => {
  if (ctx.argv.length < 2) {
    ctx.stderr('sleep: missing operand\n');
    return 1;
  }
  let total = 0;
  for (const arg of ctx.argv.slice(1)) {
    const seconds = parseSleepSeconds(arg);
    if (seconds === undefined) {
      ctx.stderr(`sleep: invalid number '${arg}'\n`);
      return 1;
    }
    total += seconds;
  }
  if (total === Infinity)
    await new Promise<void>((_, reject) =>
      ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason as Error), { once: true }),
    );
  // Long sleeps are chunked: a Node.js timer cannot exceed 2^31-1 ms.
  for (let left = total * 1000; left > 0; left -= 2 ** 30)
    await ctx.host.sleep(Math.min(left, 2 ** 30), ctx.signal);
  return 0;
};

const env: Command = (ctx) => {
  for (const [name, value] of ctx.env) ctx.stdout(`${name}=${value}\n`);
  return 0;
};

const printenv: Command = (ctx) => {
  const names = ctx.argv.slice(1);
  if (names.length === 0) return env(ctx);
  let status = 0;
  for (const name of names) {
    const value = ctx.env.get(name);
    if (value === undefined) status = 1;
    else ctx.stdout(`${value}\n`);
  }
  return status;
};

function formatUptime(ms: number): string {
  const minutes = Math.floor(ms / 60000);
  return minutes < 60 ? `${minutes}` : `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}

const ps: Command = (ctx) => {
  const now = ctx.host.now();
  ctx.stdout('PID   USER     TIME  COMMAND\n');
  for (const p of ctx.host.processes()) {
    ctx.stdout(
      `${String(p.pid).padStart(5)} root      ${formatUptime(now - p.startedAtMs).padStart(4)} ${p.command}\n`,
    );
  }
  return 0;
};

const DATE_DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DATE_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** formatDate is `date`'s default output in UTC: `Mon Jan  1 12:00:00 UTC 2024`. */
export function formatDate(ms: number): string {
  const d = new Date(ms);
  const time = d.toISOString().slice(11, 19);
  return `${DATE_DAYS[d.getUTCDay()]} ${DATE_MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2)} ${time} UTC ${d.getUTCFullYear()}`;
}

const date: Command = (ctx) => {
  const format = ctx.argv.find((a) => a.startsWith('+'));
  const now = ctx.host.now();
  if (format === '+%s') ctx.stdout(`${Math.floor(now / 1000)}\n`);
  else if (format) {
    const iso = new Date(now).toISOString();
    ctx.stdout(
      `${format
        .slice(1)
        .replace(/%Y/g, iso.slice(0, 4))
        .replace(/%m/g, iso.slice(5, 7))
        .replace(/%d/g, iso.slice(8, 10))
        .replace(/%H/g, iso.slice(11, 13))
        .replace(/%M/g, iso.slice(14, 16))
        .replace(/%S/g, iso.slice(17, 19))
        .replace(/%T/g, iso.slice(11, 19))}\n`,
    );
  } else ctx.stdout(`${formatDate(now)}\n`);
  return 0;
};

const free: Command = (ctx) => {
  const totalKb = Math.round((ctx.host.memoryLimitBytes ?? 8 * 1024 ** 3) / 1024);
  const usedKb = Math.round(ctx.host.memoryUsedBytes() / 1024);
  ctx.stdout('              total        used        free      shared  buff/cache   available\n');
  ctx.stdout(
    `Mem:   ${String(totalKb).padStart(12)}${String(usedKb).padStart(12)}${String(totalKb - usedKb).padStart(12)}           0           0${String(totalKb - usedKb).padStart(12)}\n`,
  );
  ctx.stdout('Swap:             0           0           0\n');
  return 0;
};

const top: Command = (ctx) => {
  const used = Math.round(ctx.host.memoryUsedBytes() / 1024);
  ctx.stdout(`Mem: ${used}K used\nCPU:   0% usr   0% sys   0% nic 100% idle   0% io   0% irq   0% sirq\n`);
  ctx.stdout('  PID  PPID USER     STAT   VSZ %VSZ CPU %CPU COMMAND\n');
  for (const p of ctx.host.processes()) {
    ctx.stdout(
      `${String(p.pid).padStart(5)}     0 root     S    ${String(Math.round(p.memoryBytes / 1024)).padStart(5)}   0%   0   0% ${p.command}\n`,
    );
  }
  return 0;
};

const SIGNALS: Record<string, number> = { HUP: 1, INT: 2, QUIT: 3, KILL: 9, TERM: 15, USR1: 10, USR2: 12 };

const kill: Command = (ctx) => {
  let signal = 15;
  const pids: string[] = [];
  for (const arg of ctx.argv.slice(1)) {
    if (arg.startsWith('-')) {
      const name = arg.slice(1).replace(/^SIG/, '');
      signal = /^\d+$/.test(name) ? Number(name) : (SIGNALS[name] ?? 15);
    } else pids.push(arg);
  }
  let status = 0;
  for (const pid of pids) {
    if (!ctx.host.kill(Number(pid), signal)) {
      ctx.stderr(`kill: can't kill pid ${pid}: No such process\n`);
      status = 1;
    }
  }
  return status;
};

const seq: Command = (ctx) => {
  const nums = ctx.argv.slice(1).map(Number);
  const [first, last] = nums.length === 1 ? [1, nums[0]] : [nums[0], nums[nums.length - 1]];
  const step = nums.length === 3 ? nums[1] : 1;
  for (let i = first; step > 0 ? i <= last : i >= last; i += step) ctx.stdout(`${i}\n`);
  return 0;
};

/** SYSTEM_COMMANDS maps utility names to implementations. */
export const SYSTEM_COMMANDS: [string, Command][] = [
  ['echo', echo],
  ['printf', printf],
  ['true', () => 0],
  ['false', () => 1],
  ['test', test],
  ['[', test],
  ['sleep', sleep],
  ['env', env],
  ['printenv', printenv],
  ['hostname', (ctx) => (ctx.stdout(`${ctx.host.hostname}\n`), 0)],
  ['ps', ps],
  ['pwd', (ctx) => (ctx.stdout(`${ctx.cwd}\n`), 0)],
  ['id', (ctx) => (ctx.stdout('uid=0(root) gid=0(root) groups=0(root)\n'), 0)],
  ['whoami', (ctx) => (ctx.stdout('root\n'), 0)],
  [
    'uname',
    (ctx) => {
      const all = ctx.argv.includes('-a');
      ctx.stdout(
        all
          ? `Linux ${ctx.host.hostname} 6.1.0-27-amd64 #1 SMP PREEMPT_DYNAMIC Debian 6.1.115-1 (2024-11-01) x86_64 GNU/Linux\n`
          : 'Linux\n',
      );
      return 0;
    },
  ],
  ['date', date],
  ['free', free],
  ['top', top],
  ['kill', kill],
  ['clear', (ctx) => (ctx.stdout('\x1b[H\x1b[J'), 0)],
  ['seq', seq],
  ['nproc', (ctx) => (ctx.stdout('2\n'), 0)],
];
