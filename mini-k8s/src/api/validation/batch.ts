/**
 * Job and CronJob validation (pkg/apis/batch/validation): counts, completion mode, restart policy,
 * generated selector, cron schedule, name length, and the Job update immutability rules.
 */
import type { FieldError } from '../../machinery/errors';
import { fieldErrors } from '../../machinery/field-errors';
import type { KubeObject } from '../object';
import { labelSelectorLiteral, obj, str, validateNonnegative, type Json } from './helpers';
import { validateImmutable, validateLabelSelector, validateObjectMeta } from './meta';
import { validatePodTemplateSpec } from './pod';
import { META, selectorMismatch, templateLabels } from './workloads';

/** validateJobSpecCommon is batch's validateJobSpec at `path` (shared with CronJob job templates). */
function validateJobSpecCommon(spec: Json, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of [
    'parallelism',
    'completions',
    'activeDeadlineSeconds',
    'backoffLimit',
    'ttlSecondsAfterFinished',
  ]) {
    errs.push(...validateNonnegative(spec[key], `${path}.${key}`));
  }
  const mode = spec.completionMode;
  if (typeof mode === 'string' && mode !== 'NonIndexed' && mode !== 'Indexed') {
    errs.push(fieldErrors.notSupported(`${path}.completionMode`, mode, ['NonIndexed', 'Indexed']));
  }
  if (mode === 'Indexed' && (spec.completions === undefined || spec.completions === null)) {
    errs.push(fieldErrors.required(`${path}.completions`, 'when completion mode is Indexed'));
  }
  const template = obj(spec.template) ?? {};
  errs.push(...validatePodTemplateSpec(template, `${path}.template`));
  const restartPolicy = str(obj(template.spec)?.restartPolicy);
  if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') {
    errs.push(
      fieldErrors.notSupported(`${path}.template.spec.restartPolicy`, restartPolicy, ['OnFailure', 'Never']),
    );
  }
  return errs;
}

/** validateJob is ValidateJob (create); the registry generates the selector first (generateJobSelector). */
export function validateJob(job: KubeObject): FieldError[] {
  const spec = obj(job.spec) ?? {};
  const errs = validateObjectMeta(job.metadata, META);
  errs.push(...validateJobSpecCommon(spec, 'spec'));
  const selector = obj(spec.selector);
  if (!selector) errs.push(fieldErrors.required('spec.selector'));
  else errs.push(...validateLabelSelector(selector, 'spec.selector'));
  errs.push(...selectorMismatch(spec.selector, templateLabels(spec), 'spec.template.metadata.labels', false));
  return errs;
}

const CRON_FIELD =
  /^(\*|\?|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/[0-9]+)?(,(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/[0-9]+)?)*$/;
const CRON_DESCRIPTORS = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly'];

/** cronScheduleError checks a standard 5-field schedule as robfig/cron's ParseStandard does. */
function cronScheduleError(schedule: string): string | undefined {
  const spec = schedule.replace(/^(CRON_)?TZ=\S+\s+/, '').trim();
  if (spec.startsWith('@')) {
    if (CRON_DESCRIPTORS.includes(spec) || spec.startsWith('@every ')) return undefined;
    return `unrecognized descriptor: ${spec}`;
  }
  const fields = spec.split(/\s+/).filter(Boolean);
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`;
  const bad = fields.find((f) => !CRON_FIELD.test(f));
  return bad === undefined
    ? undefined
    : `failed to parse int from ${bad}: strconv.Atoi: parsing ${JSON.stringify(bad)}: invalid syntax`;
}

/** validateCronJob is ValidateCronJobCreate. */
export function validateCronJob(cj: KubeObject): FieldError[] {
  const spec = obj(cj.spec) ?? {};
  const errs = validateObjectMeta(cj.metadata, META);
  const name = str(cj.metadata?.name);
  if (name.length > 52)
    errs.push(fieldErrors.invalid('metadata.name', name, 'must be no more than 52 characters'));
  const schedule = str(spec.schedule);
  if (!schedule) errs.push(fieldErrors.required('spec.schedule'));
  else {
    const problem = cronScheduleError(schedule);
    if (problem) errs.push(fieldErrors.invalid('spec.schedule', schedule, problem));
  }
  const policy = str(spec.concurrencyPolicy);
  if (!policy) errs.push(fieldErrors.required('spec.concurrencyPolicy'));
  else if (!['Allow', 'Forbid', 'Replace'].includes(policy)) {
    errs.push(fieldErrors.notSupported('spec.concurrencyPolicy', policy, ['Allow', 'Forbid', 'Replace']));
  }
  errs.push(...validateNonnegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  errs.push(...validateNonnegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'));
  errs.push(...validateNonnegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  errs.push(...validateJobSpecCommon(obj(obj(spec.jobTemplate)?.spec) ?? {}, 'spec.jobTemplate.spec'));
  return errs;
}

/** validateJobUpdate is ValidateJobSpecUpdate's immutability rules (selector, template, completionMode). */
export function validateJobUpdate(next: KubeObject, old: KubeObject): FieldError[] {
  const n = obj(next.spec) ?? {};
  const o = obj(old.spec) ?? {};
  return [
    ...validateImmutable(n.completions ?? null, o.completions ?? null, 'spec.completions'),
    ...validateImmutable(
      n.selector ?? null,
      o.selector ?? null,
      'spec.selector',
      labelSelectorLiteral(n.selector),
    ),
    ...validateImmutable(n.template ?? null, o.template ?? null, 'spec.template'),
    ...validateImmutable(n.completionMode ?? null, o.completionMode ?? null, 'spec.completionMode'),
  ];
}
