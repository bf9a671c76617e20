/**
 * The terminal contract between the WebSocket endpoint and a shell. The terminal issue provides the
 * built-in shell and the Docker runtime issue the container shell, each as a TerminalProvider.
 */

/** TerminalSession is one running shell with a terminal: bytes in, bytes out, a size. */
export interface TerminalSession {
  /** write sends the learner's keystrokes (UTF-8 text) to the shell. */
  write(data: string): void;
  /** resize tells the shell the terminal's size in character cells. */
  resize(cols: number, rows: number): void;
  /**
   * onData subscribes to the shell's output; returns the unsubscribe function. The hub subscribes right
   * after open() resolves: a session must not emit before that (start the shell's first output on a later turn).
   */
  onData(cb: (data: string) => void): () => void;
  /** onExit, when supported, subscribes to the end of the shell (e.g. `exit`); returns the unsubscribe function. */
  onExit?(cb: (code: number) => void): () => void;
  /** close ends the shell and frees its resources. */
  close(): void;
}

/** TerminalContext tells a provider which sandbox the shell belongs to (its kubectl talks to that cluster). */
export interface TerminalContext {
  sandboxId: string;
  learnerId: string;
  cols: number;
  rows: number;
}

/** TerminalProvider opens a shell for a sandbox. */
export interface TerminalProvider {
  open(context: TerminalContext): Promise<TerminalSession>;
}
