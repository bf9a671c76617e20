/**
 * TabWriter is the column aligner kubectl prints tables with: Go's text/tabwriter algorithm as vendored by
 * cli-runtime (github.com/liggitt/tabwriter) with kubectl's settings — minwidth 6, padding 3, pad char
 * space, and RememberWidths (column widths never shrink across flushes, so `get -w` rows stay aligned).
 * Cells are terminated by `\t`; the text after the last tab of a line is not aligned (no trailing spaces).
 */

const MIN_WIDTH = 6;
const PADDING = 3;

interface Cell {
  text: string;
  width: number;
}

/** TabWriterOptions override kubectl's table settings (describe uses minwidth 0, padding 2, no RememberWidths). */
export interface TabWriterOptions {
  minWidth?: number;
  padding?: number;
  rememberWidths?: boolean;
}

export class TabWriter {
  private readonly minWidth: number;
  private readonly padding: number;
  private readonly rememberWidths: boolean;
  private lines: Cell[][] = [];
  private partial = '';
  private widths: number[] = [];
  private readonly maxWidths: number[] = [];
  private out = '';

  constructor(options: TabWriterOptions = {}) {
    this.minWidth = options.minWidth ?? MIN_WIDTH;
    this.padding = options.padding ?? PADDING;
    this.rememberWidths = options.rememberWidths ?? true;
  }

  /** write buffers text; complete lines are kept until flush(). */
  write(text: string): void {
    this.partial += text;
    let nl: number;
    while ((nl = this.partial.indexOf('\n')) >= 0) {
      this.lines.push(splitCells(this.partial.slice(0, nl)));
      this.partial = this.partial.slice(nl + 1);
    }
  }

  /** flush aligns and returns everything buffered so far. */
  flush(): string {
    if (this.partial !== '') {
      this.lines.push(splitCells(this.partial));
      this.partial = '';
      this.format(0, this.lines.length, true);
    } else {
      this.format(0, this.lines.length, false);
    }
    this.lines = [];
    this.widths = [];
    const out = this.out;
    this.out = '';
    return out;
  }

  private format(line0: number, line1: number, lastUnterminated: boolean): void {
    const column = this.widths.length;
    for (let current = line0; current < line1; current++) {
      const line = this.lines[current];
      if (column >= line.length - 1) continue;
      this.writeLines(line0, current, lastUnterminated);
      line0 = current;
      let width = this.minWidth;
      for (; current < line1; current++) {
        const l = this.lines[current];
        if (column >= l.length - 1) break;
        const w = l[column].width + this.padding;
        if (w > width) width = w;
      }
      // RememberWidths: a column keeps the widest width it ever had.
      // Plain text/tabwriter (rememberWidths off) gives each block its own widths.
      if (this.rememberWidths) {
        if (column < this.maxWidths.length) {
          if (width < this.maxWidths[column]) width = this.maxWidths[column];
          else this.maxWidths[column] = width;
        } else this.maxWidths.push(width);
      }
      this.widths.push(width);
      this.format(line0, current, lastUnterminated);
      this.widths.pop();
      // As in Go, the loop increment then skips the block's first outside line, which has no cell here.
      line0 = current;
    }
    this.writeLines(line0, line1, lastUnterminated);
  }

  private writeLines(line0: number, line1: number, lastUnterminated: boolean): void {
    for (let i = line0; i < line1; i++) {
      const line = this.lines[i];
      line.forEach((cell, j) => {
        this.out += cell.text;
        if (j < this.widths.length && j < line.length - 1)
          this.out += ' '.repeat(this.widths[j] - cell.width);
      });
      if (!(lastUnterminated && i === this.lines.length - 1)) this.out += '\n';
    }
  }
}

function splitCells(line: string): Cell[] {
  return line.split('\t').map((text) => ({ text, width: [...text].length }));
}
