// Text filters: head, tail, wc, sort, uniq, cut, tr, base64, tee (GNU coreutils behaviour and texts).
import { readLines, splitLines } from '../io';
import type { Command, CommandContext } from '../types';
import { abs, errorMessage, parseCount, readOperand } from './common';
import { getopts, usageError } from './options';

function joinLines(lines: string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

/** Shared by head and tail. */
async function headOrTail(ctx: CommandContext, tail: boolean): Promise<number> {
  const name = ctx.argv[0];
  const opts = await getopts(ctx, {
    flags: 'qv',
    withArg: 'n',
    long: { lines: { key: 'n', arg: true }, quiet: { key: 'q' } },
    numeric: 'n',
    usage: `Usage: ${name} [OPTION]... [FILE]...`,
  });
  if (typeof opts === 'number') return opts;
  const countText = opts.get('n') ?? '10';
  const fromStart = tail && countText.startsWith('+');
  const count = parseCount(countText.replace(/^-/, ''));
  if (count === undefined) {
    await ctx.stderr.write(`${name}: invalid number of lines: '${countText}'\n`);
    return 1;
  }
  const operands = opts.operands.length > 0 ? opts.operands : ['-'];
  let status = 0;
  for (const [index, operand] of operands.entries()) {
    if (operands.length > 1 && !opts.has('q')) {
      await ctx.stdout.write(
        `${index > 0 ? '\n' : ''}==> ${operand === '-' ? 'standard input' : operand} <==\n`,
      );
    }
    if (!tail && operand === '-') {
      // Stream: stop reading once enough lines came, so `yes | head -3` ends.
      if (count === 0) continue;
      let seen = 0;
      for await (const line of readLines(ctx.stdin)) {
        await ctx.stdout.write(`${line}\n`);
        seen += 1;
        if (seen >= count) break;
      }
      continue;
    }
    const text = await readOperand(
      ctx,
      operand,
      (m) => `${name}: cannot open '${operand}' for reading: ${m}`,
    );
    if (text === undefined) {
      status = 1;
      continue;
    }
    const lines = text.split('\n');
    const endsWithNewline = text.endsWith('\n');
    if (endsWithNewline) lines.pop();
    let selected: string[];
    if (!tail) selected = lines.slice(0, count);
    else if (fromStart) selected = lines.slice(Math.max(0, count - 1));
    else selected = count === 0 ? [] : lines.slice(-count);
    const lastIncluded = selected.length > 0 && (tail || selected.length === lines.length);
    let output = selected.join('\n');
    if (selected.length > 0 && (!lastIncluded || endsWithNewline)) output += '\n';
    await ctx.stdout.write(output);
  }
  return status;
}

export const head: Command = (ctx) => headOrTail(ctx, false);
export const tail: Command = (ctx) => headOrTail(ctx, true);

export const wc: Command = async (ctx) => {
  const opts = await getopts(ctx, {
    flags: 'lwcm',
    long: { lines: { key: 'l' }, words: { key: 'w' }, bytes: { key: 'c' }, chars: { key: 'm' } },
    usage: 'Usage: wc [OPTION]... [FILE]...',
  });
  if (typeof opts === 'number') return opts;
  const selected = ['l', 'w', 'm', 'c'].filter((key) => opts.has(key));
  const keys = selected.length > 0 ? selected : ['l', 'w', 'c'];
  const operands = opts.operands.length > 0 ? opts.operands : ['-'];
  const rows: { counts: number[]; name: string }[] = [];
  const totals = keys.map(() => 0);
  let status = 0;
  let sawStdin = false;
  let regularBytes = 0;
  for (const operand of operands) {
    const text = await readOperand(ctx, operand);
    if (text === undefined) {
      status = 1;
      continue;
    }
    if (operand === '-') sawStdin = true;
    else regularBytes += Buffer.byteLength(text, 'utf8');
    const counts = keys.map((key) => {
      if (key === 'l') return (text.match(/\n/g) ?? []).length;
      if (key === 'w') return text.split(/\s+/).filter((w) => w !== '').length;
      if (key === 'm') return [...text].length;
      return Buffer.byteLength(text, 'utf8');
    });
    counts.forEach((value, index) => (totals[index] += value));
    rows.push({ counts, name: opts.operands.length === 0 ? '' : operand });
  }
  if (operands.length > 1) rows.push({ counts: totals, name: 'total' });
  // GNU wc: width 1 for a single count of a single input; else 7 when stdin is read, else the digits of the
  // total size of the files.
  let width = 1;
  if (!(operands.length === 1 && keys.length === 1)) {
    width = sawStdin ? 7 : Math.max(1, String(regularBytes).length);
  }
  let out = '';
  for (const row of rows) {
    const numbers = row.counts.map((c) => String(c).padStart(width)).join(' ');
    out += row.name === '' ? `${numbers}\n` : `${numbers} ${row.name}\n`;
  }
  await ctx.stdout.write(out);
  return status;
};

function sortKey(line: string, field: number | undefined, separator: string | undefined): string {
  if (field === undefined) return line;
  if (separator !== undefined) return line.split(separator)[field - 1] ?? '';
  const fields = line.match(/\s*\S+/g) ?? [];
  return fields[field - 1] ?? '';
}

export const sort: Command = async (ctx) => {
  const opts = await getopts(ctx, {
    flags: 'nrufbh',
    withArg: 'kt',
    long: {
      'numeric-sort': { key: 'n' },
      reverse: { key: 'r' },
      unique: { key: 'u' },
      key: { key: 'k', arg: true },
      'field-separator': { key: 't', arg: true },
      'ignore-case': { key: 'f' },
    },
    usage: 'Usage: sort [OPTION]... [FILE]...',
    status: 2,
  });
  if (typeof opts === 'number') return opts;
  const keyText = opts.get('k');
  let field: number | undefined;
  if (keyText !== undefined) {
    const match = /^(\d+)(?:\.\d+)?[a-z]*(?:,\d+(?:\.\d+)?[a-z]*)?$/.exec(keyText);
    if (!match || Number(match[1]) === 0) {
      await ctx.stderr.write(`sort: invalid number at field start: invalid count at start of '${keyText}'\n`);
      return 2;
    }
    field = Number(match[1]);
  }
  const numeric = opts.has('n') || opts.has('h') || /n/.test(keyText?.replace(/^[\d.,]+/, '') ?? '');
  const operands = opts.operands.length > 0 ? opts.operands : ['-'];
  const lines: string[] = [];
  for (const operand of operands) {
    const text = await readOperand(ctx, operand, (m) => `sort: cannot read: ${operand}: ${m}`);
    if (text === undefined) return 2;
    lines.push(...splitLines(text));
  }
  const fold = (s: string): string => (opts.has('f') ? s.toUpperCase() : s);
  const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const compareKeys = (a: string, b: string): number => {
    const ka = sortKey(a, field, opts.get('t'));
    const kb = sortKey(b, field, opts.get('t'));
    if (numeric) {
      const na = Number.parseFloat(ka.trim()) || 0;
      const nb = Number.parseFloat(kb.trim()) || 0;
      return na - nb;
    }
    return compareText(fold(ka), fold(kb));
  };
  const sign = opts.has('r') ? -1 : 1;
  // Like GNU sort: equal keys fall back to comparing whole lines (unless -u, which keeps the first).
  lines.sort((a, b) => sign * (compareKeys(a, b) || (opts.has('u') ? 0 : compareText(a, b))));
  const out = opts.has('u')
    ? lines.filter((line, i) => i === 0 || compareKeys(lines[i - 1], line) !== 0)
    : lines;
  await ctx.stdout.write(joinLines(out));
  return 0;
};

export const uniq: Command = async (ctx) => {
  const opts = await getopts(ctx, {
    flags: 'cdui',
    long: { count: { key: 'c' }, repeated: { key: 'd' }, unique: { key: 'u' }, 'ignore-case': { key: 'i' } },
    usage: 'Usage: uniq [OPTION]... [INPUT [OUTPUT]]',
  });
  if (typeof opts === 'number') return opts;
  const text = await readOperand(ctx, opts.operands[0] ?? '-');
  if (text === undefined) return 1;
  const same = (a: string, b: string): boolean =>
    opts.has('i') ? a.toLowerCase() === b.toLowerCase() : a === b;
  const groups: { line: string; count: number }[] = [];
  for (const line of splitLines(text)) {
    const last = groups[groups.length - 1];
    if (last && same(last.line, line)) last.count += 1;
    else groups.push({ line, count: 1 });
  }
  const kept = groups.filter((g) => (!opts.has('d') || g.count > 1) && (!opts.has('u') || g.count === 1));
  const out = kept.map((g) => (opts.has('c') ? `${String(g.count).padStart(7)} ${g.line}` : g.line));
  await ctx.stdout.write(joinLines(out));
  return 0;
};

/** parseList parses cut's LIST (`1,3-5,7-`) into a membership test; undefined when invalid. */
export function parseList(list: string): ((n: number) => boolean) | undefined {
  const ranges: [number, number][] = [];
  for (const item of list.split(',')) {
    const match = /^(\d*)(-?)(\d*)$/.exec(item);
    if (!match || item === '' || item === '-') return undefined;
    const start = match[1] === '' ? 1 : Number(match[1]);
    const end = match[2] === '' ? start : match[3] === '' ? Number.POSITIVE_INFINITY : Number(match[3]);
    if (start === 0) return undefined;
    ranges.push([start, end]);
  }
  return (n) => ranges.some(([start, end]) => n >= start && n <= end);
}

export const cut: Command = async (ctx) => {
  const opts = await getopts(ctx, {
    flags: 's',
    withArg: 'dfcb',
    long: {
      delimiter: { key: 'd', arg: true },
      fields: { key: 'f', arg: true },
      characters: { key: 'c', arg: true },
    },
    usage: 'Usage: cut OPTION... [FILE]...',
  });
  if (typeof opts === 'number') return opts;
  const fieldList = opts.get('f');
  const charList = opts.get('c') ?? opts.get('b');
  if (fieldList === undefined && charList === undefined) {
    return usageError(ctx, 'cut', 'you must specify a list of bytes, characters, or fields');
  }
  const delimiter = opts.get('d') ?? '\t';
  if ([...delimiter].length !== 1) return usageError(ctx, 'cut', 'the delimiter must be a single character');
  if (opts.has('d') && fieldList === undefined) {
    return usageError(ctx, 'cut', 'an input delimiter may be specified only when operating on fields');
  }
  const selected = parseList((fieldList ?? charList) as string);
  if (!selected) return usageError(ctx, 'cut', `invalid field value '${fieldList ?? charList}'`);
  const operands = opts.operands.length > 0 ? opts.operands : ['-'];
  let status = 0;
  for (const operand of operands) {
    const text = await readOperand(ctx, operand);
    if (text === undefined) {
      status = 1;
      continue;
    }
    const out = splitLines(text).flatMap((line) => {
      if (fieldList === undefined) return [[...line].filter((_c, i) => selected(i + 1)).join('')];
      if (!line.includes(delimiter)) return opts.has('s') ? [] : [line];
      return [
        line
          .split(delimiter)
          .filter((_f, i) => selected(i + 1))
          .join(delimiter),
      ];
    });
    await ctx.stdout.write(joinLines(out));
  }
  return status;
};

const TR_CLASSES: Record<string, string> = {
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digit: '0123456789',
  space: ' \t\n\r\f\v',
  blank: ' \t',
  alpha: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  alnum: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  punct: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
};

/** expandTrSet expands tr's SET syntax: escapes, ranges `a-z` and classes `[:upper:]`. */
export function expandTrSet(set: string): string[] | string {
  const chars: string[] = [];
  const input = [...set];
  for (let i = 0; i < input.length; i += 1) {
    // `[:name:]`, looked for only from a `[` and only over its run of letters (joining the whole rest at
    // each character made a long SET quadratic: minutes for 170,000 characters).
    let end = i + 2;
    if (input[i] === '[') while (end < input.length && /^[a-z]$/.test(input[end])) end += 1;
    const cls = input[i] === '[' ? /^\[:([a-z]+):\]/.exec(input.slice(i, end + 2).join('')) : null;
    if (cls) {
      const members = TR_CLASSES[cls[1]];
      if (!members) return `invalid character class '${cls[1]}'`;
      chars.push(...members);
      i += cls[0].length - 1;
      continue;
    }
    let ch = input[i];
    if (ch === '\\' && i + 1 < input.length) {
      i += 1;
      const escapes: Record<string, string> = {
        n: '\n',
        t: '\t',
        r: '\r',
        '\\': '\\',
        f: '\f',
        v: '\v',
        a: '\x07',
        b: '\b',
      };
      ch = escapes[input[i]] ?? input[i];
    }
    if (input[i + 1] === '-' && i + 2 < input.length) {
      const end = input[i + 2];
      const from = ch.codePointAt(0) as number;
      const to = end.codePointAt(0) as number;
      if (to < from) return `range-endpoints of '${ch}-${end}' are in reverse collating sequence order`;
      for (let c = from; c <= to; c += 1) chars.push(String.fromCodePoint(c));
      i += 2;
      continue;
    }
    chars.push(ch);
  }
  return chars;
}

export const tr: Command = async (ctx) => {
  const opts = await getopts(ctx, {
    flags: 'dsc',
    long: { delete: { key: 'd' }, 'squeeze-repeats': { key: 's' } },
    usage: 'Usage: tr [OPTION]... STRING1 [STRING2]',
  });
  if (typeof opts === 'number') return opts;
  const [first, second] = opts.operands;
  if (first === undefined) return usageError(ctx, 'tr', 'missing operand');
  if (!opts.has('d') && !opts.has('s') && second === undefined) {
    return usageError(
      ctx,
      'tr',
      `missing operand after '${first}'\nTwo strings must be given when translating.`,
    );
  }
  const set1 = expandTrSet(first);
  const set2 = second === undefined ? [] : expandTrSet(second);
  if (typeof set1 === 'string' || typeof set2 === 'string') {
    await ctx.stderr.write(`tr: ${typeof set1 === 'string' ? set1 : set2}\n`);
    return 1;
  }
  const inSet1 = new Set(set1);
  const map = new Map<string, string>();
  if (!opts.has('d') && set2.length > 0) {
    set1.forEach((ch, i) => map.set(ch, set2[Math.min(i, set2.length - 1)]));
  }
  const squeeze = new Set(opts.has('d') ? set2 : set2.length > 0 ? set2 : set1);
  for await (const chunk of ctx.stdin) {
    let out = '';
    let last = '';
    for (const ch of chunk) {
      if (opts.has('d') && inSet1.has(ch)) continue;
      const mapped = map.get(ch) ?? ch;
      if (opts.has('s') && mapped === last && squeeze.has(mapped)) continue;
      out += mapped;
      last = mapped;
    }
    await ctx.stdout.write(out);
  }
  return 0;
};

export const base64: Command = async (ctx) => {
  const opts = await getopts(ctx, {
    flags: 'di',
    withArg: 'w',
    long: { decode: { key: 'd' }, wrap: { key: 'w', arg: true }, 'ignore-garbage': { key: 'i' } },
    usage: 'Usage: base64 [OPTION]... [FILE]',
  });
  if (typeof opts === 'number') return opts;
  if (opts.operands.length > 1) return usageError(ctx, 'base64', `extra operand '${opts.operands[1]}'`);
  const text = await readOperand(ctx, opts.operands[0] ?? '-');
  if (text === undefined) return 1;
  if (opts.has('d')) {
    const compact = text.replace(/\s+/g, '');
    const valid = /^[A-Za-z0-9+/]*={0,2}$/.test(compact) && compact.length % 4 !== 1;
    const decoded = Buffer.from(compact, 'base64').toString('utf8');
    await ctx.stdout.write(decoded);
    if (!valid) {
      await ctx.stderr.write('base64: invalid input\n');
      return 1;
    }
    return 0;
  }
  const wrapText = opts.get('w') ?? '76';
  const wrap = parseCount(wrapText);
  if (wrap === undefined) {
    await ctx.stderr.write(`base64: invalid wrap size: '${wrapText}'\n`);
    return 1;
  }
  const encoded = Buffer.from(text, 'utf8').toString('base64');
  if (wrap === 0) {
    await ctx.stdout.write(encoded);
    return 0;
  }
  const lines = encoded.match(new RegExp(`.{1,${wrap}}`, 'g')) ?? [];
  await ctx.stdout.write(joinLines(lines));
  return 0;
};

export const tee: Command = async (ctx) => {
  const opts = await getopts(ctx, {
    flags: 'a',
    long: { append: { key: 'a' } },
    usage: 'Usage: tee [OPTION]... [FILE]...',
  });
  if (typeof opts === 'number') return opts;
  let status = 0;
  const files: string[] = [];
  for (const operand of opts.operands) {
    const path = abs(ctx, operand);
    try {
      if (!opts.has('a') || !ctx.fs.exists(path)) ctx.fs.writeFile(path, '');
      files.push(path);
    } catch (error) {
      await ctx.stderr.write(`tee: ${operand}: ${errorMessage(error)}\n`);
      status = 1;
    }
  }
  for await (const chunk of ctx.stdin) {
    for (const path of files) ctx.fs.writeFile(path, chunk, { append: true });
    await ctx.stdout.write(chunk);
  }
  return status;
};
