// One learner's terminal session: line editor in front, interpreter behind, everything virtual.
import { createCommandRegistry } from './commands';
import { LEAVE_ALT_SCREEN } from './commands/watch';
import { completeLine } from './completion';
import { HOME } from './fs';
import type { VirtualFs } from './fs';
import { History } from './history';
import { Interpreter } from './interpreter';
import { LineEditor } from './line-editor';
import { resolveLimits } from './limits';
import type { ShellLimits } from './limits';
import { TerminalInput } from './terminal-input';
import type { Command, CompleteFunction, HttpFunction, OpenEditorFunction, OutputStream } from './types';

/** ShellSessionOptions configure a session; only `fs` is required. */
export interface ShellSessionOptions {
  /** the learner's file system (restore it with VirtualFs.deserialize, save it with fs.serialize()) */
  fs: VirtualFs;
  /** extra exported variables (e.g. KUBECONFIG); the server's own environment is never used */
  env?: Record<string, string>;
  /** the kubectl command; without it `kubectl` is `command not found`, as on a machine without kubectl */
  kubectl?: Command;
  /** routes curl/wget to the learner's cluster services and ingresses */
  http?: HttpFunction;
  /** opens a file in the page's editor (vi, nano, edit) */
  openEditor?: OpenEditorFunction;
  /** completes kubectl words (verbs, flags, resource types, object names) */
  complete?: CompleteFunction;
  /** called once when the learner leaves with `exit` or Ctrl-D, with the exit status */
  onExit?: (status: number) => void;
  limits?: Partial<ShellLimits>;
  hostname?: string;
  cols?: number;
  rows?: number;
  /** extra or replacement commands, by name */
  commands?: Record<string, Command>;
  /** clock for `date`, `ls -l` and `watch` (tests) */
  now?: () => Date;
}

/** ShellSession is compatible with the terminal WebSocket's TerminalSession, plus the file system. */
export interface ShellSession {
  write(data: string): void;
  resize(cols: number, rows: number): void;
  onData(callback: (data: string) => void): () => void;
  close(): void;
  readonly fs: VirtualFs;
  /** closed is true after `exit`, Ctrl-D or close() */
  readonly closed: boolean;
}

/** promptFor renders bash's Debian prompt `apprenant@atelier:~/dir$ `. */
export function promptFor(hostname: string, cwd: string): string {
  const shown = cwd === HOME ? '~' : cwd.startsWith(`${HOME}/`) ? `~${cwd.slice(HOME.length)}` : cwd;
  return `apprenant@${hostname}:${shown}$ `;
}

/** createShellSession starts a shell and shows its first prompt as soon as a listener is attached. */
export function createShellSession(options: ShellSessionOptions): ShellSession {
  return new Session(options);
}

class Session implements ShellSession {
  readonly fs: VirtualFs;
  private readonly listeners = new Set<(data: string) => void>();
  private readonly interpreter: Interpreter;
  private readonly editor: LineEditor;
  private readonly history: History;
  private readonly hostname: string;
  private cols: number;
  private rows: number;
  private pendingSource = '';
  private running: { controller: AbortController; input: TerminalInput } | undefined;
  private altScreen = false;
  private isClosed = false;
  private started = false;
  private backlog: string[] = [];

  constructor(private readonly options: ShellSessionOptions) {
    this.fs = options.fs;
    this.hostname = options.hostname ?? 'atelier';
    this.cols = options.cols ?? 80;
    this.rows = options.rows ?? 24;
    const limits = resolveLimits(options.limits);
    this.history = new History(this.fs, limits.maxHistory);
    const registry = createCommandRegistry({ kubectl: options.kubectl, extra: options.commands });
    this.interpreter = new Interpreter({
      fs: this.fs,
      ...registry,
      env: options.env,
      limits,
      hostname: this.hostname,
      now: options.now,
      http: options.http,
      openEditor: options.openEditor,
      terminal: () => ({ cols: this.cols, rows: this.rows }),
      history: { list: () => this.history.list(), clear: () => this.history.clear() },
    });
    this.editor = new LineEditor({
      write: (data) => this.emit(data),
      history: this.history,
      cols: this.cols,
      onSubmit: (line) => this.submit(line),
      onInterrupt: () => {
        this.pendingSource = '';
        this.interpreter.lastStatus = 130;
        this.prompt();
      },
      onEof: () => {
        if (this.pendingSource !== '') {
          this.pendingSource = '';
          this.emit('bash: syntax error: unexpected end of file\r\n');
          this.interpreter.lastStatus = 2;
          this.prompt();
          return;
        }
        this.emit('exit\r\n');
        this.finish(this.interpreter.lastStatus);
      },
      complete: (text) =>
        completeLine(text, {
          commandNames: () => [...registry.commands.keys()],
          aliases: this.interpreter.aliases,
          fs: this.fs,
          cwd: () => this.interpreter.cwd,
          kubectl: options.complete,
        }),
    });
  }

  get closed(): boolean {
    return this.isClosed;
  }

  onData(callback: (data: string) => void): () => void {
    this.listeners.add(callback);
    if (!this.started) {
      // The first prompt waits for a listener so the page never misses it.
      this.started = true;
      this.prompt();
      for (const data of this.backlog.splice(0)) this.write(data);
    }
    return () => this.listeners.delete(callback);
  }

  write(data: string): void {
    if (this.isClosed) return;
    if (!this.started) {
      this.backlog.push(data);
      return;
    }
    if (!this.running) {
      this.editor.input(data);
      return;
    }
    // In raw mode (`kubectl exec -it`) Ctrl-C is a key for the program, as on a real terminal.
    const interrupt = this.running.input.raw ? -1 : data.indexOf('\x03');
    if (interrupt >= 0) {
      if (interrupt > 0) this.running.input.feed(data.slice(0, interrupt));
      this.emit('^C\r\n');
      this.running.controller.abort();
      return;
    }
    this.running.input.feed(data);
  }

  resize(cols: number, rows: number): void {
    this.cols = Math.max(1, Math.floor(cols));
    this.rows = Math.max(1, Math.floor(rows));
    this.editor.resize(this.cols);
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.running?.controller.abort();
    this.listeners.clear();
  }

  private emit(data: string): void {
    if (this.isClosed || data === '') return;
    for (const listener of this.listeners) listener(data);
  }

  /** The terminal as a command's stdout: newlines become CR LF (the tty's ONLCR), alternate screen tracked. */
  private terminalStream(): OutputStream {
    return {
      write: async (data: string) => {
        const enter = data.lastIndexOf('\x1b[?1049h');
        const leave = data.lastIndexOf('\x1b[?1049l');
        if (enter >= 0 || leave >= 0) this.altScreen = enter > leave;
        this.emit(data.replace(/\r?\n/g, '\r\n'));
      },
    };
  }

  private prompt(): void {
    if (this.isClosed) return;
    this.editor.start(promptFor(this.hostname, this.interpreter.cwd));
  }

  private submit(line: string): void {
    this.pendingSource += `${line}\n`;
    const parsed = this.interpreter.parse(this.pendingSource);
    if (parsed.kind === 'incomplete') {
      this.editor.start('> ');
      return;
    }
    const source = this.pendingSource;
    this.pendingSource = '';
    if (source.trim() === '') {
      this.prompt();
      return;
    }
    this.history.add(source);
    void this.execute(source);
  }

  private async execute(source: string): Promise<void> {
    const controller = new AbortController();
    const input = new TerminalInput((text) => this.emit(text));
    this.running = { controller, input };
    // Keys typed after Enter in the same burst belong to the command (like a tty's input queue).
    const typeahead = this.editor.takeTypeahead();
    if (typeahead !== '') input.feed(typeahead);
    const terminal = this.terminalStream();
    try {
      await this.interpreter.run(
        source,
        { stdin: input, stdout: terminal, stderr: terminal, stdinIsTty: true, stdoutIsTty: true },
        controller.signal,
      );
    } catch (error) {
      // An interpreter bug must not kill the session: report it like a crashed command.
      this.emit(`bash: erreur interne : ${error instanceof Error ? error.message : String(error)}\r\n`);
      this.interpreter.lastStatus = 1;
    } finally {
      this.running = undefined;
    }
    if (this.altScreen) {
      this.altScreen = false;
      this.emit(LEAVE_ALT_SCREEN);
    }
    if (this.interpreter.exitStatus !== undefined) {
      this.emit('exit\r\n');
      this.finish(this.interpreter.exitStatus);
      return;
    }
    const leftover = input.leftover();
    this.prompt();
    if (leftover !== '') this.editor.input(leftover);
  }

  private finish(status: number): void {
    if (this.isClosed) return;
    this.close();
    this.options.onExit?.(status);
  }
}
