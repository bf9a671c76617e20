import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeKubernetesProtobuf, encodeKubernetesProtobuf } from './index';
import { CaptureServer, runKubectl } from './kubectl-capture';

function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    return false;
  }
}

const available = hasKubectl();
if (!available && process.env.CI === 'true') throw new Error('kubectl is required on PATH when CI=true');

/** Each case: the kubectl arguments, the POST path it must hit, and what the server answers. */
interface Case {
  name: string;
  args: string[];
  path: string;
  reply: Record<string, unknown>;
  /** A query parameter the POST must carry. */
  query?: string;
  /** Expected decoded object; when absent, kubectl's own `--dry-run=client -o json` output is the oracle. */
  expected?: Record<string, unknown>;
}

const ns = '/api/v1/namespaces/default';
const cases: Case[] = [
  {
    name: 'create deployment',
    args: ['create', 'deployment', 'web', '--image=nginx:1.25', '--replicas=2', '--port=80'],
    path: '/apis/apps/v1/namespaces/default/deployments',
    reply: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' } },
  },
  {
    name: 'create deployment --replicas=0 keeps the explicit zero',
    args: ['create', 'deployment', 'zero', '--image=nginx', '--replicas=0'],
    path: '/apis/apps/v1/namespaces/default/deployments',
    reply: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'zero' } },
  },
  {
    name: 'create secret generic',
    args: ['create', 'secret', 'generic', 'db', '--from-literal=user=admin', '--from-literal=pass=s3cr=t'],
    path: `${ns}/secrets`,
    reply: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' } },
  },
  {
    name: 'create configmap',
    args: ['create', 'configmap', 'cfg', '--from-literal=mode=prod', '--from-literal=empty='],
    path: `${ns}/configmaps`,
    reply: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' } },
  },
  {
    name: 'create namespace',
    args: ['create', 'namespace', 'team-a'],
    path: '/api/v1/namespaces',
    reply: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } },
  },
  {
    name: 'create serviceaccount',
    args: ['create', 'serviceaccount', 'bot'],
    path: `${ns}/serviceaccounts`,
    reply: { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'bot' } },
  },
  {
    name: 'create role',
    args: [
      'create',
      'role',
      'reader',
      '--verb=get',
      '--verb=list',
      '--resource=pods',
      '--resource=deployments.apps',
    ],
    path: '/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles',
    reply: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reader' } },
  },
  {
    name: 'create rolebinding',
    args: ['create', 'rolebinding', 'rb', '--role=reader', '--user=alice', '--serviceaccount=default:bot'],
    path: '/apis/rbac.authorization.k8s.io/v1/namespaces/default/rolebindings',
    reply: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'rb' } },
  },
  {
    name: 'create clusterrole',
    args: [
      'create',
      'clusterrole',
      'node-reader',
      '--verb=get',
      '--resource=nodes',
      '--non-resource-url=/healthz',
    ],
    path: '/apis/rbac.authorization.k8s.io/v1/clusterroles',
    reply: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'node-reader' },
    },
  },
  {
    name: 'create clusterrolebinding',
    args: ['create', 'clusterrolebinding', 'crb', '--clusterrole=node-reader', '--group=devs'],
    path: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings',
    reply: {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'crb' },
    },
  },
  {
    name: 'create service nodeport',
    args: ['create', 'service', 'nodeport', 'web', '--tcp=80:8080', '--node-port=30080'],
    path: `${ns}/services`,
    reply: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' } },
  },
  {
    name: 'create ingress',
    args: ['create', 'ingress', 'web', '--rule=example.com/app*=svc:80,tls=cert', '--class=nginx'],
    path: '/apis/networking.k8s.io/v1/namespaces/default/ingresses',
    reply: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web' } },
  },
  {
    name: 'create job',
    args: ['create', 'job', 'once', '--image=busybox', '--', 'echo', 'hi'],
    path: '/apis/batch/v1/namespaces/default/jobs',
    reply: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'once' } },
  },
  {
    name: 'create cronjob',
    args: ['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *', '--', 'date'],
    path: '/apis/batch/v1/namespaces/default/cronjobs',
    reply: { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'tick' } },
  },
  {
    name: 'create quota',
    args: ['create', 'quota', 'q', '--hard=cpu=1500m,memory=1Gi,pods=3', '--scopes=NotTerminating'],
    path: `${ns}/resourcequotas`,
    reply: { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q' } },
  },
  {
    name: 'create pdb',
    args: ['create', 'pdb', 'web-pdb', '--selector=app=web', '--min-available=50%'],
    path: '/apis/policy/v1/namespaces/default/poddisruptionbudgets',
    reply: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web-pdb' } },
  },
  {
    name: 'create priorityclass',
    args: [
      'create',
      'priorityclass',
      'high',
      '--value=1000',
      '--description=important',
      '--global-default=false',
    ],
    path: '/apis/scheduling.k8s.io/v1/priorityclasses',
    reply: { apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'high' } },
  },
  {
    name: 'autoscale (autoscaling/v1 HPA)',
    args: ['autoscale', 'deployment', 'web', '--min=1', '--max=5', '--cpu-percent=50'],
    path: '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers',
    reply: { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' } },
  },
  {
    name: 'create configmap --dry-run=server',
    args: ['create', 'configmap', 'dry', '--from-literal=a=b', '--dry-run=server'],
    path: `${ns}/configmaps`,
    query: 'dryRun=All',
    reply: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dry' } },
    expected: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'dry', creationTimestamp: null },
      data: { a: 'b' },
    },
  },
  {
    name: 'create token',
    args: ['create', 'token', 'bot', '--duration=1h', '--audience=api'],
    path: `${ns}/serviceaccounts/bot/token`,
    reply: {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      metadata: { name: 'bot' },
      spec: { audiences: ['api'] },
      status: { token: 'header.payload.signature', expirationTimestamp: '2030-01-01T00:00:00Z' },
    },
    expected: {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      metadata: { creationTimestamp: null },
      spec: { audiences: ['api'], expirationSeconds: 3600, boundObjectRef: null },
      status: { token: '', expirationTimestamp: null },
    },
  },
  {
    name: 'auth can-i',
    args: ['auth', 'can-i', 'create', 'deployments', '--subresource=scale'],
    path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    reply: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: {},
      spec: {},
      status: { allowed: true },
    },
    expected: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      metadata: { creationTimestamp: null },
      spec: {
        resourceAttributes: {
          namespace: 'default',
          verb: 'create',
          group: 'apps',
          resource: 'deployments',
          subresource: 'scale',
        },
      },
      status: { allowed: false },
    },
  },
  {
    name: 'auth can-i --list',
    args: ['auth', 'can-i', '--list'],
    path: '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews',
    reply: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectRulesReview',
      metadata: {},
      spec: {},
      status: { resourceRules: [], nonResourceRules: [], incomplete: false },
    },
    expected: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectRulesReview',
      metadata: { creationTimestamp: null },
      spec: { namespace: 'default' },
      status: { resourceRules: null, nonResourceRules: null, incomplete: false },
    },
  },
  {
    name: 'auth whoami',
    args: ['auth', 'whoami'],
    path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
    reply: {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
      metadata: {},
      status: { userInfo: { username: 'admin', groups: ['system:masters'] } },
    },
    expected: {
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
      metadata: { creationTimestamp: null },
      status: { userInfo: {} },
    },
  },
];

describe.skipIf(!available)(
  'protobuf bodies sent by the real kubectl v1.32.4 (skipped: kubectl not on PATH)',
  () => {
    const server = new CaptureServer();
    let dir = '';
    let common: string[] = [];

    beforeAll(async () => {
      const url = await server.start();
      dir = mkdtempSync(join(tmpdir(), 'protobuf-int-'));
      const kubeconfig = join(dir, 'kubeconfig');
      writeFileSync(kubeconfig, '');
      common = [`--server=${url}`, `--cache-dir=${join(dir, 'cache')}`, `--kubeconfig=${kubeconfig}`];
      server.objects.set('/apis/apps/v1/namespaces/default/deployments/web', {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web', namespace: 'default', uid: 'u1', resourceVersion: '1' },
        spec: { replicas: 1, selector: { matchLabels: { app: 'web' } } },
      });
    });

    afterAll(async () => {
      await server.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it.each(cases)('$name', async ({ args, path, query, reply, expected }) => {
      server.posts.length = 0;
      server.reply = reply;
      const run = await runKubectl([...common, ...args]);
      const posts = server.posts.filter((p) => p.url.split('?')[0] === path);
      expect(posts, `kubectl ${args.join(' ')}: ${run.stderr}`).toHaveLength(1);
      expect(posts[0].contentType).toBe('application/vnd.kubernetes.protobuf');
      if (query) expect(posts[0].url).toContain(query);
      const decoded = decodeKubernetesProtobuf(posts[0].body);

      let oracle = expected;
      if (!oracle) {
        const dry = await runKubectl([...common, '--dry-run=client', '-o', 'json', ...args]);
        expect(dry.code, dry.stderr).toBe(0);
        oracle = JSON.parse(dry.stdout) as Record<string, unknown>;
      }
      expect(decoded).toEqual(oracle);
      // Our encoder writes what gogo-protobuf writes: re-encoding gives kubectl's exact bytes back.
      expect(Buffer.from(encodeKubernetesProtobuf(decoded)).equals(Buffer.from(posts[0].body))).toBe(true);
    });
  },
);
