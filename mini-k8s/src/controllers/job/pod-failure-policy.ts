/**
 * matchPodFailurePolicy is upstream's pod_failure_policy.go: the rules of `spec.podFailurePolicy` are tried
 * in order on a Failed pod; the first rule whose `onExitCodes` (a container, then an init container,
 * terminated with a non-zero code In / NotIn the values) or `onPodConditions` (a condition of that type and
 * status) matches decides: FailJob (the Job fails with reason PodFailurePolicy and upstream's message),
 * Ignore (not counted against backoffLimit), Count (counted, the default), FailIndex (the index fails).
 */
import type { KubeObject } from '../../api/object';

export type PodFailurePolicyAction = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';

export interface PodFailurePolicyRule {
  action: PodFailurePolicyAction | string;
  onExitCodes?: { containerName?: string; operator: 'In' | 'NotIn' | string; values: number[] };
  onPodConditions?: { type: string; status?: string }[];
}

export interface PodFailurePolicy {
  rules?: PodFailurePolicyRule[];
}

export interface PolicyMatch {
  /** action of the matching rule (undefined: no rule matched, the failure counts). */
  action?: PodFailurePolicyAction;
  /** countFailed: the failure counts towards backoffLimit (false only for Ignore). */
  countFailed: boolean;
  /** message: the Job's failure message for FailJob. */
  message?: string;
}

interface ContainerStatusView {
  name: string;
  state?: { terminated?: { exitCode?: number } };
}

interface PodStatusView {
  containerStatuses?: ContainerStatusView[];
  initContainerStatuses?: ContainerStatusView[];
  conditions?: { type: string; status: string }[];
}

const KNOWN: readonly string[] = ['FailJob', 'FailIndex', 'Ignore', 'Count'];

export function matchPodFailurePolicy(policy: PodFailurePolicy, pod: KubeObject): PolicyMatch {
  const status = (pod.status ?? {}) as PodStatusView;
  const where = `${pod.metadata.namespace}/${pod.metadata.name}`;
  for (const [index, rule] of (policy.rules ?? []).entries()) {
    // Clients skip actions they do not know (the API's documented contract).
    if (!KNOWN.includes(rule.action)) continue;
    const action = rule.action as PodFailurePolicyAction;
    let message: string | undefined;
    if (rule.onExitCodes) {
      const container =
        matchingContainer(status.containerStatuses, rule.onExitCodes) ??
        matchingContainer(status.initContainerStatuses, rule.onExitCodes);
      if (!container) continue;
      message = `Container ${container.name} for pod ${where} failed with exit code ${container.state!.terminated!.exitCode} matching ${action} rule at index ${index}`;
    } else if (rule.onPodConditions) {
      const condition = (status.conditions ?? []).find((c) =>
        rule.onPodConditions!.some((p) => p.type === c.type && (p.status ?? 'True') === c.status),
      );
      if (!condition) continue;
      message = `Pod ${where} has condition ${condition.type} matching ${action} rule at index ${index}`;
    } else {
      continue;
    }
    switch (action) {
      case 'Ignore':
        return { action, countFailed: false };
      case 'Count':
        return { action, countFailed: true };
      default:
        return { action, countFailed: true, message };
    }
  }
  return { countFailed: true };
}

function matchingContainer(
  statuses: ContainerStatusView[] | undefined,
  requirement: NonNullable<PodFailurePolicyRule['onExitCodes']>,
): ContainerStatusView | undefined {
  for (const status of statuses ?? []) {
    const code = status.state?.terminated?.exitCode;
    if (code === undefined || code === 0) continue;
    if (requirement.containerName !== undefined && requirement.containerName !== status.name) continue;
    const listed = requirement.values.includes(code);
    if (requirement.operator === 'In' ? listed : requirement.operator === 'NotIn' && !listed) return status;
  }
  return undefined;
}
