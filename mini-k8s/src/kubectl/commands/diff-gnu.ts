/**
 * A line diff that reproduces GNU diffutils (3.x) for `diff -u` / `diff -U n`: the same edit script (Myers'
 * divide and conquer from both ends as in analyze.c's diag/compareseq, the discarding of lines without a match
 * in the other file, shift_boundaries' sliding of changes) and the same unified output (hunk ranges, context
 * merging, `\ No newline at end of file`). `kubectl diff` uses it where the real one runs `diff -u -N`.
 */

/** DiffFile is one side of a comparison: its label (path) and modification time as GNU diff prints them. */
export interface DiffFile {
  path: string;
  /** `2026-11-29 19:59:53.062680351 +0000`. */
  time: string;
  text: string;
}

/** splitLines splits a text into lines (without their `\n`); `missingNewline` when the last has none. */
function splitLines(text: string): { lines: string[]; missingNewline: boolean } {
  if (text === '') return { lines: [], missingNewline: false };
  const lines = text.split('\n');
  const missingNewline = lines[lines.length - 1] !== '';
  if (!missingNewline) lines.pop();
  return { lines, missingNewline };
}

/** Context of one comparison: equivalence classes of both files and their change marks. */
interface Files {
  equivs: [number[], number[]];
  /** changed[f][i] for i in [-1, n]: the sentinels at both ends are stored at index 0 and n + 1. */
  changed: [Uint8Array, Uint8Array];
}

/**
 * compare marks the changed lines of both files as GNU diff's analyze.c does (without its heuristics for
 * huge inputs: the script is minimal after discarding).
 */
function compare(a: string[], b: string[], horizon: number): Files {
  const classes = new Map<string, number>();
  const classOf = (line: string) => {
    let c = classes.get(line);
    if (c === undefined) {
      c = classes.size + 1;
      classes.set(line, c);
    }
    return c;
  };
  const all: [number[], number[]] = [a.map(classOf), b.map(classOf)];
  // GNU diff only hashes the lines between the identical ends, plus `horizon` (the context) lines of each:
  // discarding, the edit script and the sliding of changes all happen inside that region.
  const { prefix, suffix } = identicalEnds(all[0], all[1]);
  const lo = Math.max(0, prefix - horizon);
  const his = [all[0].length - Math.max(0, suffix - horizon), all[1].length - Math.max(0, suffix - horizon)];
  const equivs: [number[], number[]] = [all[0].slice(lo, his[0]), all[1].slice(lo, his[1])];
  const region: Files = {
    equivs,
    changed: [new Uint8Array(equivs[0].length + 2), new Uint8Array(equivs[1].length + 2)],
  };
  const { kept, realIndex } = discardConfusingLines(region);
  compareSeq(kept, realIndex, region);
  shiftBoundaries(region);
  const changed: [Uint8Array, Uint8Array] = [new Uint8Array(a.length + 2), new Uint8Array(b.length + 2)];
  for (let f = 0; f < 2; f++) changed[f].set(region.changed[f].subarray(1, equivs[f].length + 1), lo + 1);
  return { equivs: all, changed };
}

/** identicalEnds is io.c's find_identical_ends in lines: the common prefix and suffix GNU diff never buffers. */
function identicalEnds(x: number[], y: number[]): { prefix: number; suffix: number } {
  let prefix = 0;
  while (prefix < x.length && prefix < y.length && x[prefix] === y[prefix]) prefix++;
  let suffix = 0;
  while (
    suffix < x.length - prefix &&
    suffix < y.length - prefix &&
    x[x.length - 1 - suffix] === y[y.length - 1 - suffix]
  ) {
    suffix++;
  }
  return { prefix, suffix };
}

/**
 * discardConfusingLines is analyze.c's discard_confusing_lines: lines with no match in the other file are
 * marked changed up front (and very frequent ones, inside runs of such lines); the rest go to compareSeq.
 */
function discardConfusingLines(files: Files): {
  kept: [number[], number[]];
  realIndex: [number[], number[]];
} {
  const counts: [Map<number, number>, Map<number, number>] = [new Map(), new Map()];
  for (let f = 0; f < 2; f++) {
    for (const e of files.equivs[f]) counts[f].set(e, (counts[f].get(e) ?? 0) + 1);
  }
  const kept: [number[], number[]] = [[], []];
  const realIndex: [number[], number[]] = [[], []];
  for (let f = 0; f < 2; f++) {
    const equivs = files.equivs[f];
    const end = equivs.length;
    const other = counts[1 - f];
    const discards = new Uint8Array(end);
    let many = 5;
    let tem = Math.floor(end / 64);
    while ((tem = tem >> 2) > 0) many *= 2;
    for (let i = 0; i < end; i++) {
      const nmatch = other.get(equivs[i]) ?? 0;
      if (nmatch === 0) discards[i] = 1;
      else if (nmatch > many) discards[i] = 2;
    }
    for (let i = 0; i < end; i++) {
      if (discards[i] === 2) discards[i] = 0;
      else if (discards[i] !== 0) {
        let j: number;
        let provisional = 0;
        for (j = i; j < end; j++) {
          if (discards[j] === 0) break;
          if (discards[j] === 2) provisional++;
        }
        while (j > i && discards[j - 1] === 2) {
          discards[--j] = 0;
          provisional--;
        }
        const length = j - i;
        if (provisional * 4 > length) {
          while (j > i) if (discards[--j] === 2) discards[j] = 0;
        } else {
          let minimum = 1;
          let t = length >> 2;
          while (0 < (t >>= 2)) minimum <<= 1;
          minimum++;
          let consec = 0;
          for (j = 0; j < length; j++) {
            if (discards[i + j] !== 2) consec = 0;
            else if (minimum === ++consec) j -= consec;
            else if (minimum < consec) discards[i + j] = 0;
          }
          consec = 0;
          for (j = 0; j < length; j++) {
            if (j >= 8 && discards[i + j] === 1) break;
            if (discards[i + j] === 2) {
              consec = 0;
              discards[i + j] = 0;
            } else if (discards[i + j] === 0) consec = 0;
            else consec++;
            if (consec === 3) break;
          }
          i += length - 1;
          consec = 0;
          for (j = 0; j < length; j++) {
            if (j >= 8 && discards[i - j] === 1) break;
            if (discards[i - j] === 2) {
              consec = 0;
              discards[i - j] = 0;
            } else if (discards[i - j] === 0) consec = 0;
            else consec++;
            if (consec === 3) break;
          }
        }
      }
    }
    for (let i = 0; i < end; i++) {
      if (discards[i] === 0) {
        kept[f].push(equivs[i]);
        realIndex[f].push(i);
      } else files.changed[f][i + 1] = 1;
    }
  }
  return { kept, realIndex };
}

/** compareSeq is analyze.c's compareseq over the kept lines, with diag's middle snake. */
function compareSeq(kept: [number[], number[]], realIndex: [number[], number[]], files: Files): void {
  const [xv, yv] = kept;
  const size = xv.length + yv.length + 3;
  const fd = new Array<number>(size);
  const bd = new Array<number>(size);
  const off = yv.length + 1;
  const del = (i: number) => (files.changed[0][realIndex[0][i] + 1] = 1);
  const ins = (i: number) => (files.changed[1][realIndex[1][i] + 1] = 1);

  const diag = (xoff: number, xlim: number, yoff: number, ylim: number): [number, number] => {
    const dmin = xoff - ylim;
    const dmax = xlim - yoff;
    const fmid = xoff - yoff;
    const bmid = xlim - ylim;
    let fmin = fmid;
    let fmax = fmid;
    let bmin = bmid;
    let bmax = bmid;
    const odd = ((fmid - bmid) & 1) !== 0;
    fd[off + fmid] = xoff;
    bd[off + bmid] = xlim;
    for (;;) {
      if (fmin > dmin) fd[off + --fmin - 1] = -1;
      else ++fmin;
      if (fmax < dmax) fd[off + ++fmax + 1] = -1;
      else --fmax;
      for (let d = fmax; d >= fmin; d -= 2) {
        const tlo = fd[off + d - 1];
        const thi = fd[off + d + 1];
        const x0 = tlo < thi ? thi : tlo + 1;
        let x = x0;
        let y = x0 - d;
        while (x < xlim && y < ylim && xv[x] === yv[y]) {
          x++;
          y++;
        }
        fd[off + d] = x;
        if (odd && bmin <= d && d <= bmax && bd[off + d] <= x) return [x, y];
      }
      if (bmin > dmin) bd[off + --bmin - 1] = Number.MAX_SAFE_INTEGER;
      else ++bmin;
      if (bmax < dmax) bd[off + ++bmax + 1] = Number.MAX_SAFE_INTEGER;
      else --bmax;
      for (let d = bmax; d >= bmin; d -= 2) {
        const tlo = bd[off + d - 1];
        const thi = bd[off + d + 1];
        const x0 = tlo < thi ? tlo : thi - 1;
        let x = x0;
        let y = x0 - d;
        while (xoff < x && yoff < y && xv[x - 1] === yv[y - 1]) {
          x--;
          y--;
        }
        bd[off + d] = x;
        if (!odd && fmin <= d && d <= fmax && x <= fd[off + d]) return [x, y];
      }
    }
  };

  const seq = (xoff: number, xlim: number, yoff: number, ylim: number): void => {
    while (xoff < xlim && yoff < ylim && xv[xoff] === yv[yoff]) {
      xoff++;
      yoff++;
    }
    while (xoff < xlim && yoff < ylim && xv[xlim - 1] === yv[ylim - 1]) {
      xlim--;
      ylim--;
    }
    if (xoff === xlim) for (let y = yoff; y < ylim; y++) ins(y);
    else if (yoff === ylim) for (let x = xoff; x < xlim; x++) del(x);
    else {
      const [xmid, ymid] = diag(xoff, xlim, yoff, ylim);
      seq(xoff, xmid, yoff, ymid);
      seq(xmid, xlim, ymid, ylim);
    }
  };
  seq(0, xv.length, 0, yv.length);
}

/** shiftBoundaries is analyze.c's shift_boundaries: slide runs of changes to merge them, else down. */
function shiftBoundaries(files: Files): void {
  for (let f = 0; f < 2; f++) {
    // Index k of the arrays is line k - 1 (index 0 and n + 1 are the sentinels).
    const changed = files.changed[f];
    const other = files.changed[1 - f];
    const equivs = files.equivs[f];
    const iEnd = equivs.length;
    const ch = (i: number) => changed[i + 1];
    const oc = (j: number) => other[j + 1];
    let i = 0;
    let j = 0;
    for (;;) {
      while (i < iEnd && !ch(i)) {
        while (oc(j++));
        i++;
      }
      if (i === iEnd) break;
      let start = i;
      while (ch(++i));
      while (oc(j)) j++;
      let runlength: number;
      let corresponding: number;
      do {
        runlength = i - start;
        while (start && equivs[start - 1] === equivs[i - 1]) {
          changed[--start + 1] = 1;
          changed[--i + 1] = 0;
          while (ch(start - 1)) start--;
          while (oc(--j));
        }
        corresponding = oc(j - 1) ? i : iEnd;
        while (i !== iEnd && equivs[start] === equivs[i]) {
          changed[start++ + 1] = 0;
          changed[i++ + 1] = 1;
          while (ch(i)) i++;
          while (oc(++j)) corresponding = i;
        }
      } while (runlength !== i - start);
      while (corresponding < i) {
        changed[--start + 1] = 1;
        changed[--i + 1] = 0;
        while (oc(--j));
      }
    }
  }
}

/** Change is one block of changed lines: [a0, a1) of the old file replaced by [b0, b1) of the new one. */
interface Change {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
}

function changes(files: Files, na: number, nb: number): Change[] {
  const out: Change[] = [];
  const [ca, cb] = files.changed;
  let i = 0;
  let j = 0;
  while (i < na || j < nb) {
    if (ca[i + 1] || cb[j + 1]) {
      const a0 = i;
      const b0 = j;
      while (i < na && ca[i + 1]) i++;
      while (j < nb && cb[j + 1]) j++;
      out.push({ a0, a1: i, b0, b1: j });
    } else {
      i++;
      j++;
    }
  }
  return out;
}

/** range is print_unidiff_number_range: `start,count`, `start` alone for one line, the line before when empty. */
function range(start: number, count: number): string {
  if (count === 0) return `${start},0`;
  if (count === 1) return `${start + 1}`;
  return `${start + 1},${count}`;
}

/**
 * unifiedDiff returns what `diff -U context from to` prints (empty when the files are identical): the
 * `---`/`+++` header with the files' labels and times, then the hunks.
 */
export function unifiedDiff(from: DiffFile, to: DiffFile, context = 3): string {
  const a = splitLines(from.text);
  const b = splitLines(to.text);
  // A last line without its newline is another line than the same text with one (GNU compares the bytes).
  const keys = (f: { lines: string[]; missingNewline: boolean }) =>
    f.missingNewline ? [...f.lines.slice(0, -1), `${f.lines[f.lines.length - 1]}\0`] : f.lines;
  const files = compare(keys(a), keys(b), context);
  const blocks = changes(files, a.lines.length, b.lines.length);
  if (blocks.length === 0) return '';
  let out = `--- ${from.path}\t${from.time}\n+++ ${to.path}\t${to.time}\n`;
  const line = (prefix: string, lines: string[], i: number, missing: boolean) => {
    out += `${prefix}${lines[i]}\n`;
    if (missing && i === lines.length - 1) out += '\\ No newline at end of file\n';
  };
  let k = 0;
  while (k < blocks.length) {
    // Group blocks whose gaps are at most 2 * context unchanged lines.
    let last = k;
    while (last + 1 < blocks.length && blocks[last + 1].a0 - blocks[last].a1 <= 2 * context) last++;
    const first = blocks[k];
    const end = blocks[last];
    const a0 = Math.max(0, first.a0 - context);
    const b0 = Math.max(0, first.b0 - context);
    const a1 = Math.min(a.lines.length, end.a1 + context);
    const b1 = Math.min(b.lines.length, end.b1 + context);
    out += `@@ -${range(a0, a1 - a0)} +${range(b0, b1 - b0)} @@\n`;
    let i = a0;
    let j = b0;
    for (let m = k; m <= last; m++) {
      const block = blocks[m];
      for (; i < block.a0; i++, j++) line(' ', a.lines, i, a.missingNewline && b.missingNewline);
      for (; i < block.a1; i++) line('-', a.lines, i, a.missingNewline);
      for (; j < block.b1; j++) line('+', b.lines, j, b.missingNewline);
    }
    for (; i < a1; i++, j++) line(' ', a.lines, i, a.missingNewline && b.missingNewline);
    k = last + 1;
  }
  return out;
}
