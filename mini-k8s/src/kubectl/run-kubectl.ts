/**
 * runKubectl is the TypeScript kubectl: it parses argv like kubectl 1.32 (cobra + pflag), runs one
 * command against the cluster behind `config.client`, writes kubectl's exact output to the given streams
 * and returns the exit code. Nothing here touches the host: files come from `io.fs`, the editor from
 * `io.editor`.
 */
import { type Command, CommandContext, type KubectlConfig, type KubectlIo } from './cmdutil/context';
import { ExitError, formatError, UsageError } from './cmdutil/errors';
import { FlagError, Flags, type FlagSpec, parseFlags } from './cmdutil/flags';
import { COMMAND_HELP, HELP_HELP, KUBECTL_HELP, KUBECTL_USAGE, ROOT_COMMANDS } from './commands/help-texts';
import { SUBCOMMAND_HELP } from './commands/help-texts-subcommands';
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
    if (argv[0] === 'help' && argv.length > 1) return helpTopic(argv.slice(1), io);
    if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
      io.stdout(KUBECTL_HELP);
      return 0;
    }
    const first = argv.find((a) => !a.startsWith('-'))!;
    if (argv[0].startsWith('-')) {
      io.stderr(`Error: flags cannot be placed before plugin name: ${argv[0]}\n`);
      return 1;
    }
    const reason = UNAVAILABLE_COMMANDS[first];
    if (reason) {
      io.stderr(`error: « kubectl ${first} » n'est pas disponible dans ce kubectl : ${reason}\n`);
      return 1;
    }
    io.stderr(unknownCommand(first));
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
  let authenticated: KubectlConfig;
  try {
    authenticated = withToken(config, flags);
  } catch (err) {
    io.stderr(formatError(err, path));
    return 1;
  }
  const ctx = new CommandContext(io, impersonated(authenticated, flags), path);
  if (flags.bool('help')) {
    io.stdout(
      subcommandHelp(path, flags.args) ??
        command.help ??
        COMMAND_HELP[path] ??
        SUBCOMMAND_HELP[path] ??
        `${command.short}\n`,
    );
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
 * withToken applies --token: the requests authenticate with that bearer token instead of the kubeconfig
 * user's credentials, as client-go's BearerToken override does.
 */
function withToken(config: KubectlConfig, flags: Flags): KubectlConfig {
  const token = flags.str('token');
  if (!token) return config;
  if (!config.clientWithToken) throw new Error('--token is not supported by this kubectl');
  return { ...config, client: config.clientWithToken(token) };
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

/**
 * leadingGlobalFlags counts the arguments before the command that are global flags with their values
 * (`kubectl --context alice -n dev get pods`, as cobra accepts them); it stops at the first other word.
 */
function leadingGlobalFlags(argv: string[]): number {
  let i = 0;
  while (i < argv.length && argv[i].startsWith('-') && argv[i] !== '--') {
    const arg = argv[i];
    const long = arg.startsWith('--');
    const name = long ? arg.slice(2).split('=')[0] : arg.slice(1, 2);
    const spec = GLOBAL_FLAGS.find((f) => (long ? f.name === name : f.short === name));
    if (!spec) return i;
    const inline = long ? arg.includes('=') : arg.length > 2;
    i += spec.type === 'bool' || inline ? 1 : 2;
  }
  return i;
}

/** findCommand finds the (possibly nested) command named by the first non-flag words of argv. */
function findCommand(argv: string[]): { command?: Command; rest: string[]; path: string } {
  const start = leadingGlobalFlags(argv);
  const index = argv.findIndex((a) => !a.startsWith('-'));
  if (start === 0 && index !== 0) return { rest: argv, path: 'kubectl' };
  if (start > 0 && (start >= argv.length || argv[start].startsWith('-')))
    return { rest: argv, path: 'kubectl' };
  const before = argv.slice(0, start);
  const name = argv[start];
  const top = COMMANDS.find((c) => c.name === name || c.aliases?.includes(name));
  if (!top) return { rest: argv, path: 'kubectl' };
  let command: Command = top;
  let path = `kubectl ${command.name}`;
  let i = start + 1;
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
  return { command, rest: [...before, ...argv.slice(i)], path };
}

/** helpTopic is `kubectl help <command> [<subcommand>]`: that command's `--help`, or the root usage. */
function helpTopic(topic: string[], io: KubectlIo): number {
  if (topic[0] === 'help' || topic[0] === '--help' || topic[0] === '-h') {
    io.stdout(HELP_HELP);
    return 0;
  }
  const { command, path, rest } = findCommand(topic);
  const sub = subcommandHelp(path, rest);
  if (sub) {
    io.stdout(sub);
    return 0;
  }
  if (!command) {
    io.stderr(`Unknown help topic [${topic.map((t) => `\`${t}\``).join(' ')}]\n${KUBECTL_USAGE}`);
    return 0;
  }
  io.stdout(command.help ?? COMMAND_HELP[path] ?? SUBCOMMAND_HELP[path] ?? `${command.short}\n`);
  return 0;
}

const GENERATOR_ALIASES: Record<string, string> = {
  ns: 'namespace',
  sa: 'serviceaccount',
  cm: 'configmap',
  deploy: 'deployment',
};

/**
 * subcommandHelp is the verbatim help of the deepest subcommand named by the leading words of `args` under
 * `path` (`kubectl create secret generic`), when the command parses its subcommands itself.
 */
function subcommandHelp(path: string, args: string[]): string | undefined {
  const words: string[] = [];
  for (const arg of args) {
    if (arg.startsWith('-')) break;
    words.push(words.length === 0 ? (GENERATOR_ALIASES[arg] ?? arg) : arg);
  }
  for (let n = words.length; n > 0; n--) {
    const text = SUBCOMMAND_HELP[`${path} ${words.slice(0, n).join(' ')}`];
    if (text) return text;
  }
  return undefined;
}

/**
 * UNAVAILABLE_COMMANDS are the real kubectl's commands this kubectl does not offer, each with why and what to
 * type instead (in French: the learner reads it in the page's terminal).
 */
const UNAVAILABLE_COMMANDS: Record<string, string> = {
  proxy:
    "il ouvrirait un port sur la machine de la plateforme. Pour appeler l'API directement, utilisez `kubectl get --raw /api/v1/namespaces/default/pods`.",
  cp: 'copiez un fichier avec `kubectl exec POD -- cat /chemin/du/fichier` (lecture) ou `kubectl exec -i POD -- sh -c "cat > /chemin"` (écriture).',
  kustomize: "Kustomize n'est pas intégré à ce kubectl.",
  completion: 'la complétion par la touche Tab est déjà active dans ce terminal.',
  plugin: 'les plugins kubectl (krew) ne peuvent pas être installés ici.',
};

/** unknownCommand is cobra's error for an unknown command, with its "Did you mean this?" suggestions. */
function unknownCommand(name: string): string {
  const typed = name.toLowerCase();
  const suggestions = ROOT_COMMANDS.filter((c) => levenshtein(typed, c) <= 2 || c.startsWith(typed));
  const hint =
    suggestions.length > 0 ? `\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join('')}\n` : '';
  return `Error: unknown command "${name}" for "kubectl"\n${hint}`;
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
    }
    previous = current;
  }
  return previous[b.length];
}
