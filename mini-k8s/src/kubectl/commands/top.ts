/**
 * `kubectl top node|pod`: resource usage from `metrics.k8s.io/v1beta1` as kubectl prints it — CPU in
 * millicores (`45m`), memory in MiB (`640Mi`), node percentages of allocatable (or capacity with
 * `--show-capacity`), pods summed over containers (or per container with `--containers`).
 */
import type { KubeObject } from '../../api/object';
import { parseQuantity } from '../../machinery/quantity';
import type { Command, CommandContext } from '../cmdutil/context';
import { UsageError } from '../cmdutil/errors';
import type { Flags } from '../cmdutil/flags';
import { TabWriter } from '../printers/tabwriter';

const NODE_METRICS = { group: 'metrics.k8s.io', version: 'v1beta1', resource: 'nodes', namespaced: false };
const POD_METRICS = { group: 'metrics.k8s.io', version: 'v1beta1', resource: 'pods', namespaced: true };
const NODES = { group: '', version: 'v1', resource: 'nodes', namespaced: false };

type Usage = { cpu?: string; memory?: string };
type NodeMetrics = KubeObject & { usage?: Usage };
type PodMetrics = KubeObject & { containers?: { name: string; usage?: Usage }[] };
type NodeObject = KubeObject & { status?: { allocatable?: Usage; capacity?: Usage } };

const millis = (q: string | undefined) => (q ? parseQuantity(q).toMillis() : 0);
const bytes = (q: string | undefined) => (q ? parseQuantity(q).toBytes() : 0);
const cpuText = (m: number) => `${m}m`;
const memText = (b: number) => `${Math.floor(b / (1024 * 1024))}Mi`;

function checkSortBy(flags: Flags): string {
  const sortBy = flags.str('sort-by');
  if (sortBy !== '' && sortBy !== 'cpu' && sortBy !== 'memory') {
    throw new Error(`--sort-by accepts only cpu or memory`);
  }
  return sortBy;
}

/** sortRows orders rows by cpu or memory, highest first (stable, so equal rows keep name order). */
function sortRows<T extends { cpu: number; memory: number }>(rows: T[], sortBy: string): T[] {
  if (!sortBy) return rows;
  return [...rows].sort((a, b) => (sortBy === 'cpu' ? b.cpu - a.cpu : b.memory - a.memory));
}

const topNodeCommand: Command = {
  name: 'node',
  aliases: ['nodes', 'no'],
  short: 'Display resource (CPU/memory) usage of nodes',
  flags: [
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'sort-by', type: 'string' },
    { name: 'no-headers', type: 'bool' },
    { name: 'show-capacity', type: 'bool' },
    { name: 'use-protocol-buffers', type: 'bool', default: true },
  ],
  async run(ctx, flags) {
    const sortBy = checkSortBy(flags);
    const [name] = flags.args;
    const selector = flags.str('selector') || undefined;
    const metrics: NodeMetrics[] = name
      ? [await ctx.client.get<NodeMetrics>(NODE_METRICS, undefined, name)]
      : (await ctx.client.list<NodeMetrics>(NODE_METRICS, undefined, { labelSelector: selector })).items;
    const nodes = name
      ? [await ctx.client.get<NodeObject>(NODES, undefined, name)]
      : (await ctx.client.list<NodeObject>(NODES, undefined, { labelSelector: selector })).items;
    if (metrics.length === 0 && nodes.length === 0) {
      ctx.err('No resources found\n');
      return 0;
    }
    const rows = metrics.map((m) => {
      const node = nodes.find((n) => n.metadata.name === m.metadata.name);
      const total = flags.bool('show-capacity') ? node?.status?.capacity : node?.status?.allocatable;
      const cpu = millis(m.usage?.cpu);
      const memory = bytes(m.usage?.memory);
      const cpuTotal = millis(total?.cpu);
      const memTotal = bytes(total?.memory);
      return {
        name: m.metadata.name ?? '',
        cpu,
        memory,
        cpuPct: cpuTotal > 0 ? `${Math.floor((cpu * 100) / cpuTotal)}%` : '<unknown>',
        memPct: memTotal > 0 ? `${Math.floor((memory * 100) / memTotal)}%` : '<unknown>',
      };
    });
    const tw = new TabWriter();
    if (!flags.bool('no-headers')) tw.write('NAME\tCPU(cores)\tCPU(%)\tMEMORY(bytes)\tMEMORY(%)\t\n');
    for (const r of sortRows(rows, sortBy)) {
      tw.write(`${r.name}\t${cpuText(r.cpu)}\t${r.cpuPct}\t${memText(r.memory)}\t${r.memPct}\t\n`);
    }
    // Nodes without metrics are listed last, as kubectl does.
    for (const n of nodes) {
      if (metrics.some((m) => m.metadata.name === n.metadata.name)) continue;
      tw.write(`${n.metadata.name}\t<unknown>\t<unknown>\t<unknown>\t<unknown>\t\n`);
    }
    ctx.out(tw.flush());
    return 0;
  },
};

const topPodCommand: Command = {
  name: 'pod',
  aliases: ['pods', 'po'],
  short: 'Display resource (CPU/memory) usage of pods',
  flags: [
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'field-selector', type: 'string' },
    { name: 'sort-by', type: 'string' },
    { name: 'no-headers', type: 'bool' },
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'containers', type: 'bool' },
    { name: 'sum', type: 'bool' },
    { name: 'use-protocol-buffers', type: 'bool', default: true },
  ],
  async run(ctx, flags) {
    const sortBy = checkSortBy(flags);
    const all = flags.bool('all-namespaces');
    const ns = all ? undefined : ctx.namespace;
    const [name] = flags.args;
    const pods: PodMetrics[] = name
      ? [await ctx.client.get<PodMetrics>(POD_METRICS, ns, name)]
      : (
          await ctx.client.list<PodMetrics>(POD_METRICS, ns, {
            labelSelector: flags.str('selector') || undefined,
            fieldSelector: flags.str('field-selector') || undefined,
          })
        ).items;
    if (pods.length === 0) {
      ctx.err(all ? 'No resources found\n' : `No resources found in ${ctx.namespace} namespace.\n`);
      return 0;
    }
    const tw = new TabWriter();
    const nsCell = (p: PodMetrics) => (all ? `${p.metadata.namespace}\t` : '');
    if (flags.bool('containers')) {
      if (!flags.bool('no-headers')) {
        tw.write(`${all ? 'NAMESPACE\t' : ''}POD\tNAME\tCPU(cores)\tMEMORY(bytes)\t\n`);
      }
      const rows = pods.flatMap((p) =>
        (p.containers ?? []).map((c) => ({
          p,
          c,
          cpu: millis(c.usage?.cpu),
          memory: bytes(c.usage?.memory),
        })),
      );
      for (const r of sortRows(rows, sortBy)) {
        tw.write(
          `${nsCell(r.p)}${r.p.metadata.name}\t${r.c.name}\t${cpuText(r.cpu)}\t${memText(r.memory)}\t\n`,
        );
      }
    } else {
      if (!flags.bool('no-headers'))
        tw.write(`${all ? 'NAMESPACE\t' : ''}NAME\tCPU(cores)\tMEMORY(bytes)\t\n`);
      const rows = pods.map((p) => {
        let cpu = parseQuantity('0');
        let memory = parseQuantity('0');
        for (const c of p.containers ?? []) {
          cpu = cpu.add(parseQuantity(c.usage?.cpu ?? '0'));
          memory = memory.add(parseQuantity(c.usage?.memory ?? '0'));
        }
        return { p, cpu: cpu.toMillis(), memory: memory.toBytes() };
      });
      for (const r of sortRows(rows, sortBy)) {
        tw.write(`${nsCell(r.p)}${r.p.metadata.name}\t${cpuText(r.cpu)}\t${memText(r.memory)}\t\n`);
      }
    }
    ctx.out(tw.flush());
    return 0;
  },
};

const TOP_HELP = `Display resource (CPU/memory) usage.

 The top command allows you to see the resource consumption for nodes or pods.

 This command requires Metrics Server to be correctly configured and working on the server.

Available Commands:
  node          Display resource (CPU/memory) usage of nodes
  pod           Display resource (CPU/memory) usage of pods

Usage:
  kubectl top [flags] [options]

Use "kubectl top <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

export const topCommand: Command = {
  name: 'top',
  short: 'Display resource (CPU/memory) usage',
  flags: [],
  help: TOP_HELP,
  subcommands: [topNodeCommand, topPodCommand],
  async run(ctx: CommandContext, flags) {
    if (flags.args.length > 0) throw new UsageError(`unknown command "${flags.args[0]}"`);
    // kubectl writes this help to stderr and fails.
    ctx.err(TOP_HELP);
    return 1;
  },
};
