/**
 * Input side of a simulated process: a line reader over the stdin byte stream. In TTY mode it behaves like
 * a terminal in canonical mode: typed characters are echoed, Backspace erases, Enter ends the line,
 * Ctrl-C discards the line (and interrupts the foreground command), Ctrl-D on an empty line is end of file.
 */

const decoder = new TextDecoder();

/** StdinReader is what commands read from. */
export interface StdinReader {
  /** readLine returns the next line without its newline, or undefined at end of input. */
  readLine(): Promise<string | undefined>;
  /** readAll returns everything until end of input. */
  readAll(): Promise<string>;
}

/** EMPTY_STDIN is an input that is already at end of file. */
export const EMPTY_STDIN: StdinReader = {
  readLine: () => Promise.resolve(undefined),
  readAll: () => Promise.resolve(''),
};

/** stringStdin reads from a fixed text (pipes, here-strings). */
export function stringStdin(text: string): StdinReader {
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  let consumed = false;
  return {
    readLine: () => Promise.resolve(consumed ? undefined : lines.shift()),
    readAll: () => {
      consumed = true;
      const rest = lines.length > 0 ? `${lines.join('\n')}\n` : '';
      lines.length = 0;
      return Promise.resolve(rest);
    },
  };
}

/** Terminal pumps an input stream into lines; see the file comment for TTY behaviour. */
export class Terminal implements StdinReader {
  private readonly lines: (string | undefined)[] = [];
  private waiting: ((line: string | undefined) => void) | undefined;
  private current = '';
  private ended = false;
  /** onInterrupt is called on Ctrl-C in TTY mode (the shell aborts its foreground command). */
  onInterrupt: (() => void) | undefined;

  constructor(
    input: AsyncIterable<Uint8Array | string>,
    private readonly tty: boolean,
    private readonly echo: (text: string) => void,
  ) {
    void this.pump(input);
  }

  private async pump(input: AsyncIterable<Uint8Array | string>): Promise<void> {
    try {
      for await (const chunk of input) this.feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk));
    } catch {
      // A broken input stream is an end of file for the reader.
    }
    if (this.current !== '' && !this.tty) this.deliver(this.current);
    this.current = '';
    this.ended = true;
    this.deliver(undefined);
  }

  private feed(text: string): void {
    for (const c of text) {
      if (!this.tty) {
        if (c === '\n') {
          this.deliver(this.current);
          this.current = '';
        } else this.current += c;
        continue;
      }
      if (c === '\r' || c === '\n') {
        this.echo('\r\n');
        this.deliver(this.current);
        this.current = '';
      } else if (c === '\x7f' || c === '\b') {
        if (this.current.length > 0) {
          this.current = this.current.slice(0, -1);
          this.echo('\b \b');
        }
      } else if (c === '\x03') {
        this.echo('^C\r\n');
        this.current = '';
        if (this.onInterrupt) this.onInterrupt();
        else this.deliver('');
      } else if (c === '\x04') {
        if (this.current === '') this.deliver(undefined);
      } else if (c === '\x15') {
        this.echo('\b \b'.repeat(this.current.length));
        this.current = '';
      } else if (c === '\x1b' || c < ' ') {
        // Escape sequences (arrows) and other control characters are not interpreted.
      } else {
        this.current += c;
        this.echo(c);
      }
    }
  }

  private deliver(line: string | undefined): void {
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve(line);
    } else this.lines.push(line);
  }

  readLine(): Promise<string | undefined> {
    if (this.lines.length > 0) return Promise.resolve(this.lines.shift());
    if (this.ended) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  async readAll(): Promise<string> {
    let text = '';
    for (let line = await this.readLine(); line !== undefined; line = await this.readLine())
      text += `${line}\n`;
    return text;
  }
}
