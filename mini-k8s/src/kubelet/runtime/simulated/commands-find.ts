/**
 * find is the simulated containers' `find` (busybox/findutils subset): starting points, then the
 * expressions -mindepth N, -maxdepth N, -name GLOB, -type f|d|l, -print and -delete, ANDed together.
 * Kubernetes' PV recycler pod runs `find /scrub -mindepth 1 -delete`, and course exercises list files with
 * `find /path -name '*.conf'`.
 */
import { FS_ERROR_TEXT, FsError, normalizePath, type FsNode } from './filesystem';
import type { Command, CommandContext } from './shell';

interface FindOptions {
  minDepth: number;
  maxDepth: number;
  name?: RegExp;
  type?: 'f' | 'd' | 'l';
  delete: boolean;
}

/** globToRegExp turns a shell glob (`*`, `?`, `[...]`) into an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) source += '\\[';
      else {
        const body = glob
          .slice(i + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\');
        source += `[${body}]`;
        i = end;
      }
    } else source += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** parseExpression reads the expression words after the starting points; a string is an error message. */
function parseExpression(words: string[]): FindOptions | string {
  const options: FindOptions = { minDepth: 0, maxDepth: Infinity, delete: false };
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    const value = words[i + 1];
    switch (word) {
      case '-mindepth':
      case '-maxdepth': {
        if (value === undefined || !/^\d+$/.test(value)) return `find: missing argument to '${word}'`;
        if (word === '-mindepth') options.minDepth = Number(value);
        else options.maxDepth = Number(value);
        i++;
        break;
      }
      case '-name':
        if (value === undefined) return `find: missing argument to '-name'`;
        options.name = globToRegExp(value);
        i++;
        break;
      case '-type':
        if (value !== 'f' && value !== 'd' && value !== 'l')
          return `find: Unknown argument to -type: ${value}`;
        options.type = value;
        i++;
        break;
      case '-delete':
        options.delete = true;
        break;
      case '-print':
        break;
      default:
        return `find: unknown predicate '${word}'`;
    }
  }
  return options;
}

function matches(node: FsNode, name: string, depth: number, options: FindOptions): boolean {
  if (depth < options.minDepth) return false;
  if (options.name && !options.name.test(name)) return false;
  if (options.type) {
    const kind = node.kind === 'file' ? 'f' : node.kind === 'dir' ? 'd' : 'l';
    if (kind !== options.type) return false;
  }
  return true;
}

/** walk visits `path` then its children depth-first; with -delete children go before their directory. */
function walk(ctx: CommandContext, shown: string, full: string, depth: number, options: FindOptions): number {
  const node = ctx.host.fs.lstat(full);
  if (!node) return 0;
  const name = full === '/' ? '/' : full.slice(full.lastIndexOf('/') + 1);
  const hit = matches(node, name, depth, options);
  if (hit && !options.delete) ctx.stdout(`${shown}\n`);
  let status = 0;
  if (node.kind === 'dir' && depth < options.maxDepth) {
    for (const child of ctx.host.fs.readdir(full)) {
      const childShown = shown.endsWith('/') ? `${shown}${child}` : `${shown}/${child}`;
      const childFull = full === '/' ? `/${child}` : `${full}/${child}`;
      status |= walk(ctx, childShown, childFull, depth + 1, options);
    }
  }
  if (hit && options.delete) {
    // Why: like findutils, -delete only removes a directory that is empty by now (no recursion here).
    if (node.kind === 'dir' && ctx.host.fs.readdir(full).length > 0) {
      ctx.stderr(`find: cannot delete '${shown}': Directory not empty\n`);
      return 1;
    }
    try {
      ctx.host.fs.remove(full);
    } catch (err) {
      if (!(err instanceof FsError)) throw err;
      ctx.stderr(`find: cannot delete '${shown}': ${FS_ERROR_TEXT[err.code]}\n`);
      return 1;
    }
  }
  return status;
}

export const find: Command = (ctx) => {
  const words = ctx.argv.slice(1);
  const firstExpression = words.findIndex((w) => w.startsWith('-'));
  const starts = firstExpression < 0 ? words : words.slice(0, firstExpression);
  const options = parseExpression(firstExpression < 0 ? [] : words.slice(firstExpression));
  if (typeof options === 'string') {
    ctx.stderr(`${options}\n`);
    return 1;
  }
  let status = 0;
  for (const start of starts.length > 0 ? starts : ['.']) {
    const full = normalizePath(start, ctx.cwd);
    if (!ctx.host.fs.lstat(full)) {
      ctx.stderr(`find: ${start}: No such file or directory\n`);
      status = 1;
      continue;
    }
    status |= walk(ctx, start, full, 0, options);
  }
  return status;
};
