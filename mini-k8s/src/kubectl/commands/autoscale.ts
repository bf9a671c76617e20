/**
 * `kubectl autoscale (TYPE NAME | -f FILE) --max=N [--min=N] [--cpu-percent=N]`: creates an autoscaling/v1
 * HorizontalPodAutoscaler for each object that has a scale subresource. Prints
 * `horizontalpodautoscaler.autoscaling/<name> autoscaled` (`created` with --dry-run=client), or the HPA with -o.
 */
import type { KubeObject } from '../../api/object';
import type { Command } from '../cmdutil/context';
import { ExitError, errorLine, requiredFlagsError } from '../cmdutil/errors';
import { parseOutput, printObject } from '../printers/output';
import { resolveArgs } from '../resource-builder/builder';
import type { ApiResource } from '../resource-builder/discovery';
import { readManifests } from '../resource-builder/manifests';
import { dryRunSuffix, parseDryRun, refOf, toInfo } from '../resource-builder/objects';
import { modifiedConfiguration } from './apply';
import { stripManagedFields } from './get';
import { NO_RESOURCES, OUTPUT_FORMATS } from './scale';
import { AUTOSCALE_HELP } from './help-texts';

const HPAS = { group: 'autoscaling', version: 'v1', resource: 'horizontalpodautoscalers', namespaced: true };
const PREFIX = 'horizontalpodautoscaler.autoscaling';

export const autoscaleCommand: Command = {
  name: 'autoscale',
  short: 'Auto-scale a deployment, replica set, stateful set, or replication controller',
  help: AUTOSCALE_HELP,
  flags: [
    { name: 'min', type: 'int', default: -1 },
    { name: 'max', type: 'int', default: -1 },
    { name: 'cpu-percent', type: 'int', default: -1 },
    { name: 'name', type: 'string' },
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'recursive', short: 'R', type: 'bool' },
    { name: 'kustomize', short: 'k', type: 'string' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged' },
    { name: 'save-config', type: 'bool' },
    { name: 'field-manager', type: 'string', default: 'kubectl-autoscale' },
    { name: 'show-managed-fields', type: 'bool' },
    { name: 'template', type: 'string' },
    { name: 'allow-missing-template-keys', type: 'bool', default: true },
    { name: 'record', type: 'bool' },
  ],
  async run(ctx, flags) {
    // cobra checks required flags before anything else runs.
    if (!flags.changed('max')) throw requiredFlagsError(['max']);
    const dryRun = parseDryRun(flags.str('dry-run'));
    const min = flags.int('min');
    const max = flags.int('max');
    if (max < 1) throw new Error(`--max=MAXPODS is required and must be at least 1, max: ${max}`);
    if (max < min) {
      throw new Error(`--max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}`);
    }
    const targets: { resource: ApiResource; name: string }[] = [];
    const files = flags.list('filename');
    if (files.length > 0) {
      for (const m of await readManifests(ctx, files, flags.bool('recursive'))) {
        const info = await toInfo(ctx, m);
        targets.push({ resource: info.resource, name: info.name });
      }
    } else {
      if (flags.args.length === 0) throw new Error(NO_RESOURCES);
      for (const v of await resolveArgs(ctx.mapper, flags.args)) {
        if (!v.name) throw new Error('resource(s) were provided, but no name was specified');
        await ctx.client.get(refOf(v.resource), v.resource.namespaced ? ctx.namespace : undefined, v.name);
        targets.push({ resource: v.resource, name: v.name });
      }
    }
    const errors: unknown[] = [];
    let count = 0;
    for (const t of targets) {
      const gv = t.resource.group ? `${t.resource.group}/${t.resource.version}` : t.resource.version;
      if (!t.resource.subresources.includes('scale')) {
        errors.push(
          new Error(
            `cannot autoscale a ${t.resource.kind}: could not find scale subresource for ${t.resource.group}/${t.resource.version}, Resource=${t.resource.resource} in discovery information`,
          ),
        );
        continue;
      }
      const spec: Record<string, unknown> = {
        scaleTargetRef: { kind: t.resource.kind, name: t.name, apiVersion: gv },
      };
      if (min > 0) spec.minReplicas = min;
      spec.maxReplicas = max;
      if (flags.int('cpu-percent') >= 0) spec.targetCPUUtilizationPercentage = flags.int('cpu-percent');
      let hpa = {
        kind: 'HorizontalPodAutoscaler',
        apiVersion: 'autoscaling/v1',
        metadata: { name: flags.str('name') || t.name, creationTimestamp: null },
        spec,
        status: { currentReplicas: 0, desiredReplicas: 0 },
      } as unknown as KubeObject;
      let operation = 'created';
      if (dryRun !== 'client') {
        if (flags.bool('save-config')) hpa = modifiedConfiguration(hpa);
        try {
          hpa = (await ctx.client.request('POST', ctx.client.path(HPAS, ctx.namespace), {
            body: hpa,
            query: {
              fieldManager: flags.str('field-manager'),
              dryRun: dryRun === 'server' ? 'All' : undefined,
            },
          })) as KubeObject;
        } catch (err) {
          errors.push(err);
          continue;
        }
        operation = 'autoscaled';
      }
      count++;
      const output = flags.str('output');
      if (!output) {
        ctx.out(`${PREFIX}/${hpa.metadata.name} ${operation}${dryRunSuffix(dryRun)}\n`);
        continue;
      }
      if (!flags.bool('show-managed-fields')) stripManagedFields(hpa);
      ctx.out(printObject(parseOutput(output, OUTPUT_FORMATS), hpa, () => PREFIX, dryRun === 'client'));
    }
    if (errors.length > 0) throw new ExitError(1, errors.map(errorLine).join('\n'));
    if (count === 0) throw new Error('no objects passed to autoscale');
    return 0;
  },
};
