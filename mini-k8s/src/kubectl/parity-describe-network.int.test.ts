/**
 * Output parity of `kubectl describe` with the REAL kubectl (v1.32), network chapter: Endpoints,
 * EndpointSlices, Ingresses (rules table with live backends, default backend, TLS), IngressClasses and
 * NetworkPolicies (the spelled-out ingress and egress rules). Objects are created through the real kubectl.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { describeComparison, setup } from './describe/parity-fixtures';
import { type ParityCluster, realKubectlAvailable, startParityCluster } from './testing/parity-harness';

const available = await realKubectlAvailable();

const MANIFESTS = `
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: traefik
  labels: {app.kubernetes.io/name: traefik}
  annotations: {ingressclass.kubernetes.io/is-default-class: "false", note: secondaire}
spec:
  controller: traefik.io/ingress-controller
  parameters: {apiGroup: k8s.example.com, kind: IngressParameters, name: external-lb}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: shop
  namespace: shop
  labels: {app: shop, tier: front}
  annotations:
    nginx.ingress.kubernetes.io/rewrite-target: /
    nginx.ingress.kubernetes.io/ssl-redirect: "true"
spec:
  ingressClassName: nginx
  defaultBackend:
    service: {name: web, port: {number: 80}}
  tls:
  - hosts: [shop.example.com, www.shop.example.com]
    secretName: shop-tls
  - hosts: [admin.example.com]
  rules:
  - host: shop.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
      - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {name: http}}}}
      - {path: /missing, pathType: Exact, backend: {service: {name: nope, port: {number: 8080}}}}
  - http:
      paths:
      - {path: /static, pathType: ImplementationSpecific, backend: {resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: static-assets}}}
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: fallback, namespace: shop}
spec:
  defaultBackend:
    service: {name: web, port: {number: 80}}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: api-allow, namespace: shop, labels: {tier: api}, annotations: {owner: secops}}
spec:
  podSelector: {matchLabels: {app: api}}
  policyTypes: [Ingress, Egress]
  ingress:
  - from:
    - podSelector: {matchLabels: {app: web}}
    - namespaceSelector: {matchLabels: {team: blue}}
      podSelector: {matchExpressions: [{key: role, operator: In, values: [front, back]}, {key: canary, operator: DoesNotExist}]}
    - ipBlock: {cidr: 172.16.0.0/16, except: [172.16.1.0/24, 172.16.2.0/24]}
    ports:
    - {protocol: TCP, port: 8080}
    - {port: 9000, endPort: 9100}
    - {protocol: UDP, port: metrics}
  - {}
  egress:
  - to: [{namespaceSelector: {}}]
    ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]
  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: shop}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web-only, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - ports: [{port: 80}]
`;

describe.skipIf(!available)('kubectl describe parity: network', () => {
  let p: ParityCluster;
  const same = describeComparison(() => p);

  beforeAll(async () => {
    p = await startParityCluster({ speed: 0 });
    await setup(p, ['create', 'namespace', 'shop']);
    await setup(p, [
      'create',
      'deployment',
      'web',
      '--image=nginx:1.25',
      '--replicas=2',
      '--port=80',
      '-n',
      'shop',
    ]);
    await setup(p, ['create', 'deployment', 'api', '--image=nginx:1.25', '--replicas=4', '-n', 'shop']);
    await setup(p, ['rollout', 'status', 'deployment/web', '-n', 'shop', '--timeout=60s']);
    await setup(p, ['rollout', 'status', 'deployment/api', '-n', 'shop', '--timeout=60s']);
    await setup(p, ['expose', 'deployment', 'web', '--port=80', '-n', 'shop']);
    await setup(p, ['create', 'service', 'clusterip', 'api', '--tcp=80:80,443:443', '-n', 'shop']);
    await setup(p, ['label', 'service', 'api', '-n', 'shop', 'team=blue']);
    await setup(p, [
      'patch',
      'service',
      'api',
      '-n',
      'shop',
      '--type=json',
      '-p',
      '[{"op":"replace","path":"/spec/ports/0/name","value":"http"},{"op":"replace","path":"/spec/ports/1/name","value":"https"},{"op":"replace","path":"/spec/selector","value":{"app":"api"}}]',
    ]);
    await setup(p, ['create', 'service', 'clusterip', 'empty', '--tcp=8080:8080', '-n', 'shop']);
    await setup(p, ['apply', '-f', '-'], MANIFESTS);
    // The endpoints controllers fill the api service's endpoints and slices from its new selector.
    await setup(p, [
      'wait',
      '--for=jsonpath={.subsets[0].addresses[3].ip}',
      'endpoints/api',
      '-n',
      'shop',
      '--timeout=60s',
    ]);
  }, 120_000);

  afterAll(async () => {
    await p?.stop();
  });

  it.each([
    ['describe endpoints -n shop'],
    ['describe ep api -n shop'],
    ['describe endpointslices -n shop'],
    ['describe endpointslice -l kubernetes.io/service-name=api -n shop'],
    ['describe ingress -n shop'],
    ['describe ing shop -n shop'],
    ['describe ing fallback -n shop --show-events=false'],
    ['describe ingressclass'],
    ['describe ingressclasses traefik'],
    ['describe networkpolicy -n shop'],
    ['describe netpol api-allow -n shop'],
    ['describe netpol deny-all -n shop'],
    ['describe svc -n shop'],
    ['describe ing nope -n shop'],
    ['describe netpol -n default'],
  ])('%s', async (cmd) => {
    await same(cmd.split(' '));
  });
});
