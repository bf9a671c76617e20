/**
 * Jobs (pkg/registry/batch/job upstream): unless spec.manualSelector is true, the server generates the
 * selector from the job's uid and labels the pod template so that the job controller can find its pods.
 */
import type { KubeObject } from '../../../api/object';
import { findResource } from '../../../api/resources';
import { asRecord, ensureRecord } from '../meta';
import type { ResourceStrategy } from '../strategy';
import { defaultStrategy } from '../strategy';

/** Label keys the server puts on job pod templates (batch/v1 constants). */
export const JOB_LABELS = {
  controllerUid: 'batch.kubernetes.io/controller-uid',
  jobName: 'batch.kubernetes.io/job-name',
  legacyControllerUid: 'controller-uid',
  legacyJobName: 'job-name',
} as const;

/** generateJobSelector fills spec.selector and the template labels of a job without a manual selector. */
export function generateJobSelector(job: KubeObject): void {
  const spec = ensureRecord(job, 'spec');
  if (spec.manualSelector === true) return;
  const uid = job.metadata.uid ?? '';
  const name = job.metadata.name ?? '';
  const template = ensureRecord(spec, 'template');
  const templateMeta = ensureRecord(template, 'metadata');
  const labels = { ...((asRecord(templateMeta.labels) as Record<string, string> | undefined) ?? {}) };
  labels[JOB_LABELS.controllerUid] ??= uid;
  labels[JOB_LABELS.legacyControllerUid] ??= uid;
  labels[JOB_LABELS.jobName] ??= name;
  labels[JOB_LABELS.legacyJobName] ??= name;
  templateMeta.labels = labels;
  if (!asRecord(spec.selector)) spec.selector = { matchLabels: { [JOB_LABELS.controllerUid]: uid } };
}

/** jobStrategy returns the Job strategy. */
export function jobStrategy(): ResourceStrategy {
  const info = findResource('batch', 'v1', 'jobs');
  if (!info) throw new Error('jobs missing from the resource catalogue');
  return {
    ...defaultStrategy(info),
    prepareForCreate(obj) {
      generateJobSelector(obj);
    },
  };
}
