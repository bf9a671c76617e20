/**
 * A test double of TerminalProvider: a line-echo "shell" that echoes keystrokes, answers each complete
 * line with `echo: <line>` and a `$ ` prompt, reports resizes as `[cols x rows]`, and exits on `exit`.
 * Used ONLY by tests of the terminal endpoint; the real shell comes from the terminal issue.
 */
import type { TerminalContext, TerminalProvider, TerminalSession } from '../../src/terminal/session';

export class LineEchoTerminals implements TerminalProvider {
  readonly opened: TerminalContext[] = [];
  closed = 0;

  async open(context: TerminalContext): Promise<TerminalSession> {
    this.opened.push(context);
    const data = new Set<(d: string) => void>();
    const exits = new Set<(code: number) => void>();
    let line = '';
    const emit = (d: string) => {
      for (const cb of data) cb(d);
    };
    // The prompt comes a turn after open resolves, once the hub listens (as a real shell's would).
    setImmediate(() => emit('$ '));
    return {
      write: (input) => {
        for (const ch of input) {
          if (ch === '\r') {
            emit(`\r\necho: ${line}\r\n`);
            if (line === 'exit') {
              for (const cb of exits) cb(0);
              return;
            }
            line = '';
            emit('$ ');
          } else {
            line += ch;
            emit(ch);
          }
        }
      },
      resize: (cols, rows) => emit(`[${cols} x ${rows}]`),
      onData: (cb) => {
        data.add(cb);
        return () => data.delete(cb);
      },
      onExit: (cb) => {
        exits.add(cb);
        return () => exits.delete(cb);
      },
      close: () => {
        this.closed += 1;
      },
    };
  }
}
