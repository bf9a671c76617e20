// xargs: build command lines from stdin (basic GNU behaviour: -n, -I, -r, -0, quotes in input).
import { readAll } from '../io';
import type { Command } from '../types';
import { getopts } from './options';

/** splitXargsInput splits on blanks and newlines, honouring '...', "..." and backslashes like xargs does. */
export function splitXargsInput(text: string): string[] | { error: string } {
  const items: string[] = [];
  let current = '';
  let inItem = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text[i];
    if (ch === "'" || ch === '"') {
      const end = text.indexOf(ch, i + 1);
      if (end < 0 || text.slice(i + 1, end).includes('\n')) {
        return {
          error: `unmatched ${ch === "'" ? 'single' : 'double'} quote; by default quotes are special to xargs unless you use the -0 option`,
        };
      }
      current += text.slice(i + 1, end);
      inItem = true;
      i = end;
    } else if (ch === '\\' && i + 1 < text.length) {
      current += text[i + 1];
      inItem = true;
      i += 1;
    } else if (/\s/.test(ch)) {
      if (inItem) items.push(current);
      current = '';
      inItem = false;
    } else {
      current += ch;
      inItem = true;
    }
  }
  if (inItem) items.push(current);
  return items;
}

export const xargs: Command = async (ctx) => {
  const opts = await getopts(ctx, {
    flags: 'r0t',
    withArg: 'nIL',
    long: { 'max-args': { key: 'n', arg: true }, 'no-run-if-empty': { key: 'r' }, null: { key: '0' } },
    usage: 'Usage: xargs [OPTION]... COMMAND [INITIAL-ARGS]...',
    stopAtOperand: true,
  });
  if (typeof opts === 'number') return opts;
  const command = opts.operands.length > 0 ? opts.operands : ['echo'];
  const text = await readAll(ctx.stdin, ctx.signal);
  const replace = opts.get('I');
  let items: string[];
  if (opts.has('0')) items = text.split('\0').filter((s) => s !== '');
  else if (replace !== undefined)
    items = text
      .split('\n')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  else {
    const split = splitXargsInput(text);
    if ('error' in split) {
      await ctx.stderr.write(`xargs: ${split.error}\n`);
      return 1;
    }
    items = split;
  }
  const batchText = opts.get('n') ?? opts.get('L');
  const batch =
    replace !== undefined ? 1 : batchText !== undefined ? Number(batchText) : Number.POSITIVE_INFINITY;
  if (!(batch >= 1)) {
    await ctx.stderr.write(`xargs: value ${batchText} for -n option should be >= 1\n`);
    return 1;
  }
  const batches: string[][] = [];
  for (let i = 0; i < items.length; i += batch) batches.push(items.slice(i, i + batch));
  if (batches.length === 0 && !opts.has('r') && replace === undefined) batches.push([]);
  let status = 0;
  for (const args of batches) {
    const argv =
      replace !== undefined
        ? command.map((word) => word.split(replace).join(args[0]))
        : [...command, ...args];
    if (opts.has('t')) await ctx.stderr.write(`${argv.join(' ')}\n`);
    const result = await ctx.shell.runArgv(argv, { ...ctx, stdin: (async function* () {})() });
    if (result === 127) return 127;
    if (result !== 0) status = 123;
  }
  return status;
};
