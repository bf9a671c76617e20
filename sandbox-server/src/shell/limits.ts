// Resource limits of one shell session. A learner's typing must never hang or exhaust the server.

/**
 * ShellLimits bounds what one command line may do:
 * - `maxOutputBytes`: bytes written to the terminal by one command line; beyond, the line is stopped and a
 *   French notice is printed (`yes` alone stops here).
 * - `maxSteps`: simple commands and loop iterations run by one command line (`while true; do :; done` stops here).
 * - `maxLineMs`: wall-clock time of one command line (`sleep 100` fits, `sleep 100000` does not).
 * - `watchMaxMs`: lifetime of one `watch` (which is exempt from `maxLineMs`, not from Ctrl-C).
 * - `maxCaptureBytes`: output kept by `$(...)` and by `watch` for one run.
 * - `maxFileBytes`, `maxTotalBytes`, `maxNodes`: the virtual file system.
 * - `maxHistory`: lines kept in ~/.bash_history.
 */
export interface ShellLimits {
  maxOutputBytes: number;
  maxSteps: number;
  maxLineMs: number;
  watchMaxMs: number;
  maxCaptureBytes: number;
  maxFileBytes: number;
  maxTotalBytes: number;
  maxNodes: number;
  maxHistory: number;
}

/** DEFAULT_LIMITS are generous for a course and small for a server hosting many learners. */
export const DEFAULT_LIMITS: ShellLimits = {
  maxOutputBytes: 2 * 1024 * 1024,
  maxSteps: 100_000,
  maxLineMs: 10 * 60_000,
  watchMaxMs: 30 * 60_000,
  maxCaptureBytes: 1024 * 1024,
  maxFileBytes: 1024 * 1024,
  maxTotalBytes: 16 * 1024 * 1024,
  maxNodes: 5000,
  maxHistory: 1000,
};

/** resolveLimits fills unspecified limits with the defaults. */
export function resolveLimits(partial?: Partial<ShellLimits>): ShellLimits {
  return { ...DEFAULT_LIMITS, ...partial };
}

/** formatBytes prints a byte count the French way for notices (`2 Mio`, `512 Kio`, `300 octets`). */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} Mio`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} Kio`;
  return `${bytes} octets`;
}
