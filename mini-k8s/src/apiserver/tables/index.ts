/**
 * Server-side tables: what `kubectl get` prints. kubectl asks for
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` and prints the columns the server sends;
 * buildTable renders a list (or a single object) of one resource into that meta.k8s.io/v1 Table.
 */
import type { KubeObject } from '../../api/object';
import type { ResourceInfo } from '../../api/resources';
import { configMapPrinter, secretPrinter, serviceAccountPrinter } from './config';
import { eventPrinter } from './events';
import { genericPrinter } from './generic';
import {
  certificateSigningRequestPrinter,
  componentStatusPrinter,
  controllerRevisionPrinter,
  leasePrinter,
  namespacePrinter,
} from './misc';
import {
  endpointSlicePrinter,
  endpointsPrinter,
  ingressClassPrinter,
  ingressPrinter,
  networkPolicyPrinter,
} from './networking';
import { nodePrinter } from './nodes';
import { podPrinter, podTemplatePrinter } from './pods';
import {
  horizontalPodAutoscalerPrinter,
  podDisruptionBudgetPrinter,
  priorityClassPrinter,
  resourceQuotaPrinter,
} from './policy';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './rbac';
import { servicePrinter } from './services';
import { persistentVolumeClaimPrinter, persistentVolumePrinter, storageClassPrinter } from './storage';
import type { Printer, Table, TableRow } from './types';
import {
  cronJobPrinter,
  daemonSetPrinter,
  deploymentPrinter,
  jobPrinter,
  replicaSetPrinter,
  replicationControllerPrinter,
  statefulSetPrinter,
} from './workloads';

export type { Table, TableCell, TableColumnDefinition, TableRow, TableRowCondition } from './types';
export { humanDuration, translateTimestampSince } from './age';

/**
 * PRINTERS maps `group/Kind` to its printer. Keys ignore the version: upstream prints every served
 * version from the internal type (e.g. autoscaling v1 and v2 HPAs, core and events.k8s.io events).
 */
const PRINTERS: ReadonlyMap<string, Printer> = new Map([
  ['/ComponentStatus', componentStatusPrinter],
  ['/ConfigMap', configMapPrinter],
  ['/Endpoints', endpointsPrinter],
  ['/Event', eventPrinter],
  ['/Namespace', namespacePrinter],
  ['/Node', nodePrinter],
  ['/PersistentVolume', persistentVolumePrinter],
  ['/PersistentVolumeClaim', persistentVolumeClaimPrinter],
  ['/Pod', podPrinter],
  ['/PodTemplate', podTemplatePrinter],
  ['/ReplicationController', replicationControllerPrinter],
  ['/ResourceQuota', resourceQuotaPrinter],
  ['/Secret', secretPrinter],
  ['/Service', servicePrinter],
  ['/ServiceAccount', serviceAccountPrinter],
  ['apps/ControllerRevision', controllerRevisionPrinter],
  ['apps/DaemonSet', daemonSetPrinter],
  ['apps/Deployment', deploymentPrinter],
  ['apps/ReplicaSet', replicaSetPrinter],
  ['apps/StatefulSet', statefulSetPrinter],
  ['events.k8s.io/Event', eventPrinter],
  ['autoscaling/HorizontalPodAutoscaler', horizontalPodAutoscalerPrinter],
  ['batch/CronJob', cronJobPrinter],
  ['batch/Job', jobPrinter],
  ['certificates.k8s.io/CertificateSigningRequest', certificateSigningRequestPrinter],
  ['coordination.k8s.io/Lease', leasePrinter],
  ['discovery.k8s.io/EndpointSlice', endpointSlicePrinter],
  ['networking.k8s.io/Ingress', ingressPrinter],
  ['networking.k8s.io/IngressClass', ingressClassPrinter],
  ['networking.k8s.io/NetworkPolicy', networkPolicyPrinter],
  ['policy/PodDisruptionBudget', podDisruptionBudgetPrinter],
  ['rbac.authorization.k8s.io/ClusterRoleBinding', clusterRoleBindingPrinter],
  ['rbac.authorization.k8s.io/RoleBinding', roleBindingPrinter],
  ['scheduling.k8s.io/PriorityClass', priorityClassPrinter],
  ['storage.k8s.io/StorageClass', storageClassPrinter],
]);

/** printerFor returns the resource's printer, or the generic Name / Created At printer. */
export function printerFor(info: Pick<ResourceInfo, 'group' | 'kind'>): Printer {
  return PRINTERS.get(`${info.group}/${info.kind}`) ?? genericPrinter;
}

/** BuildTableOptions are the table-related query parameters plus the list metadata to echo. */
export interface BuildTableOptions {
  /** The server clock, for AGE and every other relative time. */
  now: Date;
  /**
   * What each row's `object` carries: `Metadata` (default) a PartialObjectMetadata with the object's
   * full metadata, `Object` the object itself (kubectl `--sort-by`), `None` nothing (`null`).
   */
  includeObject?: 'None' | 'Metadata' | 'Object';
  /** Drop the column definitions (`columnDefinitions: null`), as for watch events after the first. */
  noHeaders?: boolean;
  /** The list's resourceVersion (or the object's, for a single get). */
  resourceVersion?: string;
  /** The list's continue token. */
  continue?: string;
}

/**
 * buildTable renders `objects` of the resource `info` as a meta.k8s.io/v1 Table, exactly as the
 * Kubernetes API server does with its internal printers: all columns (wide ones included, kubectl
 * hides priority > 0 unless `-o wide`), one row per object, in the given order.
 */
export function buildTable(
  info: Pick<ResourceInfo, 'group' | 'kind'>,
  objects: KubeObject[],
  options: BuildTableOptions,
): Table {
  const printer = printerFor(info);
  const includeObject = options.includeObject ?? 'Metadata';
  const rows = objects.map((obj): TableRow => {
    const printed = printer.print(obj, { now: options.now });
    const row: TableRow = { cells: printed.cells, object: rowObject(obj, includeObject) };
    if (printed.conditions && printed.conditions.length > 0) {
      // Key order matches Go's struct order: cells, conditions, object.
      return { cells: row.cells, conditions: printed.conditions, object: row.object };
    }
    return row;
  });
  const metadata: Table['metadata'] = {};
  if (options.resourceVersion) metadata.resourceVersion = options.resourceVersion;
  if (options.continue) metadata.continue = options.continue;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: options.noHeaders ? null : printer.columns.map((c) => ({ ...c })),
    rows,
  };
}

/** rowObject is the row's embedded object for an includeObject policy. */
function rowObject(obj: KubeObject, includeObject: 'None' | 'Metadata' | 'Object'): unknown {
  switch (includeObject) {
    case 'None':
      return null;
    case 'Object':
      return obj;
    case 'Metadata':
      return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
  }
}
