// A tiny xterm screen model: enough ANSI to check what a learner would see (used by tests and the benchmark).
import { charWidth } from './width';

/**
 * ScreenModel interprets printable text (with wide characters and xterm's deferred wrap), CR, LF, BS, and the
 * CSI sequences the shell emits: cursor moves (A B C D H), erase (J K), the alternate screen (?1049h/l).
 * Colours and other modes are ignored.
 */
export class ScreenModel {
  private grid: string[][];
  private saved: { grid: string[][]; row: number; col: number } | undefined;
  row = 0;
  col = 0;
  private pendingWrap = false;

  constructor(
    readonly cols = 80,
    readonly rows = 24,
  ) {
    this.grid = this.blank();
  }

  private blank(): string[][] {
    return Array.from({ length: this.rows }, () => Array<string>(this.cols).fill(' '));
  }

  private lineFeed(): void {
    this.row += 1;
    if (this.row >= this.rows) {
      this.grid.shift();
      this.grid.push(Array<string>(this.cols).fill(' '));
      this.row = this.rows - 1;
    }
  }

  write(data: string): void {
    for (let i = 0; i < data.length;) {
      const ch = data[i];
      if (ch === '\x1b') {
        // eslint-disable-next-line no-control-regex -- terminal escape sequences start with ESC (\x1b)
        const match = /^\x1b\[([?]?)([0-9;]*)([A-Za-z~])/.exec(data.slice(i));
        if (match) {
          this.csi(match[1], match[2], match[3]);
          i += match[0].length;
        } else {
          i += 2;
        }
        continue;
      }
      const code = data.codePointAt(i) as number;
      const char = String.fromCodePoint(code);
      i += char.length;
      if (char === '\r') {
        this.col = 0;
        this.pendingWrap = false;
      } else if (char === '\n') {
        this.lineFeed();
        this.pendingWrap = false;
      } else if (char === '\b') {
        this.col = Math.max(0, this.col - 1);
        this.pendingWrap = false;
      } else if (code >= 0x20) {
        this.print(char);
      }
    }
  }

  private print(char: string): void {
    const width = charWidth(char);
    if (width === 0) return;
    if (this.pendingWrap || this.col + width > this.cols) {
      this.col = 0;
      this.lineFeed();
      this.pendingWrap = false;
    }
    this.grid[this.row][this.col] = char;
    if (width === 2 && this.col + 1 < this.cols) this.grid[this.row][this.col + 1] = '';
    this.col += width;
    if (this.col >= this.cols) {
      this.col = this.cols - 1;
      this.pendingWrap = true;
    }
  }

  private csi(privateMarker: string, params: string, final: string): void {
    const numbers = params.split(';').map((p) => (p === '' ? undefined : Number(p)));
    const n = numbers[0] ?? 1;
    if (privateMarker === '?') {
      if (params === '1049' && final === 'h') {
        this.saved = { grid: this.grid, row: this.row, col: this.col };
        this.grid = this.blank();
      } else if (params === '1049' && final === 'l' && this.saved) {
        ({ grid: this.grid, row: this.row, col: this.col } = this.saved);
        this.saved = undefined;
      }
      return;
    }
    this.pendingWrap = false;
    switch (final) {
      case 'A':
        this.row = Math.max(0, this.row - n);
        break;
      case 'B':
        this.row = Math.min(this.rows - 1, this.row + n);
        break;
      case 'C':
        this.col = Math.min(this.cols - 1, this.col + n);
        break;
      case 'D':
        this.col = Math.max(0, this.col - n);
        break;
      case 'H':
        this.row = Math.min(this.rows - 1, (numbers[0] ?? 1) - 1);
        this.col = Math.min(this.cols - 1, (numbers[1] ?? 1) - 1);
        break;
      case 'K':
        for (let c = this.col; c < this.cols; c += 1) this.grid[this.row][c] = ' ';
        break;
      case 'J':
        if ((numbers[0] ?? 0) === 2) {
          this.grid = this.blank();
        } else if ((numbers[0] ?? 0) === 0) {
          for (let c = this.col; c < this.cols; c += 1) this.grid[this.row][c] = ' ';
          for (let r = this.row + 1; r < this.rows; r += 1) this.grid[r].fill(' ');
        }
        break;
      default:
        break;
    }
  }

  /** lines returns the visible rows with trailing blanks removed. */
  lines(): string[] {
    return this.grid.map((row) => row.join('').replace(/\s+$/, ''));
  }

  /** text returns the visible rows up to the last non-empty one, joined with newlines. */
  text(): string {
    const lines = this.lines();
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines.join('\n');
  }
}
