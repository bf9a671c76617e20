// File commands on the virtual file system: ls, cat, mkdir, rm, cp, mv, touch (GNU coreutils texts).
import { basename } from '../fs';
import type { FsStat } from '../fs';
import type { Command, CommandContext } from '../types';
import { abs, errorMessage, shellQuote } from './common';
import { getopts, usageError } from './options';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SIX_MONTHS_MS = (365.2425 / 2) * 24 * 3600 * 1000;

function modeString(stat: FsStat): string {
  const bits = 'rwxrwxrwx';
  let text = stat.kind === 'dir' ? 'd' : '-';
  for (let i = 0; i < 9; i += 1) text += stat.mode & (1 << (8 - i)) ? bits[i] : '-';
  return text;
}

function lsDate(mtime: number, now: number): string {
  const date = new Date(mtime);
  const day = String(date.getUTCDate()).padStart(2, ' ');
  const month = MONTHS[date.getUTCMonth()];
  if (Math.abs(now - mtime) > SIX_MONTHS_MS) return `${month} ${day}  ${date.getUTCFullYear()}`;
  const time = `${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')}`;
  return `${month} ${day} ${time}`;
}

function humanSize(size: number): string {
  if (size < 1024) return String(size);
  const units = ['K', 'M', 'G'];
  let value = size;
  let unit = '';
  for (const next of units) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  return value < 10 ? `${Math.ceil(value * 10) / 10}${unit}` : `${Math.ceil(value)}${unit}`;
}

/** columns lays names out like GNU ls on a terminal: vertical order, as many columns as fit in `width`. */
export function columns(names: string[], width: number): string[] {
  if (names.length === 0) return [];
  for (let cols = names.length; cols >= 1; cols -= 1) {
    const rows = Math.ceil(names.length / cols);
    const usedCols = Math.ceil(names.length / rows);
    const widths: number[] = [];
    for (let c = 0; c < usedCols; c += 1) {
      const column = names.slice(c * rows, (c + 1) * rows);
      widths.push(Math.max(...column.map((n) => n.length)) + (c === usedCols - 1 ? 0 : 2));
    }
    const total = widths.reduce((a, b) => a + b, 0);
    if (total < width || cols === 1) {
      const lines: string[] = [];
      for (let r = 0; r < rows; r += 1) {
        let line = '';
        for (let c = 0; c < usedCols; c += 1) {
          const name = names[c * rows + r];
          if (name === undefined) continue;
          const last = c === usedCols - 1 || names[(c + 1) * rows + r] === undefined;
          line += last ? name : name.padEnd(widths[c]);
        }
        lines.push(line);
      }
      return lines;
    }
  }
  return names;
}

export const ls: Command = async (ctx) => {
  const opts = await getopts(ctx, {
    flags: 'alA1hdrtRF',
    long: {
      all: { key: 'a' },
      'almost-all': { key: 'A' },
      'human-readable': { key: 'h' },
      directory: { key: 'd' },
    },
    usage: 'Usage: ls [OPTION]... [FILE]...',
    status: 2,
  });
  if (typeof opts === 'number') return opts;
  const long = opts.has('l');
  const oneLine = opts.has('1') || !ctx.terminal.stdoutIsTty;
  const now = ctx.shell.now().getTime();
  let status = 0;
  const operands = opts.operands.length > 0 ? opts.operands : ['.'];
  const files: { name: string; stat: FsStat }[] = [];
  const dirs: { name: string; path: string }[] = [];
  for (const operand of operands) {
    const stat = ctx.fs.stat(abs(ctx, operand));
    if (!stat) {
      await ctx.stderr.write(`ls: cannot access '${operand}': No such file or directory\n`);
      status = 2;
    } else if (stat.kind === 'dir' && !opts.has('d')) {
      dirs.push({ name: operand, path: abs(ctx, operand) });
    } else {
      files.push({ name: operand, stat });
    }
  }
  const sortEntries = (entries: { name: string; stat: FsStat }[]): { name: string; stat: FsStat }[] => {
    const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (opts.has('t')) sorted.sort((a, b) => b.stat.mtime - a.stat.mtime);
    if (opts.has('r')) sorted.reverse();
    return sorted;
  };
  const render = (entries: { name: string; stat: FsStat }[], withTotal: boolean): string[] => {
    const display = (entry: { name: string; stat: FsStat }): string => {
      const name = ctx.terminal.stdoutIsTty ? shellQuote(entry.name) : entry.name;
      return opts.has('F') && entry.stat.kind === 'dir' ? `${name}/` : name;
    };
    if (!long) {
      const names = entries.map(display);
      return oneLine ? names : columns(names, ctx.terminal.cols);
    }
    const sizes = entries.map((e) => (opts.has('h') ? humanSize(e.stat.size) : String(e.stat.size)));
    const sizeWidth = Math.max(0, ...sizes.map((s) => s.length));
    const lines = entries.map((entry, index) => {
      const links = entry.stat.kind === 'dir' ? 2 : 1;
      return `${modeString(entry.stat)} ${links} apprenant apprenant ${sizes[index].padStart(sizeWidth)} ${lsDate(entry.stat.mtime, now)} ${display(entry)}`;
    });
    if (withTotal) {
      const blocks = entries.reduce((sum, e) => sum + Math.ceil(e.stat.size / 4096) * 4, 0);
      lines.unshift(`total ${opts.has('h') && blocks >= 1024 ? humanSize(blocks * 1024) : blocks}`);
    }
    return lines;
  };
  const out: string[] = [];
  if (files.length > 0) out.push(...render(sortEntries(files), false));
  const sortedDirs = [...dirs].sort((a, b) => (a.name < b.name ? -1 : 1));
  const queue = [...sortedDirs];
  const headers = dirs.length + files.length > 1 || opts.has('R');
  let first = files.length === 0;
  while (queue.length > 0) {
    const dir = queue.shift() as { name: string; path: string };
    const entries: { name: string; stat: FsStat }[] = [];
    if (opts.has('a')) {
      entries.push({ name: '.', stat: ctx.fs.stat(dir.path) as FsStat });
      entries.push({ name: '..', stat: ctx.fs.stat(abs(ctx, `${dir.path}/..`)) as FsStat });
    }
    for (const name of ctx.fs.readDir(dir.path)) {
      if (name.startsWith('.') && !opts.has('a') && !opts.has('A')) continue;
      entries.push({ name, stat: ctx.fs.stat(`${dir.path === '/' ? '' : dir.path}/${name}`) as FsStat });
    }
    if (!first) out.push('');
    first = false;
    if (headers) out.push(`${shellQuote(dir.name)}:`);
    out.push(...render(sortEntries(entries), true));
    if (opts.has('R')) {
      const subdirs = sortEntries(entries).filter(
        (e) => e.stat.kind === 'dir' && e.name !== '.' && e.name !== '..',
      );
      queue.unshift(
        ...subdirs.map((e) => ({
          name: `${dir.name.replace(/\/$/, '')}/${e.name}`,
          path: `${dir.path === '/' ? '' : dir.path}/${e.name}`,
        })),
      );
    }
  }
  if (out.length > 0) await ctx.stdout.write(`${out.join('\n')}\n`);
  return status;
};

export const cat: Command = async (ctx) => {
  const opts = await getopts(ctx, {
    flags: 'nA',
    long: { number: { key: 'n' } },
    usage: 'Usage: cat [OPTION]... [FILE]...',
  });
  if (typeof opts === 'number') return opts;
  const operands = opts.operands.length > 0 ? opts.operands : ['-'];
  let status = 0;
  let lineNumber = 0;
  const number = (text: string): string =>
    opts.has('n')
      ? text.replace(/^.*(?:\n|$)/gm, (line) =>
          line === '' ? '' : `${String(++lineNumber).padStart(6)}\t${line}`,
        )
      : text;
  for (const operand of operands) {
    if (operand === '-') {
      // Streamed chunk by chunk: `yes | cat | head` and typing into `cat` work.
      for await (const chunk of ctx.stdin) await ctx.stdout.write(number(chunk));
      continue;
    }
    try {
      await ctx.stdout.write(number(ctx.fs.readFile(abs(ctx, operand))));
    } catch (error) {
      await ctx.stderr.write(`cat: ${operand}: ${errorMessage(error)}\n`);
      status = 1;
    }
  }
  return status;
};

export const mkdir: Command = async (ctx) => {
  const opts = await getopts(ctx, {
    flags: 'pv',
    long: { parents: { key: 'p' }, verbose: { key: 'v' } },
    usage: 'Usage: mkdir [OPTION]... DIRECTORY...',
  });
  if (typeof opts === 'number') return opts;
  if (opts.operands.length === 0) return usageError(ctx, 'mkdir', 'missing operand');
  let status = 0;
  for (const operand of opts.operands) {
    try {
      ctx.fs.mkdir(abs(ctx, operand), { parents: opts.has('p') });
      if (opts.has('v')) await ctx.stdout.write(`mkdir: created directory '${operand}'\n`);
    } catch (error) {
      await ctx.stderr.write(`mkdir: cannot create directory '${operand}': ${errorMessage(error)}\n`);
      status = 1;
    }
  }
  return status;
};

export const rm: Command = async (ctx) => {
  const opts = await getopts(ctx, {
    flags: 'rRfiv',
    long: { recursive: { key: 'r' }, force: { key: 'f' }, verbose: { key: 'v' } },
    usage: 'Usage: rm [OPTION]... [FILE]...',
  });
  if (typeof opts === 'number') return opts;
  const recursive = opts.has('r') || opts.has('R');
  if (opts.operands.length === 0) return opts.has('f') ? 0 : usageError(ctx, 'rm', 'missing operand');
  let status = 0;
  for (const operand of opts.operands) {
    const path = abs(ctx, operand);
    if (recursive && path === '/') {
      await ctx.stderr.write(
        `rm: it is dangerous to operate recursively on '/'\nrm: use --no-preserve-root to override this failsafe\n`,
      );
      status = 1;
      continue;
    }
    const stat = ctx.fs.stat(path);
    if (!stat) {
      if (!opts.has('f')) {
        await ctx.stderr.write(`rm: cannot remove '${operand}': No such file or directory\n`);
        status = 1;
      }
      continue;
    }
    if (stat.kind === 'dir' && !recursive) {
      await ctx.stderr.write(`rm: cannot remove '${operand}': Is a directory\n`);
      status = 1;
      continue;
    }
    try {
      ctx.fs.remove(path, { recursive });
      if (opts.has('v'))
        await ctx.stdout.write(`removed ${stat.kind === 'dir' ? 'directory ' : ''}'${operand}'\n`);
    } catch (error) {
      await ctx.stderr.write(`rm: cannot remove '${operand}': ${errorMessage(error)}\n`);
      status = 1;
    }
  }
  return status;
};

/** Shared by cp and mv: the destination of each source (inside DEST when it is a directory). */
async function copyOrMove(ctx: CommandContext, move: boolean): Promise<number> {
  const name = ctx.argv[0];
  const opts = await getopts(ctx, {
    flags: move ? 'fiv' : 'rRafiv',
    long: move
      ? { force: { key: 'f' } }
      : { recursive: { key: 'r' }, archive: { key: 'a' }, force: { key: 'f' } },
    usage: `Usage: ${name} [OPTION]... SOURCE... DIRECTORY`,
  });
  if (typeof opts === 'number') return opts;
  const recursive = opts.has('r') || opts.has('R') || opts.has('a');
  const operands = opts.operands;
  if (operands.length === 0) return usageError(ctx, name, 'missing file operand');
  if (operands.length === 1)
    return usageError(ctx, name, `missing destination file operand after '${operands[0]}'`);
  const target = operands[operands.length - 1];
  const targetPath = abs(ctx, target);
  const targetIsDir = ctx.fs.isDir(targetPath);
  if (operands.length > 2 && !targetIsDir) {
    await ctx.stderr.write(`${name}: target '${target}' is not a directory\n`);
    return 1;
  }
  let status = 0;
  for (const source of operands.slice(0, -1)) {
    const sourcePath = abs(ctx, source);
    const stat = ctx.fs.stat(sourcePath);
    if (!stat) {
      await ctx.stderr.write(`${name}: cannot stat '${source}': No such file or directory\n`);
      status = 1;
      continue;
    }
    if (!move && stat.kind === 'dir' && !recursive) {
      await ctx.stderr.write(`cp: -r not specified; omitting directory '${source}'\n`);
      status = 1;
      continue;
    }
    const destination = targetIsDir
      ? `${targetPath === '/' ? '' : targetPath}/${basename(sourcePath)}`
      : targetPath;
    if (destination === sourcePath) {
      await ctx.stderr.write(`${name}: '${source}' and '${target}' are the same file\n`);
      status = 1;
      continue;
    }
    if (destination.startsWith(`${sourcePath}/`)) {
      const verb = move ? 'cannot move' : 'cannot copy a directory,';
      await ctx.stderr.write(
        `${name}: ${verb} '${source}'${move ? ' to a subdirectory of itself,' : ' into itself,'} '${target}'\n`,
      );
      status = 1;
      continue;
    }
    try {
      if (move) ctx.fs.rename(sourcePath, destination);
      else ctx.fs.copy(sourcePath, destination, { recursive });
      if (opts.has('v')) await ctx.stdout.write(`${move ? 'renamed ' : ''}'${source}' -> '${target}'\n`);
    } catch (error) {
      const verb = move ? 'cannot move' : 'cannot create regular file';
      await ctx.stderr.write(`${name}: ${verb} '${move ? source : target}': ${errorMessage(error)}\n`);
      status = 1;
    }
  }
  return status;
}

export const cp: Command = (ctx) => copyOrMove(ctx, false);
export const mv: Command = (ctx) => copyOrMove(ctx, true);

export const touch: Command = async (ctx) => {
  const opts = await getopts(ctx, { flags: 'c', usage: 'Usage: touch [OPTION]... FILE...' });
  if (typeof opts === 'number') return opts;
  if (opts.operands.length === 0) return usageError(ctx, 'touch', 'missing file operand');
  let status = 0;
  for (const operand of opts.operands) {
    const path = abs(ctx, operand);
    if (opts.has('c') && !ctx.fs.exists(path)) continue;
    try {
      ctx.fs.touch(path);
    } catch (error) {
      await ctx.stderr.write(`touch: cannot touch '${operand}': ${errorMessage(error)}\n`);
      status = 1;
    }
  }
  return status;
};

/** applyMode computes a new mode from an octal (`644`) or symbolic (`u+x,go-w`) chmod mode; undefined if invalid. */
export function applyMode(current: number, mode: string): number | undefined {
  if (/^[0-7]{1,4}$/.test(mode)) return Number.parseInt(mode, 8);
  let result = current;
  for (const clause of mode.split(',')) {
    const match = /^([ugoa]*)([-+=])([rwx]*)$/.exec(clause);
    if (!match) return undefined;
    const who = match[1] === '' || match[1].includes('a') ? 'ugo' : match[1];
    let bits = 0;
    for (const target of who) {
      const shift = target === 'u' ? 6 : target === 'g' ? 3 : 0;
      for (const perm of match[3]) bits |= (perm === 'r' ? 4 : perm === 'w' ? 2 : 1) << shift;
      if (match[2] === '=') result &= ~(7 << shift);
    }
    result = match[2] === '-' ? result & ~bits : result | bits;
  }
  return result;
}

export const chmod: Command = async (ctx) => {
  const args = ctx.argv.slice(1);
  const [mode, ...files] = args;
  if (mode === undefined) return usageError(ctx, 'chmod', 'missing operand');
  if (files.length === 0) return usageError(ctx, 'chmod', `missing operand after '${mode}'`);
  let status = 0;
  for (const file of files) {
    const stat = ctx.fs.stat(abs(ctx, file));
    if (!stat) {
      await ctx.stderr.write(`chmod: cannot access '${file}': No such file or directory\n`);
      status = 1;
      continue;
    }
    const next = applyMode(stat.mode, mode);
    if (next === undefined) return usageError(ctx, 'chmod', `invalid mode: '${mode}'`);
    ctx.fs.chmod(abs(ctx, file), next);
  }
  return status;
};
