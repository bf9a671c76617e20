/**
 * runKubectl is the TypeScript kubectl: it parses argv like kubectl 1.32 (cobra + pflag), runs one
 * command against the cluster behind `config.client`, writes kubectl's exact output to the given streams
 * and returns the exit code. Nothing here touches the host: files come from `io.fs`, the editor from
 * `io.editor`.
 */
import { type Command, CommandContext, type KubectlConfig, type KubectlIo } from './cmdutil/context';
import { ExitError, formatError, UsageError } from './cmdutil/errors';
import { FlagError, Flags, type FlagSpec, parseFlags } from './cmdutil/flags';
import { COMMAND_HELP } from './commands/help-texts';
import { COMMANDS } from './commands/registry';

export type { KubectlConfig, KubectlFs, KubectlIo } from './cmdutil/context';

/** GLOBAL_FLAGS are kubectl's persistent flags, accepted by every command. */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string' },
  { name: 'kubeconfig', type: 'string' },
  { name: 'context', type: 'string' },
  { name: 'cluster', type: 'string' },
  { name: 'user', type: 'string' },
  { name: 'cache-dir', type: 'string' },
  { name: 'as', type: 'string' },
  { name: 'as-group', type: 'stringArray' },
  { name: 'as-uid', type: 'string' },
  { name: 'request-timeout', type: 'string', default: '0' },
  { name: 'server', short: 's', type: 'string' },
  { name: 'token', type: 'string' },
  { name: 'insecure-skip-tls-verify', type: 'bool' },
  { name: 'certificate-authority', type: 'string' },
  { name: 'client-certificate', type: 'string' },
  { name: 'client-key', type: 'string' },
  { name: 'tls-server-name', type: 'string' },
  { name: 'disable-compression', type: 'bool' },
  { name: 'match-server-version', type: 'bool' },
  { name: 'warnings-as-errors', type: 'bool' },
  { name: 'v', short: 'v', type: 'string', default: '0' },
  { name: 'vmodule', type: 'string' },
  { name: 'log-flush-frequency', type: 'string', default: '5s' },
  { name: 'profile', type: 'string', default: 'none' },
  { name: 'profile-output', type: 'string', default: 'profile.pprof' },
  { name: 'password', type: 'string' },
  { name: 'username', type: 'string' },
  { name: 'help', short: 'h', type: 'bool' },
];

/** runKubectl runs `kubectl <argv>` and resolves to its exit code. */
export async function runKubectl(argv: string[], io: KubectlIo, config: KubectlConfig): Promise<number> {
  const { command, rest, path } = findCommand(argv);
  if (!command) {
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      io.stdout(topLevelHelp());
      return 0;
    }
    const first = argv.find((a) => !a.startsWith('-'));
    if (argv[0].startsWith('-')) {
      io.stderr(`Error: flags cannot be placed before plugin name: ${argv[0]}\n`);
      return 1;
    }
    io.stderr(`error: unknown command "${first}" for "kubectl"\n`);
    return 1;
  }
  let flags: Flags;
  try {
    // A command's own flag shadows the global one of the same name (`create rolebinding --user`).
    const own = new Set(command.flags.map((f) => f.name));
    flags = new Flags(parseFlags(rest, [...command.flags, ...GLOBAL_FLAGS.filter((g) => !own.has(g.name))]));
  } catch (err) {
    if (err instanceof FlagError) {
      if (command.flagErrorsAsUsage !== undefined) {
        io.stderr(formatError(new UsageError(err.message), path));
        return command.flagErrorsAsUsage;
      }
      io.stderr(formatError(err, path));
      return 1;
    }
    throw err;
  }
  const ctx = new CommandContext(io, impersonated(config, flags), path);
  if (flags.bool('help')) {
    io.stdout(command.help ?? COMMAND_HELP[path] ?? `${command.short}\n`);
    return 0;
  }
  if (flags.changed('namespace')) {
    ctx.namespace = flags.str('namespace');
    ctx.explicitNamespace = true;
  }
  try {
    return await command.run(ctx, flags);
  } catch (err) {
    if (err instanceof ExitError) {
      if (err.message) io.stderr(err.message.endsWith('\n') ? err.message : err.message + '\n');
      return err.exitCode;
    }
    io.stderr(formatError(err, path));
    return 1;
  }
}

/**
 * impersonated applies --as, --as-group and --as-uid: every request then carries the Impersonate-* headers,
 * as client-go's ImpersonationConfig does (kubectl refuses --as-group without --as, like the real one).
 */
function impersonated(config: KubectlConfig, flags: Flags): KubectlConfig {
  const user = flags.str('as');
  const groups = flags.list('as-group');
  const uid = flags.str('as-uid');
  if (!user && groups.length === 0 && !uid) return config;
  return { ...config, client: config.client.impersonating({ user, groups, uid }) };
}

/** findCommand finds the (possibly nested) command named by the first non-flag words of argv. */
function findCommand(argv: string[]): { command?: Command; rest: string[]; path: string } {
  const index = argv.findIndex((a) => !a.startsWith('-'));
  if (index !== 0) return { rest: argv, path: 'kubectl' };
  const name = argv[0];
  const top = COMMANDS.find((c) => c.name === name || c.aliases?.includes(name));
  if (!top) return { rest: argv, path: 'kubectl' };
  let command: Command = top;
  let path = `kubectl ${command.name}`;
  let i = 1;
  // Nested subcommands (`create secret generic`), each chosen by the next word.
  for (;;) {
    const word = argv[i];
    const sub: Command | undefined = command.subcommands?.find(
      (c) => c.name === word || c.aliases?.includes(word),
    );
    if (!sub) break;
    command = sub;
    path += ` ${sub.name}`;
    i++;
  }
  return { command, rest: argv.slice(i), path };
}

function topLevelHelp(): string {
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(15)}${c.short}`);
  return `kubectl controls the Kubernetes cluster manager.\n\n Find more information at: https://kubernetes.io/docs/reference/kubectl/\n\nCommands:\n${lines.join('\n')}\n\nUsage:\n  kubectl [flags] [options]\n`;
}
