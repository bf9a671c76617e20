/**
 * Workload printers: deployments, replica sets, stateful sets, daemon sets, jobs, cron jobs and
 * replication controllers (printers.go `printDeployment`, `printReplicaSet`, `printStatefulSet`,
 * `printDaemonSet`, `printJob`, `printCronJob`, `printReplicationController`).
 *
 * `spec.replicas` is read with its API default of 1: upstream prints the internal (defaulted) object.
 */
import type { KubeObject } from '../../api/object';
import { humanDuration, parseTimestamp, translateTimestampSince } from './age';
import * as d from './descriptions';
import {
  formatLabelSelector,
  formatLabels,
  layoutContainerCells,
  printBoolPtr,
  selectorString,
} from './format';
import type { Container, LabelSelector } from './format';
import { column } from './types';
import type { Printer } from './types';

interface PodTemplateSpec {
  spec?: { containers?: Container[]; nodeSelector?: Record<string, string> };
}

interface Workload {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    template?: PodTemplateSpec;
  };
  status?: {
    replicas?: number;
    readyReplicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
  };
}

const NAME = column('Name', 'string', d.OBJECT_NAME, { format: 'name' });
const AGE = column('Age', 'string', d.OBJECT_CREATION_TIMESTAMP);
const CONTAINERS = column('Containers', 'string', 'Names of each container in the template.', {
  priority: 1,
});
const IMAGES = column('Images', 'string', 'Images referenced by each container in the template.', {
  priority: 1,
});

function age(obj: KubeObject, now: Date): string {
  return translateTimestampSince(obj.metadata.creationTimestamp, now);
}

/** deploymentPrinter: Name, Ready, Up-to-date, Available, Age, Containers, Images, Selector. */
export const deploymentPrinter: Printer = {
  columns: [
    NAME,
    column('Ready', 'string', 'Number of the pod with ready state'),
    column('Up-to-date', 'string', d.DEPLOY_UPDATED),
    column('Available', 'string', d.DEPLOY_AVAILABLE),
    AGE,
    CONTAINERS,
    IMAGES,
    column('Selector', 'string', d.DEPLOY_SELECTOR, { priority: 1 }),
  ],
  print(obj, ctx) {
    const deployment = obj as unknown as Workload;
    const { names, images } = layoutContainerCells(deployment.spec?.template?.spec?.containers);
    // Deployments print the raw selector string ('' when empty), unlike FormatLabelSelector's <none>.
    const selector = selectorString(deployment.spec?.selector) ?? '<invalid>';
    return {
      cells: [
        obj.metadata.name ?? '',
        `${deployment.status?.readyReplicas ?? 0}/${deployment.spec?.replicas ?? 1}`,
        deployment.status?.updatedReplicas ?? 0,
        deployment.status?.availableReplicas ?? 0,
        age(obj, ctx.now),
        names,
        images,
        selector,
      ],
    };
  },
};

/** replicaSetPrinter: Name, Desired, Current, Ready, Age, Containers, Images, Selector. */
export const replicaSetPrinter: Printer = {
  columns: [
    NAME,
    column('Desired', 'integer', d.RS_SPEC_REPLICAS),
    column('Current', 'integer', d.RS_STATUS_REPLICAS),
    column('Ready', 'integer', d.RS_STATUS_READY_REPLICAS),
    AGE,
    CONTAINERS,
    IMAGES,
    column('Selector', 'string', d.RS_SPEC_SELECTOR, { priority: 1 }),
  ],
  print(obj, ctx) {
    const rs = obj as unknown as Workload;
    const { names, images } = layoutContainerCells(rs.spec?.template?.spec?.containers);
    return {
      cells: [
        obj.metadata.name ?? '',
        rs.spec?.replicas ?? 1,
        rs.status?.replicas ?? 0,
        rs.status?.readyReplicas ?? 0,
        age(obj, ctx.now),
        names,
        images,
        formatLabelSelector(rs.spec?.selector),
      ],
    };
  },
};

/** ReplicationController selectors are plain label maps, not LabelSelectors. */
interface ReplicationController {
  spec?: { replicas?: number; selector?: Record<string, string>; template?: PodTemplateSpec };
  status?: { replicas?: number; readyReplicas?: number };
}

/** replicationControllerPrinter: Name, Desired, Current, Ready, Age, Containers, Images, Selector. */
export const replicationControllerPrinter: Printer = {
  columns: [
    NAME,
    column('Desired', 'integer', d.RC_SPEC_REPLICAS),
    column('Current', 'integer', d.RC_STATUS_REPLICAS),
    column('Ready', 'integer', d.RC_STATUS_READY_REPLICAS),
    AGE,
    CONTAINERS,
    IMAGES,
    column('Selector', 'string', d.RC_SPEC_SELECTOR, { priority: 1 }),
  ],
  print(obj, ctx) {
    const rc = obj as unknown as ReplicationController;
    const { names, images } = layoutContainerCells(rc.spec?.template?.spec?.containers);
    return {
      cells: [
        obj.metadata.name ?? '',
        rc.spec?.replicas ?? 1,
        rc.status?.replicas ?? 0,
        rc.status?.readyReplicas ?? 0,
        age(obj, ctx.now),
        names,
        images,
        formatLabels(rc.spec?.selector),
      ],
    };
  },
};

/** statefulSetPrinter: Name, Ready, Age, Containers, Images. */
export const statefulSetPrinter: Printer = {
  columns: [NAME, column('Ready', 'string', 'Number of the pod with ready state'), AGE, CONTAINERS, IMAGES],
  print(obj, ctx) {
    const sts = obj as unknown as Workload;
    const { names, images } = layoutContainerCells(sts.spec?.template?.spec?.containers);
    return {
      cells: [
        obj.metadata.name ?? '',
        `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 1}`,
        age(obj, ctx.now),
        names,
        images,
      ],
    };
  },
};

interface DaemonSet {
  spec?: { selector?: LabelSelector; template?: PodTemplateSpec };
  status?: {
    desiredNumberScheduled?: number;
    currentNumberScheduled?: number;
    numberReady?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
  };
}

/** daemonSetPrinter: Name, Desired, Current, Ready, Up-to-date, Available, Node Selector, Age, Containers, Images, Selector. */
export const daemonSetPrinter: Printer = {
  columns: [
    NAME,
    column('Desired', 'integer', d.DS_DESIRED),
    column('Current', 'integer', d.DS_CURRENT),
    column('Ready', 'integer', d.DS_READY),
    column('Up-to-date', 'integer', d.DS_UPDATED),
    column('Available', 'integer', d.DS_AVAILABLE),
    column('Node Selector', 'string', d.POD_NODE_SELECTOR),
    AGE,
    CONTAINERS,
    IMAGES,
    column('Selector', 'string', d.DS_SELECTOR, { priority: 1 }),
  ],
  print(obj, ctx) {
    const ds = obj as unknown as DaemonSet;
    const status = ds.status ?? {};
    const { names, images } = layoutContainerCells(ds.spec?.template?.spec?.containers);
    return {
      cells: [
        obj.metadata.name ?? '',
        status.desiredNumberScheduled ?? 0,
        status.currentNumberScheduled ?? 0,
        status.numberReady ?? 0,
        status.updatedNumberScheduled ?? 0,
        status.numberAvailable ?? 0,
        formatLabels(ds.spec?.template?.spec?.nodeSelector),
        age(obj, ctx.now),
        names,
        images,
        formatLabelSelector(ds.spec?.selector),
      ],
    };
  },
};

interface JobCondition {
  type?: string;
  status?: string;
}

interface JobSpec {
  completions?: number | null;
  parallelism?: number | null;
  selector?: LabelSelector;
  template?: PodTemplateSpec;
}

interface Job {
  spec?: JobSpec;
  status?: {
    succeeded?: number;
    startTime?: string;
    completionTime?: string;
    conditions?: JobCondition[];
  };
}

/** hasJobCondition is true when the first condition of that type has status True. */
function hasJobCondition(conditions: JobCondition[] | undefined, type: string): boolean {
  const condition = (conditions ?? []).find((c) => c.type === type);
  return condition?.status === 'True';
}

/** jobStatus is the STATUS cell: Complete, Failed, Terminating, Suspended, FailureTarget or Running. */
function jobStatus(obj: KubeObject, job: Job): string {
  const conditions = job.status?.conditions;
  if (hasJobCondition(conditions, 'Complete')) return 'Complete';
  if (hasJobCondition(conditions, 'Failed')) return 'Failed';
  if (obj.metadata.deletionTimestamp) return 'Terminating';
  if (hasJobCondition(conditions, 'Suspended')) return 'Suspended';
  if (hasJobCondition(conditions, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

/** jobCompletions is `succeeded/completions`, or `succeeded/1 [of parallelism]` for work-queue jobs. */
function jobCompletions(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  const completions = job.spec?.completions;
  if (completions !== undefined && completions !== null) return `${succeeded}/${completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** jobDuration is '' before start, the running time while active, completion - start when done. */
function jobDuration(job: Job, now: Date): string {
  const start = parseTimestamp(job.status?.startTime);
  if (start === undefined) return '';
  const completion = parseTimestamp(job.status?.completionTime);
  return humanDuration((completion ?? now.getTime()) - start);
}

/** jobPrinter: Name, Status, Completions, Duration, Age, Containers, Images, Selector. */
export const jobPrinter: Printer = {
  columns: [
    NAME,
    column('Status', 'string', 'Status of the job.'),
    column('Completions', 'string', d.JOB_SUCCEEDED),
    column('Duration', 'string', 'Time required to complete the job.'),
    AGE,
    CONTAINERS,
    IMAGES,
    column('Selector', 'string', d.JOB_SELECTOR, { priority: 1 }),
  ],
  print(obj, ctx) {
    const job = obj as unknown as Job;
    const { names, images } = layoutContainerCells(job.spec?.template?.spec?.containers);
    return {
      cells: [
        obj.metadata.name ?? '',
        jobStatus(obj, job),
        jobCompletions(job),
        jobDuration(job, ctx.now),
        age(obj, ctx.now),
        names,
        images,
        formatLabelSelector(job.spec?.selector),
      ],
    };
  },
};

interface CronJob {
  spec?: {
    schedule?: string;
    timeZone?: string | null;
    suspend?: boolean | null;
    jobTemplate?: { spec?: JobSpec };
  };
  status?: { active?: unknown[]; lastScheduleTime?: string };
}

/** cronJobPrinter: Name, Schedule, Timezone, Suspend, Active, Last Schedule, Age, Containers, Images, Selector. */
export const cronJobPrinter: Printer = {
  columns: [
    NAME,
    column('Schedule', 'string', d.CRONJOB_SCHEDULE),
    column('Timezone', 'string', d.CRONJOB_TIME_ZONE),
    column('Suspend', 'boolean', d.CRONJOB_SUSPEND),
    column('Active', 'integer', d.CRONJOB_ACTIVE),
    column('Last Schedule', 'string', d.CRONJOB_LAST_SCHEDULE),
    AGE,
    CONTAINERS,
    IMAGES,
    column('Selector', 'string', d.JOB_SELECTOR, { priority: 1 }),
  ],
  print(obj, ctx) {
    const cronJob = obj as unknown as CronJob;
    const spec = cronJob.spec ?? {};
    const jobSpec = spec.jobTemplate?.spec;
    const { names, images } = layoutContainerCells(jobSpec?.template?.spec?.containers);
    const lastSchedule = cronJob.status?.lastScheduleTime
      ? translateTimestampSince(cronJob.status.lastScheduleTime, ctx.now)
      : '<none>';
    return {
      cells: [
        obj.metadata.name ?? '',
        spec.schedule ?? '',
        spec.timeZone ?? '<none>',
        printBoolPtr(spec.suspend),
        (cronJob.status?.active ?? []).length,
        lastSchedule,
        age(obj, ctx.now),
        names,
        images,
        formatLabelSelector(jobSpec?.selector),
      ],
    };
  },
};
