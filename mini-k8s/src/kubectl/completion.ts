/**
 * completeKubectl proposes Tab completions for a kubectl command line: verbs, flags of the verb, resource
 * types from discovery (names and short names), and object names read from the cluster.
 */
import type { ApiClient } from '../client/client';
import { COMMANDS } from './commands/registry';
import { Discovery } from './resource-builder/discovery';
import { RestMapper } from './resource-builder/rest-mapper';
import { GLOBAL_FLAGS } from './run-kubectl';

/** VERBS_WITH_TYPES are commands whose first argument is a resource type. */
const VERBS_WITH_TYPES = new Set([
  'get',
  'delete',
  'label',
  'annotate',
  'describe',
  'explain',
  'edit',
  'patch',
  'scale',
  'wait',
  'env',
  'resources',
  'image',
]);

/**
 * completeKubectl returns candidates for words[index] (words[0] is `kubectl`); the current word is a
 * prefix filter. Namespaced names are read from `-n`'s namespace, else `default`.
 */
export async function completeKubectl(words: string[], index: number, client: ApiClient): Promise<string[]> {
  const current = words[index] ?? '';
  const filter = (xs: string[]) => [...new Set(xs)].filter((x) => x.startsWith(current)).sort();
  const positional = words.slice(1, index).filter((w, i, all) => !w.startsWith('-') && !isFlagValue(all, i));
  if (positional.length === 0 && !current.startsWith('-')) {
    return filter(COMMANDS.flatMap((c) => [c.name]));
  }
  const parent = COMMANDS.find((c) => c.name === positional[0] || c.aliases?.includes(positional[0]));
  // `set env`, `rollout status`…: the subcommand's name, then its flags and arguments.
  if (parent?.subcommands && positional.length === 1 && !current.startsWith('-')) {
    return filter(parent.subcommands.map((c) => c.name));
  }
  const sub = parent?.subcommands?.find(
    (c) => c.name === positional[1] || c.aliases?.includes(positional[1]),
  );
  if (sub) positional.shift();
  // `create secret <tab>`, `create service <tab>`: a second level of subcommands.
  if (sub?.subcommands && positional.length === 1 && !current.startsWith('-')) {
    return filter(sub.subcommands.map((c) => c.name));
  }
  const leaf = sub?.subcommands?.find((c) => c.name === positional[1]);
  if (leaf) positional.shift();
  const command = leaf ?? sub ?? parent;
  if (current.startsWith('-')) {
    const specs = [...(command?.flags ?? []), ...GLOBAL_FLAGS];
    return filter(specs.map((s) => `--${s.name}`));
  }
  if (!command || !VERBS_WITH_TYPES.has(command.name)) return [];
  const discovery = new Discovery(client);
  if (positional.length === 1) {
    const resources = await discovery.preferredResources();
    return filter(
      resources.filter((r) => r.verbs.includes('list')).flatMap((r) => [r.resource, ...r.shortNames]),
    );
  }
  const nsIndex = words.findIndex((w) => w === '-n' || w === '--namespace');
  const namespace = nsIndex > 0 ? words[nsIndex + 1] : 'default';
  try {
    const resource = await new RestMapper(discovery).resourceFor(positional[1]);
    const list = await client.list(
      {
        group: resource.group,
        version: resource.version,
        resource: resource.resource,
        namespaced: resource.namespaced,
      },
      resource.namespaced ? namespace : undefined,
    );
    return filter(list.items.map((o) => o.metadata.name ?? ''));
  } catch {
    return [];
  }
}

function isFlagValue(words: string[], i: number): boolean {
  const prev = words[i - 1];
  return (
    prev !== undefined &&
    ['-n', '--namespace', '-o', '--output', '-l', '--selector', '-f', '--filename'].includes(prev)
  );
}
