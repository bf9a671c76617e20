/**
 * The PodSecurity admission plugin (k8s.io/pod-security-admission/admission): the namespace labels
 * `pod-security.kubernetes.io/enforce|warn|audit` (levels privileged, baseline, restricted, with an
 * optional `-version`, default `latest`) decide what happens to a pod. `enforce` refuses a violating Pod
 * with 403 `violates PodSecurity "restricted:latest": …`; `warn` lets it in with a
 * `would violate PodSecurity …` warning that kubectl prints. Workload resources (Deployments, Jobs, …)
 * are never refused: their pod template only earns the `warn` warning, as upstream.
 * A namespace without labels is `privileged` (the default AdmissionConfiguration). `audit` has no effect
 * here: mini-k8s keeps no audit log.
 *
 * Updates, as upstream: a pod update is only evaluated when it is significant (an image, the number of
 * containers, an ephemeral container added, a seccomp annotation); pod status and other subresources are
 * not; workload updates earn the warning again; a namespace whose enforce level gets stricter lists the
 * existing pods the new level would refuse (namespace-warnings.ts).
 */
import type { KubeObject } from '../../../api/object';
import { errors } from '../../../machinery/errors';
import type { AdmissionAttributes, AdmissionPlugin, ObjectReader } from '../interface';
import { objectName } from '../interface';
import type { Level, PodSpec } from './checks';
import { evaluatePod, formatViolations } from './checks';
import { enforceWarnings } from './namespace-warnings';
import { isSignificantPodUpdate } from './significant-update';

export const LABEL_PREFIX = 'pod-security.kubernetes.io/';

const LEVELS: Level[] = ['privileged', 'baseline', 'restricted'];

/** Policy is one mode's level and version, as `restricted:latest` in messages. */
interface Policy {
  level: Level;
  version: string;
}

/** policyFor reads one mode from namespace labels; an invalid level is treated as restricted (fail closed). */
export function policyFor(
  labels: Record<string, string> | undefined,
  mode: 'enforce' | 'warn' | 'audit',
): Policy {
  const raw = labels?.[`${LABEL_PREFIX}${mode}`];
  const version = labels?.[`${LABEL_PREFIX}${mode}-version`] || 'latest';
  if (raw === undefined) return { level: 'privileged', version };
  return { level: LEVELS.includes(raw as Level) ? (raw as Level) : 'restricted', version };
}

/** WORKLOADS maps `group/resource` of pod controllers to the path of their pod template. */
const WORKLOADS: Record<string, (obj: KubeObject) => unknown> = {
  '/podtemplates': (o) => o.template,
  '/replicationcontrollers': (o) => (o.spec as { template?: unknown } | undefined)?.template,
  'apps/deployments': (o) => (o.spec as { template?: unknown } | undefined)?.template,
  'apps/replicasets': (o) => (o.spec as { template?: unknown } | undefined)?.template,
  'apps/statefulsets': (o) => (o.spec as { template?: unknown } | undefined)?.template,
  'apps/daemonsets': (o) => (o.spec as { template?: unknown } | undefined)?.template,
  'batch/jobs': (o) => (o.spec as { template?: unknown } | undefined)?.template,
  'batch/cronjobs': (o) =>
    (o.spec as { jobTemplate?: { spec?: { template?: unknown } } } | undefined)?.jobTemplate?.spec?.template,
};

function key(attributes: AdmissionAttributes): string {
  return `${attributes.info.group}/${attributes.info.resource}`;
}

function specOf(template: unknown): PodSpec {
  const spec = (template as { spec?: unknown } | undefined)?.spec;
  return (typeof spec === 'object' && spec !== null ? spec : {}) as PodSpec;
}

export class PodSecurity implements AdmissionPlugin {
  readonly name = 'PodSecurity';

  handles(attributes: AdmissionAttributes): boolean {
    const { subresource, operation } = attributes;
    if (key(attributes) === '/namespaces') return operation === 'UPDATE' && subresource === undefined;
    if (attributes.namespace === undefined) return false;
    if (key(attributes) === '/pods') {
      if (subresource !== undefined && subresource !== 'ephemeralcontainers') return false;
      return operation === 'CREATE' || isSignificantPodUpdate(attributes.object, attributes.oldObject!);
    }
    return key(attributes) in WORKLOADS && subresource === undefined;
  }

  async validate(attributes: AdmissionAttributes, reader: ObjectReader): Promise<void> {
    if (key(attributes) === '/namespaces') {
      attributes.warnings.push(...(await enforceWarnings(attributes.oldObject, attributes.object, reader)));
      return;
    }
    const namespace = await reader.get('', 'namespaces', undefined, attributes.namespace!);
    const labels = namespace?.metadata.labels;
    const enforce = policyFor(labels, 'enforce');
    const warn = policyFor(labels, 'warn');
    const isPod = key(attributes) === '/pods';
    const spec = isPod ? specOf(attributes.object) : specOf(WORKLOADS[key(attributes)](attributes.object));
    if (isPod && enforce.level !== 'privileged') {
      const violations = evaluatePod(enforce.level, spec);
      if (violations.length > 0) {
        throw errors.forbidden(
          `pods ${JSON.stringify(objectName(attributes.object))} is forbidden: violates PodSecurity "${enforce.level}:${enforce.version}": ${formatViolations(violations)}`,
        );
      }
    }
    if (warn.level === 'privileged') return;
    if (isPod && warn.level === enforce.level && warn.version === enforce.version) return;
    const violations = evaluatePod(warn.level, spec);
    if (violations.length > 0) {
      attributes.warnings.push(
        `would violate PodSecurity "${warn.level}:${warn.version}": ${formatViolations(violations)}`,
      );
    }
  }
}
