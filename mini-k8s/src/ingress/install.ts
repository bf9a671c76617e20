/**
 * The objects of an ingress-nginx install (what `kubectl apply -f deploy.yaml` creates that mini-k8s needs):
 * namespace `ingress-nginx` and the Service `ingress-nginx-controller` of type LoadBalancer (http 80,
 * https 443) in front of the virtual controller pod. The IngressClass `nginx` comes with the API server's
 * bootstrap. Only what is missing is created.
 */
import type { ApiClient } from '../client/client';
import { INGRESS_CONTROLLER_IP, INGRESS_CONTROLLER_LABELS } from '../network/addresses';
import { ensureObject, ensureVirtualService, NAMESPACES } from '../network/system-objects';

export const INGRESS_NAMESPACE = 'ingress-nginx';
export const INGRESS_SERVICE = 'ingress-nginx-controller';
export const INGRESS_POD_NAME = 'ingress-nginx-controller-5f8d7c9b6d-x2kqp';

/** installIngressNginx creates the namespace and the controller Service with its endpoints. */
export async function installIngressNginx(client: ApiClient): Promise<void> {
  await ensureObject(client, NAMESPACES, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: INGRESS_NAMESPACE, labels: { 'app.kubernetes.io/name': 'ingress-nginx' } },
  });
  await ensureVirtualService(client, {
    namespace: INGRESS_NAMESPACE,
    name: INGRESS_SERVICE,
    labels: { ...INGRESS_CONTROLLER_LABELS },
    spec: { type: 'LoadBalancer', externalTrafficPolicy: 'Cluster' },
    ports: [
      { name: 'http', port: 80, protocol: 'TCP' },
      { name: 'https', port: 443, protocol: 'TCP' },
    ],
    pods: [{ name: INGRESS_POD_NAME, ip: INGRESS_CONTROLLER_IP }],
  });
}
