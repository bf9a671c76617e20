/**
 * The simulated process model of one container: PID 1 runs the container's command (a shell script, a
 * utility like `sleep`, or the image's server program); `exec` adds processes. Signals follow Linux: a
 * shell or `sleep` as PID 1 ignores SIGTERM (so `stop` waits for the grace period and SIGKILLs, exit 137),
 * servers exit on SIGTERM with their own code; memory above the limit is an OOM kill (exit 137).
 */
import type { SimHttpRequest, SimHttpResponse } from '../network';
import type { ResolvedImage } from './image-catalog';
import { PROGRAMS, type ServerHost } from './programs';
import { Shell, type Command, type CommandContext, type ShellDialect, type ShellHost } from './shell';
import { Terminal, type StdinReader } from './terminal';
import { SleepAborted } from './timers';
import { FILE_COMMANDS } from './commands-files';
import { NET_COMMANDS } from './commands-net';
import { SYSTEM_COMMANDS } from './commands-system';

/** COMMANDS are the utilities every image with a shell ships (minus its `missing` list). */
export const COMMANDS: ReadonlyMap<string, Command> = new Map([
  ...FILE_COMMANDS,
  ...SYSTEM_COMMANDS,
  ...NET_COMMANDS,
]);

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);

/** SimProcess is one process of the container. */
export interface SimProcess {
  pid: number;
  command: string;
  startedAtMs: number;
  memoryBytes: number;
  cpuMilli: number;
  controller: AbortController;
  /** termExit is the exit code on SIGTERM; undefined = SIGTERM ignored. */
  termExit: number | undefined;
  farewell?: () => void;
  /** forcedExit is set when a signal ended the process. */
  forcedExit?: number;
}

/** ProcessOutput receives a process' output. */
export interface ProcessOutput {
  stdin: StdinReader;
  /** stdinStream, when set, is the raw input for interactive shells. */
  stdinStream?: AsyncIterable<Uint8Array | string>;
  tty: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** ProcessHostHooks is what the container provides to its processes beyond the ShellHost. */
export interface ProcessHooks {
  listen(port: number, handler: (request: SimHttpRequest) => SimHttpResponse): void;
  memoryChanged(): void;
}

/** startErrorMessage is containerd's StartError text for a missing executable. */
export function startErrorMessage(executable: string): string {
  return (
    'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: ' +
    `unable to start container process: exec: "${executable}": executable file not found in $PATH: unknown`
  );
}

/** execErrorMessage is the text of a failed exec of a missing executable. */
export function execErrorMessage(executable: string): string {
  return `OCI runtime exec failed: exec failed: unable to start container process: exec: "${executable}": executable file not found in $PATH: unknown`;
}

/**
 * PidNamespace numbers the processes of the containers that share it: one container, or a container and
 * the ephemeral containers that target it (`kubectl debug --target`), which then see and signal each
 * other's processes.
 */
export class PidNamespace {
  nextPid = 1;
  readonly tables = new Set<ProcessTable>();

  /** processes lists the processes of every member, by pid. */
  processes(): SimProcess[] {
    return [...this.tables].flatMap((t) => [...t.processes.values()]).sort((a, b) => a.pid - b.pid);
  }

  /** owner is the table running `pid`. */
  owner(pid: number): ProcessTable | undefined {
    return [...this.tables].find((t) => t.processes.has(pid));
  }
}

/** ProcessTable runs the processes of one container. */
export class ProcessTable {
  readonly processes = new Map<number, SimProcess>();

  constructor(
    private readonly host: Omit<
      ShellHost,
      'processes' | 'kill' | 'runProgram' | 'memoryUsedBytes' | 'missing'
    > & { baseEnv: Map<string, string>; workingDir: string },
    private readonly image: ResolvedImage,
    private readonly hooks: ProcessHooks,
    /** pidNamespace is shared with a target container; by default the table has its own. */
    readonly pidNamespace: PidNamespace = new PidNamespace(),
  ) {
    pidNamespace.tables.add(this);
  }

  /** memoryBytes sums the memory of every process. */
  memoryBytes(): number {
    let total = 0;
    for (const p of this.processes.values()) total += p.memoryBytes;
    return total;
  }

  /** cpuMilli sums the CPU use declared by processes (busy programs like stress). */
  cpuMilli(): number {
    let total = 0;
    for (const p of this.processes.values()) total += p.cpuMilli;
    return total;
  }

  /** missing is the set of utilities unavailable in this image. */
  private missingSet(): Set<string> {
    const missing = new Set(this.image.spec.missing);
    if (this.image.spec.os === 'distroless')
      for (const name of [...COMMANDS.keys(), ...SHELLS]) missing.add(name);
    if (this.image.spec.os === 'busybox' || this.image.spec.os === 'alpine') missing.add('bash');
    return missing;
  }

  /** canRun tells whether `argv0` names something runnable in this image. */
  canRun(argv0: string): boolean {
    const base = argv0.slice(argv0.lastIndexOf('/') + 1);
    const missing = this.missingSet();
    if (this.image.spec.programs[base]) return true;
    if (missing.has(base)) return false;
    return SHELLS.has(base) || COMMANDS.has(base);
  }

  /** kill delivers a signal to a process of the namespace; returns false for an unknown pid. */
  kill(pid: number, signal: number): boolean {
    const owner = this.pidNamespace.owner(pid);
    return owner ? owner.killOwn(pid, signal) : false;
  }

  private killOwn(pid: number, signal: number): boolean {
    const proc = this.processes.get(pid);
    if (!proc) return false;
    if (signal === 15 || signal === 2 || signal === 1) {
      // PID 1 gets no default signal action from the kernel: unhandled SIGTERM is ignored.
      const code = proc.termExit ?? (pid === 1 ? undefined : 128 + signal);
      if (code === undefined) return true;
      proc.farewell?.();
      this.terminate(proc, code);
      return true;
    }
    if (signal === 9) this.terminate(proc, 137);
    return true;
  }

  /** terminate ends a process with `code`. */
  terminate(proc: SimProcess, code: number): void {
    if (proc.forcedExit !== undefined) return;
    proc.forcedExit = code;
    proc.controller.abort(new SleepAborted());
  }

  /** killAll ends every process (container exit, OOM). */
  killAll(code: number): void {
    for (const proc of this.processes.values()) this.terminate(proc, code);
  }

  /**
   * run starts a process for `argv` and resolves with its exit code. Throws `Error(executable)` wrapped by
   * the caller when the executable does not exist (checked with canRun first).
   */
  async run(
    argv: string[],
    output: ProcessOutput,
    options: { env?: Map<string, string>; signal?: AbortSignal } = {},
  ): Promise<number> {
    const controller = new AbortController();
    const proc: SimProcess = {
      pid: this.pidNamespace.nextPid,
      command: argv.join(' '),
      startedAtMs: this.host.now(),
      memoryBytes: 0,
      cpuMilli: 0,
      controller,
      termExit: undefined,
    };
    const ns = this.pidNamespace;
    ns.nextPid += ns.nextPid === 1 ? 6 : 1 + Math.floor(Math.random() * 6);
    this.processes.set(proc.pid, proc);
    const onOuterAbort = (): void => this.terminate(proc, 137);
    options.signal?.addEventListener('abort', onOuterAbort, { once: true });
    const env = options.env ?? new Map(this.host.baseEnv);
    const base = argv[0].slice(argv[0].lastIndexOf('/') + 1);
    const dialect: ShellDialect =
      base === 'bash'
        ? 'bash'
        : this.image.spec.os === 'busybox' || this.image.spec.os === 'alpine'
          ? 'ash'
          : 'dash';
    const shellHost: ShellHost = {
      ...this.host,
      missing: this.missingSet(),
      processes: () =>
        this.pidNamespace.processes().map((p) => ({
          pid: p.pid,
          command: p.command,
          startedAtMs: p.startedAtMs,
          memoryBytes: p.memoryBytes,
        })),
      kill: (pid, signal) => this.kill(pid, signal),
      memoryUsedBytes: () => this.memoryBytes() + this.image.spec.memoryBaselineBytes,
      runProgram: (kind, ctx) => PROGRAMS[kind](ctx, serverHost(ctx)),
    };
    const serverHost = (ctx: CommandContext): ServerHost => ({
      listen: (port, handler) => this.hooks.listen(port, handler),
      onTerm: (code, farewell) => {
        proc.termExit = code;
        proc.farewell = farewell;
      },
      setMemoryBytes: (bytes) => {
        proc.memoryBytes = bytes;
        this.hooks.memoryChanged();
      },
      setCpuMilli: (milli) => {
        proc.cpuMilli = milli;
      },
      version: this.image.spec.version(this.image.ref.tag),
      forever: () =>
        new Promise<never>((_, reject) => {
          if (ctx.signal.aborted) reject(new SleepAborted());
          ctx.signal.addEventListener('abort', () => reject(new SleepAborted()), { once: true });
        }),
    });
    const shell = new Shell(shellHost, {
      dialect,
      name: base === 'bash' ? 'bash' : 'sh',
      env,
      cwd: this.host.workingDir,
      pid: proc.pid,
      signal: controller.signal,
      commands: COMMANDS,
      positional: [],
    });
    const io = { stdin: output.stdin, stdout: output.stdout, stderr: output.stderr };
    let code: number;
    try {
      if (SHELLS.has(base)) {
        const dashC = argv.indexOf('-c');
        if (dashC >= 0) {
          code = await shell.runScript(argv[dashC + 1] ?? '', io);
        } else {
          const terminal = new Terminal(output.stdinStream ?? emptyStream(), output.tty, output.stdout);
          code = await shell.interact(terminal, io, output.tty);
        }
      } else {
        code = await shell.execute(argv, env, io, controller.signal);
      }
    } catch (error) {
      if (!(error instanceof SleepAborted) && proc.forcedExit === undefined) throw error;
      code = proc.forcedExit ?? 137;
    } finally {
      options.signal?.removeEventListener('abort', onOuterAbort);
      this.processes.delete(proc.pid);
    }
    return proc.forcedExit ?? code;
  }
}

async function* emptyStream(): AsyncIterable<Uint8Array> {
  // No stdin attached: the reader sees end of file at once.
}
