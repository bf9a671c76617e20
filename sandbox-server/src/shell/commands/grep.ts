// grep: basic (BRE), extended (-E) and fixed (-F) patterns compiled to JavaScript regular expressions.
import { abs, errorMessage } from './common';
import { getopts } from './options';
import { readLines, splitLines } from '../io';
import type { Command } from '../types';

const CLASSES: Record<string, string> = {
  digit: '0-9',
  alpha: 'A-Za-z',
  alnum: 'A-Za-z0-9',
  upper: 'A-Z',
  lower: 'a-z',
  space: '\\s',
  blank: ' \\t',
  xdigit: '0-9A-Fa-f',
  punct: '!-\\/:-@\\[-`{-~',
};

/** translateRegex turns a POSIX BRE or ERE into JavaScript regex source. */
export function translateRegex(pattern: string, extended: boolean): string {
  let out = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern[i];
    if (ch === '[') {
      // Copy a bracket expression, translating [:class:] names.
      let j = i + 1;
      if (pattern[j] === '^') j += 1;
      if (pattern[j] === ']') j += 1;
      while (j < pattern.length && pattern[j] !== ']') {
        if (pattern[j] === '[' && pattern[j + 1] === ':') {
          const end = pattern.indexOf(':]', j + 2);
          j = end < 0 ? j + 1 : end + 2;
        } else {
          j += 1;
        }
      }
      const body = pattern
        .slice(i + 1, j)
        .replace(/\[:([a-z]+):\]/g, (_m, name: string) => CLASSES[name] ?? '');
      out += `[${body.replace(/\\/g, '\\\\')}]`;
      i = j;
      continue;
    }
    if (ch === '\\') {
      const next = pattern[i + 1] ?? '';
      i += 1;
      if (!extended && '(){}|+?'.includes(next)) out += next;
      else if ('<>'.includes(next)) out += '\\b';
      else if ('wWsSbB'.includes(next)) out += `\\${next}`;
      else out += next.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      continue;
    }
    if (!extended && '(){}|+?'.includes(ch)) {
      out += `\\${ch}`;
      continue;
    }
    out += ch;
  }
  return out;
}

export const grep: Command = async (ctx) => {
  const opts = await getopts(ctx, {
    flags: 'ivncEFqolwhHrRs',
    withArg: 'e',
    long: {
      'ignore-case': { key: 'i' },
      'invert-match': { key: 'v' },
      'line-number': { key: 'n' },
      count: { key: 'c' },
      'extended-regexp': { key: 'E' },
      'fixed-strings': { key: 'F' },
      quiet: { key: 'q' },
      silent: { key: 'q' },
      'only-matching': { key: 'o' },
      'files-with-matches': { key: 'l' },
      'word-regexp': { key: 'w' },
      regexp: { key: 'e', arg: true },
      color: { key: 'color', arg: true },
      colour: { key: 'color', arg: true },
    },
    usage: 'Usage: grep [OPTION]... PATTERNS [FILE]...',
    status: 2,
  });
  if (typeof opts === 'number') return opts;
  const operands = [...opts.operands];
  let pattern = opts.get('e');
  if (pattern === undefined) {
    pattern = operands.shift();
    if (pattern === undefined) {
      await ctx.stderr.write(
        "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n",
      );
      return 2;
    }
  }
  let source = opts.has('F')
    ? pattern.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
    : translateRegex(pattern, opts.has('E'));
  source = pattern.split('\n').length > 1 ? source.replace(/\n/g, '|') : source;
  if (opts.has('w')) source = `(?<![A-Za-z0-9_])(?:${source})(?![A-Za-z0-9_])`;
  let regex: RegExp;
  try {
    regex = new RegExp(source, opts.has('i') ? 'gi' : 'g');
  } catch {
    const message = /\(|\\\(/.test(pattern)
      ? 'Unmatched ( or \\('
      : /\[/.test(pattern)
        ? 'Unmatched [, [^, [:, [., or [='
        : 'Invalid regular expression';
    await ctx.stderr.write(`grep: ${message}\n`);
    return 2;
  }
  const recursive = opts.has('r') || opts.has('R');
  const inputs: { name: string; path?: string }[] = [];
  let status = 1;
  let errors = false;
  const collect = (operand: string, path: string): void => {
    if (ctx.fs.isDir(path) && recursive) {
      for (const child of ctx.fs.readDir(path))
        collect(`${operand.replace(/\/$/, '')}/${child}`, `${path}/${child}`);
    } else {
      inputs.push({ name: operand, path });
    }
  };
  if (operands.length === 0 && recursive) {
    for (const child of ctx.fs.readDir(ctx.cwd)) collect(child, abs(ctx, child));
  } else if (operands.length === 0) {
    inputs.push({ name: '(standard input)' });
  }
  for (const operand of operands) {
    if (operand === '-') inputs.push({ name: '(standard input)' });
    else collect(operand, abs(ctx, operand));
  }
  const prefixNames = !opts.has('h') && (opts.has('H') || inputs.length > 1 || recursive);
  for (const input of inputs) {
    let lines: AsyncIterable<string> | string[];
    if (input.path === undefined) {
      lines = readLines(ctx.stdin);
    } else {
      try {
        lines = splitLines(ctx.fs.readFile(input.path));
      } catch (error) {
        if (!opts.has('s')) await ctx.stderr.write(`grep: ${input.name}: ${errorMessage(error)}\n`);
        errors = true;
        continue;
      }
    }
    let count = 0;
    let number = 0;
    for await (const line of lines) {
      number += 1;
      regex.lastIndex = 0;
      const matched = regex.test(line) !== opts.has('v');
      if (!matched) continue;
      count += 1;
      status = 0;
      if (opts.has('q')) return 0;
      if (opts.has('c') || opts.has('l')) continue;
      const prefix = `${prefixNames ? `${input.name}:` : ''}${opts.has('n') ? `${number}:` : ''}`;
      if (opts.has('o') && !opts.has('v')) {
        regex.lastIndex = 0;
        for (const match of line.matchAll(regex))
          if (match[0] !== '') await ctx.stdout.write(`${prefix}${match[0]}\n`);
      } else {
        await ctx.stdout.write(`${prefix}${line}\n`);
      }
    }
    if (opts.has('c')) await ctx.stdout.write(`${prefixNames ? `${input.name}:` : ''}${count}\n`);
    if (opts.has('l') && count > 0) await ctx.stdout.write(`${input.name}\n`);
  }
  return errors ? 2 : status;
};
