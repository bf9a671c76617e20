/**
 * bootstrapCluster creates the objects a fresh cluster has before anyone uses it, like kube-apiserver's
 * bootstrap controllers and a kubeadm/kind install: the four system namespaces, the `kubernetes` Service
 * (first service IP, 443 → 6443) with its Endpoints and EndpointSlice, the `default` ServiceAccount of each
 * of those namespaces, the default StorageClass `standard`, the default IngressClass `nginx` and the
 * system PriorityClasses. It only creates what is missing, so running it on a restored store changes
 * nothing.
 */
import type { KubeObject } from '../../api/object';
import type { ResourceInfo } from '../../api/resources';
import { findResource } from '../../api/resources';
import { isAlreadyExists, isNotFound } from '../../machinery/errors';
import type { Registry, RequestContext } from './interface';

/** BootstrapOptions configure bootstrapCluster. */
export interface BootstrapOptions {
  /** Address the API server is reachable at, published in the `kubernetes` Endpoints (default 10.0.0.1). */
  advertiseAddress?: string;
  /** Secure port behind the `kubernetes` Service (default 6443). */
  securePort?: number;
  /** Cluster IP of the `kubernetes` Service; default: the registry's first service IP, else 10.96.0.1. */
  kubernetesServiceIP?: string;
}

/** SYSTEM_NAMESPACES are created Active at bootstrap. */
export const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'] as const;

/** DEFAULT_STORAGE_CLASS_PROVISIONER is mini-k8s' own hostPath provisioner name. */
export const DEFAULT_STORAGE_CLASS_PROVISIONER = 'atelier.local/hostpath';

/** DEFAULT_ADVERTISE_ADDRESS is used when the caller does not say where the API server listens. */
export const DEFAULT_ADVERTISE_ADDRESS = '10.0.0.1';

function info(group: string, version: string, resource: string): ResourceInfo {
  const found = findResource(group, version, resource);
  if (!found) throw new Error(`${group}/${version}/${resource} missing from the resource catalogue`);
  return found;
}

/** ensureObject creates obj unless an object with its name already exists. */
async function ensureObject(
  registry: Registry,
  ctx: RequestContext,
  res: ResourceInfo,
  obj: KubeObject,
): Promise<void> {
  const namespace = res.namespaced ? obj.metadata.namespace : undefined;
  try {
    await registry.get(res, namespace, obj.metadata.name ?? '', ctx);
    return;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  try {
    await registry.create(res, namespace, obj, ctx);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
  }
}

/** bootstrapObjects lists what bootstrapCluster ensures, in creation order. */
export function bootstrapObjects(
  options: Required<BootstrapOptions>,
): { res: ResourceInfo; obj: KubeObject }[] {
  const out: { res: ResourceInfo; obj: KubeObject }[] = [];
  const namespaces = info('', 'v1', 'namespaces');
  for (const name of SYSTEM_NAMESPACES) {
    out.push({ res: namespaces, obj: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } } });
  }
  out.push({
    res: info('', 'v1', 'services'),
    obj: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { component: 'apiserver', provider: 'kubernetes' },
      },
      spec: {
        type: 'ClusterIP',
        clusterIP: options.kubernetesServiceIP,
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: options.securePort }],
        sessionAffinity: 'None',
      },
    },
  });
  out.push({
    res: info('', 'v1', 'endpoints'),
    obj: {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' },
      },
      subsets: [
        {
          addresses: [{ ip: options.advertiseAddress }],
          ports: [{ name: 'https', port: options.securePort, protocol: 'TCP' }],
        },
      ],
    },
  });
  out.push({
    res: info('discovery.k8s.io', 'v1', 'endpointslices'),
    obj: {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: 'kubernetes',
        namespace: 'default',
        labels: { 'kubernetes.io/service-name': 'kubernetes' },
      },
      addressType: 'IPv4',
      endpoints: [{ addresses: [options.advertiseAddress], conditions: { ready: true } }],
      ports: [{ name: 'https', port: options.securePort, protocol: 'TCP' }],
    },
  });
  const serviceAccounts = info('', 'v1', 'serviceaccounts');
  for (const namespace of SYSTEM_NAMESPACES) {
    out.push({
      res: serviceAccounts,
      obj: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace } },
    });
  }
  out.push({
    res: info('storage.k8s.io', 'v1', 'storageclasses'),
    obj: {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: 'standard', annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
      provisioner: DEFAULT_STORAGE_CLASS_PROVISIONER,
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'WaitForFirstConsumer',
    },
  });
  out.push({
    res: info('networking.k8s.io', 'v1', 'ingressclasses'),
    obj: {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: 'nginx', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' } },
      spec: { controller: 'k8s.io/ingress-nginx' },
    },
  });
  const priorityClasses = info('scheduling.k8s.io', 'v1', 'priorityclasses');
  out.push({
    res: priorityClasses,
    obj: {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'system-node-critical' },
      value: 2000001000,
      description: 'Used for system critical pods that must not be moved from their current node.',
    },
  });
  out.push({
    res: priorityClasses,
    obj: {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'system-cluster-critical' },
      value: 2000000000,
      description:
        'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
    },
  });
  return out;
}

export async function bootstrapCluster(
  registry: Registry,
  ctx: RequestContext,
  options: BootstrapOptions = {},
): Promise<void> {
  const firstIP = (registry as Partial<{ firstServiceIP: string }>).firstServiceIP;
  const resolved: Required<BootstrapOptions> = {
    advertiseAddress: options.advertiseAddress ?? DEFAULT_ADVERTISE_ADDRESS,
    securePort: options.securePort ?? 6443,
    kubernetesServiceIP: options.kubernetesServiceIP ?? firstIP ?? '10.96.0.1',
  };
  const bootCtx: RequestContext = {
    ...ctx,
    dryRun: false,
    fieldManager: ctx.fieldManager ?? 'kube-apiserver',
  };
  for (const { res, obj } of bootstrapObjects(resolved)) await ensureObject(registry, bootCtx, res, obj);
}
