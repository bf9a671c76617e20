/**
 * File utilities of the simulated containers (busybox/coreutils subset): ls, cat, mkdir, touch, rm, cp, mv,
 * head, tail, grep, wc, df, find (commands-find.ts). Paths resolve from the caller's working directory.
 */
import { find } from './commands-find';
import { normalizePath, type FsNode } from './filesystem';
import type { Command, CommandContext } from './shell';

function flagsAndArgs(argv: string[]): { flags: Set<string>; args: string[] } {
  const flags = new Set<string>();
  const args: string[] = [];
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-') && arg.length > 1 && !/^-\d+$/.test(arg))
      for (const c of arg.slice(1)) flags.add(c);
    else args.push(arg);
  }
  return { flags, args };
}

const path = (ctx: CommandContext, p: string): string => normalizePath(p, ctx.cwd);

/** noSuchFile is the busybox-style (`can't open`) or coreutils-style error line. */
function noSuchFile(ctx: CommandContext, command: string, file: string): void {
  const busybox = ctx.host.os === 'busybox' || ctx.host.os === 'alpine';
  ctx.stderr(
    busybox && command === 'cat'
      ? `cat: can't open '${file}': No such file or directory\n`
      : `${command}: ${busybox ? '' : 'cannot access '}${busybox ? file : `'${file}'`}: No such file or directory\n`,
  );
}

async function readInputs(
  ctx: CommandContext,
  files: string[],
  command: string,
): Promise<string | undefined> {
  if (files.length === 0) return ctx.stdin.readAll();
  let text = '';
  let failed = false;
  for (const file of files) {
    const node = ctx.host.fs.stat(path(ctx, file));
    if (!node) {
      noSuchFile(ctx, command, file);
      failed = true;
    } else if (node.kind === 'dir') {
      ctx.stderr(`${command}: read error: Is a directory\n`);
      failed = true;
    } else text += ctx.host.fs.readFile(path(ctx, file));
  }
  return failed && text === '' ? undefined : text;
}

function modeString(node: FsNode): string {
  if (node.kind === 'link') return 'lrwxrwxrwx';
  const mode = node.mode;
  const bits = 'rwxrwxrwx'
    .split('')
    .map((c, i) => (mode & (1 << (8 - i)) ? c : '-'))
    .join('');
  return (node.kind === 'dir' ? 'd' : '-') + bits;
}

function lsDate(ms: number): string {
  const d = new Date(ms);
  const month = d.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  return `${month} ${String(d.getUTCDate()).padStart(2)} ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

const ls: Command = (ctx) => {
  const { flags, args } = flagsAndArgs(ctx.argv);
  const targets = args.length > 0 ? args : ['.'];
  let status = 0;
  targets.forEach((target, index) => {
    const full = path(ctx, target);
    const node = ctx.host.fs.stat(full);
    if (!node) {
      ctx.stderr(
        `ls: ${ctx.host.os === 'busybox' || ctx.host.os === 'alpine' ? '' : 'cannot access '}${target}: No such file or directory\n`,
      );
      status = ctx.host.os === 'busybox' || ctx.host.os === 'alpine' ? 1 : 2;
      return;
    }
    let names = node.kind === 'dir' ? ctx.host.fs.readdir(full) : [target];
    if (node.kind === 'dir') {
      names = flags.has('a') ? ['.', '..', ...names] : names.filter((n) => !n.startsWith('.'));
      if (targets.length > 1) ctx.stdout(`${index > 0 ? '\n' : ''}${target}:\n`);
    }
    if (flags.has('l')) {
      if (node.kind === 'dir') ctx.stdout(`total ${names.length * 4}\n`);
      for (const name of names) {
        const child =
          name === '.' || name === '..'
            ? node
            : node.kind === 'dir'
              ? ctx.host.fs.lstat(`${full}/${name}`)
              : node;
        if (!child) continue;
        const size = child.kind === 'file' ? child.content.length : child.kind === 'dir' ? 4096 : 0;
        const suffix = child.kind === 'link' ? ` -> ${child.target}` : '';
        ctx.stdout(
          `${modeString(child)}    1 root     root     ${String(size).padStart(8)} ${lsDate(child.mtimeMs)} ${name}${suffix}\n`,
        );
      }
    } else if (names.length > 0) ctx.stdout(`${names.join(flags.has('1') ? '\n' : '  ')}\n`);
  });
  return status;
};

const cat: Command = async (ctx) => {
  const { args } = flagsAndArgs(ctx.argv);
  const text = await readInputs(ctx, args, 'cat');
  if (text === undefined) return 1;
  ctx.stdout(text);
  return args.some((a) => !ctx.host.fs.stat(path(ctx, a))) ? 1 : 0;
};

const mkdir: Command = (ctx) => {
  const { flags, args } = flagsAndArgs(ctx.argv);
  for (const dir of args) {
    if (!flags.has('p') && ctx.host.fs.stat(path(ctx, dir))) {
      ctx.stderr(`mkdir: can't create directory '${dir}': File exists\n`);
      return 1;
    }
    ctx.host.fs.mkdir(path(ctx, dir), { recursive: flags.has('p') });
  }
  return 0;
};

const touch: Command = (ctx) => {
  for (const file of flagsAndArgs(ctx.argv).args) {
    const full = path(ctx, file);
    const node = ctx.host.fs.stat(full);
    if (node) node.mtimeMs = ctx.host.now();
    else ctx.host.fs.writeFile(full, '');
  }
  return 0;
};

const rm: Command = (ctx) => {
  const { flags, args } = flagsAndArgs(ctx.argv);
  let status = 0;
  for (const file of args) {
    const node = ctx.host.fs.lstat(path(ctx, file));
    if (!node) {
      if (!flags.has('f')) {
        ctx.stderr(`rm: can't remove '${file}': No such file or directory\n`);
        status = 1;
      }
      continue;
    }
    if (node.kind === 'dir' && !flags.has('r') && !flags.has('R')) {
      ctx.stderr(`rm: '${file}' is a directory\n`);
      status = 1;
      continue;
    }
    ctx.host.fs.remove(path(ctx, file), { recursive: true });
  }
  return status;
};

const cp: Command = (ctx) => {
  const { args } = flagsAndArgs(ctx.argv);
  const [source, target] = args;
  const dest =
    ctx.host.fs.stat(path(ctx, target))?.kind === 'dir' ? `${target}/${source.split('/').pop()}` : target;
  ctx.host.fs.writeFile(path(ctx, dest), ctx.host.fs.readFile(path(ctx, source)));
  return 0;
};

const mv: Command = (ctx) => {
  const { args } = flagsAndArgs(ctx.argv);
  ctx.host.fs.rename(path(ctx, args[0]), path(ctx, args[1]));
  return 0;
};

function lineCount(argv: string[], fallback: number): { count: number; files: string[] } {
  let count = fallback;
  const files: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === '-n') count = Number(argv[++i]);
    else if (/^-n\d+$/.test(argv[i])) count = Number(argv[i].slice(2));
    else if (/^-\d+$/.test(argv[i])) count = Number(argv[i].slice(1));
    else if (argv[i] !== '-f') files.push(argv[i]);
  }
  return { count, files };
}

const head: Command = async (ctx) => {
  const { count, files } = lineCount(ctx.argv, 10);
  const text = await readInputs(ctx, files, 'head');
  if (text === undefined) return 1;
  const lines = text.split('\n').slice(0, count);
  ctx.stdout(lines.join('\n') + (lines.length > 0 && text.split('\n').length > count ? '\n' : ''));
  return 0;
};

const tail: Command = async (ctx) => {
  const { count, files } = lineCount(ctx.argv, 10);
  const text = await readInputs(ctx, files, 'tail');
  if (text === undefined) return 1;
  const lines = text.replace(/\n$/, '').split('\n');
  if (text !== '') ctx.stdout(`${lines.slice(-count).join('\n')}\n`);
  return 0;
};

const grep: Command = async (ctx) => {
  const { flags, args } = flagsAndArgs(ctx.argv);
  const [pattern, ...files] = args;
  if (pattern === undefined) {
    ctx.stderr('Usage: grep [-HhnlLoqvsrRiwFE] PATTERN/-e PATTERN.../-f FILE [FILE]...\n');
    return 2;
  }
  const text = await readInputs(ctx, files, 'grep');
  if (text === undefined) return 2;
  let regex: RegExp;
  try {
    regex = new RegExp(
      flags.has('F') ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : pattern,
      flags.has('i') ? 'i' : '',
    );
  } catch {
    regex = new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  }
  const matches = text
    .replace(/\n$/, '')
    .split('\n')
    .map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line }) => regex.test(line) !== flags.has('v'));
  if (flags.has('c')) ctx.stdout(`${matches.length}\n`);
  else if (!flags.has('q'))
    for (const m of matches) ctx.stdout(`${flags.has('n') ? `${m.n}:` : ''}${m.line}\n`);
  return matches.length > 0 ? 0 : 1;
};

const wc: Command = async (ctx) => {
  const { flags, args } = flagsAndArgs(ctx.argv);
  const text = await readInputs(ctx, args, 'wc');
  if (text === undefined) return 1;
  const lines = (text.match(/\n/g) ?? []).length;
  const words = text.split(/\s+/).filter(Boolean).length;
  const suffix = args.length > 0 ? ` ${args.join(' ')}` : '';
  if (flags.has('l')) ctx.stdout(`${lines}${suffix}\n`);
  else if (flags.has('w')) ctx.stdout(`${words}${suffix}\n`);
  else if (flags.has('c')) ctx.stdout(`${text.length}${suffix}\n`);
  else
    ctx.stdout(
      `${String(lines).padStart(7)} ${String(words).padStart(7)} ${String(text.length).padStart(7)}${suffix}\n`,
    );
  return 0;
};

const df: Command = (ctx) => {
  const used = Math.ceil(ctx.host.fs.usedBytes('/') / 1024) + 4096;
  const total = 61255492;
  ctx.stdout('Filesystem           1K-blocks      Used Available Use% Mounted on\n');
  ctx.stdout(
    `overlay              ${String(total).padStart(9)} ${String(used + 20_000_000).padStart(9)} ${String(total - used - 20_000_000).padStart(9)}  33% /\n`,
  );
  ctx.stdout('tmpfs                    65536         0     65536   0% /dev\n');
  return 0;
};

/** FILE_COMMANDS maps utility names to implementations. */
export const FILE_COMMANDS: [string, Command][] = [
  ['ls', ls],
  ['cat', cat],
  ['mkdir', mkdir],
  ['touch', touch],
  ['rm', rm],
  ['cp', cp],
  ['mv', mv],
  ['head', head],
  ['tail', tail],
  ['grep', grep],
  ['wc', wc],
  ['df', df],
  ['find', find],
];
