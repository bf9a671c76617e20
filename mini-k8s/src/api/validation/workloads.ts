/**
 * Workload validation (pkg/apis/apps/validation and core's ReplicationController): Deployment,
 * ReplicaSet, StatefulSet, DaemonSet and ReplicationController, on create and update. Jobs and
 * CronJobs are in batch.ts.
 */
import type { FieldError } from '../../machinery/errors';
import { GoLiteral, fieldErrors, goMapLiteral } from '../../machinery/field-errors';
import { labelSelectorFromMeta, type LabelSelectorMeta, selectorFromSet } from '../../machinery/labels';
import { nameIsDnsSubdomain, regexError } from '../../machinery/names';
import type { KubeObject } from '../object';
import {
  intOrStringLiteral,
  labelSelectorLiteral,
  list,
  num,
  obj,
  str,
  stringMap,
  validateNonnegative,
  type Json,
} from './helpers';
import { validateImmutable, validateLabelSelector, validateObjectMeta } from './meta';
import { validatePodTemplateSpec } from './pod';

const SELECTOR_MISMATCH = '`selector` does not match template `labels`';

export function templateLabels(spec: Json): Record<string, string> | undefined {
  return stringMap(obj(obj(spec.template)?.metadata)?.labels);
}

/** selectorMatchesTemplate reports the selector/labels mismatch (a nil selector selects nothing). */
export function selectorMismatch(
  selector: unknown,
  labels: Record<string, string> | undefined,
  path: string,
  skipEmpty: boolean,
): FieldError[] {
  let parsed;
  try {
    parsed = labelSelectorFromMeta(obj(selector) as LabelSelectorMeta | undefined);
  } catch {
    return [];
  }
  if (skipEmpty && parsed.empty()) return [];
  return parsed.matches(labels) ? [] : [fieldErrors.invalid(path, goMapLiteral(labels), SELECTOR_MISMATCH)];
}

function isEmptySelector(selector: Json): boolean {
  return Object.keys(obj(selector.matchLabels) ?? {}).length + list(selector.matchExpressions).length === 0;
}

/** validateSelectorRequired checks presence, syntax and emptiness of a workload's spec.selector. */
function validateSelectorRequired(spec: Json, kindWord: string): FieldError[] {
  const selector = obj(spec.selector);
  if (!selector) return [fieldErrors.required('spec.selector')];
  const errs = validateLabelSelector(selector, 'spec.selector');
  if (isEmptySelector(selector)) {
    errs.push(
      fieldErrors.invalid(
        'spec.selector',
        labelSelectorLiteral(selector),
        `empty selector is invalid for ${kindWord}`,
      ),
    );
  }
  return errs;
}

/** validateTemplateForReplicaSet is ValidatePodTemplateSpecForReplicaSet. */
function validateTemplateForReplicaSet(spec: Json, kindWord: string): FieldError[] {
  const template = obj(spec.template);
  if (!template) return [fieldErrors.required('spec.template')];
  const errs = selectorMismatch(spec.selector, templateLabels(spec), 'spec.template.metadata.labels', true);
  errs.push(...validatePodTemplateSpec(template, 'spec.template'));
  const podSpec = obj(template.spec) ?? {};
  if (str(podSpec.restartPolicy) !== 'Always') {
    errs.push(
      fieldErrors.notSupported('spec.template.spec.restartPolicy', str(podSpec.restartPolicy), ['Always']),
    );
  }
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    errs.push(
      fieldErrors.forbidden(
        'spec.template.spec.activeDeadlineSeconds',
        `activeDeadlineSeconds in ${kindWord} is not Supported`,
      ),
    );
  }
  return errs;
}

function validatePercent(value: string, path: string): FieldError[] {
  return /^[0-9]+%$/.test(value)
    ? []
    : [
        fieldErrors.invalid(
          path,
          intOrStringLiteral(value),
          regexError(
            "a valid percent string must be a numeric string followed by an ending '%'",
            '[0-9]+%',
            '1%',
            '93%',
          ),
        ),
      ];
}

/** validatePositiveIntOrPercent is ValidatePositiveIntOrPercent. */
function validatePositiveIntOrPercent(value: unknown, path: string): FieldError[] {
  if (typeof value === 'string') return validatePercent(value, path);
  return validateNonnegative(value, path);
}

function intOrPercentValue(value: unknown): number {
  if (typeof value === 'string') return /^[0-9]+%$/.test(value) ? Number.parseInt(value, 10) : 0;
  return num(value);
}

function validateDeploymentStrategy(strategy: Json): FieldError[] {
  const type = str(strategy.type);
  const rollingUpdate = obj(strategy.rollingUpdate);
  if (type === 'Recreate') {
    return rollingUpdate
      ? [
          fieldErrors.forbidden(
            'spec.strategy.rollingUpdate',
            "may not be specified when strategy `type` is 'Recreate'",
          ),
        ]
      : [];
  }
  if (type === 'RollingUpdate') {
    if (!rollingUpdate)
      return [
        fieldErrors.required('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil'),
      ];
    const errs = [
      ...validatePositiveIntOrPercent(
        rollingUpdate.maxUnavailable,
        'spec.strategy.rollingUpdate.maxUnavailable',
      ),
      ...validatePositiveIntOrPercent(rollingUpdate.maxSurge, 'spec.strategy.rollingUpdate.maxSurge'),
    ];
    if (
      intOrPercentValue(rollingUpdate.maxUnavailable) === 0 &&
      intOrPercentValue(rollingUpdate.maxSurge) === 0
    ) {
      errs.push(
        fieldErrors.invalid(
          'spec.strategy.rollingUpdate.maxUnavailable',
          intOrStringLiteral(rollingUpdate.maxUnavailable),
          'may not be 0 when `maxSurge` is 0',
        ),
      );
    }
    if (
      typeof rollingUpdate.maxUnavailable === 'string' &&
      intOrPercentValue(rollingUpdate.maxUnavailable) > 100
    ) {
      errs.push(
        fieldErrors.invalid(
          'spec.strategy.rollingUpdate.maxUnavailable',
          intOrStringLiteral(rollingUpdate.maxUnavailable),
          'must not be greater than 100%',
        ),
      );
    }
    return errs;
  }
  const literal = new GoLiteral(
    `apps.DeploymentStrategy{Type:${JSON.stringify(type)}, RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}`,
  );
  return [fieldErrors.notSupported('spec.strategy', literal, ['Recreate', 'RollingUpdate'])];
}

/** META is the metadata rule of every workload: namespaced, DNS-1123 subdomain names. */
export const META = { namespaced: true, nameFn: nameIsDnsSubdomain };

/** validateDeployment is ValidateDeployment (create). */
export function validateDeployment(d: KubeObject): FieldError[] {
  const spec = obj(d.spec) ?? {};
  const errs = validateObjectMeta(d.metadata, META);
  errs.push(...validateNonnegative(spec.replicas, 'spec.replicas'));
  errs.push(...validateSelectorRequired(spec, 'deployment'));
  errs.push(...validateTemplateForReplicaSet(spec, 'ReplicaSet'));
  errs.push(...validateDeploymentStrategy(obj(spec.strategy) ?? {}));
  errs.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateNonnegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (typeof spec.progressDeadlineSeconds === 'number') {
    errs.push(...validateNonnegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (spec.progressDeadlineSeconds <= num(spec.minReadySeconds)) {
      errs.push(
        fieldErrors.invalid(
          'spec.progressDeadlineSeconds',
          spec.progressDeadlineSeconds,
          'must be greater than minReadySeconds',
        ),
      );
    }
  }
  return errs;
}

/** validateReplicaSet is ValidateReplicaSet (create); its empty-selector message says "deployment", as upstream. */
export function validateReplicaSet(rs: KubeObject): FieldError[] {
  const spec = obj(rs.spec) ?? {};
  return [
    ...validateObjectMeta(rs.metadata, META),
    ...validateNonnegative(spec.replicas, 'spec.replicas'),
    ...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'),
    ...validateSelectorRequired(spec, 'deployment'),
    ...validateTemplateForReplicaSet(spec, 'ReplicaSet'),
  ];
}

/** validateStatefulSet is ValidateStatefulSet (create). */
export function validateStatefulSet(sts: KubeObject): FieldError[] {
  const spec = obj(sts.spec) ?? {};
  const errs = validateObjectMeta(sts.metadata, META);
  const policy = str(spec.podManagementPolicy);
  if (!policy) errs.push(fieldErrors.required('spec.podManagementPolicy'));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel') {
    errs.push(
      fieldErrors.invalid('spec.podManagementPolicy', policy, "must be 'OrderedReady' or 'Parallel'"),
    );
  }
  const updateType = str(obj(spec.updateStrategy)?.type);
  if (!updateType) errs.push(fieldErrors.required('spec.updateStrategy'));
  else if (updateType !== 'RollingUpdate' && updateType !== 'OnDelete') {
    errs.push(
      fieldErrors.invalid('spec.updateStrategy', updateType, "must be 'RollingUpdate' or 'OnDelete'"),
    );
  }
  errs.push(
    ...validateNonnegative(
      obj(obj(spec.updateStrategy)?.rollingUpdate)?.partition,
      'spec.updateStrategy.rollingUpdate.partition',
    ),
  );
  errs.push(...validateNonnegative(spec.replicas, 'spec.replicas'));
  errs.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateSelectorRequired(spec, 'statefulset'));
  const template = obj(spec.template) ?? {};
  errs.push(...selectorMismatch(spec.selector, templateLabels(spec), 'spec.template.metadata.labels', true));
  // Mounts may name a volumeClaimTemplate: the controller adds a PVC volume of that name to every pod.
  const claimNames = list(spec.volumeClaimTemplates)
    .map((claim) => str(obj(claim.metadata)?.name))
    .filter((name) => name !== '');
  errs.push(...validatePodTemplateSpec(template, 'spec.template', claimNames));
  const podSpec = obj(template.spec) ?? {};
  if (str(podSpec.restartPolicy) !== 'Always') {
    errs.push(
      fieldErrors.notSupported('spec.template.spec.restartPolicy', str(podSpec.restartPolicy), ['Always']),
    );
  }
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    errs.push(
      fieldErrors.forbidden(
        'spec.template.spec.activeDeadlineSeconds',
        'activeDeadlineSeconds in StatefulSet is not Supported',
      ),
    );
  }
  return errs;
}

/** validateDaemonSet is ValidateDaemonSet (create). */
export function validateDaemonSet(ds: KubeObject): FieldError[] {
  const spec = obj(ds.spec) ?? {};
  const errs = validateObjectMeta(ds.metadata, META);
  const selector = obj(spec.selector);
  if (!selector) errs.push(fieldErrors.required('spec.selector'));
  else errs.push(...validateLabelSelector(selector, 'spec.selector'));
  errs.push(...selectorMismatch(spec.selector, templateLabels(spec), 'spec.template.metadata.labels', false));
  if (selector && isEmptySelector(selector)) {
    errs.push(
      fieldErrors.invalid(
        'spec.selector',
        labelSelectorLiteral(selector),
        'empty selector is invalid for daemonset',
      ),
    );
  }
  const template = obj(spec.template) ?? {};
  errs.push(...validatePodTemplateSpec(template, 'spec.template'));
  const podSpec = obj(template.spec) ?? {};
  if (str(podSpec.restartPolicy) !== 'Always') {
    errs.push(
      fieldErrors.notSupported('spec.template.spec.restartPolicy', str(podSpec.restartPolicy), ['Always']),
    );
  }
  if (typeof podSpec.activeDeadlineSeconds === 'number') {
    errs.push(
      fieldErrors.invalid(
        'spec.template.spec.activeDeadlineSeconds',
        podSpec.activeDeadlineSeconds,
        'activeDeadlineSeconds must be nil for daemonset',
      ),
    );
  }
  errs.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  const strategy = obj(spec.updateStrategy) ?? {};
  const type = str(strategy.type);
  if (type === 'RollingUpdate') {
    const ru = obj(strategy.rollingUpdate) ?? {};
    errs.push(
      ...validatePositiveIntOrPercent(ru.maxUnavailable, 'spec.updateStrategy.rollingUpdate.maxUnavailable'),
    );
    errs.push(...validatePositiveIntOrPercent(ru.maxSurge, 'spec.updateStrategy.rollingUpdate.maxSurge'));
    if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
      errs.push(
        fieldErrors.invalid(
          'spec.updateStrategy.rollingUpdate.maxUnavailable',
          intOrStringLiteral(ru.maxUnavailable),
          'may not be 0 when `maxSurge` is 0',
        ),
      );
    }
  } else if (type !== 'OnDelete') {
    errs.push(fieldErrors.notSupported('spec.updateStrategy.type', type, ['OnDelete', 'RollingUpdate']));
  }
  errs.push(...validateNonnegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  return errs;
}

/** validateReplicationController is ValidateReplicationController (create). */
export function validateReplicationController(rc: KubeObject): FieldError[] {
  const spec = obj(rc.spec) ?? {};
  const errs = validateObjectMeta(rc.metadata, META);
  errs.push(...validateNonnegative(spec.replicas, 'spec.replicas'));
  errs.push(...validateNonnegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  const selector = stringMap(spec.selector) ?? {};
  if (Object.keys(selector).length === 0) errs.push(fieldErrors.required('spec.selector'));
  const template = obj(spec.template);
  if (!template) errs.push(fieldErrors.required('spec.template'));
  else {
    const labels = templateLabels(spec);
    if (Object.keys(selector).length > 0 && !selectorFromSet(selector).matches(labels)) {
      errs.push(
        fieldErrors.invalid(
          'spec.template.metadata.labels',
          goMapLiteral(labels),
          '`selector` does not match template `labels`',
        ),
      );
    }
    errs.push(...validatePodTemplateSpec(template, 'spec.template'));
    if (str(obj(template.spec)?.restartPolicy) !== 'Always') {
      errs.push(
        fieldErrors.notSupported('spec.template.spec.restartPolicy', str(obj(template.spec)?.restartPolicy), [
          'Always',
        ]),
      );
    }
  }
  return errs;
}

/** validateSelectorImmutable is the apps/v1 update rule: spec.selector may not change. */
export function validateSelectorImmutable(next: KubeObject, old: KubeObject): FieldError[] {
  const n = obj(next.spec)?.selector;
  const o = obj(old.spec)?.selector;
  return validateImmutable(n ?? null, o ?? null, 'spec.selector', labelSelectorLiteral(n));
}

const STATEFULSET_MUTABLE = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'revisionHistoryLimit',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
];

/** validateStatefulSetUpdate forbids changes outside the mutable StatefulSet spec fields. */
export function validateStatefulSetUpdate(next: KubeObject, old: KubeObject): FieldError[] {
  const n = { ...(obj(next.spec) ?? {}) };
  const o = { ...(obj(old.spec) ?? {}) };
  for (const key of STATEFULSET_MUTABLE) {
    delete n[key];
    delete o[key];
  }
  if (JSON.stringify(sortKeys(n)) === JSON.stringify(sortKeys(o))) return [];
  return [
    fieldErrors.forbidden(
      'spec',
      "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
    ),
  ];
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  const o = obj(value);
  if (!o) return value;
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, sortKeys(o[k])]),
  );
}
