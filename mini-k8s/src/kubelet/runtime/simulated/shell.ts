/**
 * The simulated POSIX-like shell: runs parsed scripts (`sh -c`), interactive sessions (`kubectl exec -it`,
 * `kubectl run -it`) with prompts per image, and dispatches commands to builtins, the utilities of
 * commands.ts and the image's server programs. Error wording follows the dialect: busybox/alpine `ash`
 * (`sh: nope: not found`), Debian `dash` (`sh: 1: nope: not found`) and `bash`.
 */
import type { NetworkResolver, ResolveContext } from '../network';
import { FsError, normalizePath, type FileSystem } from './filesystem';
import type { OsFlavor, ServerKind } from './image-catalog';
import { parseShell, ShellSyntaxError, type Redirect, type ShellNode } from './shell-parser';
import { expandToString, expandWord, type ExpandScope } from './shell-expand';
import { EMPTY_STDIN, stringStdin, type StdinReader, type Terminal } from './terminal';
import { SleepAborted } from './timers';

/** ShellDialect picks prompts and error messages. */
export type ShellDialect = 'ash' | 'dash' | 'bash';

/** ProcessInfo is one line of `ps`. */
export interface ProcessInfo {
  pid: number;
  command: string;
  startedAtMs: number;
  memoryBytes: number;
}

/** ShellHost is what a container offers to commands running in it. */
export interface ShellHost {
  fs: FileSystem;
  hostname: string;
  podIp: string;
  os: OsFlavor;
  /** missing are utilities the image does not ship. */
  missing: ReadonlySet<string>;
  /** programs maps executable names to the image's server programs. */
  programs: Readonly<Record<string, ServerKind>>;
  network: NetworkResolver;
  resolveContext: ResolveContext;
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  processes(): ProcessInfo[];
  /** kill sends `signal` (a number) to `pid`; false when no such process. */
  kill(pid: number, signal: number): boolean;
  memoryLimitBytes: number | undefined;
  memoryUsedBytes(): number;
  /** runProgram runs one of the image's server programs in the calling process. */
  runProgram(kind: ServerKind, ctx: CommandContext): Promise<number>;
}

/** CommandContext is passed to every command. */
export interface CommandContext {
  argv: string[];
  env: Map<string, string>;
  cwd: string;
  host: ShellHost;
  stdin: StdinReader;
  stdout(text: string): void;
  stderr(text: string): void;
  signal: AbortSignal;
  pid: number;
  shell: Shell;
}

/** Command is a builtin or utility; it returns its exit status. */
export type Command = (ctx: CommandContext) => Promise<number> | number;

/** ShellExit ends the shell with a status (`exit N`). */
export class ShellExit extends Error {
  constructor(readonly status: number) {
    super(`exit ${status}`);
  }
}

class LoopControl extends Error {
  constructor(
    readonly kind: 'break' | 'continue',
    readonly levels: number,
  ) {
    super(kind);
  }
}

/** IO is where a node's output goes. */
interface IO {
  stdin: StdinReader;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** ShellOptions configure a shell instance. */
export interface ShellOptions {
  dialect: ShellDialect;
  /** name is argv[0] used in messages (`sh`, `bash`). */
  name: string;
  env: Map<string, string>;
  cwd: string;
  pid: number;
  signal: AbortSignal;
  commands: ReadonlyMap<string, Command>;
  positional?: string[];
}

/** Shell runs scripts for one simulated process. */
export class Shell {
  readonly env: Map<string, string>;
  cwd: string;
  status = 0;
  private readonly positional: string[];
  private interactive = false;
  private foreground: AbortController | undefined;
  private busyCount = 0;

  constructor(
    readonly host: ShellHost,
    private readonly options: ShellOptions,
  ) {
    this.env = options.env;
    this.cwd = options.cwd;
    this.positional = options.positional ?? [];
  }

  /** runScript parses and runs `source` (`sh -c`); returns the exit status. */
  async runScript(source: string, io: IO): Promise<number> {
    let tree: ShellNode;
    try {
      tree = parseShell(source);
    } catch (error) {
      if (!(error instanceof ShellSyntaxError)) throw error;
      io.stderr(this.syntaxMessage(error));
      return 2;
    }
    try {
      return await this.run(tree, io, this.options.signal);
    } catch (error) {
      if (error instanceof ShellExit) return error.status;
      throw error;
    }
  }

  /** prompt returns the dialect's PS1 (`/ # `, `# `, `root@host:/# `). */
  prompt(): string {
    if (this.options.dialect === 'bash') {
      const home = this.env.get('HOME') ?? '/root';
      const dir =
        this.cwd === home
          ? '~'
          : this.cwd.startsWith(`${home}/`)
            ? `~${this.cwd.slice(home.length)}`
            : this.cwd;
      return `root@${this.host.hostname}:${dir}# `;
    }
    return this.options.dialect === 'ash' ? `${this.cwd === '/root' ? '~' : this.cwd} # ` : '# ';
  }

  /** interact runs a read-eval loop over a terminal until end of input or `exit`. */
  async interact(terminal: Terminal, io: IO, tty: boolean): Promise<number> {
    this.interactive = true;
    terminal.onInterrupt = () => {
      if (this.foreground) this.foreground.abort(new SleepAborted());
      else io.stdout(this.prompt());
    };
    for (;;) {
      if (tty) io.stdout(this.prompt());
      const line = await Promise.race([terminal.readLine(), abortPromise(this.options.signal)]);
      if (line === undefined) {
        if (tty) io.stdout('exit\r\n');
        return this.status;
      }
      if (line.trim() === '') continue;
      this.foreground = new AbortController();
      const signal = AbortSignal.any([this.options.signal, this.foreground.signal]);
      const output: IO = tty
        ? {
            stdin: EMPTY_STDIN,
            stdout: (t) => io.stdout(t.replace(/\r?\n/g, '\r\n')),
            stderr: (t) => io.stdout(t.replace(/\r?\n/g, '\r\n')),
          }
        : { ...io, stdin: terminal };
      try {
        const tree = parseShell(line);
        this.status = await this.run(tree, output, signal);
      } catch (error) {
        if (error instanceof ShellExit) return error.status;
        if (error instanceof ShellSyntaxError) {
          output.stderr(this.syntaxMessage(error));
          this.status = 2;
        } else if (error instanceof SleepAborted && !this.options.signal.aborted) {
          this.status = 130;
        } else throw error;
      } finally {
        this.foreground = undefined;
      }
    }
  }

  private syntaxMessage(error: ShellSyntaxError): string {
    const { dialect, name } = this.options;
    if (dialect === 'bash') {
      return error.token === ''
        ? `${name}: -c: line 1: syntax error: unexpected end of file\n`
        : `${name}: -c: line 1: syntax error near unexpected token \`${error.token}'\n`;
    }
    return dialect === 'dash'
      ? `${name}: 1: Syntax error: ${error.message.replace('syntax error: ', '')}\n`
      : `${name}: ${error.message}\n`;
  }

  private scope(io: IO, signal: AbortSignal): ExpandScope {
    return {
      lookup: (name) => this.lookup(name),
      substitute: async (source) => {
        let out = '';
        const sub = new Shell(this.host, { ...this.options, env: new Map(this.env), cwd: this.cwd, signal });
        sub.status = this.status;
        await sub.runScript(source, { stdin: io.stdin, stdout: (t) => (out += t), stderr: io.stderr });
        this.status = sub.status;
        return out;
      },
      glob: (pattern) => this.glob(pattern),
    };
  }

  private lookup(name: string): string | undefined {
    if (name === '?') return String(this.status);
    if (name === '$') return String(this.options.pid);
    if (name === '#') return String(this.positional.length);
    if (name === '@' || name === '*') return this.positional.join(' ');
    if (name === '0') return this.options.name;
    if (/^[1-9]$/.test(name)) return this.positional[Number(name) - 1];
    return this.env.get(name);
  }

  private glob(pattern: string): string[] {
    const slash = pattern.lastIndexOf('/');
    const dir = slash >= 0 ? pattern.slice(0, slash) || '/' : '';
    const base = pattern.slice(slash + 1);
    const regex = new RegExp(
      `^${base
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    try {
      return this.host.fs
        .readdir(normalizePath(dir || '.', this.cwd))
        .filter((name) => regex.test(name) && (!name.startsWith('.') || base.startsWith('.')))
        .map((name) => (slash >= 0 ? `${pattern.slice(0, slash)}/${name}` : name));
    } catch {
      return [];
    }
  }

  /** run executes a syntax tree node. */
  async run(node: ShellNode, io: IO, signal: AbortSignal): Promise<number> {
    if (signal.aborted) throw new SleepAborted();
    switch (node.type) {
      case 'simple':
        this.status = await this.runSimple(node.words, node.redirects, io, signal);
        return this.status;
      case 'list': {
        for (const item of node.items) {
          if (item.background) void this.run(item.node, io, signal).catch(() => undefined);
          else await this.run(item.node, io, signal);
        }
        return this.status;
      }
      case 'and':
      case 'or': {
        const left = await this.run(node.left, io, signal);
        if ((node.type === 'and') === (left === 0)) return this.run(node.right, io, signal);
        return left;
      }
      case 'pipeline': {
        let input = io.stdin;
        let status = 0;
        for (let index = 0; index < node.commands.length; index++) {
          const last = index === node.commands.length - 1;
          let captured = '';
          const stageIo: IO = last
            ? { ...io, stdin: input }
            : { stdin: input, stdout: (t) => (captured += t), stderr: io.stderr };
          status = await this.run(node.commands[index], stageIo, signal);
          input = stringStdin(captured);
        }
        this.status = node.negate ? Number(status === 0) : status;
        return this.status;
      }
      case 'loop':
        return this.runLoop(
          async () => {
            const condition = await this.run(node.condition, io, signal);
            return node.until ? condition !== 0 : condition === 0;
          },
          node.body,
          io,
          signal,
        );
      case 'for': {
        const scope = this.scope(io, signal);
        const words: string[] = [];
        if (node.words) for (const word of node.words) words.push(...(await expandWord(word, scope)));
        else words.push(...this.positional);
        let index = 0;
        return this.runLoop(
          () => {
            if (index >= words.length) return Promise.resolve(false);
            this.env.set(node.name, words[index++]);
            return Promise.resolve(true);
          },
          node.body,
          io,
          signal,
        );
      }
      case 'if': {
        for (const clause of node.clauses) {
          if ((await this.run(clause.condition, io, signal)) === 0) return this.run(clause.body, io, signal);
        }
        if (node.otherwise) return this.run(node.otherwise, io, signal);
        this.status = 0;
        return 0;
      }
      case 'group': {
        if (!node.subshell) return this.run(node.body, io, signal);
        const sub = new Shell(this.host, { ...this.options, env: new Map(this.env), cwd: this.cwd, signal });
        try {
          this.status = await sub.run(node.body, io, signal);
        } catch (error) {
          if (!(error instanceof ShellExit)) throw error;
          this.status = error.status;
        }
        return this.status;
      }
    }
  }

  private async runLoop(
    next: () => Promise<boolean>,
    body: ShellNode,
    io: IO,
    signal: AbortSignal,
  ): Promise<number> {
    let status = 0;
    while (await next()) {
      try {
        status = await this.run(body, io, signal);
      } catch (error) {
        if (!(error instanceof LoopControl)) throw error;
        if (error.levels > 1) throw new LoopControl(error.kind, error.levels - 1);
        if (error.kind === 'break') break;
      }
      // A loop without sleep must not starve the event loop (and burns CPU like the real one).
      if (++this.busyCount % 64 === 0) await new Promise((resolve) => setImmediate(resolve));
      if (signal.aborted) throw new SleepAborted();
    }
    this.status = status;
    return status;
  }

  private async runSimple(
    words: string[],
    redirects: Redirect[],
    io: IO,
    signal: AbortSignal,
  ): Promise<number> {
    const scope = this.scope(io, signal);
    const assignments: [string, string][] = [];
    let index = 0;
    for (; index < words.length; index++) {
      const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(words[index]);
      if (!match) break;
      assignments.push([match[1], await expandToString(match[2], scope)]);
    }
    const argv: string[] = [];
    for (const word of words.slice(index)) argv.push(...(await expandWord(word, scope)));
    if (argv.length === 0) {
      for (const [name, value] of assignments) this.env.set(name, value);
      return this.status;
    }
    let target: IO;
    try {
      target = await this.redirect(redirects, io, scope);
    } catch (error) {
      if (!(error instanceof FsError)) throw error;
      io.stderr(this.fsMessage(error));
      return 1;
    }
    const env = assignments.length > 0 ? new Map([...this.env, ...assignments]) : this.env;
    return this.execute(argv, env, target, signal);
  }

  private fsMessage(error: FsError): string {
    const { dialect, name } = this.options;
    const [path, reason] = [
      error.message.slice(0, error.message.lastIndexOf(': ')),
      error.message.slice(error.message.lastIndexOf(': ') + 2),
    ];
    if (dialect === 'dash') return `${name}: 1: cannot create ${path}: ${reason}\n`;
    if (dialect === 'bash') return `${name}: ${path}: ${reason}\n`;
    return `${name}: can't create ${path}: ${reason}\n`;
  }

  private async redirect(redirects: Redirect[], io: IO, scope: ExpandScope): Promise<IO> {
    let result = io;
    for (const r of redirects) {
      if (r.op === '>&') {
        const fd = Number(r.target);
        const sink = fd === 2 ? result.stderr : result.stdout;
        result = r.fd === 2 ? { ...result, stderr: sink } : { ...result, stdout: sink };
        continue;
      }
      const path = normalizePath(await expandToString(r.target, scope), this.cwd);
      if (r.op === '<') {
        result = { ...result, stdin: stringStdin(this.host.fs.readFile(path)) };
        continue;
      }
      if (path === '/dev/null') {
        result = r.fd === 2 ? { ...result, stderr: () => undefined } : { ...result, stdout: () => undefined };
        continue;
      }
      if (path === '/dev/stdout' || path === '/proc/1/fd/1') {
        result = r.fd === 2 ? { ...result, stderr: io.stdout } : result;
        continue;
      }
      if (path === '/dev/stderr' || path === '/proc/1/fd/2') {
        result = r.fd === 2 ? result : { ...result, stdout: io.stderr };
        continue;
      }
      this.host.fs.writeFile(path, '', { append: r.op === '>>' });
      const sink = (text: string): void => this.host.fs.writeFile(path, text, { append: true });
      result = r.fd === 2 ? { ...result, stderr: sink } : { ...result, stdout: sink };
    }
    return result;
  }

  /** execute runs one command line (already expanded). */
  async execute(argv: string[], env: Map<string, string>, io: IO, signal: AbortSignal): Promise<number> {
    const name = argv[0];
    const base = name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name;
    const ctx: CommandContext = {
      argv,
      env,
      cwd: this.cwd,
      host: this.host,
      stdin: io.stdin,
      stdout: io.stdout,
      stderr: io.stderr,
      signal,
      pid: this.options.pid,
      shell: this,
    };
    const builtin = BUILTINS.get(name);
    if (builtin) return builtin(ctx);
    const program = this.host.programs[base];
    if (program) return this.host.runProgram(program, ctx);
    const command = this.options.commands.get(base);
    if (command && !this.host.missing.has(base)) {
      try {
        return await command(ctx);
      } catch (error) {
        if (error instanceof FsError) {
          io.stderr(`${base}: ${error.message}\n`);
          return 1;
        }
        throw error;
      }
    }
    io.stderr(this.notFound(name));
    return 127;
  }

  /** notFound is the dialect's message for an unknown command. */
  notFound(command: string): string {
    const { dialect, name } = this.options;
    if (dialect === 'bash')
      return this.interactive
        ? `bash: ${command}: command not found\n`
        : `${name}: line 1: ${command}: command not found\n`;
    if (dialect === 'dash') return `${name}: 1: ${command}: not found\n`;
    return `${name}: ${command}: not found\n`;
  }

  /** dialect is the shell flavour (error wording of builtins). */
  get dialect(): ShellDialect {
    return this.options.dialect;
  }

  /** setCwd changes directory (builtin cd). */
  setCwd(path: string): void {
    this.cwd = path;
    this.env.set('PWD', path);
  }
}

function abortPromise(signal: AbortSignal): Promise<undefined> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(new SleepAborted());
    signal.addEventListener('abort', () => reject(new SleepAborted()), { once: true });
  });
}

/** BUILTINS are the commands that change the shell itself. */
const BUILTINS = new Map<string, Command>([
  [
    'cd',
    (ctx) => {
      const target = normalizePath(ctx.argv[1] ?? ctx.env.get('HOME') ?? '/', ctx.cwd);
      const node = ctx.host.fs.stat(target);
      if (!node || node.kind !== 'dir') {
        const reason = node ? 'Not a directory' : 'No such file or directory';
        const dialect = ctx.shell.dialect;
        const arg = ctx.argv[1] ?? '';
        ctx.stderr(
          dialect === 'bash'
            ? `bash: cd: ${arg}: ${reason}\n`
            : dialect === 'dash'
              ? `sh: 1: cd: can't cd to ${arg}\n`
              : `sh: cd: can't cd to ${arg}: ${reason}\n`,
        );
        return dialect === 'bash' ? 1 : 2;
      }
      ctx.shell.setCwd(target);
      return 0;
    },
  ],
  [
    'export',
    (ctx) => {
      for (const arg of ctx.argv.slice(1)) {
        const eq = arg.indexOf('=');
        if (eq > 0) ctx.shell.env.set(arg.slice(0, eq), arg.slice(eq + 1));
      }
      if (ctx.argv.length === 1) {
        for (const [k, v] of [...ctx.shell.env].sort()) ctx.stdout(`export ${k}='${v}'\n`);
      }
      return 0;
    },
  ],
  [
    'unset',
    (ctx) => {
      for (const name of ctx.argv.slice(1)) ctx.shell.env.delete(name);
      return 0;
    },
  ],
  [
    'exit',
    (ctx) => {
      throw new ShellExit(ctx.argv[1] !== undefined ? Number(ctx.argv[1]) & 255 : ctx.shell.status);
    },
  ],
  [
    'break',
    (ctx) => {
      throw new LoopControl('break', Number(ctx.argv[1] ?? 1));
    },
  ],
  [
    'continue',
    (ctx) => {
      throw new LoopControl('continue', Number(ctx.argv[1] ?? 1));
    },
  ],
  [
    'read',
    async (ctx) => {
      const names = ctx.argv.slice(1).filter((a) => !a.startsWith('-'));
      const line = await ctx.stdin.readLine();
      if (line === undefined) return 1;
      const parts = line.trim().split(/\s+/);
      names.forEach((name, i) =>
        ctx.shell.env.set(name, i === names.length - 1 ? parts.slice(i).join(' ') : (parts[i] ?? '')),
      );
      return 0;
    },
  ],
  [':', () => 0],
  ['trap', () => 0],
  ['wait', () => 0],
]);
