/**
 * Output parity of `kubectl describe` with the REAL kubectl (v1.32), cluster chapter: nodes (with the pods
 * they run), namespaces with their ResourceQuota and LimitRange sections, quotas, limit ranges, priority
 * classes, certificate signing requests, the generic describer (leases), several objects at once and the
 * error texts. Objects are created through the real kubectl.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { describeComparison, setup } from './describe/parity-fixtures';
import { type ParityCluster, realKubectlAvailable, startParityCluster } from './testing/parity-harness';

const available = await realKubectlAvailable();

const QUOTAS_AND_LIMITS = `
apiVersion: v1
kind: ResourceQuota
metadata: {name: compute, namespace: shop, labels: {team: blue}}
spec:
  hard: {requests.cpu: "4", requests.memory: 8Gi, limits.memory: 16Gi, pods: "20"}
---
apiVersion: v1
kind: ResourceQuota
metadata: {name: best-effort, namespace: shop}
spec:
  hard: {pods: "5"}
  scopes: [BestEffort, NotTerminating]
---
apiVersion: v1
kind: LimitRange
metadata: {name: defaults, namespace: shop}
spec:
  limits:
  - type: Container
    default: {memory: 512Mi}
    defaultRequest: {memory: 256Mi}
    max: {memory: 1Gi}
    min: {memory: 64Mi}
  - type: Pod
    max: {cpu: "2"}
  - type: PersistentVolumeClaim
    max: {storage: 10Gi}
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: critique, annotations: {owner: ops}}
value: 100000
description: Services critiques de la boutique
---
apiVersion: scheduling.k8s.io/v1
kind: PriorityClass
metadata: {name: batch-low}
value: -10
preemptionPolicy: Never
`;

/** csr writes a PKCS#10 request with openssl, as a learner does, and returns it base64-encoded. */
function csr(dir: string, name: string, subject: string, extra: string[] = []): string {
  const out = join(dir, `${name}.csr`);
  execFileSync('openssl', [
    'req',
    '-new',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    join(dir, `${name}.key`),
    '-subj',
    subject,
    ...extra,
    '-out',
    out,
  ]);
  return readFileSync(out).toString('base64');
}

describe.skipIf(!available)('kubectl describe parity: cluster', () => {
  let p: ParityCluster;
  let dir: string;
  const same = describeComparison(() => p);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'describe-csr-'));
    p = await startParityCluster({ speed: 0 });
    await setup(p, ['create', 'namespace', 'shop']);
    await setup(p, ['label', 'namespace', 'shop', 'team=blue', 'env=prod']);
    await setup(p, ['annotate', 'namespace', 'shop', 'owner=alice@example.com']);
    await setup(p, ['apply', '-f', '-'], QUOTAS_AND_LIMITS);
    await setup(p, ['create', 'namespace', 'web']);
    await setup(p, ['create', 'deployment', 'api', '--image=nginx:1.25', '--replicas=3', '-n', 'web']);
    await setup(p, [
      'set',
      'resources',
      'deployment',
      'api',
      '-n',
      'web',
      '--requests=cpu=250m,memory=128Mi',
      '--limits=cpu=500m,memory=256Mi',
    ]);
    await setup(p, ['rollout', 'status', 'deployment/api', '-n', 'web', '--timeout=60s']);
    await setup(p, ['taint', 'node', 'node02', 'dedicated=gpu:NoSchedule']);
    await setup(p, ['label', 'node', 'node02', 'kubernetes.io/role=worker']);
    const requests = `
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata: {name: jane, labels: {team: devs}, annotations: {ticket: OPS-42}}
spec:
  request: ${csr(dir, 'jane', '/CN=jane/O=devs/O=ops/OU=platform/C=FR/L=Paris/ST=IDF', [
    '-addext',
    'subjectAltName=DNS:jane.example.com,DNS:www.example.com,email:jane@example.com,IP:10.0.0.1,IP:2001:db8::1,URI:spiffe://example.com/jane',
  ])}
  signerName: kubernetes.io/kube-apiserver-client
  expirationSeconds: 86400
  usages: [client auth]
---
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata: {name: bob}
spec:
  request: ${csr(dir, 'bob', '/CN=bob/O=devs')}
  signerName: kubernetes.io/kube-apiserver-client
  usages: [client auth]
---
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata: {name: carol}
spec:
  request: ${csr(dir, 'carol', '/CN=carol')}
  signerName: kubernetes.io/kube-apiserver-client
  usages: [client auth]
`;
    await setup(p, ['create', '-f', '-'], requests);
    await setup(p, ['certificate', 'approve', 'bob']);
    await setup(p, ['certificate', 'deny', 'carol']);
  }, 120_000);

  afterAll(async () => {
    await p?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['describe nodes'],
    ['describe node node02'],
    ['describe no controlplane --show-events=false'],
    ['describe ns shop'],
    ['describe namespace web'],
    ['describe ns'],
    ['describe quota -n shop'],
    ['describe resourcequota compute -n shop'],
    ['describe limitrange defaults -n shop'],
    ['describe limits -n shop'],
    ['describe priorityclass'],
    ['describe pc critique'],
    ['describe csr'],
    ['describe certificatesigningrequest jane'],
    ['describe lease node01 -n kube-node-lease'],
    ['describe pods -n web'],
    ['describe po -l app=api -A'],
    ['describe deploy,rs -n web --show-events=false'],
    ['describe quota compute best-effort nope -n shop'],
    ['describe pc crit'],
    ['describe pc zzz'],
    ['describe pods -n shop'],
    ['describe pods -A -l app=nope'],
    ['describe nosuchkind'],
    ['describe'],
  ])('%s', async (cmd) => {
    await same(cmd.split(' '));
  });
});
