/**
 * `kubectl config` and its subcommands view, get-contexts, current-context, use-context and set-context,
 * working on `config.kubeconfig` (the learner's kubeconfig document) and persisting changes through
 * `config.saveKubeconfig`. `view` redacts secrets (DATA+OMITTED, REDACTED) unless `--raw`.
 */
import type { Command, CommandContext } from '../cmdutil/context';
import { ExitError, UsageError } from '../cmdutil/errors';
import { parseOutput, printObject } from '../printers/output';
import { TabWriter } from '../printers/tabwriter';

/** Kubeconfig is the clientcmd v1 Config document. */
interface Kubeconfig {
  clusters?: { name: string; cluster?: Record<string, unknown> }[];
  users?: { name: string; user?: Record<string, unknown> }[];
  contexts?: { name: string; context?: { cluster?: string; user?: string; namespace?: string } }[];
  'current-context'?: string;
  preferences?: Record<string, unknown>;
}

/** CLUSTER_KEYS and USER_KEYS are the Go struct field orders (for `-o json`). */
const CLUSTER_KEYS = [
  'server',
  'tls-server-name',
  'insecure-skip-tls-verify',
  'certificate-authority',
  'certificate-authority-data',
  'proxy-url',
  'disable-compression',
];
const USER_KEYS = [
  'client-certificate',
  'client-certificate-data',
  'client-key',
  'client-key-data',
  'token',
  'tokenFile',
  'as',
  'as-uid',
  'as-groups',
  'username',
  'password',
  'exec',
];

/** loadConfig returns a copy of the kubeconfig, synthesised from the connection facts when none is given. */
function loadConfig(ctx: CommandContext): Kubeconfig {
  if (ctx.config.kubeconfig) return structuredClone(ctx.config.kubeconfig) as Kubeconfig;
  const contexts = ctx.config.contexts ?? [];
  return {
    clusters: [...new Set(contexts.map((c) => c.cluster))].map((name) => ({ name, cluster: {} })),
    users: [...new Set(contexts.map((c) => c.user))].map((name) => ({ name, user: {} })),
    contexts: contexts.map((c) => ({
      name: c.name,
      context: { cluster: c.cluster, user: c.user, ...(c.namespace ? { namespace: c.namespace } : {}) },
    })),
    'current-context': ctx.config.currentContext,
  };
}

async function saveConfig(ctx: CommandContext, doc: Kubeconfig): Promise<void> {
  if (!ctx.config.saveKubeconfig) throw new Error('this kubeconfig is read-only');
  await ctx.config.saveKubeconfig(doc as Record<string, unknown>);
}

function ordered(src: Record<string, unknown> | undefined, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (src?.[k] !== undefined) out[k] = src[k];
  for (const [k, v] of Object.entries(src ?? {})) if (!(k in out)) out[k] = v;
  return out;
}

/** viewDocument is what `config view` prints: Go field order, secrets redacted unless raw. */
function viewDocument(doc: Kubeconfig, raw: boolean, minify: boolean): Record<string, unknown> {
  let { clusters = [], users = [], contexts = [] } = doc;
  const current = doc['current-context'] ?? '';
  if (minify) {
    if (!current) throw new Error('current-context must exist in order to minify');
    contexts = contexts.filter((c) => c.name === current);
    const ctx = contexts[0]?.context;
    clusters = clusters.filter((c) => c.name === ctx?.cluster);
    users = users.filter((u) => u.name === ctx?.user);
  }
  const redact = (v: Record<string, unknown> | undefined, keys: string[]) => {
    const o = ordered(v, keys);
    if (raw) return o;
    for (const k of ['certificate-authority-data', 'client-certificate-data', 'client-key-data']) {
      if (o[k] !== undefined) o[k] = 'DATA+OMITTED';
    }
    for (const k of ['token', 'password']) if (o[k] !== undefined) o[k] = 'REDACTED';
    return o;
  };
  // clientcmd keeps these as maps, so they come out sorted by name.
  const list = <T extends { name: string }>(items: T[]) =>
    items.length === 0 ? null : [...items].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    kind: 'Config',
    apiVersion: 'v1',
    preferences: doc.preferences ?? {},
    clusters: list(clusters.map((c) => ({ name: c.name, cluster: redact(c.cluster, CLUSTER_KEYS) }))),
    users: list(users.map((u) => ({ name: u.name, user: redact(u.user, USER_KEYS) }))),
    contexts: list(
      contexts.map((c) => {
        const context: Record<string, unknown> = {
          cluster: c.context?.cluster ?? '',
          user: c.context?.user ?? '',
        };
        if (c.context?.namespace) context.namespace = c.context.namespace;
        return { name: c.name, context };
      }),
    ),
    'current-context': current,
  };
}

const viewCommand: Command = {
  name: 'view',
  short: 'Display merged kubeconfig settings or a specified kubeconfig file',
  flags: [
    { name: 'output', short: 'o', type: 'string', default: 'yaml' },
    { name: 'minify', type: 'bool' },
    { name: 'raw', type: 'bool' },
    { name: 'flatten', type: 'bool' },
    { name: 'merge', type: 'bool', default: true },
    { name: 'template', type: 'string' },
    { name: 'allow-missing-template-keys', type: 'bool', default: true },
    { name: 'show-managed-fields', type: 'bool' },
  ],
  async run(ctx, flags) {
    const format = parseOutput(
      flags.str('output'),
      'go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml',
    );
    const doc = viewDocument(
      loadConfig(ctx),
      flags.bool('raw') || flags.bool('flatten'),
      flags.bool('minify'),
    );
    ctx.out(printObject(format, doc as never, () => 'config', true));
    return 0;
  },
};

const getContextsCommand: Command = {
  name: 'get-contexts',
  short: 'Describe one or many contexts',
  flags: [
    { name: 'output', short: 'o', type: 'string' },
    { name: 'no-headers', type: 'bool' },
  ],
  async run(ctx, flags) {
    const output = flags.str('output');
    if (output !== '' && output !== 'name') throw new Error(`output must be one of '' or 'name': ${output}`);
    const doc = loadConfig(ctx);
    const contexts = [...(doc.contexts ?? [])].sort((a, b) =>
      a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
    );
    const wanted = flags.args;
    const shown = wanted.length === 0 ? contexts : contexts.filter((c) => wanted.includes(c.name));
    const missing = wanted.filter((n) => !contexts.some((c) => c.name === n));
    if (output === 'name') for (const c of shown) ctx.out(`${c.name}\n`);
    else {
      const tw = new TabWriter();
      if (!flags.bool('no-headers')) tw.write('CURRENT\tNAME\tCLUSTER\tAUTHINFO\tNAMESPACE\n');
      for (const c of shown) {
        const cur = c.name === doc['current-context'] ? '*' : '';
        tw.write(
          `${cur}\t${c.name}\t${c.context?.cluster ?? ''}\t${c.context?.user ?? ''}\t${c.context?.namespace ?? ''}\n`,
        );
      }
      ctx.out(tw.flush());
    }
    if (missing.length > 0) {
      throw new ExitError(1, missing.map((n) => `error: context ${n} not found`).join('\n'));
    }
    return 0;
  },
};

const currentContextCommand: Command = {
  name: 'current-context',
  short: 'Display the current-context',
  flags: [],
  async run(ctx) {
    const current = loadConfig(ctx)['current-context'];
    if (!current) throw new Error('current-context is not set');
    ctx.out(`${current}\n`);
    return 0;
  },
};

const useContextCommand: Command = {
  name: 'use-context',
  aliases: ['use'],
  short: 'Set the current-context in a kubeconfig file',
  flags: [],
  async run(ctx, flags) {
    const [name] = flags.args;
    if (!name) throw new UsageError('Unexpected args: []');
    const doc = loadConfig(ctx);
    if (!(doc.contexts ?? []).some((c) => c.name === name)) {
      throw new Error(`no context exists with the name: "${name}"`);
    }
    doc['current-context'] = name;
    await saveConfig(ctx, doc);
    ctx.out(`Switched to context "${name}".\n`);
    return 0;
  },
};

const setContextCommand: Command = {
  name: 'set-context',
  short: 'Set a context entry in kubeconfig',
  flags: [
    { name: 'current', type: 'bool' },
    { name: 'cluster', type: 'string' },
    { name: 'user', type: 'string' },
    { name: 'namespace', type: 'string' },
  ],
  async run(ctx, flags) {
    const doc = loadConfig(ctx);
    let name = flags.args[0] ?? '';
    if (flags.bool('current')) {
      if (name) throw new Error('you cannot specify both a context name and --current');
      name = doc['current-context'] ?? '';
      if (!name) throw new Error('no current context is set');
    }
    if (!name) throw new Error('you must specify a non-empty context name or --current');
    doc.contexts ??= [];
    let entry = doc.contexts.find((c) => c.name === name);
    const created = !entry;
    if (!entry) {
      entry = { name, context: {} };
      doc.contexts.push(entry);
    }
    entry.context ??= {};
    // The global -n flag doubles as this command's --namespace.
    for (const key of ['cluster', 'user', 'namespace'] as const) {
      if (flags.changed(key)) entry.context[key] = flags.str(key);
    }
    await saveConfig(ctx, doc);
    ctx.out(`Context "${name}" ${created ? 'created' : 'modified'}.\n`);
    return 0;
  },
};

const CONFIG_HELP = `Modify kubeconfig files using subcommands like "kubectl config set current-context my-context".

 The loading order follows these rules:

  1.  If the --kubeconfig flag is set, then only that file is loaded. The flag may only be set once and no merging takes place.
  2.  If $KUBECONFIG environment variable is set, then it is used as a list of paths (normal path delimiting rules for your system). These paths are merged. When a value is modified, it is modified in the file that defines the stanza. When a value is created, it is created in the first file that exists. If no files in the chain exist, then it creates the last file in the list.
  3.  Otherwise, \${HOME}/.kube/config is used and no merging takes place.

Available Commands:
  current-context   Display the current-context
  delete-cluster    Delete the specified cluster from the kubeconfig
  delete-context    Delete the specified context from the kubeconfig
  delete-user       Delete the specified user from the kubeconfig
  get-clusters      Display clusters defined in the kubeconfig
  get-contexts      Describe one or many contexts
  get-users         Display users defined in the kubeconfig
  rename-context    Rename a context from the kubeconfig file
  set               Set an individual value in a kubeconfig file
  set-cluster       Set a cluster entry in kubeconfig
  set-context       Set a context entry in kubeconfig
  set-credentials   Set a user entry in kubeconfig
  unset             Unset an individual value in a kubeconfig file
  use-context       Set the current-context in a kubeconfig file
  view              Display merged kubeconfig settings or a specified kubeconfig file

Usage:
  kubectl config SUBCOMMAND [options]

Use "kubectl config <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

export const configCommand: Command = {
  name: 'config',
  short: 'Modify kubeconfig files',
  flags: [],
  help: CONFIG_HELP,
  subcommands: [currentContextCommand, getContextsCommand, setContextCommand, useContextCommand, viewCommand],
  async run(ctx, flags) {
    if (flags.args.length > 0) throw new UsageError(`unknown command "${flags.args[0]}"`);
    ctx.err(CONFIG_HELP);
    return 1;
  },
};
