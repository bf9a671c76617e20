// The terminal's line discipline while a command runs (cooked mode): echo, erase, lines on Enter, EOF on Ctrl-D.

/** MAX_BUFFERED bounds what a learner can type ahead of a command that does not read (like a tty's buffer). */
const MAX_BUFFERED = 64 * 1024;

/**
 * TerminalInput is the stdin of a command reading the terminal. Typed characters are echoed through `echo`;
 * a line reaches the reader when Enter is pressed; Ctrl-D sends the pending text, or end-of-file on an empty
 * line. What the command did not read is handed back with `leftover()` (it goes on to the next prompt).
 */
export class TerminalInput implements AsyncIterable<string> {
  private lines: string[] = [];
  private partial = '';
  private eof = false;
  private wake: (() => void) | undefined;
  private rawDepth = 0;

  constructor(private readonly echo: (text: string) => void) {}

  /** Whether the terminal is in raw mode: keys (Ctrl-C included) go to the reader as typed, unechoed. */
  get raw(): boolean {
    return this.rawDepth > 0;
  }

  /**
   * enterRaw switches to raw mode (what `stty raw -echo` or kubectl's `exec -it` do to a tty): no echo, no
   * line editing, each chunk delivered as typed. It returns the function going back to cooked mode; what was
   * typed during a cooked line stays and is delivered first.
   */
  enterRaw(): () => void {
    this.rawDepth++;
    if (this.partial !== '') {
      this.lines.push(this.partial);
      this.partial = '';
    }
    let restored = false;
    return () => {
      if (restored) return;
      restored = true;
      this.rawDepth--;
    };
  }

  /** feed takes raw terminal input (in cooked mode, Ctrl-C is handled by the session before). */
  feed(data: string): void {
    if (this.raw) {
      if (data !== '' && this.size() + data.length <= MAX_BUFFERED) this.lines.push(data);
      const wake = this.wake;
      this.wake = undefined;
      wake?.();
      return;
    }
    // Escape sequences (arrows, paste markers) mean nothing in cooked mode.
    // eslint-disable-next-line no-control-regex -- terminal escape sequences start with ESC (\x1b)
    const text = data.replace(/\x1b\[20[01]~/g, '').replace(/\x1b(\[[0-9;]*[~A-Za-z]|O[A-Za-z])/g, '');
    for (const ch of text) {
      if (ch === '\r' || ch === '\n') {
        this.echo('\r\n');
        this.lines.push(`${this.partial}\n`);
        this.partial = '';
      } else if (ch === '\x7f' || ch === '\b') {
        const chars = [...this.partial];
        if (chars.length > 0) {
          chars.pop();
          this.partial = chars.join('');
          this.echo('\b \b');
        }
      } else if (ch === '\x15') {
        this.echo('\b \b'.repeat([...this.partial].length));
        this.partial = '';
      } else if (ch === '\x04') {
        if (this.partial !== '') {
          this.lines.push(this.partial);
          this.partial = '';
        } else {
          this.eof = true;
        }
      } else if ((ch >= ' ' || ch === '\t') && this.size() < MAX_BUFFERED) {
        this.partial += ch;
        this.echo(ch);
      }
    }
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private size(): number {
    return this.partial.length + this.lines.reduce((sum, line) => sum + line.length, 0);
  }

  /** leftover returns (and forgets) what was typed but not read. */
  leftover(): string {
    const text = this.lines.join('').replace(/\n/g, '\r') + this.partial;
    this.lines = [];
    this.partial = '';
    return text;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    while (true) {
      const line = this.lines.shift();
      if (line !== undefined) {
        yield line;
      } else if (this.eof) {
        // Like a tty, end-of-file is consumed by the read that sees it; a later read waits again.
        this.eof = false;
        return;
      } else {
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    }
  }
}
