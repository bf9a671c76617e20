/**
 * The projected ServiceAccount token through the real kubectl: the root-CA publisher's `kube-root-ca.crt`
 * in every namespace, the `kube-api-access-*` volume the ServiceAccount admission adds to every pod (not
 * with automountServiceAccountToken: false), the files the kubelet writes, and the token authenticating as
 * the pod's ServiceAccount, with RBAC applying to it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster, waitFor } from '../integration/harness';

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

async function running(namespace: string, pod: string): Promise<void> {
  await waitFor(`pod ${namespace}/${pod} running`, async () => {
    const phase = await tc.kubectl(['get', 'pod', pod, '-n', namespace, '-o', 'jsonpath={.status.phase}']);
    return phase.stdout === 'Running' ? true : undefined;
  });
}

const TOKEN_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

describe('ServiceAccount token volume', () => {
  it('publishes the cluster CA as kube-root-ca.crt in every namespace, new ones included', async () => {
    await ok(['create', 'namespace', 'apps']);
    const pem = await waitFor('kube-root-ca.crt in apps', async () => {
      const r = await tc.kubectl([
        'get',
        'configmap',
        'kube-root-ca.crt',
        '-n',
        'apps',
        '-o',
        'jsonpath={.data.ca\\.crt}',
      ]);
      return r.code === 0 && r.stdout ? r.stdout : undefined;
    });
    expect(pem).toMatch(/^-----BEGIN CERTIFICATE-----\n[\s\S]+-----END CERTIFICATE-----\n?$/);
    const inDefault = await ok([
      'get',
      'configmap',
      'kube-root-ca.crt',
      '-n',
      'kube-system',
      '-o',
      'jsonpath={.data.ca\\.crt}',
    ]);
    expect(inDefault).toBe(pem);
  });

  it('mounts kube-api-access-* in every container, as upstream', async () => {
    await ok(['run', 'web', '--image=nginx', '-n', 'apps']);
    const pod = JSON.parse(await ok(['get', 'pod', 'web', '-n', 'apps', '-o', 'json']));
    const volume = pod.spec.volumes.find((v: { name: string }) => v.name.startsWith('kube-api-access-'));
    expect(volume.name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(volume.projected).toEqual({
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
        {
          downwardAPI: {
            items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }],
          },
        },
      ],
    });
    expect(pod.spec.containers[0].volumeMounts).toEqual([
      { name: volume.name, readOnly: true, mountPath: TOKEN_DIR },
    ]);
    await running('apps', 'web');
    const describe = await ok(['describe', 'pod', 'web', '-n', 'apps']);
    expect(describe).toContain(`      ${TOKEN_DIR} from ${volume.name} (ro)\n`);
    expect(describe).toContain(
      [
        `  ${volume.name}:`,
        '    Type:                    Projected (a volume that contains injected data from multiple sources)',
        '    TokenExpirationSeconds:  3607',
        '    ConfigMapName:           kube-root-ca.crt',
        '    ConfigMapOptional:       <nil>',
        '    DownwardAPI:             true',
      ].join('\n'),
    );
  });

  it('writes token, ca.crt and namespace; the token authenticates as the ServiceAccount and RBAC applies', async () => {
    const token = await ok(['exec', 'web', '-n', 'apps', '--', 'cat', `${TOKEN_DIR}/token`]);
    expect(token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(await ok(['exec', 'web', '-n', 'apps', '--', 'cat', `${TOKEN_DIR}/namespace`])).toBe('apps');
    const ca = await ok(['exec', 'web', '-n', 'apps', '--', 'cat', `${TOKEN_DIR}/ca.crt`]);
    expect(ca).toBe(
      await ok(['get', 'configmap', 'kube-root-ca.crt', '-n', 'apps', '-o', 'jsonpath={.data.ca\\.crt}']),
    );

    const whoami = await ok(['auth', 'whoami', '--token', token]);
    expect(whoami).toMatch(/^ATTRIBUTE\s+VALUE\nUsername\s+system:serviceaccount:apps:default\n/);
    expect(whoami).toMatch(
      /Groups\s+\[system:serviceaccounts system:serviceaccounts:apps system:authenticated\]\n/,
    );

    const denied = await tc.kubectl(['get', 'pods', '-n', 'apps', '--token', token]);
    expect(denied.code).toBe(1);
    expect(denied.stderr).toBe(
      'Error from server (Forbidden): pods is forbidden: User "system:serviceaccount:apps:default" cannot list resource "pods" in API group "" in the namespace "apps"\n',
    );
    await ok([
      'create',
      'rolebinding',
      'read',
      '--clusterrole=view',
      '--serviceaccount=apps:default',
      '-n',
      'apps',
    ]);
    const allowed = await tc.kubectl(['get', 'pods', '-n', 'apps', '--token', token, '-o', 'name']);
    expect(allowed.stdout).toBe('pod/web\n');
    expect((await tc.kubectl(['get', 'pods', '-n', 'default', '--token', token])).code).toBe(1);
  });

  it('does not mount the token when the pod or its ServiceAccount opts out', async () => {
    await ok(['create', 'serviceaccount', 'quiet', '-n', 'apps']);
    await ok([
      'patch',
      'serviceaccount',
      'quiet',
      '-n',
      'apps',
      '-p',
      '{"automountServiceAccountToken":false}',
    ]);
    await ok([
      'run',
      'silent',
      '--image=nginx',
      '-n',
      'apps',
      '--overrides={"spec":{"serviceAccountName":"quiet"}}',
    ]);
    await ok([
      'run',
      'optout',
      '--image=nginx',
      '-n',
      'apps',
      '--overrides={"spec":{"automountServiceAccountToken":false}}',
    ]);
    for (const name of ['silent', 'optout']) {
      expect(await ok(['get', 'pod', name, '-n', 'apps', '-o', 'jsonpath={.spec.volumes}'])).toBe('');
      await running('apps', name);
      const cat = await tc.kubectl(['exec', name, '-n', 'apps', '--', 'cat', `${TOKEN_DIR}/token`]);
      expect(cat.code).not.toBe(0);
    }
  });
});
