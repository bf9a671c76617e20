// The line editor (a small readline): editing keys, history, Ctrl-R search, Tab completion, bracketed paste.
// It works on the characters the terminal sends, never on key codes, so any keyboard layout (AZERTY) works.
import type { History } from './history';
import {
  BRACKETED_PASTE_OFF,
  BRACKETED_PASTE_ON,
  PASTE_END,
  PASTE_START,
  keyToText,
  parseKeys,
} from './keys';
import type { Key } from './keys';
import { charWidth, stringWidth } from './width';

/** CompletionResult replaces the buffer from `start` (a character index) with one of `candidates`. */
export interface CompletionResult {
  start: number;
  candidates: string[];
}

/** LineEditorOptions connect the editor to the terminal and to the session. */
export interface LineEditorOptions {
  write(data: string): void;
  history: History;
  onSubmit(line: string): void;
  onInterrupt(): void;
  onEof(): void;
  complete?: (textBeforeCursor: string) => Promise<CompletionResult>;
  cols?: number;
}

function commonPrefix(words: string[]): string {
  if (words.length === 0) return '';
  let prefix = words[0];
  for (const word of words) while (!word.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix;
}

/**
 * LineEditor reads one line at a time: `start(prompt)` shows the prompt, `input(data)` processes keystrokes,
 * and Enter calls `onSubmit`. Output is the minimal ANSI an xterm needs: typing at the end of the line echoes
 * just the character; other edits redraw the line from the prompt (wrapping over several rows is handled).
 */
export class LineEditor {
  private buffer: string[] = [];
  private cursor = 0;
  private prompt = '';
  private cursorRow = 0;
  private active = false;
  private pending = '';
  private queue: string[] = [];
  private busy = false;
  private draining = false;
  private events: (() => void)[] = [];
  private pasteRest: string | undefined;
  private historyIndex = 0;
  private draft = '';
  private killed = '';
  private lastKey: Key['type'] | undefined;
  private search: { query: string; index: number; failed: boolean; original: string } | undefined;
  cols: number;

  constructor(private readonly options: LineEditorOptions) {
    this.cols = options.cols ?? 80;
  }

  get isActive(): boolean {
    return this.active;
  }

  /** line is the current buffer text (for tests and completion). */
  get line(): string {
    return this.buffer.join('');
  }

  /** start shows `prompt` and begins reading a line, optionally pre-filled with typed-ahead text. */
  start(prompt: string): void {
    this.prompt = prompt;
    this.buffer = [];
    this.cursor = 0;
    this.cursorRow = 0;
    this.active = true;
    this.historyIndex = this.options.history.length;
    this.draft = '';
    this.search = undefined;
    this.options.write(`${BRACKETED_PASTE_ON}${prompt}`);
    this.drain();
  }

  resize(cols: number): void {
    this.cols = Math.max(1, cols);
  }

  /** input processes keystrokes; while a completion is pending, keys wait in order. */
  input(data: string): void {
    this.queue.push(data);
    this.drain();
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.queue.length > 0 && !this.busy && this.active) {
        const { keys, rest } = parseKeys(this.pending + (this.queue.shift() as string));
        this.pending = rest;
        for (const [index, key] of keys.entries()) {
          this.handle(key);
          this.lastKey = key.type;
          if (!this.active || this.busy) {
            // The line ended (or a completion started) mid-chunk: the rest is typed ahead, kept in order.
            let remaining =
              keys
                .slice(index + 1)
                .map(keyToText)
                .join('') + this.pending;
            if (this.pasteRest !== undefined)
              remaining = `${PASTE_START}${this.pasteRest}${PASTE_END}${remaining}`;
            this.pasteRest = undefined;
            this.pending = '';
            if (remaining !== '') this.queue.unshift(remaining);
            break;
          }
        }
        this.emit();
      }
    } finally {
      this.draining = false;
    }
  }

  /** emit runs the deferred callbacks once the typed-ahead keys are safely queued. */
  private emit(): void {
    const events = this.events;
    this.events = [];
    for (const event of events) event();
  }

  /** takeTypeahead returns keys received after the last submitted line (the session routes them to a command). */
  takeTypeahead(): string {
    const text = this.queue.join('') + this.pending;
    // A multi-line paste stays with the editor: its lines are commands, run one after the other.
    if (text.includes(PASTE_START)) return '';
    this.queue = [];
    this.pending = '';
    return text;
  }

  private handle(key: Key): void {
    if (this.search) {
      this.handleSearch(key);
      return;
    }
    switch (key.type) {
      case 'text':
        this.insert(key.text);
        break;
      case 'paste':
        this.paste(key.text);
        break;
      case 'enter':
        this.submit();
        break;
      case 'backspace':
        if (this.cursor > 0) {
          this.buffer.splice(this.cursor - 1, 1);
          this.cursor -= 1;
          this.render();
        }
        break;
      case 'delete':
        if (this.cursor < this.buffer.length) {
          this.buffer.splice(this.cursor, 1);
          this.render();
        }
        break;
      case 'eof':
        if (this.buffer.length === 0) {
          this.active = false;
          this.options.write(BRACKETED_PASTE_OFF);
          this.events.push(() => this.options.onEof());
        } else if (this.cursor < this.buffer.length) {
          this.buffer.splice(this.cursor, 1);
          this.render();
        }
        break;
      case 'left':
        this.moveTo(this.cursor - 1);
        break;
      case 'right':
        this.moveTo(this.cursor + 1);
        break;
      case 'home':
        this.moveTo(0);
        break;
      case 'end':
        this.moveTo(this.buffer.length);
        break;
      case 'wordLeft':
        this.moveTo(this.wordStart(this.cursor));
        break;
      case 'wordRight':
        this.moveTo(this.wordEnd(this.cursor));
        break;
      case 'killEnd':
        this.kill(this.cursor, this.buffer.length);
        break;
      case 'killStart':
        this.kill(0, this.cursor);
        break;
      case 'killWord':
        this.kill(this.wordStart(this.cursor, true), this.cursor);
        break;
      case 'killWordForward':
        this.kill(this.cursor, this.wordEnd(this.cursor));
        break;
      case 'yank':
        this.insert(this.killed);
        break;
      case 'up':
        this.recall(this.historyIndex - 1);
        break;
      case 'down':
        this.recall(this.historyIndex + 1);
        break;
      case 'clear':
        this.options.write('\x1b[H\x1b[2J');
        this.cursorRow = 0;
        this.options.write(this.prompt);
        this.render(true);
        break;
      case 'interrupt':
        this.moveTo(this.buffer.length);
        this.active = false;
        this.options.write(`^C\r\n${BRACKETED_PASTE_OFF}`);
        this.events.push(() => this.options.onInterrupt());
        break;
      case 'tab':
        this.completeWord();
        break;
      case 'search':
        this.search = { query: '', index: this.options.history.length, failed: false, original: this.line };
        this.renderSearch();
        break;
      default:
        break;
    }
  }

  private insert(text: string): void {
    if (text === '') return;
    const chars = [...text];
    const atEnd = this.cursor === this.buffer.length;
    this.buffer.splice(this.cursor, 0, ...chars);
    this.cursor += chars.length;
    // Fast path: typing at the end of a line that does not wrap echoes only the characters.
    const end = this.layout(this.buffer.length);
    if (atEnd && end.col > 0 && end.row === this.cursorRow && chars.every((c) => charWidth(c) > 0)) {
      this.options.write(text);
      return;
    }
    this.render();
  }

  private paste(text: string): void {
    // Pasted lines are entered one by one (a pasted heredoc runs like typed lines); tabs become spaces so
    // they never trigger completion.
    const normalized = text.replace(/\r\n?/g, '\n').replace(/\t/g, ' ');
    const newline = normalized.indexOf('\n');
    if (newline < 0) {
      this.insert(normalized);
      return;
    }
    this.insert(normalized.slice(0, newline));
    const rest = normalized.slice(newline + 1);
    if (rest !== '') this.pasteRest = rest;
    this.submit();
  }

  private submit(): void {
    const line = this.line;
    this.moveTo(this.buffer.length);
    this.active = false;
    this.options.write(`\r\n${BRACKETED_PASTE_OFF}`);
    this.events.push(() => this.options.onSubmit(line));
  }

  private kill(from: number, to: number): void {
    if (to <= from) return;
    this.killed = this.buffer.slice(from, to).join('');
    this.buffer.splice(from, to - from);
    this.cursor = from;
    this.render();
  }

  private wordStart(index: number, whitespaceOnly = false): number {
    const isWord = (c: string): boolean => (whitespaceOnly ? !/\s/.test(c) : /[\p{L}\p{N}_]/u.test(c));
    let i = index;
    while (i > 0 && !isWord(this.buffer[i - 1])) i -= 1;
    while (i > 0 && isWord(this.buffer[i - 1])) i -= 1;
    return i;
  }

  private wordEnd(index: number): number {
    const isWord = (c: string): boolean => /[\p{L}\p{N}_]/u.test(c);
    let i = index;
    while (i < this.buffer.length && !isWord(this.buffer[i])) i += 1;
    while (i < this.buffer.length && isWord(this.buffer[i])) i += 1;
    return i;
  }

  private recall(index: number): void {
    const history = this.options.history;
    if (index < 0 || index > history.length) {
      this.options.write('\x07');
      return;
    }
    if (this.historyIndex === history.length) this.draft = this.line;
    this.historyIndex = index;
    this.buffer = [...(index === history.length ? this.draft : (history.at(index) ?? ''))];
    this.cursor = this.buffer.length;
    this.render();
  }

  private moveTo(index: number): void {
    const target = Math.max(0, Math.min(this.buffer.length, index));
    if (target === this.cursor) return;
    this.cursor = target;
    this.placeCursor('');
  }

  /** layout gives the row and column of the cursor placed before buffer index `index`, below the prompt start. */
  private layout(index: number, prompt = this.prompt, buffer = this.buffer): { row: number; col: number } {
    let row = 0;
    let col = 0;
    const advance = (width: number): void => {
      if (col + width > this.cols) {
        row += 1;
        col = 0;
      }
      col += width;
    };
    // eslint-disable-next-line no-control-regex -- terminal escape sequences start with ESC (\x1b)
    for (const char of prompt.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')) advance(charWidth(char));
    for (let i = 0; i < index; i += 1) advance(charWidth(buffer[i]));
    if (col >= this.cols) {
      row += 1;
      col = 0;
    }
    return { row, col };
  }

  /** render redraws the prompt and buffer from the prompt's first row, then places the cursor. */
  private render(skipPrompt = false, prompt = this.prompt): void {
    let out = '';
    if (!skipPrompt) {
      if (this.cursorRow > 0) out += `\x1b[${this.cursorRow}A`;
      out += `\r${prompt}`;
    }
    out += this.line;
    const end = this.layout(this.buffer.length, prompt);
    // At an exact multiple of the width the terminal waits to wrap: force the wrap so rows are known.
    if (end.col === 0 && stringWidth(prompt) + stringWidth(this.line) > 0) out += ' \r\x1b[K';
    out += '\x1b[J';
    this.cursorRow = end.row;
    this.placeCursor(out, prompt);
  }

  private placeCursor(prefix: string, prompt = this.prompt): void {
    const target = this.layout(this.cursor, prompt);
    let out = prefix;
    if (this.cursorRow > target.row) out += `\x1b[${this.cursorRow - target.row}A`;
    if (this.cursorRow < target.row) out += `\x1b[${target.row - this.cursorRow}B`;
    out += '\r';
    if (target.col > 0) out += `\x1b[${target.col}C`;
    this.cursorRow = target.row;
    this.options.write(out);
  }

  private handleSearch(key: Key): void {
    const search = this.search as NonNullable<LineEditor['search']>;
    const history = this.options.history;
    const find = (from: number, query: string): number => {
      for (let i = from; i >= 0; i -= 1) if ((history.at(i) ?? '').includes(query)) return i;
      return -1;
    };
    switch (key.type) {
      case 'text': {
        const query = search.query + key.text;
        const found = find(Math.min(search.index, history.length - 1), query);
        search.query = query;
        if (found >= 0) {
          search.index = found;
          search.failed = false;
        } else {
          search.failed = true;
        }
        this.renderSearch();
        return;
      }
      case 'search': {
        const found = find(search.index - 1, search.query);
        if (found >= 0 && search.query !== '') search.index = found;
        else search.failed = search.query !== '';
        this.renderSearch();
        return;
      }
      case 'backspace': {
        search.query = [...search.query].slice(0, -1).join('');
        const found = find(history.length - 1, search.query);
        search.index = found >= 0 ? found : history.length;
        search.failed = false;
        this.renderSearch();
        return;
      }
      case 'cancel':
      case 'interrupt':
        this.search = undefined;
        this.buffer = [...search.original];
        this.cursor = this.buffer.length;
        this.render();
        return;
      default: {
        // Any other key accepts the match into the line, then acts normally (Enter runs it).
        const match = search.index < history.length ? (history.at(search.index) ?? '') : search.original;
        this.search = undefined;
        this.buffer = [...match];
        this.cursor = this.buffer.length;
        this.historyIndex = search.index;
        this.render();
        if (key.type !== 'escape') this.handle(key);
      }
    }
  }

  private renderSearch(): void {
    const search = this.search as NonNullable<LineEditor['search']>;
    const history = this.options.history;
    const match = search.index < history.length ? (history.at(search.index) ?? '') : '';
    const label = `(${search.failed ? 'failed ' : ''}reverse-i-search)\`${search.query}': `;
    this.buffer = [...match];
    const position = match.indexOf(search.query);
    this.cursor = position >= 0 ? [...match.slice(0, position)].length : this.buffer.length;
    this.render(false, label);
  }

  private completeWord(): void {
    const complete = this.options.complete;
    if (!complete) {
      this.options.write('\x07');
      return;
    }
    const before = this.buffer.slice(0, this.cursor).join('');
    const secondTab = this.lastKey === 'tab';
    this.busy = true;
    complete(before)
      .then((result) => this.applyCompletion(result, secondTab))
      .catch(() => this.options.write('\x07'))
      .finally(() => {
        this.busy = false;
        this.drain();
      });
  }

  private applyCompletion(result: CompletionResult, secondTab: boolean): void {
    if (!this.active) return;
    const word = this.buffer.slice(result.start, this.cursor).join('');
    const candidates = [...new Set(result.candidates)].filter((c) => c.startsWith(word)).sort();
    if (candidates.length === 0) {
      this.options.write('\x07');
      return;
    }
    const replace = (text: string): void => {
      this.buffer.splice(result.start, this.cursor - result.start, ...text);
      this.cursor = result.start + [...text].length;
      this.render();
    };
    if (candidates.length === 1) {
      const only = candidates[0];
      replace(only.endsWith('/') ? only : `${only} `);
      return;
    }
    const prefix = commonPrefix(candidates);
    if (prefix.length > word.length) {
      replace(prefix);
      return;
    }
    if (!secondTab) {
      this.options.write('\x07');
      return;
    }
    // Second Tab: list the candidates under the line, then redraw the prompt and the line.
    this.moveTo(this.buffer.length);
    const width = Math.max(...candidates.map((c) => stringWidth(c))) + 2;
    const perRow = Math.max(1, Math.floor(this.cols / width));
    const rows: string[] = [];
    for (let i = 0; i < candidates.length; i += perRow) {
      rows.push(
        candidates
          .slice(i, i + perRow)
          .map((c, j, row) => (j === row.length - 1 ? c : c.padEnd(width)))
          .join(''),
      );
    }
    this.options.write(`\r\n${rows.join('\r\n')}\r\n`);
    this.cursorRow = 0;
    this.render();
  }
}
