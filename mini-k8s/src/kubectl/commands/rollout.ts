/**
 * `kubectl rollout` and its subcommands pause, resume, restart, undo and history (status lives in
 * rollout-status.ts). Deployments keep their history in owned replica sets (annotation
 * `deployment.kubernetes.io/revision`); undo copies a revision's template back into the deployment.
 */
import type { KubeObject } from '../../api/object';
import type { Command, CommandContext } from '../cmdutil/context';
import { UsageError } from '../cmdutil/errors';
import { TabWriter } from '../printers/tabwriter';
import { refOf } from '../resource-builder/objects';
import { groupResource, kindPrefix } from '../resource-builder/rest-mapper';
import { rolloutStatusCommand } from './rollout-status';
import { type RolloutTarget, rolloutTargets } from './rollout-targets';

const REVISION = 'deployment.kubernetes.io/revision';
const CHANGE_CAUSE = 'kubernetes.io/change-cause';
const REPLICASETS = { group: 'apps', version: 'v1', resource: 'replicasets', namespaced: true };

const TARGET_FLAGS = [
  { name: 'filename', short: 'f', type: 'stringSlice' as const },
  { name: 'recursive', short: 'R', type: 'bool' as const },
  { name: 'kustomize', short: 'k', type: 'string' as const },
  { name: 'selector', short: 'l', type: 'string' as const },
  { name: 'output', short: 'o', type: 'string' as const },
  { name: 'field-manager', type: 'string' as const, default: 'kubectl-rollout' },
];

/** pauseResume builds `rollout pause` and `rollout resume` (a strategic merge patch of spec.paused). */
function pauseResume(name: 'pause' | 'resume'): Command {
  const pausing = name === 'pause';
  return {
    name,
    short: pausing ? 'Mark the provided resource as paused' : 'Resume a paused resource',
    flags: TARGET_FLAGS,
    async run(ctx, flags) {
      for (const t of await rolloutTargets(ctx, flags)) {
        if (t.resource.kind !== 'Deployment') {
          throw new Error(
            `${groupResource(t.resource)} "${t.name}" ${pausing ? 'pausing' : 'resuming'} is not supported`,
          );
        }
        const paused = (t.object as { spec?: { paused?: boolean } }).spec?.paused === true;
        if (paused === pausing) {
          throw new Error(
            `${groupResource(t.resource)} "${t.name}" ${pausing ? 'is already paused' : 'is not paused'}`,
          );
        }
        await ctx.client.patch(
          refOf(t.resource),
          t.namespace,
          t.name,
          'strategic',
          {
            spec: { paused: pausing ? true : null },
          },
          { fieldManager: flags.str('field-manager') },
        );
        ctx.out(`${kindPrefix(t.resource)}/${t.name} ${pausing ? 'paused' : 'resumed'}\n`);
      }
      return 0;
    },
  };
}

const restartCommand: Command = {
  name: 'restart',
  short: 'Restart a resource',
  flags: TARGET_FLAGS,
  async run(ctx, flags) {
    for (const t of await rolloutTargets(ctx, flags)) {
      if (!['Deployment', 'DaemonSet', 'StatefulSet'].includes(t.resource.kind)) {
        throw new Error(`${groupResource(t.resource)} "${t.name}" restarting is not supported`);
      }
      // A new template annotation makes the controller roll every pod, as kubectl's ObjectRestarter.
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      await ctx.client.patch(
        refOf(t.resource),
        t.namespace,
        t.name,
        'strategic',
        {
          spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': now } } } },
        },
        { fieldManager: flags.str('field-manager') },
      );
      ctx.out(`${kindPrefix(t.resource)}/${t.name} restarted\n`);
    }
    return 0;
  },
};

/** ReplicaSet is the part of a replica set the history needs. */
type ReplicaSet = KubeObject & { spec?: { template?: { metadata?: { labels?: Record<string, string> } } } };

/** history lists a deployment's owned replica sets by revision number. */
async function history(ctx: CommandContext, t: RolloutTarget): Promise<Map<number, ReplicaSet>> {
  const sets = await ctx.client.list<ReplicaSet>(REPLICASETS, t.namespace);
  const byRevision = new Map<number, ReplicaSet>();
  for (const rs of sets.items) {
    if (!(rs.metadata.ownerReferences ?? []).some((o) => o.controller && o.uid === t.object.metadata.uid))
      continue;
    const revision = Number(rs.metadata.annotations?.[REVISION] ?? '');
    if (Number.isInteger(revision)) byRevision.set(revision, rs);
  }
  return byRevision;
}

const historyCommand: Command = {
  name: 'history',
  short: 'View rollout history',
  flags: [...TARGET_FLAGS, { name: 'revision', type: 'int', default: 0 }],
  async run(ctx, flags) {
    const targets = await rolloutTargets(ctx, flags);
    for (const t of targets) {
      if (t.resource.kind !== 'Deployment') {
        throw new Error(
          `error retrieving history for "${t.resource.kind}", no visitor method exists for {${t.resource.group} ${t.resource.kind}}`,
        );
      }
      const revisions = await history(ctx, t);
      const wanted = flags.int('revision');
      if (wanted > 0) {
        if (!revisions.has(wanted)) throw new Error(`unable to find the specified revision`);
        throw new Error('rollout history --revision is not supported by this kubectl yet');
      }
      const tw = new TabWriter({ minWidth: 0, padding: 2, rememberWidths: false });
      tw.write('REVISION\tCHANGE-CAUSE\n');
      for (const revision of [...revisions.keys()].sort((a, b) => a - b)) {
        const cause = revisions.get(revision)!.metadata.annotations?.[CHANGE_CAUSE] || '<none>';
        tw.write(`${revision}\t${cause}\n`);
      }
      ctx.out(`${kindPrefix(t.resource)}/${t.name} \n${tw.flush()}\n`);
    }
    return 0;
  },
};

const undoCommand: Command = {
  name: 'undo',
  short: 'Undo a previous rollout',
  flags: [...TARGET_FLAGS, { name: 'to-revision', type: 'int', default: 0 }],
  async run(ctx, flags) {
    for (const t of await rolloutTargets(ctx, flags)) {
      if (t.resource.kind !== 'Deployment') {
        throw new Error(
          `error retrieving rollbacker for "${t.resource.kind}", no visitor method exists for {${t.resource.group} ${t.resource.kind}}`,
        );
      }
      const revisions = await history(ctx, t);
      const toRevision = flags.int('to-revision');
      let target: ReplicaSet | undefined;
      let targetRevision = toRevision;
      if (toRevision > 0) {
        target = revisions.get(toRevision);
        if (!target) throw new Error(`unable to find specified revision ${toRevision} in history`);
      } else {
        // The previous revision is the second highest one.
        const sorted = [...revisions.keys()].sort((a, b) => b - a);
        if (sorted.length < 2) throw new Error(`no rollout history found for deployment "${t.name}"`);
        targetRevision = sorted[1];
        target = revisions.get(targetRevision);
      }
      const template = structuredClone(
        (target!.spec as { template?: Record<string, unknown> })?.template ?? {},
      );
      const labels = (template.metadata as { labels?: Record<string, string> } | undefined)?.labels;
      if (labels) delete labels['pod-template-hash'];
      const current = (t.object as { spec?: { template?: unknown } }).spec?.template;
      const id = `${kindPrefix(t.resource)}/${t.name}`;
      if (canonical(current) === canonical(template)) {
        ctx.out(`${id} skipped rollback (current template already matches revision ${targetRevision})\n`);
        continue;
      }
      const annotations = { ...(t.object.metadata.annotations ?? {}) };
      for (const key of Object.keys(target!.metadata.annotations ?? {})) {
        if (key === REVISION || key.startsWith('deployment.kubernetes.io/')) continue;
        annotations[key] = target!.metadata.annotations![key];
      }
      await ctx.client.patch(refOf(t.resource), t.namespace, t.name, 'json', [
        { op: 'replace', path: '/spec/template', value: template },
        { op: 'replace', path: '/metadata/annotations', value: annotations },
      ]);
      ctx.out(`${id} rolled back\n`);
    }
    return 0;
  },
};

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined && v !== null)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

const ROLLOUT_HELP = `Manage the rollout of one or many resources.
        
 Valid resource types include:

  *  deployments
  *  daemonsets
  *  statefulsets

Examples:
  # Rollback to the previous deployment
  kubectl rollout undo deployment/abc
  
  # Check the rollout status of a daemonset
  kubectl rollout status daemonset/foo
  
  # Restart a deployment
  kubectl rollout restart deployment/abc
  
  # Restart deployments with the 'app=nginx' label
  kubectl rollout restart deployment --selector=app=nginx

Available Commands:
  history       View rollout history
  pause         Mark the provided resource as paused
  restart       Restart a resource
  resume        Resume a paused resource
  status        Show the status of the rollout
  undo          Undo a previous rollout

Usage:
  kubectl rollout SUBCOMMAND [options]

Use "kubectl rollout <command> --help" for more information about a given command.
Use "kubectl options" for a list of global command-line options (applies to all commands).
`;

export const rolloutCommand: Command = {
  name: 'rollout',
  short: 'Manage the rollout of a resource',
  flags: [],
  help: ROLLOUT_HELP,
  subcommands: [
    historyCommand,
    pauseResume('pause'),
    restartCommand,
    pauseResume('resume'),
    rolloutStatusCommand,
    undoCommand,
  ],
  async run(ctx, flags) {
    if (flags.args.length > 0) throw new UsageError(`unknown command "${flags.args[0]}"`);
    // Without a subcommand cobra prints the help and kubectl exits 1.
    ctx.out(ROLLOUT_HELP);
    return 1;
  },
};
