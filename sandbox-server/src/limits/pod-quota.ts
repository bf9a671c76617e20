/**
 * The per-sandbox pod quota as the /k8s proxy sees requests: a direct pod creation, or a number of
 * replicas asked of a workload (create, replace, patch, or its `scale` subresource — `kubectl scale`).
 * Pods created later by controllers are bounded by the cluster's own object cap; asking for more replicas
 * than the quota is refused up front so the learner reads why.
 */
import { parse as parseYaml } from 'yaml';
import { decodeKubernetesProtobuf } from '../../../mini-k8s/src/apiserver/protobuf/decode';

/** POD_COLLECTION matches the pods collection of a namespace (creation target), nothing below it. */
const POD_COLLECTION = /^\/api\/v1\/namespaces\/[^/]+\/pods\/?$/;
/** REPLICATED matches a workload object (or its scale subresource) whose spec.replicas makes pods. */
const REPLICATED =
  /^\/(?:apis\/apps\/v1\/namespaces\/[^/]+\/(?:deployments|replicasets|statefulsets)|api\/v1\/namespaces\/[^/]+\/replicationcontrollers)(?:\/[^/]+(?:\/scale)?)?\/?$/;

/** createsPod tells whether a request creates a pod directly. */
export function createsPod(method: string, path: string): boolean {
  return method === 'POST' && POD_COLLECTION.test(path);
}

/** setsReplicas tells whether a request may set a workload's replicas (its body must be read). */
export function setsReplicas(method: string, path: string): boolean {
  return (method === 'POST' || method === 'PUT' || method === 'PATCH') && REPLICATED.test(path);
}

/**
 * requestedReplicas reads the replicas a workload request asks for: `spec.replicas` of a JSON, YAML or
 * Kubernetes protobuf body (create, replace, merge/strategic/apply patch; kubectl sends protobuf for
 * `create deployment`) or the value of a JSON patch on /spec/replicas. Undefined when the body does not set
 * it or cannot be read (the API server then answers on its own). The bytes are never altered.
 */
export function requestedReplicas(contentType: string, body: Uint8Array): number | undefined {
  let value: unknown;
  try {
    if (contentType.includes('protobuf')) value = decodeKubernetesProtobuf(body);
    else {
      const text = new TextDecoder().decode(body);
      value = contentType.includes('yaml') ? parseYaml(text) : JSON.parse(text);
    }
  } catch {
    return undefined;
  }
  if (Array.isArray(value)) {
    // JSON patch: the last operation on /spec/replicas wins.
    let found: number | undefined;
    for (const op of value as { op?: string; path?: string; value?: unknown }[]) {
      if ((op?.op === 'replace' || op?.op === 'add') && op.path === '/spec/replicas') {
        found = typeof op.value === 'number' ? op.value : found;
      }
    }
    return found;
  }
  const replicas = (value as { spec?: { replicas?: unknown } } | null)?.spec?.replicas;
  return typeof replicas === 'number' ? replicas : undefined;
}
