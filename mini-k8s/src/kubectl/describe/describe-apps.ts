/**
 * Describers of the other pod controllers: DaemonSet (scheduling counts per node) and StatefulSet
 * (replicas, update strategy, volume claim templates), both with their pods' phases and pod template.
 */
import type { KubeObject } from '../../api/object';
import { parseQuantity } from '../../machinery/quantity';
import { DescribeWriter } from './describe-writer';
import { type DescribeContext, eventsFor, rfc1123z } from './describers';
import { formatLabels } from './describe-storage';
import { formatSelector, type LabelSelector, podPhaseCounts } from './describe-workloads';
import { describePodTemplate, type PodTemplate } from './pod-template';

interface DaemonSet extends KubeObject {
  spec?: {
    selector?: LabelSelector;
    template?: PodTemplate & { spec?: { nodeSelector?: Record<string, string> } };
  };
  status?: {
    desiredNumberScheduled?: number;
    currentNumberScheduled?: number;
    updatedNumberScheduled?: number;
    numberAvailable?: number;
    numberMisscheduled?: number;
  };
}

/** describeDaemonSet prints the selectors, the scheduling counts, the pods' phases and the template. */
export async function describeDaemonSet(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const ds = obj as DaemonSet;
  const spec = ds.spec ?? {};
  const status = ds.status ?? {};
  const phases = await podPhaseCounts(ctx, ds, spec.selector);
  const events = await eventsFor(ctx, obj);
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${ds.metadata.name}\n`);
  w.write(0, `Selector:\t${formatSelector(spec.selector)}\n`);
  w.write(0, `Node-Selector:\t${formatLabels(spec.template?.spec?.nodeSelector)}\n`);
  w.labels('Labels', ds.metadata.labels);
  w.annotations('Annotations', ds.metadata.annotations);
  w.write(0, `Desired Number of Nodes Scheduled: ${status.desiredNumberScheduled ?? 0}\n`);
  w.write(0, `Current Number of Nodes Scheduled: ${status.currentNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Up-to-date Pods: ${status.updatedNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Available Pods: ${status.numberAvailable ?? 0}\n`);
  w.write(0, `Number of Nodes Misscheduled: ${status.numberMisscheduled ?? 0}\n`);
  w.write(0, `Pods Status:\t${phases}\n`);
  describePodTemplate(w, spec.template ?? {});
  if (events) w.events(events);
  return w.toString();
}

interface ClaimTemplate {
  metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: {
    storageClassName?: string;
    accessModes?: string[];
    resources?: { requests?: Record<string, string> };
  };
}

interface StatefulSet extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: LabelSelector;
    updateStrategy?: {
      type?: string;
      rollingUpdate?: { partition?: number; maxUnavailable?: number | string };
    };
    template?: PodTemplate;
    volumeClaimTemplates?: ClaimTemplate[];
  };
  status?: { replicas?: number };
}

/** describeStatefulSet prints replicas, the update strategy, the pods' phases, template and claim templates. */
export async function describeStatefulSet(obj: KubeObject, ctx: DescribeContext): Promise<string> {
  const sts = obj as StatefulSet;
  const spec = sts.spec ?? {};
  const phases = await podPhaseCounts(ctx, sts, spec.selector);
  const events = await eventsFor(ctx, obj);
  const w = new DescribeWriter(ctx.now);
  w.write(0, `Name:\t${sts.metadata.name}\n`);
  w.write(0, `Namespace:\t${sts.metadata.namespace}\n`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(sts.metadata.creationTimestamp)}\n`);
  w.write(0, `Selector:\t${formatSelector(spec.selector)}\n`);
  w.labels('Labels', sts.metadata.labels);
  w.annotations('Annotations', sts.metadata.annotations);
  w.write(0, `Replicas:\t${spec.replicas ?? 1} desired | ${sts.status?.replicas ?? 0} total\n`);
  w.write(0, `Update Strategy:\t${spec.updateStrategy?.type ?? ''}\n`);
  const ru = spec.updateStrategy?.rollingUpdate;
  if (ru?.partition !== undefined) {
    w.write(1, `Partition:\t${ru.partition}\n`);
    if (ru.maxUnavailable !== undefined) w.write(1, `MaxUnavailable:\t${ru.maxUnavailable}\n`);
  }
  w.write(0, `Pods Status:\t${phases}\n`);
  describePodTemplate(w, spec.template ?? {});
  const claims = spec.volumeClaimTemplates ?? [];
  if (claims.length === 0) w.write(0, 'Volume Claims:\t<none>\n');
  else {
    w.write(0, 'Volume Claims:\n');
    for (const pvc of claims) {
      w.write(1, `Name:\t${pvc.metadata?.name ?? ''}\n`);
      const storageClass =
        pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'] ??
        pvc.spec?.storageClassName ??
        '';
      w.write(1, `StorageClass:\t${storageClass}\n`);
      w.labels('Labels', pvc.metadata?.labels, '  ');
      w.labels('Annotations', pvc.metadata?.annotations, '  ');
      const storage = pvc.spec?.resources?.requests?.storage;
      w.write(1, `Capacity:\t${storage === undefined ? '<default>' : parseQuantity(storage).toString()}\n`);
      w.write(1, `Access Modes:\t[${(pvc.spec?.accessModes ?? []).join(' ')}]\n`);
    }
  }
  if (events) w.events(events);
  return w.toString();
}
