/**
 * newJobController is the Job controller (pkg/controller/job): it runs pods until `completions` succeeded
 * (at most `parallelism` at a time), replaces failed pods after an exponential back-off, fails the Job past
 * `backoffLimit` or `activeDeadlineSeconds`, tracks finished pods with the `batch.kubernetes.io/job-tracking`
 * finalizer and `status.uncountedTerminatedPods` (so a deleted pod is never lost from the counts), sets the
 * 1.32 conditions (SuccessCriteriaMet then Complete; FailureTarget then Failed once no pod is left running)
 * and deletes finished Jobs after `ttlSecondsAfterFinished` (the ttl-after-finished controller's job).
 */
import type { KubeObject } from '../../api/object';
import { rfc3339 } from '../../client/event-recorder';
import { objectKey } from '../../client/informer';
import { isNotFound, isStatusError } from '../../machinery/errors';
import { Controller, splitKey } from '../controller';
import type { ControllerContext, ManagedController } from '../registry';
import { type Condition, isConditionTrue, setCondition } from '../workload-utils/conditions';
import { Expectations } from '../workload-utils/expectations';
import { managedController } from '../workload-utils/managed';
import {
  controllerRef,
  deepCopy,
  isPodActive,
  isPodReady,
  newControllerRef,
  podPhase,
} from '../workload-utils/pods';
import { REFS } from '../workload-utils/refs';
import {
  formatIndexes,
  parseIndexes,
  pendingIndexes,
  podCompletionIndex,
  withCompletionIndex,
} from './indexed';
import { matchPodFailurePolicy, type PodFailurePolicy } from './pod-failure-policy';
import {
  type BackoffPolicy,
  type BackoffRecord,
  DEFAULT_BACKOFF,
  nextBackoffRecord,
  remainingBackoffMs,
  scaledBackoff,
} from './backoff';

/** JOB_TRACKING_FINALIZER keeps a finished pod until the Job counted it. */
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';

export const JOB_MESSAGES = {
  backoffLimit: 'Job has reached the specified backoff limit',
  deadline: 'Job was active longer than specified deadline',
  completions: 'Reached expected number of succeeded pods',
  maxFailedIndexes: 'Job has exceeded the specified maximal number of failed indexes',
  failedIndexes: 'Job has failed indexes',
} as const;

export interface JobControllerOptions {
  /** Divides every back-off delay (default: scaled by the cluster speed, see controllers/timing.ts). */
  speedFactor?: number;
  backoff?: BackoffPolicy;
}

interface JobSpec {
  completionMode?: 'NonIndexed' | 'Indexed';
  podFailurePolicy?: PodFailurePolicy;
  podReplacementPolicy?: 'TerminatingOrFailed' | 'Failed';
  backoffLimitPerIndex?: number;
  maxFailedIndexes?: number;
  parallelism?: number;
  completions?: number | null;
  backoffLimit?: number;
  activeDeadlineSeconds?: number;
  ttlSecondsAfterFinished?: number;
  suspend?: boolean;
  template?: { metadata?: KubeObject['metadata']; spec?: Record<string, unknown> };
}

interface JobStatus {
  conditions?: Condition[];
  startTime?: string;
  completionTime?: string;
  active?: number;
  succeeded?: number;
  failed?: number;
  ready?: number;
  terminating?: number;
  uncountedTerminatedPods?: { succeeded?: string[]; failed?: string[] };
  completedIndexes?: string;
  failedIndexes?: string;
}

export function newJobController(
  ctx: ControllerContext,
  options: JobControllerOptions = {},
): ManagedController {
  const { client, now } = ctx;
  const recorder = ctx.recorder('job-controller');
  const base = options.backoff ?? DEFAULT_BACKOFF;
  const policy: BackoffPolicy =
    options.speedFactor !== undefined
      ? { baseMs: base.baseMs / options.speedFactor, maxMs: base.maxMs / options.speedFactor }
      : scaledBackoff(base, ctx.speed);
  const jobs = ctx.informers.informerFor(REFS.jobs);
  const pods = ctx.informers.informerFor(REFS.pods);
  const expectations = new Expectations();
  const backoffRecords = new Map<string, BackoffRecord>();

  const controller = new Controller({
    name: 'job-controller',
    reconcile,
    onError: ctx.onError,
  });
  jobs.addHandler({
    onAdd: (job) => controller.enqueue(objectKey(job)),
    onUpdate: (_old, job) => controller.enqueue(objectKey(job)),
    onDelete: (job) => {
      expectations.forget(objectKey(job));
      backoffRecords.delete(job.metadata.uid ?? '');
    },
  });
  const enqueueOwner = (pod: KubeObject): void => {
    const ref = controllerRef(pod);
    if (ref?.kind === 'Job') controller.enqueue(`${pod.metadata.namespace}/${ref.name}`);
  };
  pods.addHandler({ onAdd: enqueueOwner, onUpdate: (_o, pod) => enqueueOwner(pod), onDelete: enqueueOwner });

  async function reconcile(key: string): Promise<{ requeueAfterMs?: number } | void> {
    const job = jobs.get(key);
    const { namespace, name } = splitKey(key);
    if (!job) {
      // Why: pods of a deleted Job must not stay blocked by the tracking finalizer.
      for (const pod of pods.list((p) => p.metadata.namespace === namespace)) {
        const ref = controllerRef(pod);
        if (
          ref?.kind === 'Job' &&
          ref.name === name &&
          pod.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER)
        ) {
          await removeFinalizer(pod);
        }
      }
      return;
    }
    const spec = (job.spec ?? {}) as JobSpec;
    const status = deepCopy((job.status ?? {}) as JobStatus);
    const nowDate = now();
    const owned = pods.list(
      (p) => p.metadata.namespace === namespace && controllerRef(p)?.uid === job.metadata.uid,
    );
    const completions = spec.completions ?? null;
    const indexed = spec.completionMode === 'Indexed' && completions !== null;
    // backoffLimitPerIndex: each index has its own failure budget; a spent index is failed, not retried.
    const perIndex = indexed && spec.backoffLimitPerIndex !== undefined;
    if (perIndex) status.failedIndexes ??= '';
    // podReplacementPolicy Failed (the default with a podFailurePolicy): a pod counts as failed, and is
    // replaced, only once it reached phase Failed, not as soon as it is terminating.
    const onlyReplaceFailed =
      spec.podReplacementPolicy === 'Failed' ||
      (spec.podReplacementPolicy === undefined && spec.podFailurePolicy !== undefined);
    const isFailed = (pod: KubeObject): boolean => {
      const phase = podPhase(pod);
      if (phase === 'Failed') return true;
      if (phase === 'Succeeded' || !pod.metadata.deletionTimestamp) return false;
      // Why the nodeName test: an unscheduled pod being deleted never runs; PodGC marks it Failed upstream.
      return !onlyReplaceFailed || !(pod.spec as { nodeName?: string } | undefined)?.nodeName;
    };
    // A FailJob rule matching any failed pod fails the Job (upstream getFailJobMessage).
    let policyFailure: { reason: string; message: string } | undefined;
    if (spec.podFailurePolicy && !isConditionTrue(status.conditions, 'FailureTarget')) {
      for (const pod of owned) {
        if (podPhase(pod) !== 'Failed') continue;
        const match = matchPodFailurePolicy(spec.podFailurePolicy, pod);
        if (match.action === 'FailJob') {
          policyFailure = { reason: 'PodFailurePolicy', message: match.message! };
          break;
        }
      }
    }

    // 1. Count finished pods through uncountedTerminatedPods, then release their finalizers.
    const uncounted = {
      succeeded: [...(status.uncountedTerminatedPods?.succeeded ?? [])],
      failed: [...(status.uncountedTerminatedPods?.failed ?? [])],
    };
    const newSucceeded: number[] = [];
    const newFailed: number[] = [];
    const ignored: KubeObject[] = [];
    for (const pod of owned) {
      if (!pod.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER)) continue;
      const uid = pod.metadata.uid!;
      const phase = podPhase(pod);
      if (phase !== 'Succeeded' && !isFailed(pod)) continue;
      if (uncounted.succeeded.includes(uid) || uncounted.failed.includes(uid)) continue;
      if (phase !== 'Succeeded' && spec.podFailurePolicy && phase === 'Failed') {
        // An Ignore rule: the failure is not counted (nor backed off), the pod is only released.
        if (!matchPodFailurePolicy(spec.podFailurePolicy, pod).countFailed) {
          ignored.push(pod);
          continue;
        }
      }
      if (phase === 'Succeeded') {
        uncounted.succeeded.push(uid);
        newSucceeded.push(nowDate.getTime());
      } else {
        uncounted.failed.push(uid);
        newFailed.push(nowDate.getTime());
      }
    }
    if (newSucceeded.length + newFailed.length > 0) {
      backoffRecords.set(
        job.metadata.uid!,
        nextBackoffRecord(backoffRecords.get(job.metadata.uid!), newSucceeded, newFailed),
      );
    }
    if (policyFailure) {
      // Written with the uncounted pods, so the decision survives a crash before the next pass.
      status.conditions = setCondition(
        status.conditions,
        { type: 'FailureTarget', status: 'True', ...policyFailure },
        nowDate,
        { probe: true },
      );
    }
    if (uncounted.succeeded.length + uncounted.failed.length > 0) {
      status.uncountedTerminatedPods = uncounted;
      const written = await writeStatus(job, status);
      for (const pod of owned) {
        const uid = pod.metadata.uid!;
        if (!uncounted.succeeded.includes(uid) && !uncounted.failed.includes(uid)) continue;
        await removeFinalizer(pod);
      }
      if (indexed) {
        // Indexed: succeeded counts distinct completed indexes (a second success of an index adds nothing).
        const done = parseIndexes(status.completedIndexes, completions);
        for (const uid of uncounted.succeeded) {
          const pod = owned.find((p) => p.metadata.uid === uid);
          const index = pod ? podCompletionIndex(pod) : undefined;
          if (index !== undefined && index < completions) done.add(index);
        }
        setCompletedIndexes(status, done);
        if (perIndex) {
          const failedIndexes = parseIndexes(status.failedIndexes, completions);
          for (const uid of uncounted.failed) {
            const pod = owned.find((p) => p.metadata.uid === uid);
            const index = pod ? podCompletionIndex(pod) : undefined;
            if (pod && index !== undefined && index < completions && indexFailed(spec, pod)) {
              failedIndexes.add(index);
            }
          }
          status.failedIndexes = formatIndexes(failedIndexes);
        }
      } else {
        status.succeeded = (status.succeeded ?? 0) + uncounted.succeeded.length;
      }
      status.failed = (status.failed ?? 0) + uncounted.failed.length;
      status.uncountedTerminatedPods = {};
      // Why a re-read: the finalizer patches do not change the Job, so its written version is current.
      job.metadata.resourceVersion = written.metadata.resourceVersion;
    }
    for (const pod of ignored) await removeFinalizer(pod);

    const finished =
      isConditionTrue(status.conditions, 'Complete') || isConditionTrue(status.conditions, 'Failed');
    if (finished) {
      if (status.uncountedTerminatedPods && Object.keys(status.uncountedTerminatedPods).length === 0) {
        await writeStatus(job, status);
      }
      return handleTtl(job, spec, status, nowDate);
    }

    const pendingCreations = expectations.pendingCreations(
      key,
      (name) => pods.get(`${namespace}/${name}`) !== undefined,
    );
    const pendingDeletions = new Set(
      expectations.pendingDeletions(key, (name) => {
        const pod = pods.get(`${namespace}/${name}`);
        return pod !== undefined && !pod.metadata.deletionTimestamp;
      }),
    );
    const active = owned.filter((p) => isPodActive(p) && !pendingDeletions.has(p.metadata.name!));
    const terminating = owned.filter(
      (p) => p.metadata.deletionTimestamp && podPhase(p) !== 'Succeeded' && podPhase(p) !== 'Failed',
    );
    const succeeded = status.succeeded ?? 0;
    const failed = status.failed ?? 0;
    const parallelism = spec.parallelism ?? 1;
    const backoffLimit = spec.backoffLimit ?? 6;
    let requeueAfterMs: number | undefined;

    if (!status.startTime && !spec.suspend) status.startTime = rfc3339(nowDate);

    // 2. Decide whether the Job reached a terminal state.
    let failure: { reason: string; message: string } | undefined;
    const perIndexFailure =
      perIndex && completions !== null ? failedIndexesOutcome(spec, status, completions) : undefined;
    if (isConditionTrue(status.conditions, 'FailureTarget')) {
      const target = status.conditions!.find((c) => c.type === 'FailureTarget')!;
      failure = { reason: target.reason ?? '', message: target.message ?? '' };
    } else if (perIndexFailure) {
      failure = perIndexFailure;
    } else if (failed > backoffLimit || pastBackoffLimitOnFailure(spec, active, failed, backoffLimit)) {
      failure = { reason: 'BackoffLimitExceeded', message: JOB_MESSAGES.backoffLimit };
    } else if (spec.activeDeadlineSeconds !== undefined && status.startTime && !spec.suspend) {
      const deadline = Date.parse(status.startTime) + spec.activeDeadlineSeconds * 1000;
      if (nowDate.getTime() >= deadline)
        failure = { reason: 'DeadlineExceeded', message: JOB_MESSAGES.deadline };
      else requeueAfterMs = deadline - nowDate.getTime();
    }
    const complete =
      !failure &&
      (isConditionTrue(status.conditions, 'SuccessCriteriaMet') ||
        (completions !== null ? succeeded >= completions : succeeded > 0 && active.length === 0));

    if (failure || complete) {
      if (failure && !isConditionTrue(status.conditions, 'FailureTarget')) {
        status.conditions = setCondition(
          status.conditions,
          { type: 'FailureTarget', status: 'True', ...failure },
          nowDate,
          { probe: true },
        );
      }
      if (complete && !isConditionTrue(status.conditions, 'SuccessCriteriaMet')) {
        status.conditions = setCondition(
          status.conditions,
          {
            type: 'SuccessCriteriaMet',
            status: 'True',
            reason: 'CompletionsReached',
            message: JOB_MESSAGES.completions,
          },
          nowDate,
          { probe: true },
        );
      }
      // Why: in 1.32 the terminal condition waits until every pod of the Job stopped running.
      for (const pod of active) await deletePod(key, job, pod);
      const stillRunning = owned.filter((p) => podPhase(p) !== 'Succeeded' && podPhase(p) !== 'Failed');
      if (stillRunning.length === 0) {
        if (failure) {
          status.conditions = setCondition(
            status.conditions,
            { type: 'Failed', status: 'True', ...failure },
            nowDate,
            { probe: true },
          );
          await recorder.record(job, 'Warning', failure.reason, failure.message);
        } else {
          status.conditions = setCondition(
            status.conditions,
            {
              type: 'Complete',
              status: 'True',
              reason: 'CompletionsReached',
              message: JOB_MESSAGES.completions,
            },
            nowDate,
            { probe: true },
          );
          status.completionTime = rfc3339(nowDate);
          await recorder.record(job, 'Normal', 'Completed', 'Job completed');
        }
      }
      fillCounts(status, [], terminating.length + active.length, 0);
      await writeStatus(job, status);
      return stillRunning.length === 0 ? handleTtl(job, spec, status, nowDate) : undefined;
    }

    // 3. Suspension deletes the running pods and creates none.
    if (spec.suspend) {
      for (const pod of active) await deletePod(key, job, pod);
      if (!isConditionTrue(status.conditions, 'Suspended')) {
        status.conditions = setCondition(
          status.conditions,
          { type: 'Suspended', status: 'True', reason: 'JobSuspended', message: 'Job suspended' },
          nowDate,
          { probe: true },
        );
        await recorder.record(job, 'Normal', 'Suspended', 'Job suspended');
      }
      fillCounts(status, [], terminating.length + active.length, 0);
      await writeStatus(job, status);
      return;
    }
    if (isConditionTrue(status.conditions, 'Suspended')) {
      status.conditions = setCondition(
        status.conditions,
        { type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed' },
        nowDate,
        { probe: true },
      );
      status.startTime = rfc3339(nowDate);
      await recorder.record(job, 'Normal', 'Resumed', 'Job resumed');
    }

    // 4. Converge the number of running pods.
    if (indexed) {
      return convergeIndexed(key, job, spec, status, {
        active,
        terminating,
        pendingCreations,
        parallelism,
        completions,
        onlyReplaceFailed,
        nowDate,
        requeueAfterMs,
        owned,
      });
    }
    const wanted = wantedActive(completions, parallelism, succeeded, active.length);
    // With podReplacementPolicy Failed, a terminating pod still holds its place until it is Failed.
    const current = active.length + pendingCreations.length + (onlyReplaceFailed ? terminating.length : 0);
    if (current < wanted) {
      const waitMs = remainingBackoffMs(backoffRecords.get(job.metadata.uid!), policy, nowDate.getTime());
      if (waitMs > 0) requeueAfterMs = Math.min(requeueAfterMs ?? Infinity, waitMs);
      else for (let i = current; i < wanted; i++) await createPod(key, job, spec);
    } else if (active.length > wanted) {
      // Delete the pods least far along first: not ready before ready, newest first.
      const extra = [...active]
        .sort(
          (a, b) =>
            Number(isPodReady(a)) - Number(isPodReady(b)) ||
            (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''),
        )
        .slice(0, active.length - wanted);
      for (const pod of extra) await deletePod(key, job, pod);
    }
    fillCounts(status, active, terminating.length, pendingCreations.length + Math.max(0, wanted - current));
    await writeStatus(job, status);
    return requeueAfterMs !== undefined
      ? { requeueAfterMs: Math.max(1, Math.ceil(requeueAfterMs)) }
      : undefined;
  }

  async function convergeIndexed(
    key: string,
    job: KubeObject,
    spec: JobSpec,
    status: JobStatus,
    state: {
      active: KubeObject[];
      terminating: KubeObject[];
      pendingCreations: string[];
      parallelism: number;
      completions: number;
      onlyReplaceFailed: boolean;
      nowDate: Date;
      requeueAfterMs: number | undefined;
      owned: KubeObject[];
    },
  ): Promise<{ requeueAfterMs?: number }> {
    const { completions, nowDate } = state;
    let requeueAfterMs = state.requeueAfterMs;
    const succeededIndexes = parseIndexes(status.completedIndexes, completions);
    // Failed indexes (backoffLimitPerIndex) are done too: never run again.
    const failedIndexes = parseIndexes(status.failedIndexes, completions);
    const completed = new Set([...succeededIndexes, ...failedIndexes]);
    const failureCounts =
      spec.backoffLimitPerIndex !== undefined ? indexFailureCounts(spec, state.owned) : undefined;
    // Keep one pod per pending index (ready, then oldest first); delete pods of completed, invalid or
    // duplicated indexes.
    const ordered = [...state.active].sort(
      (a, b) =>
        Number(isPodReady(b)) - Number(isPodReady(a)) ||
        (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''),
    );
    const kept: KubeObject[] = [];
    const taken = new Set<number>();
    for (const pod of ordered) {
      const index = podCompletionIndex(pod);
      if (index === undefined || index >= completions || completed.has(index) || taken.has(index)) {
        await deletePod(key, job, pod);
        continue;
      }
      taken.add(index);
      kept.push(pod);
    }
    const jobName = job.metadata.name!;
    for (const name of state.pendingCreations) {
      const index = indexFromPodName(jobName, name);
      if (index !== undefined) taken.add(index);
    }
    if (state.onlyReplaceFailed) {
      for (const pod of state.terminating) {
        const index = podCompletionIndex(pod);
        if (index !== undefined) taken.add(index);
      }
    }
    const wanted = Math.max(0, Math.min(state.parallelism, completions - completed.size));
    const busy =
      kept.length + state.pendingCreations.length + (state.onlyReplaceFailed ? state.terminating.length : 0);
    let creating = 0;
    if (busy < wanted) {
      const waitMs = remainingBackoffMs(backoffRecords.get(job.metadata.uid!), policy, nowDate.getTime());
      if (waitMs > 0) requeueAfterMs = Math.min(requeueAfterMs ?? Infinity, waitMs);
      else {
        for (const index of pendingIndexes(completions, completed, taken, wanted - busy)) {
          await createPod(key, job, spec, index, failureCounts?.get(index) ?? 0);
          creating++;
        }
      }
    }
    setCompletedIndexes(status, succeededIndexes);
    fillCounts(status, kept, state.terminating.length, state.pendingCreations.length + creating);
    await writeStatus(job, status);
    return requeueAfterMs !== undefined ? { requeueAfterMs: Math.max(1, Math.ceil(requeueAfterMs)) } : {};
  }

  function fillCounts(status: JobStatus, active: KubeObject[], terminating: number, creating: number): void {
    status.active = active.length + creating;
    status.ready = active.filter(isPodReady).length;
    status.terminating = terminating;
    status.succeeded ??= 0;
    status.failed ??= 0;
    status.uncountedTerminatedPods ??= {};
  }

  async function handleTtl(
    job: KubeObject,
    spec: JobSpec,
    status: JobStatus,
    nowDate: Date,
  ): Promise<{ requeueAfterMs?: number } | void> {
    if (spec.ttlSecondsAfterFinished === undefined) return;
    const finishedAt =
      status.completionTime ??
      status.conditions?.find((c) => c.type === 'Failed' && c.status === 'True')?.lastTransitionTime;
    if (!finishedAt) return;
    const expireAt = Date.parse(finishedAt) + spec.ttlSecondsAfterFinished * 1000;
    if (nowDate.getTime() < expireAt) return { requeueAfterMs: expireAt - nowDate.getTime() };
    try {
      await client.delete(REFS.jobs, job.metadata.namespace, job.metadata.name!, {
        propagationPolicy: 'Foreground',
        preconditions: { uid: job.metadata.uid },
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  async function createPod(
    key: string,
    job: KubeObject,
    spec: JobSpec,
    index?: number,
    indexFailures?: number,
  ): Promise<void> {
    const template = deepCopy(spec.template ?? {});
    const name = job.metadata.name!;
    const uid = job.metadata.uid!;
    let pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        generateName: index === undefined ? `${name}-` : `${name}-${index}-`,
        namespace: job.metadata.namespace,
        labels: {
          ...(template.metadata?.labels ?? {}),
          'batch.kubernetes.io/controller-uid': uid,
          'batch.kubernetes.io/job-name': name,
          'controller-uid': uid,
          'job-name': name,
        },
        ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}),
        finalizers: [JOB_TRACKING_FINALIZER],
        ownerReferences: [newControllerRef(job)],
      },
      spec: template.spec ?? {},
    };
    if (index !== undefined) pod = withCompletionIndex(pod, name, index);
    if (index !== undefined && spec.backoffLimitPerIndex !== undefined) {
      pod.metadata.annotations = {
        ...pod.metadata.annotations,
        [INDEX_FAILURE_COUNT_ANNOTATION]: String(indexFailures ?? 0),
      };
    }
    try {
      const created = await client.create(REFS.pods, job.metadata.namespace, pod);
      expectations.expectCreation(key, created.metadata.name!);
      await recorder.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`);
    } catch (err) {
      const message = isStatusError(err) ? err.message : String(err);
      await recorder.record(job, 'Warning', 'FailedCreate', `Error creating: ${message}`);
      throw err;
    }
  }

  async function deletePod(key: string, job: KubeObject, pod: KubeObject): Promise<void> {
    try {
      await client.delete(REFS.pods, pod.metadata.namespace, pod.metadata.name!);
      expectations.expectDeletion(key, pod.metadata.name!);
      await recorder.record(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  async function removeFinalizer(pod: KubeObject): Promise<void> {
    const finalizers = (pod.metadata.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER);
    try {
      await client.patch(REFS.pods, pod.metadata.namespace, pod.metadata.name!, 'merge', {
        metadata: { finalizers: finalizers.length > 0 ? finalizers : null },
      });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  async function writeStatus(job: KubeObject, status: JobStatus): Promise<KubeObject> {
    if (JSON.stringify(status) === JSON.stringify(job.status ?? {})) return job;
    return client.updateStatus(REFS.jobs, job.metadata.namespace, { ...job, status });
  }

  return managedController(controller, [jobs, pods]);
}

/** INDEX_FAILURE_COUNT_ANNOTATION is how many pods of this index failed before this one. */
export const INDEX_FAILURE_COUNT_ANNOTATION = 'batch.kubernetes.io/job-index-failure-count';

/** indexFailureCount is the failures of a pod's index up to and including this (failed) pod. */
function podIndexFailures(pod: KubeObject): number {
  const before = Number.parseInt(pod.metadata.annotations?.[INDEX_FAILURE_COUNT_ANNOTATION] ?? '0', 10);
  return (Number.isNaN(before) ? 0 : before) + 1;
}

/** indexFailed: a counted failure spends the index (FailIndex rule, or past backoffLimitPerIndex). */
function indexFailed(spec: JobSpec, pod: KubeObject): boolean {
  const match = spec.podFailurePolicy ? matchPodFailurePolicy(spec.podFailurePolicy, pod) : undefined;
  if (match && !match.countFailed) return false;
  return match?.action === 'FailIndex' || podIndexFailures(pod) > (spec.backoffLimitPerIndex ?? 0);
}

/** indexFailureCounts maps each index to its counted failures so far (from its Failed pods). */
function indexFailureCounts(spec: JobSpec, owned: KubeObject[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const pod of owned) {
    if (podPhase(pod) !== 'Failed') continue;
    const index = podCompletionIndex(pod);
    if (index === undefined) continue;
    if (spec.podFailurePolicy && !matchPodFailurePolicy(spec.podFailurePolicy, pod).countFailed) continue;
    counts.set(index, Math.max(counts.get(index) ?? 0, podIndexFailures(pod)));
  }
  return counts;
}

/**
 * failedIndexesOutcome is the Job failure backoffLimitPerIndex implies: more failed indexes than
 * maxFailedIndexes, or every index finished and some failed.
 */
function failedIndexesOutcome(
  spec: JobSpec,
  status: JobStatus,
  completions: number,
): { reason: string; message: string } | undefined {
  const failed = parseIndexes(status.failedIndexes, completions).size;
  if (spec.maxFailedIndexes !== undefined && failed > spec.maxFailedIndexes) {
    return { reason: 'MaxFailedIndexesExceeded', message: JOB_MESSAGES.maxFailedIndexes };
  }
  const succeeded = parseIndexes(status.completedIndexes, completions).size;
  if (failed > 0 && succeeded + failed >= completions) {
    return { reason: 'FailedIndexes', message: JOB_MESSAGES.failedIndexes };
  }
  return undefined;
}

/** setCompletedIndexes writes `completedIndexes` ("0-2,4", omitted when empty) and `succeeded` from it. */
function setCompletedIndexes(status: JobStatus, done: Set<number>): void {
  const text = formatIndexes(done);
  if (text) status.completedIndexes = text;
  else delete status.completedIndexes;
  status.succeeded = done.size;
}

/** indexFromPodName reads the index of a pod this controller named `<job>-<index>-<suffix>`. */
function indexFromPodName(jobName: string, podName: string): number | undefined {
  if (!podName.startsWith(`${jobName}-`)) return undefined;
  const match = /^(0|[1-9][0-9]*)-[a-z0-9]+$/.exec(podName.slice(jobName.length + 1));
  return match ? Number(match[1]) : undefined;
}

/** wantedActive is how many pods should run now: parallelism bounded by the completions still missing. */
export function wantedActive(
  completions: number | null,
  parallelism: number,
  succeeded: number,
  active: number,
): number {
  if (completions === null) {
    // A work-queue Job (no completions) stops starting pods once one succeeded.
    return succeeded > 0 ? Math.min(active, parallelism) : parallelism;
  }
  return Math.max(0, Math.min(parallelism, completions - succeeded));
}

/** pastBackoffLimitOnFailure counts container restarts of `OnFailure` pods against the back-off limit. */
function pastBackoffLimitOnFailure(
  spec: JobSpec,
  active: KubeObject[],
  failed: number,
  backoffLimit: number,
): boolean {
  if (spec.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const pod of active) {
    const statuses =
      (pod.status as { containerStatuses?: { restartCount?: number }[] } | undefined)?.containerStatuses ??
      [];
    for (const s of statuses) restarts += s.restartCount ?? 0;
  }
  if (backoffLimit === 0) return restarts > 0;
  return failed + restarts >= backoffLimit;
}
