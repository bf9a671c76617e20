/**
 * newCronJobController is the CronJob controller (cronjob_controllerv2): at each scheduled time it creates
 * the Job `<cronjob>-<minutes since epoch>` from `jobTemplate`, honouring suspend, startingDeadlineSeconds
 * and concurrencyPolicy (Allow, Forbid, Replace); it tracks `status.active`, `lastScheduleTime` and
 * `lastSuccessfulTime`, records SawCompletedJob when an active Job finishes and deletes finished Jobs
 * beyond successfulJobsHistoryLimit (3) / failedJobsHistoryLimit (1). The clock is `ctx.now`, so tests
 * drive schedules with a fake time.
 */
import type { KubeObject } from '../../api/object';
import { rfc3339 } from '../../client/event-recorder';
import { objectKey } from '../../client/informer';
import { isAlreadyExists, isConflict, isNotFound } from '../../machinery/errors';
import { Controller, splitKey } from '../controller';
import type { ControllerContext, ManagedController } from '../registry';
import { type Condition, isConditionTrue } from '../workload-utils/conditions';
import { managedController } from '../workload-utils/managed';
import { controllerRef, deepCopy, newControllerRef } from '../workload-utils/pods';
import { REFS } from '../workload-utils/refs';
import { nextAfter, parseCron, scheduledTimesBetween } from './cron';

/** SCHEDULED_TIMESTAMP_ANNOTATION is set on each Job with its scheduled time. */
export const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

interface CronJobSpec {
  schedule: string;
  timeZone?: string;
  startingDeadlineSeconds?: number;
  concurrencyPolicy?: 'Allow' | 'Forbid' | 'Replace';
  suspend?: boolean;
  successfulJobsHistoryLimit?: number;
  failedJobsHistoryLimit?: number;
  jobTemplate?: { metadata?: KubeObject['metadata']; spec?: Record<string, unknown> };
}

interface ObjectReference {
  apiVersion?: string;
  kind?: string;
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
}

interface CronJobStatus {
  active?: ObjectReference[];
  lastScheduleTime?: string;
  lastSuccessfulTime?: string;
}

/** jobNameFor is getJobName: the CronJob name and the scheduled time in minutes since the epoch. */
export function jobNameFor(cronJob: string, scheduled: Date): string {
  return `${cronJob}-${Math.floor(scheduled.getTime() / 60_000)}`;
}

/** finishedCondition returns the Job's terminal condition type (Complete or Failed), if finished. */
export function finishedCondition(job: KubeObject): 'Complete' | 'Failed' | undefined {
  const conditions = (job.status as { conditions?: Condition[] } | undefined)?.conditions;
  if (isConditionTrue(conditions, 'Complete')) return 'Complete';
  if (isConditionTrue(conditions, 'Failed')) return 'Failed';
  return undefined;
}

export function newCronJobController(ctx: ControllerContext): ManagedController {
  const { client, now } = ctx;
  const recorder = ctx.recorder('cronjob-controller');
  const cronJobs = ctx.informers.informerFor(REFS.cronjobs);
  const jobs = ctx.informers.informerFor(REFS.jobs);
  const controller = new Controller({ name: 'cronjob-controller', reconcile, onError: ctx.onError });
  cronJobs.addHandler({
    onAdd: (cj) => controller.enqueue(objectKey(cj)),
    onUpdate: (_old, cj) => controller.enqueue(objectKey(cj)),
  });
  const enqueueOwner = (job: KubeObject): void => {
    const ref = controllerRef(job);
    if (ref?.kind === 'CronJob') controller.enqueue(`${job.metadata.namespace}/${ref.name}`);
  };
  jobs.addHandler({ onAdd: enqueueOwner, onUpdate: (_o, job) => enqueueOwner(job), onDelete: enqueueOwner });

  async function reconcile(key: string): Promise<{ requeueAfterMs?: number } | void> {
    const cj = cronJobs.get(key);
    if (!cj || cj.metadata.deletionTimestamp) return;
    const { namespace } = splitKey(key);
    const spec = cj.spec as CronJobSpec;
    const status = deepCopy((cj.status ?? {}) as CronJobStatus);
    const nowDate = now();
    const owned = jobs.list(
      (j) => j.metadata.namespace === namespace && controllerRef(j)?.uid === cj.metadata.uid,
    );

    // 1. Reconcile status.active with the Jobs that exist.
    const active: ObjectReference[] = [];
    for (const ref of status.active ?? []) {
      const job = owned.find((j) => j.metadata.uid === ref.uid);
      if (!job) {
        await recorder.record(cj, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`);
        continue;
      }
      const finished = finishedCondition(job);
      if (finished) {
        await recorder.record(
          cj,
          'Normal',
          'SawCompletedJob',
          `Saw completed job: ${job.metadata.name}, condition: ${finished}`,
        );
        if (finished === 'Complete') {
          const completion = (job.status as { completionTime?: string }).completionTime;
          if (completion && (!status.lastSuccessfulTime || completion > status.lastSuccessfulTime)) {
            status.lastSuccessfulTime = completion;
          }
        }
        continue;
      }
      active.push(ref);
    }
    for (const job of owned) {
      // Jobs created by a previous pass whose status write was lost are adopted back into active.
      if (!finishedCondition(job) && !active.some((r) => r.uid === job.metadata.uid))
        active.push(jobRef(job));
    }
    status.active = active;

    // 2. History limits.
    await cleanupHistory(cj, owned, 'Complete', spec.successfulJobsHistoryLimit ?? 3);
    await cleanupHistory(cj, owned, 'Failed', spec.failedJobsHistoryLimit ?? 1);

    // 3. Schedule.
    let schedule;
    const timeZone = spec.timeZone ?? 'UTC';
    try {
      schedule = parseCron(spec.schedule);
    } catch (err) {
      await recorder.record(
        cj,
        'Warning',
        'UnparseableSchedule',
        `unparseable schedule: ${JSON.stringify(spec.schedule)} : ${(err as Error).message}`,
      );
      await writeStatus(cj, status);
      return;
    }
    let requeueAfterMs: number | undefined;
    if (!spec.suspend) {
      const since = new Date(
        Date.parse(status.lastScheduleTime ?? cj.metadata.creationTimestamp ?? rfc3339(nowDate)),
      );
      let from = since;
      if (spec.startingDeadlineSeconds !== undefined) {
        const earliest = new Date(nowDate.getTime() - spec.startingDeadlineSeconds * 1000);
        if (earliest > from) from = earliest;
      }
      const { times, total } = scheduledTimesBetween(schedule, from, nowDate, timeZone, 1);
      if (total > 100) {
        await recorder.record(
          cj,
          'Warning',
          'TooManyMissedTimes',
          'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
        );
      }
      const scheduled = times.at(-1);
      if (scheduled) await startJob(cj, spec, status, scheduled, nowDate, owned);
      const next = nextAfter(schedule, nowDate, timeZone);
      if (next) requeueAfterMs = Math.max(1, next.getTime() - nowDate.getTime() + 100);
    }
    await writeStatus(cj, status);
    return requeueAfterMs !== undefined ? { requeueAfterMs } : undefined;
  }

  async function startJob(
    cj: KubeObject,
    spec: CronJobSpec,
    status: CronJobStatus,
    scheduled: Date,
    nowDate: Date,
    owned: KubeObject[],
  ): Promise<void> {
    if (
      spec.startingDeadlineSeconds !== undefined &&
      scheduled.getTime() + spec.startingDeadlineSeconds * 1000 < nowDate.getTime()
    ) {
      await recorder.record(
        cj,
        'Warning',
        'MissSchedule',
        `Missed scheduled time to start a job: ${rfc3339(scheduled)}`,
      );
      return;
    }
    const name = jobNameFor(cj.metadata.name!, scheduled);
    if (owned.some((j) => j.metadata.name === name)) {
      // Created by an earlier pass whose status write lost a race: only the status is missing.
      const at = rfc3339(scheduled);
      if (!status.lastScheduleTime || status.lastScheduleTime < at) status.lastScheduleTime = at;
      return;
    }
    const policy = spec.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && status.active!.length > 0) {
      await recorder.record(
        cj,
        'Normal',
        'JobAlreadyActive',
        'Not starting job because prior execution is running and concurrency policy is Forbid',
      );
      return;
    }
    if (policy === 'Replace') {
      for (const ref of status.active!) {
        try {
          await client.delete(REFS.jobs, ref.namespace, ref.name, { propagationPolicy: 'Background' });
          await recorder.record(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${ref.name}`);
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
      status.active = [];
    }
    const template = deepCopy(spec.jobTemplate ?? {});
    const job: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name,
        namespace: cj.metadata.namespace,
        labels: template.metadata?.labels ?? {},
        annotations: {
          ...(template.metadata?.annotations ?? {}),
          [SCHEDULED_TIMESTAMP_ANNOTATION]: rfc3339(scheduled),
        },
        ownerReferences: [newControllerRef(cj)],
      },
      spec: template.spec ?? {},
    };
    let created: KubeObject;
    try {
      created = await client.create(REFS.jobs, cj.metadata.namespace, job);
      await recorder.record(cj, 'Normal', 'SuccessfulCreate', `Created job ${name}`);
    } catch (err) {
      if (!isAlreadyExists(err)) {
        await recorder.record(cj, 'Warning', 'FailedCreate', `Error creating job: ${(err as Error).message}`);
        throw err;
      }
      created = await client.get(REFS.jobs, cj.metadata.namespace, name);
    }
    status.active!.push(jobRef(created));
    status.lastScheduleTime = rfc3339(scheduled);
  }

  async function cleanupHistory(
    cj: KubeObject,
    owned: KubeObject[],
    kind: 'Complete' | 'Failed',
    limit: number,
  ): Promise<void> {
    const finished = owned
      .filter((j) => finishedCondition(j) === kind && !j.metadata.deletionTimestamp)
      .sort((a, b) => finishTime(a).localeCompare(finishTime(b)));
    for (const job of finished.slice(0, Math.max(0, finished.length - limit))) {
      try {
        await client.delete(REFS.jobs, job.metadata.namespace, job.metadata.name!, {
          propagationPolicy: 'Background',
        });
        await recorder.record(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }

  async function writeStatus(cj: KubeObject, status: CronJobStatus): Promise<void> {
    if (JSON.stringify(status) === JSON.stringify(cj.status ?? {})) return;
    try {
      await client.updateStatus(REFS.cronjobs, cj.metadata.namespace, { ...cj, status });
    } catch (err) {
      // Why: status is this controller's alone; a conflict only means spec or metadata moved on (an edit,
      // a label), and losing `active` here would lose track of the Job just created.
      if (!isConflict(err)) throw err;
      const fresh = await client.get(REFS.cronjobs, cj.metadata.namespace, cj.metadata.name!);
      await client.updateStatus(REFS.cronjobs, cj.metadata.namespace, { ...fresh, status });
    }
  }

  return managedController(controller, [cronJobs, jobs]);
}

function jobRef(job: KubeObject): ObjectReference {
  return {
    kind: 'Job',
    namespace: job.metadata.namespace,
    name: job.metadata.name!,
    uid: job.metadata.uid,
    apiVersion: 'batch/v1',
    resourceVersion: job.metadata.resourceVersion,
  };
}

function finishTime(job: KubeObject): string {
  const status = job.status as
    { completionTime?: string; startTime?: string; conditions?: Condition[] } | undefined;
  return (
    status?.completionTime ??
    status?.conditions?.find((c) => c.type === 'Failed')?.lastTransitionTime ??
    status?.startTime ??
    job.metadata.creationTimestamp ??
    ''
  );
}
