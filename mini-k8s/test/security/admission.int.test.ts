/**
 * Admission plugins through the real kubectl: PodSecurity (enforce and warn), ResourceQuota, LimitRanger,
 * DefaultStorageClass and ServiceAccount, with upstream's exact messages.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../integration/harness';

let tc: TestCluster;

beforeAll(async () => {
  tc = await startTestCluster(2);
}, 120_000);

afterAll(async () => {
  await tc?.stop();
});

async function ok(args: string[], input?: string): Promise<string> {
  const result = await tc.kubectl(args, input === undefined ? {} : { input });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

const RESTRICTED_POD = `apiVersion: v1
kind: Pod
metadata:
  name: hardened
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile:
      type: RuntimeDefault
  containers:
  - name: app
    image: nginx
    securityContext:
      allowPrivilegeEscalation: false
      capabilities:
        drop: ["ALL"]
`;

describe('PodSecurity admission', () => {
  it('refuses a pod violating the enforced restricted level with the upstream message', async () => {
    await ok(['create', 'namespace', 'secure']);
    await ok(['label', 'namespace', 'secure', 'pod-security.kubernetes.io/enforce=restricted']);
    const result = await tc.kubectl(['run', 'web', '--image=nginx', '-n', 'secure']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Error from server (Forbidden): pods "web" is forbidden: violates PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "web" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "web" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "web" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "web" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")\n',
    );
    expect(await ok(['apply', '-n', 'secure', '-f', '-'], RESTRICTED_POD)).toBe('pod/hardened created\n');
  });

  it('lists baseline violations in upstream order and honours the version label', async () => {
    await ok(['create', 'namespace', 'base']);
    await ok([
      'label',
      'namespace',
      'base',
      'pod-security.kubernetes.io/enforce=baseline',
      'pod-security.kubernetes.io/enforce-version=v1.32',
    ]);
    const pod = `apiVersion: v1
kind: Pod
metadata:
  name: host
spec:
  hostNetwork: true
  volumes:
  - name: root
    hostPath:
      path: /
  containers:
  - name: c
    image: busybox
    ports:
    - containerPort: 80
      hostPort: 8080
    securityContext:
      privileged: true
      capabilities:
        add: ["NET_ADMIN", "CHOWN"]
`;
    const result = await tc.kubectl(['apply', '-n', 'base', '-f', '-'], { input: pod });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Error from server (Forbidden): error when creating "STDIN": pods "host" is forbidden: violates PodSecurity "baseline:v1.32": non-default capabilities (container "c" must not include "NET_ADMIN" in securityContext.capabilities.add), host namespaces (hostNetwork=true), hostPath volumes (volume "root"), hostPort (container "c" uses hostPort 8080), privileged (container "c" must not set securityContext.privileged=true)\n',
    );
  });

  it('warns on workloads and pods under the warn level without refusing them', async () => {
    await ok(['create', 'namespace', 'warned']);
    await ok(['label', 'namespace', 'warned', 'pod-security.kubernetes.io/warn=restricted']);
    const result = await tc.kubectl(['create', 'deployment', 'web', '--image=nginx', '-n', 'warned']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('deployment.apps/web created\n');
    expect(result.stderr).toBe(
      'Warning: would violate PodSecurity "restricted:latest": allowPrivilegeEscalation != false (container "nginx" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "nginx" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "nginx" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "nginx" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")\n',
    );
  });
  it('warns about existing pods when the enforce level becomes stricter', async () => {
    const deadline = Date.now() + 30_000;
    let pod = '';
    while (!pod) {
      pod = (await tc.kubectl(['get', 'pods', '-n', 'warned', '-o', 'jsonpath={.items[0].metadata.name}']))
        .stdout;
      if (!pod && Date.now() > deadline) throw new Error('the deployment never created its pod');
      if (!pod) await new Promise((r) => setTimeout(r, 100));
    }
    const result = await tc.kubectl([
      'label',
      'namespace',
      'warned',
      'pod-security.kubernetes.io/enforce=restricted',
    ]);
    expect(result.stdout).toBe('namespace/warned labeled\n');
    expect(result.stderr).toBe(
      [
        'Warning: existing pods in namespace "warned" violate the new PodSecurity enforce level "restricted:latest"',
        `Warning: ${pod}: allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile`,
        '',
      ].join('\n'),
    );
  });
});

describe('ResourceQuota admission', () => {
  it('refuses the pod past the quota with exceeded quota', async () => {
    await ok(['create', 'namespace', 'quota']);
    await ok(['create', 'quota', 'q', '--hard=pods=2', '-n', 'quota']);
    await ok(['run', 'a', '--image=nginx', '-n', 'quota']);
    await ok(['run', 'b', '--image=nginx', '-n', 'quota']);
    const result = await tc.kubectl(['run', 'c', '--image=nginx', '-n', 'quota']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Error from server (Forbidden): pods "c" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2\n',
    );
  });

  it('requires requests for a compute quota and counts them', async () => {
    await ok(['create', 'namespace', 'compute']);
    await ok(['create', 'quota', 'cpu', '--hard=requests.cpu=1', '-n', 'compute']);
    const missing = await tc.kubectl(['run', 'q1', '--image=nginx', '-n', 'compute']);
    expect(missing.stderr).toBe(
      'Error from server (Forbidden): pods "q1" is forbidden: failed quota: cpu: must specify requests.cpu for: q1\n',
    );
    const pod = (name: string, cpu: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  containers:
  - name: app
    image: nginx
    resources:
      requests:
        cpu: ${cpu}
`;
    await ok(['apply', '-n', 'compute', '-f', '-'], pod('small', '600m'));
    const big = await tc.kubectl(['apply', '-n', 'compute', '-f', '-'], { input: pod('big', '500m') });
    expect(big.stderr).toBe(
      'Error from server (Forbidden): error when creating "STDIN": pods "big" is forbidden: exceeded quota: cpu, requested: requests.cpu=500m, used: requests.cpu=600m, limited: requests.cpu=1\n',
    );
  });
});

describe('LimitRanger, DefaultStorageClass and ServiceAccount admission', () => {
  it('applies LimitRange defaults and enforces max', async () => {
    await ok(['create', 'namespace', 'limits']);
    await ok(
      ['apply', '-n', 'limits', '-f', '-'],
      `apiVersion: v1
kind: LimitRange
metadata:
  name: cpu
spec:
  limits:
  - type: Container
    default:
      cpu: 500m
    defaultRequest:
      cpu: 100m
    max:
      cpu: "1"
`,
    );
    await ok(['run', 'defaulted', '--image=nginx', '-n', 'limits']);
    const pod = JSON.parse(await ok(['get', 'pod', 'defaulted', '-n', 'limits', '-o', 'json'])) as {
      metadata: { annotations: Record<string, string> };
      spec: { containers: { resources: unknown }[] };
    };
    expect(pod.spec.containers[0].resources).toEqual({ limits: { cpu: '500m' }, requests: { cpu: '100m' } });
    expect(pod.metadata.annotations['kubernetes.io/limit-ranger']).toBe(
      'LimitRanger plugin set: cpu request for container defaulted; cpu limit for container defaulted',
    );
    const big = await tc.kubectl([
      'run',
      'big',
      '--image=nginx',
      '-n',
      'limits',
      '--overrides={"spec":{"containers":[{"name":"big","image":"nginx","resources":{"limits":{"cpu":"2"}}}]}}',
    ]);
    expect(big.stderr).toBe(
      'Error from server (Forbidden): pods "big" is forbidden: maximum cpu usage per Container is 1, but limit is 2\n',
    );
  });

  it('gives a claim without class the default StorageClass', async () => {
    await ok(
      ['apply', '-f', '-'],
      `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: ["ReadWriteOnce"]
  resources:
    requests:
      storage: 1Gi
`,
    );
    expect(await ok(['get', 'pvc', 'data', '-o', 'jsonpath={.spec.storageClassName}'])).toBe('standard');
  });

  it('refuses a pod naming a missing ServiceAccount', async () => {
    const result = await tc.kubectl([
      'run',
      'robot',
      '--image=nginx',
      '--overrides={"spec":{"serviceAccountName":"robot"}}',
    ]);
    expect(result.stderr).toBe(
      'Error from server (Forbidden): pods "robot" is forbidden: error looking up service account default/robot: serviceaccount "robot" not found\n',
    );
  });
});
