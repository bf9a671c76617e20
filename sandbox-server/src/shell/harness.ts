// A non-interactive way to run shell scripts (tests, benchmarks, graders): no terminal, output collected.
import { createCommandRegistry } from './commands';
import { VirtualFs } from './fs';
import { BufferWriter, stringInput } from './io';
import { Interpreter } from './interpreter';
import { resolveLimits } from './limits';
import type { ShellLimits } from './limits';
import type { Command, HttpFunction, OpenEditorFunction } from './types';

/** HarnessOptions configure a scripted shell. */
export interface HarnessOptions {
  fs?: VirtualFs;
  kubectl?: Command;
  http?: HttpFunction;
  openEditor?: OpenEditorFunction;
  limits?: Partial<ShellLimits>;
  now?: () => Date;
  env?: Record<string, string>;
  /** pretend stdout is a terminal (ls columns, output limit) with this width */
  ttyCols?: number;
}

/** ScriptResult is what one script printed and its exit status. */
export interface ScriptResult {
  status: number;
  out: string;
  err: string;
}

/** createHarness returns a shell whose `run(script, stdin?)` collects stdout and stderr separately. */
export function createHarness(options: HarnessOptions = {}): {
  interpreter: Interpreter;
  fs: VirtualFs;
  run(script: string, stdin?: string, signal?: AbortSignal): Promise<ScriptResult>;
} {
  const fs = options.fs ?? new VirtualFs();
  const registry = createCommandRegistry({ kubectl: options.kubectl });
  const interpreter = new Interpreter({
    fs,
    ...registry,
    env: options.env,
    limits: resolveLimits(options.limits),
    now: options.now,
    http: options.http,
    openEditor: options.openEditor,
    terminal: () => ({ cols: options.ttyCols ?? 80, rows: 24 }),
  });
  return {
    interpreter,
    fs,
    async run(script, stdin = '', signal) {
      const out = new BufferWriter();
      const err = new BufferWriter();
      const tty = options.ttyCols !== undefined;
      const status = await interpreter.run(
        script,
        { stdin: stringInput(stdin), stdout: out, stderr: err, stdinIsTty: false, stdoutIsTty: tty },
        signal,
      );
      return { status, out: out.text, err: err.text };
    },
  };
}
