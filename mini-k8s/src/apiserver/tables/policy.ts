/**
 * Policy printers: pod disruption budgets, priority classes, resource quotas and horizontal pod
 * autoscalers (printers.go `printPodDisruptionBudget`, `printPriorityClass`, `printResourceQuota`,
 * `printHorizontalPodAutoscaler`). Limit ranges have no printer upstream (generic table).
 */
import type { KubeObject } from '../../api/object';
import { translateTimestampSince } from './age';
import * as d from './descriptions';
import { compareStrings, intOrStringText } from './format';
import { formatQuantity } from './quantity-format';
import { column } from './types';
import type { Printer } from './types';

const NAME = column('Name', 'string', d.OBJECT_NAME, { format: 'name' });
const AGE = column('Age', 'string', d.OBJECT_CREATION_TIMESTAMP);

interface PodDisruptionBudget {
  spec?: { minAvailable?: number | string | null; maxUnavailable?: number | string | null };
  status?: { disruptionsAllowed?: number };
}

/** podDisruptionBudgetPrinter: Name, Min Available, Max Unavailable (`N/A` when unset), Allowed Disruptions, Age. */
export const podDisruptionBudgetPrinter: Printer = {
  columns: [
    NAME,
    column('Min Available', 'string', 'The minimum number of pods that must be available.'),
    column('Max Unavailable', 'string', 'The maximum number of pods that may be unavailable.'),
    column('Allowed Disruptions', 'integer', 'Calculated number of pods that may be disrupted at this time.'),
    AGE,
  ],
  print(obj, ctx) {
    const pdb = obj as unknown as PodDisruptionBudget;
    const min = pdb.spec?.minAvailable;
    const max = pdb.spec?.maxUnavailable;
    return {
      cells: [
        obj.metadata.name ?? '',
        min === undefined || min === null ? 'N/A' : intOrStringText(min),
        max === undefined || max === null ? 'N/A' : intOrStringText(max),
        pdb.status?.disruptionsAllowed ?? 0,
        translateTimestampSince(obj.metadata.creationTimestamp, ctx.now),
      ],
    };
  },
};

/** priorityClassPrinter: Name, Value, Global-Default, Age, PreemptionPolicy. */
export const priorityClassPrinter: Printer = {
  columns: [
    NAME,
    column('Value', 'integer', d.PC_VALUE),
    column('Global-Default', 'boolean', d.PC_GLOBAL_DEFAULT),
    AGE,
    // Upstream declares this wide-only cell without priority 1, so kubectl shows it by default.
    column('PreemptionPolicy', 'string', d.PC_PREEMPTION_POLICY),
  ],
  print(obj, ctx) {
    return {
      cells: [
        obj.metadata.name ?? '',
        (obj.value as number | undefined) ?? 0,
        (obj.globalDefault as boolean | undefined) ?? false,
        translateTimestampSince(obj.metadata.creationTimestamp, ctx.now),
        (obj.preemptionPolicy as string | undefined) ?? '',
      ],
    };
  },
};

interface ResourceQuota {
  status?: { hard?: Record<string, string>; used?: Record<string, string> };
}

/**
 * resourceQuotaPrinter: Name, Request, Limit, Age. Every resource of status.hard, sorted by name,
 * prints `name: used/hard`; names starting with `limits.` go to the Limit column.
 */
export const resourceQuotaPrinter: Printer = {
  columns: [
    NAME,
    column(
      'Request',
      'string',
      'Request represents a minimum amount of cpu/memory that a container may consume.',
    ),
    column(
      'Limit',
      'string',
      'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
    ),
    AGE,
  ],
  print(obj, ctx) {
    const quota = obj as unknown as ResourceQuota;
    const hard = quota.status?.hard ?? {};
    const used = quota.status?.used ?? {};
    const requests: string[] = [];
    const limits: string[] = [];
    for (const resource of Object.keys(hard).sort(compareStrings)) {
      const pieces = resource.split('.');
      const target = pieces.length > 1 && pieces[0] === 'limits' ? limits : requests;
      target.push(`${resource}: ${formatQuantity(used[resource])}/${formatQuantity(hard[resource])}`);
    }
    return {
      cells: [
        obj.metadata.name ?? '',
        requests.join(', '),
        limits.join(', '),
        translateTimestampSince(obj.metadata.creationTimestamp, ctx.now),
      ],
    };
  },
};

interface MetricTarget {
  type?: string;
  value?: string;
  averageValue?: string;
  averageUtilization?: number;
}

interface MetricValueStatus {
  value?: string;
  averageValue?: string;
  averageUtilization?: number;
}

interface MetricSpec {
  type?: string;
  resource?: { name?: string; target?: MetricTarget };
  containerResource?: { name?: string; container?: string; target?: MetricTarget };
  pods?: { target?: MetricTarget };
  object?: { target?: MetricTarget };
  external?: { target?: MetricTarget };
}

interface MetricStatus {
  type?: string;
  resource?: { name?: string; current?: MetricValueStatus };
  containerResource?: { name?: string; current?: MetricValueStatus };
  pods?: { current?: MetricValueStatus };
  object?: { current?: MetricValueStatus };
  external?: { current?: MetricValueStatus };
}

interface HorizontalPodAutoscaler {
  spec?: {
    scaleTargetRef?: { kind?: string; name?: string };
    minReplicas?: number | null;
    maxReplicas?: number;
    metrics?: MetricSpec[];
    targetCPUUtilizationPercentage?: number | null;
  };
  status?: {
    currentReplicas?: number;
    currentMetrics?: MetricStatus[] | null;
    currentCPUUtilizationPercentage?: number | null;
  };
}

/**
 * hpaMetrics returns the v2 metric specs and statuses; an autoscaling/v1 object's CPU target and
 * current utilisation are converted to a Resource metric, as the API's v1 conversion does.
 */
function hpaMetrics(
  obj: KubeObject,
  hpa: HorizontalPodAutoscaler,
): { specs: MetricSpec[]; statuses: MetricStatus[] } {
  if (obj.apiVersion !== 'autoscaling/v1') {
    return { specs: hpa.spec?.metrics ?? [], statuses: hpa.status?.currentMetrics ?? [] };
  }
  const specs: MetricSpec[] = [];
  const statuses: MetricStatus[] = [];
  const target = hpa.spec?.targetCPUUtilizationPercentage;
  if (target !== undefined && target !== null) {
    specs.push({
      type: 'Resource',
      resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } },
    });
  }
  const current = hpa.status?.currentCPUUtilizationPercentage;
  if (current !== undefined && current !== null) {
    statuses.push({ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: current } } });
  }
  return { specs, statuses };
}

/** utilizationText renders `N%`, or the placeholder when the utilisation is unset. */
function utilizationText(value: number | undefined, placeholder: string): string {
  return value === undefined || value === null ? placeholder : `${value}%`;
}

/** formatMetric renders one metric as printers.go formatHPAMetrics does, with its status at the same index. */
function formatMetric(spec: MetricSpec, status: MetricStatus | undefined): string {
  const unknown = '<unknown>';
  switch (spec.type) {
    case 'External':
    case 'Object': {
      const source = spec.type === 'External' ? spec.external : spec.object;
      const current = spec.type === 'External' ? status?.external : status?.object;
      if (source?.target?.averageValue !== undefined) {
        const value = current?.current?.averageValue;
        const text = value !== undefined ? formatQuantity(value) : unknown;
        return `${text}/${formatQuantity(source.target.averageValue)} (avg)`;
      }
      const text = current ? formatQuantity(current.current?.value) : unknown;
      return `${text}/${formatQuantity(source?.target?.value)}`;
    }
    case 'Pods': {
      const text = status?.pods ? formatQuantity(status.pods.current?.averageValue) : unknown;
      return `${text}/${formatQuantity(spec.pods?.target?.averageValue)}`;
    }
    case 'Resource':
    case 'ContainerResource': {
      const source = spec.type === 'Resource' ? spec.resource : spec.containerResource;
      const current = spec.type === 'Resource' ? status?.resource : status?.containerResource;
      const name = source?.name ?? '';
      if (source?.target?.averageValue !== undefined) {
        const text = current ? formatQuantity(current.current?.averageValue) : unknown;
        return `${name}: ${text}/${formatQuantity(source.target.averageValue)}`;
      }
      const text = utilizationText(current?.current?.averageUtilization, unknown);
      return `${name}: ${text}/${utilizationText(source?.target?.averageUtilization, '<auto>')}`;
    }
    default:
      return '<unknown type>';
  }
}

/** formatHPAMetrics prints at most two metrics, then ` + N more...`; `<none>` without metrics. */
export function formatHPAMetrics(specs: MetricSpec[], statuses: MetricStatus[]): string {
  if (specs.length === 0) return '<none>';
  const max = 2;
  const list = specs.map((spec, i) => formatMetric(spec, statuses[i]));
  if (list.length > max) return `${list.slice(0, max).join(', ')} + ${list.length - max} more...`;
  return list.join(', ');
}

/** horizontalPodAutoscalerPrinter: Name, Reference, Targets, MinPods, MaxPods, Replicas, Age. */
export const horizontalPodAutoscalerPrinter: Printer = {
  columns: [
    NAME,
    column('Reference', 'string', d.HPA_SCALE_TARGET_REF),
    column('Targets', 'string', d.HPA_METRICS),
    column('MinPods', 'string', d.HPA_MIN_REPLICAS),
    column('MaxPods', 'string', d.HPA_MAX_REPLICAS),
    column('Replicas', 'string', d.HPA_CURRENT_REPLICAS),
    AGE,
  ],
  print(obj, ctx) {
    const hpa = obj as unknown as HorizontalPodAutoscaler;
    const { specs, statuses } = hpaMetrics(obj, hpa);
    const minReplicas = hpa.spec?.minReplicas;
    return {
      cells: [
        obj.metadata.name ?? '',
        `${hpa.spec?.scaleTargetRef?.kind ?? ''}/${hpa.spec?.scaleTargetRef?.name ?? ''}`,
        formatHPAMetrics(specs, statuses),
        minReplicas === undefined || minReplicas === null ? '<unset>' : String(minReplicas),
        hpa.spec?.maxReplicas ?? 0,
        hpa.status?.currentReplicas ?? 0,
        translateTimestampSince(obj.metadata.creationTimestamp, ctx.now),
      ],
    };
  },
};
