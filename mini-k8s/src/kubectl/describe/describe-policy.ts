/**
 * Describers of scaling and scheduling policies: HorizontalPodAutoscaler (autoscaling/v2 metrics, behavior,
 * conditions), PodDisruptionBudget and PriorityClass.
 */
import type { KubeObject } from '../../api/object';
import { parseQuantity } from '../../machinery/quantity';
import { DescribeWriter } from './describe-writer';
import { type DescribeContext, eventsFor, rfc1123z } from './describers';
import { formatLabels } from './describe-storage';
import { labelSelector } from './describe-network';
import type { LabelSelector } from './describe-workloads';

interface MetricTarget {
  type?: string;
  value?: string;
  averageValue?: string;
  averageUtilization?: number;
}

interface MetricValue {
  value?: string;
  averageValue?: string;
  averageUtilization?: number;
}

interface MetricSpec {
  type: string;
  resource?: { name: string; target: MetricTarget };
  containerResource?: { name: string; container: string; target: MetricTarget };
  pods?: { metric: { name: string }; target: MetricTarget };
  object?: {
    metric: { name: string };
    describedObject: { kind: string; name: string };
    target: MetricTarget;
  };
  external?: { metric: { name: string }; target: MetricTarget };
}

interface MetricStatus {
  resource?: { current: MetricValue };
  containerResource?: { current: MetricValue };
  pods?: { current: MetricValue };
  object?: { current: MetricValue };
  external?: { current: MetricValue };
}

interface ScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: string;
  policies?: { type: string; value: number; periodSeconds: number }[];
}

interface HorizontalPodAutoscaler extends KubeObject {
  spec?: {
    scaleTargetRef?: { kind?: string; name?: string };
    minReplicas?: number;
    maxReplicas?: number;
    metrics?: MetricSpec[];
    behavior?: { scaleUp?: ScalingRules; scaleDown?: ScalingRules };
  };
  status?: {
    currentReplicas?: number;
    desiredReplicas?: number;
    currentMetrics?: MetricStatus[] | null;
    conditions?: { type: string; status: string; reason?: string; message?: string }[];
  };
}

/** q is Quantity.String() of an optional quantity (`<nil>` when absent, as Go prints a nil *Quantity). */
function q(text: string | undefined): string {
  if (text === undefined) return '<nil>';
  try {
    return parseQuantity(text).toString();
  } catch {
    return text;
  }
}

/** describeHPA prints the target, each metric as `current / target`, replicas, behavior and conditions. */
export async function describeHPA(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const hpa = obj as HorizontalPodAutoscaler;
  const spec = hpa.spec ?? {};
  const status = hpa.status ?? {};
  const current = status.currentMetrics ?? [];
  const events = await eventsFor(ctx, obj);
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${hpa.metadata.name}\n`);
  w.write(0, `Namespace:\t${hpa.metadata.namespace}\n`);
  w.labels('Labels', hpa.metadata.labels);
  w.annotations('Annotations', hpa.metadata.annotations);
  w.write(0, `CreationTimestamp:\t${rfc1123z(hpa.metadata.creationTimestamp)}\n`);
  w.write(0, `Reference:\t${spec.scaleTargetRef?.kind ?? ''}/${spec.scaleTargetRef?.name ?? ''}\n`);
  w.write(0, 'Metrics:\t( current / target )\n');
  (spec.metrics ?? []).forEach((metric, i) => {
    const cur = current[i];
    switch (metric.type) {
      case 'External': {
        const m = metric.external!;
        const c = cur?.external?.current;
        if (m.target.averageValue !== undefined) {
          const now = c?.averageValue !== undefined ? q(c.averageValue) : '<unknown>';
          w.write(
            1,
            `${goQuote(m.metric.name)} (target average value):\t${now} / ${q(m.target.averageValue)}\n`,
          );
        } else {
          const now = c ? q(c.value) : '<unknown>';
          w.write(1, `${goQuote(m.metric.name)} (target value):\t${now} / ${q(m.target.value)}\n`);
        }
        break;
      }
      case 'Pods': {
        const m = metric.pods!;
        const now = cur?.pods ? q(cur.pods.current.averageValue) : '<unknown>';
        w.write(1, `${goQuote(m.metric.name)} on pods:\t${now} / ${q(m.target.averageValue)}\n`);
        break;
      }
      case 'Object': {
        const m = metric.object!;
        w.write(1, `"${m.metric.name}" on ${m.describedObject.kind}/${m.describedObject.name} `);
        const c = cur?.object?.current;
        if (m.target.type === 'AverageValue') {
          w.write(
            0,
            `(target average value):\t${c ? q(c.averageValue) : '<unknown>'} / ${q(m.target.averageValue)}\n`,
          );
        } else w.write(0, `(target value):\t${c ? q(c.value) : '<unknown>'} / ${q(m.target.value)}\n`);
        break;
      }
      case 'Resource':
      case 'ContainerResource': {
        const m = metric.type === 'Resource' ? metric.resource! : metric.containerResource!;
        const c = metric.type === 'Resource' ? cur?.resource?.current : cur?.containerResource?.current;
        const title =
          metric.type === 'Resource'
            ? `resource ${m.name} on pods`
            : `resource ${m.name} of container "${metric.containerResource!.container}" on pods`;
        w.write(1, title);
        if (m.target.averageValue !== undefined) {
          w.write(0, `:\t${c ? q(c.averageValue) : '<unknown>'} / ${q(m.target.averageValue)}\n`);
        } else {
          const now =
            c?.averageUtilization !== undefined
              ? `${c.averageUtilization}% (${q(c.averageValue)})`
              : '<unknown>';
          const target =
            m.target.averageUtilization !== undefined ? `${m.target.averageUtilization}%` : '<auto>';
          w.write(1, `(as a percentage of request):\t${now} / ${target}\n`);
        }
        break;
      }
      default:
        w.write(1, `<unknown metric type ${goQuote(metric.type)}>\n`);
    }
  });
  w.write(0, `Min replicas:\t${spec.minReplicas ?? '<unset>'}\n`);
  w.write(0, `Max replicas:\t${spec.maxReplicas ?? 0}\n`);
  if (spec.behavior) {
    w.write(0, 'Behavior:\n');
    describeScalingRules(w, 'Scale Up', spec.behavior.scaleUp);
    describeScalingRules(w, 'Scale Down', spec.behavior.scaleDown);
  }
  w.write(0, `${spec.scaleTargetRef?.kind ?? ''} pods:\t`);
  w.write(0, `${status.currentReplicas ?? 0} current / ${status.desiredReplicas ?? 0} desired\n`);
  const conditions = status.conditions ?? [];
  if (conditions.length > 0) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tReason\tMessage\n');
    w.write(1, '----\t------\t------\t-------\n');
    for (const c of conditions) w.write(1, `${c.type}\t${c.status}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
  }
  if (events) w.events(events);
  return w.toString();
}

/** describeScalingRules is printDirectionBehavior. */
function describeScalingRules(w: DescribeWriter, direction: string, rules: ScalingRules | undefined): void {
  if (!rules) return;
  w.write(1, `${direction}:\n`);
  if (rules.stabilizationWindowSeconds !== undefined) {
    w.write(2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds\n`);
  }
  if (rules.policies && rules.policies.length > 0) {
    w.write(2, `Select Policy: ${rules.selectPolicy ?? 'Max'}\n`);
    w.write(2, 'Policies:\n');
    for (const p of rules.policies) {
      w.write(3, `- Type: ${p.type}\tValue: ${p.value}\tPeriod: ${p.periodSeconds} seconds\n`);
    }
  }
}

/** goQuote is Go's `%q` of a plain string. */
function goQuote(s: string): string {
  return JSON.stringify(s);
}

interface PodDisruptionBudget extends KubeObject {
  spec?: { minAvailable?: number | string; maxUnavailable?: number | string; selector?: LabelSelector };
  status?: {
    disruptionsAllowed?: number;
    currentHealthy?: number;
    desiredHealthy?: number;
    expectedPods?: number;
  };
}

/** describePDB prints the budget, the selector and the disruption status. */
export async function describePDB(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const pdb = obj as PodDisruptionBudget;
  const spec = pdb.spec ?? {};
  const status = pdb.status ?? {};
  const events = await eventsFor(ctx, obj);
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${pdb.metadata.name}\n`);
  w.write(0, `Namespace:\t${pdb.metadata.namespace}\n`);
  if (spec.minAvailable !== undefined) w.write(0, `Min available:\t${spec.minAvailable}\n`);
  else if (spec.maxUnavailable !== undefined) w.write(0, `Max unavailable:\t${spec.maxUnavailable}\n`);
  w.write(0, `Selector:\t${spec.selector ? labelSelector(spec.selector) : '<unset>'}\n`);
  w.write(0, 'Status:\n');
  w.write(2, `Allowed disruptions:\t${status.disruptionsAllowed ?? 0}\n`);
  w.write(2, `Current:\t${status.currentHealthy ?? 0}\n`);
  w.write(2, `Desired:\t${status.desiredHealthy ?? 0}\n`);
  w.write(2, `Total:\t${status.expectedPods ?? 0}\n`);
  if (events) w.events(events);
  return w.toString();
}

interface PriorityClass extends KubeObject {
  value?: number;
  globalDefault?: boolean;
  preemptionPolicy?: string;
  description?: string;
}

/** describePriorityClass prints the value, whether it is the default, the preemption policy and description. */
export async function describePriorityClass(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const pc = obj as PriorityClass;
  const events = await eventsFor(ctx, obj);
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${pc.metadata.name}\n`);
  w.write(0, `Value:\t${pc.value ?? 0}\n`);
  w.write(0, `GlobalDefault:\t${pc.globalDefault === true}\n`);
  w.write(0, `PreemptionPolicy:\t${pc.preemptionPolicy ?? ''}\n`);
  w.write(0, `Description:\t${pc.description ?? ''}\n`);
  w.write(0, `Annotations:\t${formatLabels(pc.metadata.annotations)}\n`);
  if (events) w.events(events);
  return w.toString();
}
