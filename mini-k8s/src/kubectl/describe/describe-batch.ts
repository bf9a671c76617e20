/**
 * Describers of the batch kinds: Job (parallelism, completions, times, pod statuses, template) and CronJob
 * (schedule, history limits, job template, active jobs).
 */
import type { KubeObject } from '../../api/object';
import { humanDuration } from '../../apiserver/tables/age';
import { DescribeWriter } from './describe-writer';
import { type DescribeContext, eventsFor, rfc1123z } from './describers';
import { formatSelector, type LabelSelector } from './describe-workloads';
import { boolPtr } from './describe-storage';
import { describePodTemplate, type PodTemplate } from './pod-template';

interface JobSpec {
  selector?: LabelSelector;
  parallelism?: number;
  completions?: number;
  completionMode?: string;
  suspend?: boolean;
  backoffLimit?: number;
  ttlSecondsAfterFinished?: number;
  activeDeadlineSeconds?: number;
  template?: PodTemplate;
}

interface Job extends KubeObject {
  spec?: JobSpec;
  status?: {
    startTime?: string;
    completionTime?: string;
    active?: number;
    ready?: number;
    succeeded?: number;
    failed?: number;
    completedIndexes?: string;
  };
}

/** describeJob prints the job's settings, timing, pod statuses, pod template and events. */
export async function describeJob(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const job = obj as Job;
  const spec = job.spec ?? {};
  const status = job.status ?? {};
  const events = await eventsFor(ctx, obj);
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${job.metadata.name}\n`);
  w.write(0, `Namespace:\t${job.metadata.namespace}\n`);
  w.write(0, `Selector:\t${formatSelector(spec.selector)}\n`);
  w.labels('Labels', job.metadata.labels);
  w.annotations('Annotations', job.metadata.annotations);
  const controller = (job.metadata.ownerReferences ?? []).find((o) => o.controller);
  if (controller) w.write(0, `Controlled By:\t${controller.kind}/${controller.name}\n`);
  if (spec.parallelism !== undefined) w.write(0, `Parallelism:\t${spec.parallelism}\n`);
  w.write(0, `Completions:\t${spec.completions ?? '<unset>'}\n`);
  if (spec.completionMode !== undefined) w.write(0, `Completion Mode:\t${spec.completionMode}\n`);
  if (spec.suspend !== undefined) w.write(0, `Suspend:\t${spec.suspend}\n`);
  if (spec.backoffLimit !== undefined) w.write(0, `Backoff Limit:\t${spec.backoffLimit}\n`);
  if (spec.ttlSecondsAfterFinished !== undefined) {
    w.write(0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
  }
  if (status.startTime) w.write(0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
  if (status.completionTime) w.write(0, `Completed At:\t${rfc1123z(status.completionTime)}\n`);
  if (status.startTime && status.completionTime) {
    const ms = Date.parse(status.completionTime) - Date.parse(status.startTime);
    w.write(0, `Duration:\t${humanDuration(ms)}\n`);
  }
  if (spec.activeDeadlineSeconds !== undefined) {
    w.write(0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  }
  const active = status.active ?? 0;
  const counts = `${status.succeeded ?? 0} Succeeded / ${status.failed ?? 0} Failed`;
  if (status.ready === undefined) w.write(0, `Pods Statuses:\t${active} Active / ${counts}\n`);
  else w.write(0, `Pods Statuses:\t${active} Active (${status.ready} Ready) / ${counts}\n`);
  if (spec.completionMode === 'Indexed') {
    w.write(0, `Completed Indexes:\t${capIndexes(status.completedIndexes ?? '', 50)}\n`);
  }
  describePodTemplate(w, spec.template ?? {});
  if (events) w.events(events);
  return w.toString();
}

/** capIndexes is capIndexesListOrNone: the list cut after the first comma past `softLimit` characters. */
function capIndexes(indexes: string, softLimit: number): string {
  if (indexes.length === 0) return '<none>';
  const comma = indexes.indexOf(',', softLimit);
  return comma < 0 ? indexes : `${indexes.slice(0, comma + 1)}...`;
}

interface CronJob extends KubeObject {
  spec?: {
    schedule?: string;
    concurrencyPolicy?: string;
    suspend?: boolean;
    successfulJobsHistoryLimit?: number;
    failedJobsHistoryLimit?: number;
    startingDeadlineSeconds?: number;
    jobTemplate?: { spec?: JobSpec };
  };
  status?: { lastScheduleTime?: string; active?: { name?: string }[] };
}

/** describeCronJob prints the schedule and policies, the job template and the active jobs. */
export async function describeCronJob(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const cj = obj as CronJob;
  const spec = cj.spec ?? {};
  const events = await eventsFor(ctx, obj);
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${cj.metadata.name}\n`);
  w.write(0, `Namespace:\t${cj.metadata.namespace}\n`);
  w.labels('Labels', cj.metadata.labels);
  w.annotations('Annotations', cj.metadata.annotations);
  w.write(0, `Schedule:\t${spec.schedule ?? ''}\n`);
  w.write(0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ''}\n`);
  w.write(0, `Suspend:\t${boolPtr(spec.suspend)}\n`);
  w.write(0, `Successful Job History Limit:\t${spec.successfulJobsHistoryLimit ?? '<unset>'}\n`);
  w.write(0, `Failed Job History Limit:\t${spec.failedJobsHistoryLimit ?? '<unset>'}\n`);
  const deadline = spec.startingDeadlineSeconds;
  w.write(0, `Starting Deadline Seconds:\t${deadline === undefined ? '<unset>' : `${deadline}s`}\n`);
  const template = spec.jobTemplate?.spec ?? {};
  w.write(0, `Selector:\t${template.selector ? formatSelector(template.selector) : '<unset>'}\n`);
  w.write(0, `Parallelism:\t${template.parallelism ?? '<unset>'}\n`);
  w.write(0, `Completions:\t${template.completions ?? '<unset>'}\n`);
  if (template.activeDeadlineSeconds !== undefined) {
    w.write(0, `Active Deadline Seconds:\t${template.activeDeadlineSeconds}s\n`);
  }
  describePodTemplate(w, template.template ?? {});
  const last = cj.status?.lastScheduleTime;
  w.write(0, `Last Schedule Time:\t${last ? rfc1123z(last) : '<unset>'}\n`);
  w.write(0, 'Active Jobs:\t');
  const active = cj.status?.active ?? [];
  if (active.length === 0) w.line('<none>');
  else w.line(active.map((j) => j.name ?? '').join(', '));
  if (events) w.events(events);
  return w.toString();
}
