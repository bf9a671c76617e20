// Public API of the built-in shell: sessions, the virtual file system, and the command contract for kubectl.
export { createShellSession, promptFor } from './session';
export type { ShellSession, ShellSessionOptions } from './session';
export { VirtualFs, FsError, HOME, resolvePath } from './fs';
export type { FsSnapshot, FsLimits, FsStat } from './fs';
export { DEFAULT_LIMITS } from './limits';
export type { ShellLimits } from './limits';
export { readAll, readLines } from './io';
export type {
  Command,
  CommandContext,
  CompleteFunction,
  HttpFunction,
  HttpRequest,
  HttpResponse,
  OpenEditorFunction,
  OutputStream,
  ShellServices,
  TerminalInfo,
} from './types';
export { createHarness } from './harness';
export type { HarnessOptions, ScriptResult } from './harness';
export { ScreenModel } from './screen-model';
export { measureKeystrokeEcho, measureCommandRoundTrip } from './bench';
export type { LatencyStats } from './bench';
