/**
 * Real kubectl: `create` generators (protobuf bodies), server dry runs, expose, label/annotate overwrite
 * rules, taint and cordon, asserting kubectl's exact output lines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster } from './harness';
import type { TestCluster } from './harness';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster(2);
});
afterAll(async () => {
  await t?.stop();
});

describe('kubectl create generators', () => {
  it.each<[string[], string]>([
    [['create', 'namespace', 'team'], 'namespace/team created'],
    [['create', 'configmap', 'cfg', '--from-literal=mode=dev'], 'configmap/cfg created'],
    [
      ['create', 'configmap', 'dry', '--from-literal=a=b', '--dry-run=server'],
      'configmap/dry created (server dry run)',
    ],
    [
      [
        'create',
        'secret',
        'docker-registry',
        'regcred',
        '--docker-server=r.example',
        '--docker-username=u',
        '--docker-password=p',
      ],
      'secret/regcred created',
    ],
    [['create', 'serviceaccount', 'robot'], 'serviceaccount/robot created'],
    [
      ['create', 'role', 'reader', '--verb=get,list', '--resource=pods'],
      'role.rbac.authorization.k8s.io/reader created',
    ],
    [
      ['create', 'rolebinding', 'reader-bob', '--role=reader', '--user=bob'],
      'rolebinding.rbac.authorization.k8s.io/reader-bob created',
    ],
    [
      ['create', 'clusterrole', 'node-reader', '--verb=get', '--resource=nodes'],
      'clusterrole.rbac.authorization.k8s.io/node-reader created',
    ],
    [
      ['create', 'clusterrolebinding', 'node-reader-bob', '--clusterrole=node-reader', '--user=bob'],
      'clusterrolebinding.rbac.authorization.k8s.io/node-reader-bob created',
    ],
    [['create', 'service', 'clusterip', 'api', '--tcp=80:8080'], 'service/api created'],
    [['create', 'service', 'externalname', 'ext', '--external-name=example.com'], 'service/ext created'],
    [['create', 'quota', 'small', '--hard=pods=2'], 'resourcequota/small created'],
    [
      ['create', 'pdb', 'keep', '--selector=app=web', '--min-available=1'],
      'poddisruptionbudget.policy/keep created',
    ],
    [
      ['create', 'ingress', 'front', '--rule=foo.example/bar=api:80'],
      'ingress.networking.k8s.io/front created',
    ],
    [['create', 'job', 'once', '--image=busybox'], 'job.batch/once created'],
    [
      ['create', 'cronjob', 'tick', '--image=busybox', '--schedule=*/5 * * * *'],
      'cronjob.batch/tick created',
    ],
    [['create', 'deployment', 'web', '--image=nginx:1.27', '--port=80'], 'deployment.apps/web created'],
  ])('kubectl %j', async (args, line) => {
    const r = await t.kubectl(args);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(`${line}\n`);
  });

  it('the server dry run created nothing', async () => {
    const r = await t.kubectl(['get', 'cm', 'dry']);
    expect(r.stderr).toBe('Error from server (NotFound): configmaps "dry" not found\n');
  });

  it('expose creates a service selecting the deployment pods', async () => {
    expect((await t.kubectl(['expose', 'deployment', 'web', '--port=80'])).stdout).toBe(
      'service/web exposed\n',
    );
    const r = await t.kubectl([
      'get',
      'svc',
      'web',
      '-o',
      'jsonpath={.spec.selector.app} {.spec.ports[0].port} {.spec.ports[0].targetPort} {.spec.type}',
    ]);
    expect(r.stdout).toBe('web 80 80 ClusterIP');
  });
});

describe('kubectl label and annotate', () => {
  it('refuses to overwrite without --overwrite, then overwrites and removes', async () => {
    expect((await t.kubectl(['label', 'cm', 'cfg', 'tier=front'])).stdout).toBe('configmap/cfg labeled\n');
    const refused = await t.kubectl(['label', 'cm', 'cfg', 'tier=back']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe("error: 'tier' already has a value (front), and --overwrite is false\n");
    expect((await t.kubectl(['label', 'cm', 'cfg', 'tier=back', '--overwrite'])).stdout).toBe(
      'configmap/cfg labeled\n',
    );
    expect((await t.kubectl(['label', 'cm', 'cfg', 'tier-'])).stdout).toBe('configmap/cfg unlabeled\n');
    expect((await t.kubectl(['annotate', 'cm', 'cfg', 'owner=ops'])).stdout).toBe(
      'configmap/cfg annotated\n',
    );
    const again = await t.kubectl(['annotate', 'cm', 'cfg', 'owner=dev']);
    // kubectl annotate words its (client-side) refusal differently from kubectl label.
    expect(again.stderr).toBe(
      "error: --overwrite is false but found the following declared annotation(s): 'owner' already has a value (ops)\n",
    );
    expect((await t.kubectl(['annotate', 'cm', 'cfg', 'owner-'])).stdout).toBe('configmap/cfg annotated\n');
    const r = await t.kubectl([
      'get',
      'cm',
      'cfg',
      '-o',
      'jsonpath={.metadata.labels}|{.metadata.annotations}',
    ]);
    expect(r.stdout).toBe('|');
  });
});

describe('kubectl taint, cordon and uncordon', () => {
  it('taints and untaints a node', async () => {
    expect((await t.kubectl(['taint', 'nodes', 'node01', 'dedicated=gpu:NoSchedule'])).stdout).toBe(
      'node/node01 tainted\n',
    );
    const taints = await t.kubectl(['get', 'node', 'node01', '-o', 'jsonpath={.spec.taints}']);
    expect(JSON.parse(taints.stdout)).toEqual([{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }]);
    expect((await t.kubectl(['taint', 'nodes', 'node01', 'dedicated=gpu:NoSchedule-'])).stdout).toBe(
      'node/node01 untainted\n',
    );
  });

  it('cordons and uncordons a node', async () => {
    expect((await t.kubectl(['cordon', 'node01'])).stdout).toBe('node/node01 cordoned\n');
    const status = await t.kubectl(['get', 'node', 'node01', '--no-headers']);
    expect(status.stdout.split(/\s+/)[1]).toBe('Ready,SchedulingDisabled');
    expect((await t.kubectl(['uncordon', 'node01'])).stdout).toBe('node/node01 uncordoned\n');
    expect((await t.kubectl(['uncordon', 'node01'])).stdout).toBe('node/node01 already uncordoned\n');
  });
});
