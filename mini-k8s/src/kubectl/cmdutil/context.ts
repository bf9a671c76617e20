/**
 * CommandContext is what every kubectl command receives: the I/O streams, the API client, the effective
 * namespace, and lazily loaded discovery (kubectl's Factory).
 */
import type { ApiClient } from '../../client/client';
import type { KubectlStreams } from '../streams/streams';
import { Discovery } from '../resource-builder/discovery';
import { RestMapper } from '../resource-builder/rest-mapper';
import type { Flags, FlagSpec } from './flags';

/** KubectlFs gives `-f` read access to the learner's files (and a place for `edit` to keep failed edits). */
export interface KubectlFs {
  readFile(path: string): Promise<string>;
  /** Entry names of a directory, or undefined when `path` is not a directory. */
  readDir(path: string): Promise<string[] | undefined>;
  /** Writes a file (`kubectl edit` keeps a copy of failed edits); absent: nothing is written. */
  writeFile?(path: string, content: string): Promise<void>;
}

/** KubectlIo are the streams and host services of one invocation. */
export interface KubectlIo {
  stdin: AsyncIterable<string> | string;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env?: Record<string, string>;
  signal?: AbortSignal;
  fs?: KubectlFs;
  terminalWidth?: number;
  /** Whether stdin is an interactive terminal (the shell's TTY): `exec -it` then requests a TTY. */
  tty?: boolean;
  /**
   * rawTerminal puts that terminal in raw mode (no local echo, no line editing, every key as typed, Ctrl-C
   * and Ctrl-D included) and returns the function that restores it: kubectl does so for `exec -it`,
   * `attach -it` and `debug -it`, so that only the container's TTY echoes. Absent: nothing to switch.
   */
  rawTerminal?: () => () => void;
  /** editor opens `content` (named `path`) for `kubectl edit`; undefined means the editor failed. */
  editor?: (path: string, content: string) => Promise<string | undefined>;
}

/** KubeconfigContext is one named context of the kubeconfig. */
export interface KubeconfigContext {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
}

/** KubectlConfig is the cluster connection and kubeconfig facts kubectl needs. */
export interface KubectlConfig {
  client: ApiClient;
  /** Namespace of the current context (`default` when unset). */
  namespace: string;
  /** Name of the kubeconfig user (for `config` and `auth whoami` fallbacks). */
  user?: string;
  /** The kubeconfig document, for `config view` and friends. */
  kubeconfig?: Record<string, unknown>;
  currentContext?: string;
  contexts?: KubeconfigContext[];
  /** Streaming subresources (exec); absent: commands that need them fail with an explanation. */
  streams?: KubectlStreams;
  /** Persists a changed kubeconfig (`config use-context`, `set-context`); absent: read-only. */
  saveKubeconfig?: (doc: Record<string, unknown>) => Promise<void>;
  /**
   * A client for the same server that authenticates with another bearer token (`--token`); absent: the
   * embedder cannot change credentials and `--token` is refused rather than silently ignored.
   */
  clientWithToken?: (token: string) => ApiClient;
}

/** Command is one kubectl subcommand (one file under commands/). */
export interface Command {
  name: string;
  aliases?: string[];
  /** Short description for the top-level help. */
  short: string;
  flags: FlagSpec[];
  /** Verbatim `kubectl <name> --help` text. */
  help?: string;
  /**
   * flagErrorsAsUsage makes flag errors usage errors (`error: …` + `See '<cmd> -h'`) with this exit code, as
   * commands with their own cobra FlagErrorFunc do (`diff` exits 2).
   */
  flagErrorsAsUsage?: number;
  /** Subcommands (`rollout status`), chosen by the word after the command name. */
  subcommands?: Command[];
  run(ctx: CommandContext, flags: Flags): Promise<number>;
}

/** CommandContext is kubectl's Factory plus the invocation's streams. */
export class CommandContext {
  readonly discovery: Discovery;
  readonly mapper: RestMapper;
  /** Namespace after `-n` (or the context's). */
  namespace: string;
  /** Whether `-n` was given explicitly (kubectl's enforceNamespace). */
  explicitNamespace = false;

  constructor(
    readonly io: KubectlIo,
    readonly config: KubectlConfig,
    readonly commandPath: string,
  ) {
    this.discovery = new Discovery(config.client);
    this.mapper = new RestMapper(this.discovery);
    this.namespace = config.namespace || 'default';
  }

  get client(): ApiClient {
    return this.config.client;
  }

  out(s: string): void {
    this.io.stdout(s);
  }

  err(s: string): void {
    this.io.stderr(s);
  }

  /** readStdin returns all of stdin as one string. */
  async readStdin(): Promise<string> {
    if (typeof this.io.stdin === 'string') return this.io.stdin;
    let text = '';
    for await (const chunk of this.io.stdin) text += chunk;
    return text;
  }
}
