// The budget of one command line: Ctrl-C, a step counter, a wall-clock deadline and a terminal output counter.
import { formatBytes } from './limits';
import type { ShellLimits } from './limits';
import type { OutputStream } from './types';

/** AbortReason says why a command line stopped early. */
export type AbortReason = 'interrupt' | 'steps' | 'deadline' | 'output';

/** RunAborted unwinds the interpreter when the line is aborted. */
export class RunAborted extends Error {
  constructor(readonly reason: AbortReason) {
    super(`command line aborted: ${reason}`);
    this.name = 'RunAborted';
  }
}

/** ABORT_STATUS maps an abort reason to the exit status the line ends with (130 = 128 + SIGINT, 124 like timeout(1)). */
export const ABORT_STATUS: Record<AbortReason, number> = {
  interrupt: 130,
  steps: 124,
  deadline: 124,
  output: 124,
};

/** abortNotice is the French notice printed when a limit stops a line (Ctrl-C prints nothing more than `^C`). */
export function abortNotice(reason: AbortReason, limits: ShellLimits): string {
  switch (reason) {
    case 'interrupt':
      return '';
    case 'steps':
      return `bash: limite atteinte : plus de ${limits.maxSteps} commandes ou tours de boucle pour une seule ligne, exécution arrêtée\n`;
    case 'deadline':
      return `bash: limite atteinte : la ligne tourne depuis plus de ${Math.round(limits.maxLineMs / 1000)} s, exécution arrêtée\n`;
    case 'output':
      return `\n[sortie tronquée : plus de ${formatBytes(limits.maxOutputBytes)} affichés, commande arrêtée]\n`;
  }
}

// How often the interpreter hands the event loop back, so Ctrl-C and timers are seen during tight loops.
const YIELD_EVERY = 64;

/**
 * RunBudget tracks one command line. `signal` aborts on Ctrl-C (the parent signal) and on any exhausted limit;
 * `step()` is called before each simple command and loop iteration.
 */
export class RunBudget {
  private readonly controller = new AbortController();
  private steps = 0;
  private outputBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  reason: AbortReason | undefined;

  constructor(
    readonly limits: ShellLimits,
    parent?: AbortSignal,
  ) {
    if (parent) {
      if (parent.aborted) this.abort('interrupt');
      else parent.addEventListener('abort', () => this.abort('interrupt'), { once: true });
    }
    this.extendTimeout(limits.maxLineMs);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  abort(reason: AbortReason): void {
    if (this.reason) return;
    this.reason = reason;
    this.dispose();
    this.controller.abort(new RunAborted(reason));
  }

  /** extendTimeout restarts the wall-clock deadline at `ms` from now. */
  extendTimeout(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.reason) return;
    this.timer = setTimeout(() => this.abort('deadline'), ms);
    this.timer.unref?.();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  throwIfAborted(): void {
    if (this.reason) throw new RunAborted(this.reason);
  }

  async step(): Promise<void> {
    this.throwIfAborted();
    this.steps += 1;
    if (this.steps > this.limits.maxSteps) {
      this.abort('steps');
      this.throwIfAborted();
    }
    if (this.steps % YIELD_EVERY === 0) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      this.throwIfAborted();
    }
  }

  resetOutput(): void {
    this.outputBytes = 0;
  }

  /** race settles with `promise`, or rejects with RunAborted as soon as the line is aborted. */
  race<T>(promise: Promise<T>): Promise<T> {
    if (this.reason) {
      promise.catch(() => {});
      return Promise.reject(new RunAborted(this.reason));
    }
    return new Promise<T>((resolve, reject) => {
      const onAbort = (): void => reject(new RunAborted(this.reason ?? 'interrupt'));
      this.signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          this.signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          this.signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  /** limitTerminal counts what goes to the terminal; past the limit it prints the notice and aborts the line. */
  limitTerminal(terminal: OutputStream): OutputStream {
    return {
      write: async (data: string) => {
        this.throwIfAborted();
        const room = this.limits.maxOutputBytes - this.outputBytes;
        this.outputBytes += data.length;
        if (data.length <= room) return terminal.write(data);
        await terminal.write(data.slice(0, Math.max(0, room)));
        await terminal.write(abortNotice('output', this.limits));
        this.abort('output');
        this.throwIfAborted();
      },
    };
  }
}
