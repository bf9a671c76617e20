// Shared contracts of the built-in shell: what a command receives and what the shell offers to builtins.
import type { VirtualFs } from './fs';
import type { ShellLimits } from './limits';

/** OutputStream is where a command writes; `write` resolves when the reader can take more (backpressure). */
export interface OutputStream {
  write(data: string): Promise<void>;
}

/** TerminalInfo describes the terminal the session is attached to and whether stdin/stdout reach it. */
export interface TerminalInfo {
  cols: number;
  rows: number;
  stdinIsTty: boolean;
  stdoutIsTty: boolean;
}

/** HttpRequest is what `curl`/`wget` ask the injected `http` function to fetch. */
export interface HttpRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  timeoutMs?: number;
}

/** HttpResponse is the answer of the injected `http` function. */
export interface HttpResponse {
  status: number;
  statusText?: string;
  httpVersion?: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * HttpFunction routes a URL to the learner's cluster (services, ingresses). It rejects with an error whose
 * `code` is `ENOTFOUND` (unknown host), `ECONNREFUSED` (nothing listening) or `ETIMEDOUT`.
 */
export type HttpFunction = (url: string, request: HttpRequest) => Promise<HttpResponse>;

/** OpenEditorFunction sends a file to the page editor; it resolves with the saved text, or undefined if cancelled. */
export type OpenEditorFunction = (path: string, content: string) => Promise<string | undefined>;

/** CompleteFunction completes kubectl command lines: `words[0]` is `kubectl`, the word at `cursorWordIndex` is partial. */
export type CompleteFunction = (words: string[], cursorWordIndex: number) => Promise<string[]>;

/** CaptureResult is the output of a script run with its stdout and stderr collected. */
export interface CaptureResult {
  status: number;
  output: string;
}

/** ShellServices is what the shell offers to builtins (cd, export, alias, watch...): its own state. */
export interface ShellServices {
  getVar(name: string): string | undefined;
  setVar(name: string, value: string, exported?: boolean): void;
  exportVar(name: string): void;
  unsetVar(name: string): void;
  /** exportedVars lists the exported variables (what `env` prints). */
  exportedVars(): Record<string, string>;
  setCwd(path: string): void;
  aliases: Map<string, string>;
  history(): string[];
  clearHistory(): void;
  /** requestExit ends the session once the current command line finishes. */
  requestExit(status: number): void;
  /** lookup tells what a command name is, as `type` prints it. */
  lookup(name: string): CommandKind;
  /** commandNames lists every builtin and command (for `help` and completion). */
  commandNames(): string[];
  /** capture runs a command line and collects stdout+stderr (bounded by the output limit). */
  capture(script: string, signal: AbortSignal): Promise<CaptureResult>;
  /** run runs argv as a command with the caller's streams (used by xargs). */
  runArgv(argv: string[], ctx: CommandContext): Promise<number>;
  /** runScript runs shell source with the caller's streams, in this shell (`source`) or a subshell (`bash`). */
  runScript(source: string, ctx: CommandContext, options: { isolated: boolean }): Promise<number>;
  /** resetOutputBudget restarts the terminal output counter (watch redraws the screen forever). */
  resetOutputBudget(): void;
  /** extendLineTimeout replaces the line's wall-clock budget by `ms` from now (watch runs longer than a line). */
  extendLineTimeout(ms: number): void;
  limits: ShellLimits;
  hostname: string;
  now(): Date;
  http?: HttpFunction;
  openEditor?: OpenEditorFunction;
}

/** CommandKind is what `type`/`which` report for a name. */
export type CommandKind =
  | { kind: 'alias'; value: string }
  | { kind: 'builtin' }
  | { kind: 'command'; path: string }
  | { kind: 'none' };

/** CommandContext is everything a command may touch: no real file system, environment or process. */
export interface CommandContext {
  argv: string[];
  stdin: AsyncIterable<string>;
  stdout: OutputStream;
  stderr: OutputStream;
  env: Record<string, string>;
  cwd: string;
  fs: VirtualFs;
  /** signal aborts on Ctrl-C (and when the line budget runs out). */
  signal: AbortSignal;
  terminal: TerminalInfo;
  shell: ShellServices;
}

/** Command is a program of the shell; it resolves with its exit status. */
export type Command = (ctx: CommandContext) => Promise<number>;
