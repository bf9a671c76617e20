/**
 * The batch generators of `kubectl create`: job (from an image, or `--from=cronjob/NAME` as kubectl's
 * createJobFromCronJob) and cronjob (`--image`, `--schedule`, `--restart`, command after `--`).
 */
import type { KubeObject } from '../../api/object';
import { requiredFlagsError } from '../cmdutil/errors';
import type { CommandContext } from '../cmdutil/context';
import type { Flags } from '../cmdutil/flags';
import { refOf } from '../resource-builder/objects';
import { type Generator, meta, requireName } from './create-generators';

/** command is what follows `--` (kubectl's args[1:] after the name). */
function command(flags: Flags): string[] | undefined {
  return flags.parsed.sawDash && flags.parsed.dashArgs.length > 0 ? flags.parsed.dashArgs : undefined;
}

function podTemplate(name: string, image: string, cmd: string[] | undefined, restartPolicy: string) {
  const container: Record<string, unknown> = { name, image };
  if (cmd) container.command = cmd;
  container.resources = {};
  return { metadata: { creationTimestamp: null }, spec: { containers: [container], restartPolicy } };
}

interface CronJobSource extends KubeObject {
  spec?: {
    jobTemplate?: {
      metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
      spec?: unknown;
    };
  };
}

/** jobFromCronJob resolves `--from=TYPE/NAME` (only cron jobs) and builds the job kubectl derives from it. */
async function jobFromCronJob(ctx: CommandContext, name: string, from: string): Promise<KubeObject> {
  const slash = from.indexOf('/');
  if (slash < 0) {
    throw new Error(
      `there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of 'kubectl get resource resource/<resource_name>'`,
    );
  }
  const resource = await ctx.mapper.resourceFor(from.slice(0, slash));
  const source: CronJobSource = await ctx.client.get(refOf(resource), ctx.namespace, from.slice(slash + 1));
  if (!(resource.group === 'batch' && resource.kind === 'CronJob')) {
    throw new Error(`unknown object type *${resource.version}.${resource.kind}`);
  }
  const template = source.spec?.jobTemplate ?? {};
  const metadata: Record<string, unknown> = { name };
  if (ctx.explicitNamespace) metadata.namespace = ctx.namespace;
  metadata.creationTimestamp = null;
  if (template.metadata?.labels) metadata.labels = template.metadata.labels;
  metadata.annotations = { 'cronjob.kubernetes.io/instantiate': 'manual', ...template.metadata?.annotations };
  metadata.ownerReferences = [
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      name: source.metadata.name,
      uid: source.metadata.uid,
      controller: true,
    },
  ];
  return {
    kind: 'Job',
    apiVersion: 'batch/v1',
    metadata,
    spec: template.spec ?? {},
    status: {},
  } as unknown as KubeObject;
}

export const BATCH_GENERATORS: Generator[] = [
  {
    name: 'job',
    flags: [
      { name: 'image', type: 'string' },
      { name: 'from', type: 'string' },
    ],
    createErrorPrefix: 'failed to create job: ',
    async build(ctx, flags, args) {
      const name = requireName(args);
      const image = flags.str('image');
      const from = flags.str('from');
      const cmd = command(flags);
      if ((image === '') === (from === '')) throw new Error('either --image or --from must be specified');
      if (cmd && from !== '') throw new Error('cannot specify --from and command');
      if (from !== '') return jobFromCronJob(ctx, name, from);
      return {
        kind: 'Job',
        apiVersion: 'batch/v1',
        metadata: meta(ctx, name),
        spec: { template: podTemplate(name, image, cmd, 'Never') },
        status: {},
      } as unknown as KubeObject;
    },
  },
  {
    name: 'cronjob',
    aliases: ['cj'],
    flags: [
      { name: 'image', type: 'string' },
      { name: 'schedule', type: 'string' },
      { name: 'restart', type: 'string' },
    ],
    createErrorPrefix: 'failed to create cronjob: ',
    async build(ctx, flags, args) {
      const missing = ['image', 'schedule'].filter((f) => !flags.changed(f));
      if (missing.length > 0) throw requiredFlagsError(missing);
      const name = requireName(args);
      const restart = flags.str('restart') || 'OnFailure';
      return {
        kind: 'CronJob',
        apiVersion: 'batch/v1',
        metadata: meta(ctx, name),
        spec: {
          schedule: flags.str('schedule'),
          jobTemplate: {
            metadata: { name, creationTimestamp: null },
            spec: { template: podTemplate(name, flags.str('image'), command(flags), restart) },
          },
        },
        status: {},
      } as unknown as KubeObject;
    },
  },
];
