// The interpreter: runs a parsed command line against virtual state (variables, aliases, cwd, virtual FS).
import type { CommandNode, List, Pipeline, SimpleCommand } from './ast';
import { expandWord, expandWords } from './expand';
import type { ExpandContext } from './expand';
import { HOME, resolvePath } from './fs';
import type { VirtualFs } from './fs';
import { BrokenPipeError, BufferWriter, CaptureLimitError, EMPTY_INPUT, Pipe } from './io';
import type { RunIo } from './io';
import { openRedirects } from './redirects';
import { ShellSyntaxError } from './lexer';
import type { ShellLimits } from './limits';
import { parse } from './parser';
import type { ParseResult } from './parser';
import { ABORT_STATUS, RunAborted, RunBudget, abortNotice } from './run-budget';
import type {
  Command,
  CommandContext,
  CommandKind,
  HttpFunction,
  OpenEditorFunction,
  ShellServices,
} from './types';

export type { RunIo } from './io';

/** InterpreterOptions wires the interpreter to its commands and to the session. */
export interface InterpreterOptions {
  fs: VirtualFs;
  commands: ReadonlyMap<string, Command>;
  /** builtinNames are reported as `shell builtin` by `type` (the others as files under /usr/bin). */
  builtinNames: ReadonlySet<string>;
  env?: Record<string, string>;
  limits: ShellLimits;
  hostname?: string;
  now?: () => Date;
  http?: HttpFunction;
  openEditor?: OpenEditorFunction;
  terminal?: () => { cols: number; rows: number };
  history?: { list(): string[]; clear(): void };
}

class ExitSignal extends Error {}

class LoopControl extends Error {
  constructor(
    readonly kind: 'break' | 'continue',
    public levels: number,
  ) {
    super(kind);
  }
}

interface Variable {
  value: string;
  exported: boolean;
}

/** VIRTUAL_PID is what `$$` expands to: the shell has no real process. */
const VIRTUAL_PID = '4242';

/**
 * Interpreter is the state of one shell and runs command lines. Everything is virtual: commands come from the
 * registry, files from the VirtualFs, variables from this object; the server's own environment is never read.
 */
export class Interpreter {
  readonly fs: VirtualFs;
  readonly aliases = new Map<string, string>([['k', 'kubectl']]);
  cwd = HOME;
  lastStatus = 0;
  /** exitStatus is set once `exit` ran: the session must close. */
  exitStatus: number | undefined;
  private vars = new Map<string, Variable>();
  private substitutionStatus = 0;
  private readonly hostname: string;

  constructor(private readonly options: InterpreterOptions) {
    this.fs = options.fs;
    this.hostname = options.hostname ?? 'atelier';
    const defaults: Record<string, string> = {
      HOME,
      USER: 'apprenant',
      LOGNAME: 'apprenant',
      SHELL: '/bin/bash',
      PATH: '/usr/local/bin:/usr/bin:/bin',
      TERM: 'xterm-256color',
      LANG: 'C.UTF-8',
      HOSTNAME: this.hostname,
      PWD: HOME,
    };
    for (const [name, value] of Object.entries({ ...defaults, ...options.env })) {
      this.vars.set(name, { value, exported: true });
    }
    if (!this.fs.isDir(this.cwd)) this.cwd = '/';
  }

  get limits(): ShellLimits {
    return this.options.limits;
  }

  getVar(name: string): string | undefined {
    switch (name) {
      case '?':
        return String(this.lastStatus);
      case '$':
        return VIRTUAL_PID;
      case '#':
        return '0';
      case '0':
        return 'bash';
    }
    return this.vars.get(name)?.value;
  }

  setVar(name: string, value: string, exported?: boolean): void {
    const existing = this.vars.get(name);
    this.vars.set(name, { value, exported: exported ?? existing?.exported ?? false });
  }

  exportedVars(): Record<string, string> {
    const env: Record<string, string> = {};
    for (const [name, variable] of this.vars) if (variable.exported) env[name] = variable.value;
    return env;
  }

  /** parse parses with the current aliases. */
  parse(source: string): ParseResult {
    return parse(source, this.aliases);
  }

  /** lookup says what a name is: alias, builtin, command (with a plausible path), or nothing. */
  lookup(name: string): CommandKind {
    const alias = this.aliases.get(name);
    if (alias !== undefined) return { kind: 'alias', value: alias };
    if (this.options.builtinNames.has(name)) return { kind: 'builtin' };
    if (this.options.commands.has(name)) {
      return { kind: 'command', path: name === 'kubectl' ? '/usr/local/bin/kubectl' : `/usr/bin/${name}` };
    }
    return { kind: 'none' };
  }

  /**
   * run parses and runs one command line. It prints bash's texts for syntax errors (status 2), unknown commands
   * (127) and exhausted limits (124), returns 130 after Ctrl-C (`signal`), and stores the status in `$?`.
   */
  async run(source: string, io: RunIo, signal?: AbortSignal): Promise<number> {
    const parsed = this.parse(source);
    if (parsed.kind !== 'ok') {
      const message = parsed.kind === 'error' ? parsed.message : 'syntax error: unexpected end of file';
      await io.stderr.write(`bash: ${message}\n`);
      this.lastStatus = 2;
      return 2;
    }
    const budget = new RunBudget(this.limits, signal);
    const terminalIo: RunIo = {
      ...io,
      stdout: io.stdoutIsTty ? budget.limitTerminal(io.stdout) : io.stdout,
      stderr: io.stdoutIsTty ? budget.limitTerminal(io.stderr) : io.stderr,
    };
    let status: number;
    try {
      status = await this.runList(parsed.list, terminalIo, budget);
    } catch (error) {
      if (error instanceof ExitSignal) {
        status = this.exitStatus ?? this.lastStatus;
      } else if (error instanceof ShellSyntaxError) {
        // An expansion error outside a simple command (`for i in $((1/0))`): bash reports it and goes on.
        await io.stderr.write(`bash: ${error.message}\n`);
        status = 1;
      } else if (error instanceof RunAborted) {
        status = ABORT_STATUS[error.reason];
        if (error.reason !== 'output') await io.stderr.write(abortNotice(error.reason, this.limits));
      } else {
        throw error;
      }
    } finally {
      budget.dispose();
    }
    this.lastStatus = status;
    return status;
  }

  private async runList(list: List, io: RunIo, budget: RunBudget): Promise<number> {
    let status = this.lastStatus;
    for (const item of list.items) {
      // `&` runs in the foreground: the shell has no job control.
      status = await this.runPipeline(item.andOr.first, io, budget);
      for (const next of item.andOr.rest) {
        if ((next.op === '&&') === (status === 0)) status = await this.runPipeline(next.pipeline, io, budget);
      }
    }
    return status;
  }

  private async runPipeline(pipeline: Pipeline, io: RunIo, budget: RunBudget): Promise<number> {
    let status: number;
    if (pipeline.commands.length === 1) {
      status = await this.runCommand(pipeline.commands[0], io, budget);
    } else {
      status = await this.isolated(() => this.runPipe(pipeline.commands, io, budget));
    }
    if (pipeline.negate) status = status === 0 ? 1 : 0;
    this.lastStatus = status;
    return status;
  }

  /** runPipe runs the commands of a pipeline concurrently, each reading what the previous one writes. */
  private async runPipe(commands: CommandNode[], io: RunIo, budget: RunBudget): Promise<number> {
    const pipes = commands.slice(1).map(() => new Pipe());
    const runs = commands.map(async (command, index) => {
      const input = index === 0 ? undefined : pipes[index - 1];
      const output = index === commands.length - 1 ? undefined : pipes[index];
      const commandIo: RunIo = {
        stdin: input ?? io.stdin,
        stdout: output ?? io.stdout,
        stderr: io.stderr,
        stdinIsTty: input ? false : io.stdinIsTty,
        stdoutIsTty: output ? false : io.stdoutIsTty,
      };
      try {
        return await this.runCommand(command, commandIo, budget);
      } catch (error) {
        if (error instanceof BrokenPipeError) return 141;
        throw error;
      } finally {
        output?.closeWrite();
        input?.closeRead();
      }
    });
    const statuses = await Promise.all(runs);
    return statuses[statuses.length - 1];
  }

  /** isolated runs `body` as a subshell: variables, aliases and cwd changes do not leak out. */
  private async isolated(body: () => Promise<number>): Promise<number> {
    const saved = { vars: new Map(this.vars), aliases: new Map(this.aliases), cwd: this.cwd };
    try {
      return await body();
    } catch (error) {
      if (!(error instanceof ExitSignal)) throw error;
      const status = this.exitStatus ?? this.lastStatus;
      this.exitStatus = undefined;
      return status;
    } finally {
      this.vars = saved.vars;
      this.aliases.clear();
      for (const [name, value] of saved.aliases) this.aliases.set(name, value);
      this.cwd = saved.cwd;
    }
  }

  private async runCommand(node: CommandNode, io: RunIo, budget: RunBudget): Promise<number> {
    if (node.type === 'simple') return this.runSimple(node, io, budget);
    const opened = await openRedirects(node.redirects, io, this.fs, this.cwd, this.expandContext(io, budget));
    if ('error' in opened) {
      await io.stderr.write(`bash: ${opened.error}\n`);
      return 1;
    }
    return this.runCompound(node, opened.io, budget);
  }

  private async runCompound(
    node: Exclude<CommandNode, SimpleCommand>,
    io: RunIo,
    budget: RunBudget,
  ): Promise<number> {
    switch (node.type) {
      case 'group':
        return this.runList(node.body, io, budget);
      case 'subshell':
        return this.isolated(() => this.runList(node.body, io, budget));
      case 'if': {
        for (const clause of node.clauses) {
          if ((await this.runList(clause.condition, io, budget)) === 0)
            return this.runList(clause.body, io, budget);
        }
        return node.elseBody ? this.runList(node.elseBody, io, budget) : 0;
      }
      case 'while':
      case 'until': {
        let status = 0;
        while (true) {
          await budget.step();
          const condition = await this.runList(node.condition, io, budget);
          if ((condition === 0) !== (node.type === 'while')) break;
          const result = await this.loopBody(node.body, io, budget);
          status = result.status;
          if (result.stop) break;
        }
        return status;
      }
      case 'for': {
        const items = await expandWords(node.items, this.expandContext(io, budget));
        let status = 0;
        for (const item of items) {
          await budget.step();
          this.setVar(node.name, item);
          const result = await this.loopBody(node.body, io, budget);
          status = result.status;
          if (result.stop) break;
        }
        return status;
      }
    }
  }

  private async loopBody(
    body: List,
    io: RunIo,
    budget: RunBudget,
  ): Promise<{ status: number; stop: boolean }> {
    try {
      return { status: await this.runList(body, io, budget), stop: false };
    } catch (error) {
      if (!(error instanceof LoopControl)) throw error;
      if (error.levels > 1) {
        error.levels -= 1;
        throw error;
      }
      return { status: 0, stop: error.kind === 'break' };
    }
  }

  private expandContext(io: RunIo, budget: RunBudget): ExpandContext {
    return {
      getVar: (name) => this.getVar(name),
      setVar: (name, value) => this.setVar(name, value),
      home: this.getVar('HOME') ?? HOME,
      cwd: this.cwd,
      fs: this.fs,
      substitute: async (source) => {
        const parsed = this.parse(source);
        if (parsed.kind !== 'ok') {
          await io.stderr.write(
            `bash: command substitution: ${parsed.kind === 'error' ? parsed.message : 'unexpected end of file'}\n`,
          );
          this.substitutionStatus = 2;
          return '';
        }
        const output = new BufferWriter(this.limits.maxCaptureBytes);
        const subIo: RunIo = {
          stdin: EMPTY_INPUT,
          stdout: output,
          stderr: io.stderr,
          stdinIsTty: false,
          stdoutIsTty: false,
        };
        const saved = this.lastStatus;
        this.substitutionStatus = await this.isolated(() => this.runList(parsed.list, subIo, budget));
        this.lastStatus = saved;
        return output.text;
      },
    };
  }

  private async runSimple(node: SimpleCommand, io: RunIo, budget: RunBudget): Promise<number> {
    await budget.step();
    const expandCtx = this.expandContext(io, budget);
    let argv: string[];
    const assigned: [string, string][] = [];
    this.substitutionStatus = 0;
    try {
      argv = await this.expandArguments(node, expandCtx);
      for (const assignment of node.assignments) {
        assigned.push([assignment.name, await expandWord(assignment.value, expandCtx, { assignment: true })]);
      }
    } catch (error) {
      if (!(error instanceof ShellSyntaxError)) throw error;
      await io.stderr.write(`bash: ${error.message}\n`);
      return 1;
    }
    const opened = await openRedirects(node.redirects, io, this.fs, this.cwd, this.expandContext(io, budget));
    if ('error' in opened) {
      await io.stderr.write(`bash: ${opened.error}\n`);
      return 1;
    }
    if (argv.length === 0) {
      for (const [name, value] of assigned) this.setVar(name, value);
      // `A=$(false)` has the status of its command substitution, like bash.
      return this.substitutionStatus;
    }
    const status = await this.runArgv(argv, opened.io, budget, Object.fromEntries(assigned));
    // `exit` ran: unwind the whole line (or the enclosing subshell).
    if (this.exitStatus !== undefined) throw new ExitSignal();
    return status;
  }

  /**
   * expandArguments expands a command's words. Like bash, `export`'s `NAME=value` arguments are expanded as
   * assignments: tilde after `=` and `:`, no field splitting, no globbing.
   */
  private async expandArguments(node: SimpleCommand, expandCtx: ExpandContext): Promise<string[]> {
    const [first, ...rest] = node.words;
    const head = first?.parts[0];
    if (
      node.words.length < 2 ||
      first.parts.length !== 1 ||
      head?.type !== 'literal' ||
      head.quoted ||
      head.text !== 'export'
    ) {
      return expandWords(node.words, expandCtx);
    }
    const argv = ['export'];
    for (const word of rest) {
      const lead = word.parts[0];
      const assignment =
        lead?.type === 'literal' && !lead.quoted && /^[A-Za-z_][A-Za-z0-9_]*=/.exec(lead.text);
      if (!assignment) {
        argv.push(...(await expandWords([word], expandCtx)));
        continue;
      }
      const value = {
        parts: [{ ...lead, text: lead.text.slice(assignment[0].length) }, ...word.parts.slice(1)],
      };
      argv.push(assignment[0] + (await expandWord(value, expandCtx, { assignment: true })));
    }
    return argv;
  }

  /** runArgv finds and runs a command by name with the given streams. */
  private async runArgv(
    argv: string[],
    io: RunIo,
    budget: RunBudget,
    extraEnv: Record<string, string> = {},
  ): Promise<number> {
    const name = argv[0];
    if (name === 'break' || name === 'continue') {
      const levels = argv[1] === undefined ? 1 : Number(argv[1]);
      if (!Number.isInteger(levels) || levels < 1) {
        await io.stderr.write(`bash: ${name}: ${argv[1]}: loop count out of range\n`);
        return 1;
      }
      throw new LoopControl(name, levels);
    }
    const command = this.options.commands.get(name);
    if (!command) return this.notFound(name, io);
    const ctx: CommandContext = {
      argv,
      stdin: io.stdin,
      stdout: io.stdout,
      stderr: io.stderr,
      env: { ...this.exportedVars(), ...extraEnv },
      cwd: this.cwd,
      fs: this.fs,
      signal: budget.signal,
      terminal: this.terminalInfo(io),
      shell: this.services(budget, io),
    };
    try {
      return await budget.race(command(ctx));
    } catch (error) {
      if (error instanceof RunAborted || error instanceof ExitSignal || error instanceof LoopControl)
        throw error;
      if (error instanceof BrokenPipeError) return 141;
      if (error instanceof CaptureLimitError) return 1;
      budget.throwIfAborted();
      const message = error instanceof Error ? error.message : String(error);
      await io.stderr.write(`${name}: ${message}\n`);
      return 1;
    }
  }

  /** terminalInfo reads the size live, so a long command (watch) follows resizes. */
  private terminalInfo(io: RunIo): CommandContext['terminal'] {
    const size = (): { cols: number; rows: number } => this.options.terminal?.() ?? { cols: 80, rows: 24 };
    return {
      get cols() {
        return size().cols;
      },
      get rows() {
        return size().rows;
      },
      stdinIsTty: io.stdinIsTty,
      stdoutIsTty: io.stdoutIsTty,
    };
  }

  /** runScript runs shell source with a command's streams (`source`, `bash FILE`, `bash -c`). */
  private async runScript(
    source: string,
    ctx: CommandContext,
    budget: RunBudget,
    isolated: boolean,
  ): Promise<number> {
    const parsed = this.parse(source);
    if (parsed.kind !== 'ok') {
      const message = parsed.kind === 'error' ? parsed.message : 'syntax error: unexpected end of file';
      await ctx.stderr.write(`bash: ${message}\n`);
      return 2;
    }
    const io: RunIo = {
      stdin: ctx.stdin,
      stdout: ctx.stdout,
      stderr: ctx.stderr,
      stdinIsTty: ctx.terminal.stdinIsTty,
      stdoutIsTty: ctx.terminal.stdoutIsTty,
    };
    if (isolated) return this.isolated(() => this.runList(parsed.list, io, budget));
    return this.runList(parsed.list, io, budget);
  }

  private async notFound(name: string, io: RunIo): Promise<number> {
    if (name.includes('/')) {
      const path = resolvePath(this.cwd, name);
      if (!this.fs.exists(path)) {
        await io.stderr.write(`bash: ${name}: No such file or directory\n`);
        return 127;
      }
      await io.stderr.write(
        `bash: ${name}: ${this.fs.isDir(path) ? 'Is a directory' : 'Permission denied'}\n`,
      );
      return 126;
    }
    await io.stderr.write(`bash: ${name}: command not found\n`);
    return 127;
  }

  /** capture runs a command line with its output collected (watch, scripts); it shares nothing with the terminal. */
  async capture(source: string, signal: AbortSignal): Promise<{ status: number; output: string }> {
    const output = new BufferWriter(this.limits.maxCaptureBytes);
    const io: RunIo = {
      stdin: EMPTY_INPUT,
      stdout: output,
      stderr: output,
      stdinIsTty: false,
      stdoutIsTty: false,
    };
    const status = await this.isolated(() => this.run(source, io, signal));
    return { status, output: output.text };
  }

  private services(budget: RunBudget, io: RunIo): ShellServices {
    return {
      getVar: (name) => this.getVar(name),
      setVar: (name, value, exported) => this.setVar(name, value, exported),
      exportVar: (name) => {
        const existing = this.vars.get(name);
        if (existing) existing.exported = true;
        else this.vars.set(name, { value: '', exported: true });
      },
      unsetVar: (name) => {
        this.vars.delete(name);
      },
      exportedVars: () => this.exportedVars(),
      setCwd: (path) => {
        this.setVar('OLDPWD', this.cwd, true);
        this.cwd = path;
        this.setVar('PWD', path, true);
      },
      aliases: this.aliases,
      history: () => this.options.history?.list() ?? [],
      clearHistory: () => this.options.history?.clear(),
      requestExit: (status) => {
        this.exitStatus = status;
      },
      lookup: (name) => this.lookup(name),
      commandNames: () => [...this.options.commands.keys()].sort(),
      capture: (script, signal) => this.capture(script, AbortSignal.any([signal, budget.signal])),
      runArgv: (argv, ctx) =>
        this.runArgv(
          argv,
          { ...io, stdin: ctx.stdin, stdout: ctx.stdout, stderr: ctx.stderr },
          budget,
          ctx.env,
        ),
      runScript: (source, ctx, options) => this.runScript(source, ctx, budget, options.isolated),
      resetOutputBudget: () => budget.resetOutput(),
      extendLineTimeout: (ms) => budget.extendTimeout(ms),
      limits: this.limits,
      hostname: this.hostname,
      now: () => this.options.now?.() ?? new Date(),
      http: this.options.http,
      openEditor: this.options.openEditor,
    };
  }
}
