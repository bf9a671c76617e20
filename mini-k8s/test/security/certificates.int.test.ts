/**
 * Client certificates with the real kubectl: a CertificateSigningRequest is created, approved with
 * `kubectl certificate approve`, signed by the cluster CA, and the certificate then authenticates a
 * kubeconfig with client-certificate-data (CN = user, O = groups).
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCertificateRequest } from '../../src/apiserver/pki/csr';
import { startTestCluster, type TestCluster } from '../integration/harness';

let tc: TestCluster;

beforeAll(async () => {
  tc = await startTestCluster(1);
}, 120_000);

afterAll(async () => {
  await tc?.stop();
});

function csrManifest(name: string, request: string): string {
  return JSON.stringify({
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: {
      request: Buffer.from(request).toString('base64'),
      signerName: 'kubernetes.io/kube-apiserver-client',
      expirationSeconds: 86400,
      usages: ['client auth'],
    },
  });
}

async function waitForCertificate(name: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const out = await tc.kubectl(['get', 'csr', name, '-o', 'jsonpath={.status.certificate}']);
    if (out.code === 0 && out.stdout) return out.stdout;
    if (Date.now() > deadline) throw new Error(`no certificate for ${name}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('CertificateSigningRequest flow', () => {
  it('approves, signs and authenticates a client certificate kubeconfig', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const request = createCertificateRequest({ commonName: 'alice', organizations: ['dev'] }, privateKey);
    const created = await tc.kubectl(['apply', '-f', '-'], { input: csrManifest('alice', request) });
    expect(created).toMatchObject({
      code: 0,
      stdout: 'certificatesigningrequest.certificates.k8s.io/alice created\n',
    });
    const pending = await tc.kubectl(['get', 'csr', 'alice', '-o', 'jsonpath={.spec.username} {.status}']);
    expect(pending.stdout).toBe('kubernetes-admin {}');
    const approved = await tc.kubectl(['certificate', 'approve', 'alice']);
    expect(approved).toMatchObject({
      code: 0,
      stdout: 'certificatesigningrequest.certificates.k8s.io/alice approved\n',
    });
    const certificate = await waitForCertificate('alice');
    const table = await tc.kubectl(['get', 'csr', 'alice', '--no-headers']);
    expect(table.stdout).toMatch(/Approved,Issued/);

    const kubeconfig = tc.writeFile(
      'alice.kubeconfig',
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: mini',
        '  cluster:',
        `    server: ${tc.cluster.url}`,
        `    certificate-authority-data: ${Buffer.from(tc.cluster.caPem).toString('base64')}`,
        'users:',
        '- name: alice',
        '  user:',
        `    client-certificate-data: ${certificate}`,
        `    client-key-data: ${Buffer.from(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()).toString('base64')}`,
        'contexts:',
        '- name: alice',
        '  context: {cluster: mini, user: alice, namespace: default}',
        'current-context: alice',
        '',
      ].join('\n'),
    );
    const whoami = await tc.kubectl([
      '--kubeconfig',
      kubeconfig,
      'auth',
      'whoami',
      '-o',
      'jsonpath={.status.userInfo}',
    ]);
    expect(JSON.parse(whoami.stdout)).toEqual({ username: 'alice', groups: ['dev', 'system:authenticated'] });
    const pods = await tc.kubectl(['--kubeconfig', kubeconfig, 'get', 'pods']);
    expect(pods.stderr).toBe(
      'Error from server (Forbidden): pods is forbidden: User "alice" cannot list resource "pods" in API group "" in the namespace "default"\n',
    );
    await tc.kubectl(['create', 'rolebinding', 'dev-view', '--clusterrole=view', '--group=dev']);
    const deadline = Date.now() + 30_000;
    while ((await tc.kubectl(['--kubeconfig', kubeconfig, 'get', 'pods'])).code !== 0) {
      if (Date.now() > deadline) throw new Error('the dev group never got view');
      await new Promise((r) => setTimeout(r, 100));
    }
  });

  it('denies a request and never signs it, and refuses approval without the approve verb', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    await tc.kubectl(['apply', '-f', '-'], {
      input: csrManifest(
        'mallory',
        createCertificateRequest({ commonName: 'mallory', organizations: ['system:masters'] }, privateKey),
      ),
    });
    const byBob = await tc.kubectl(['certificate', 'approve', 'mallory', '--as', 'bob']);
    expect(byBob.code).toBe(1);
    expect(byBob.stderr).toContain(
      'User "bob" cannot get resource "certificatesigningrequests" in API group "certificates.k8s.io" at the cluster scope',
    );
    const denied = await tc.kubectl(['certificate', 'deny', 'mallory']);
    expect(denied.stdout).toBe('certificatesigningrequest.certificates.k8s.io/mallory denied\n');
    const table = await tc.kubectl(['get', 'csr', 'mallory', '--no-headers']);
    expect(table.stdout).toMatch(/\sDenied\s*$/);
    expect((await tc.kubectl(['get', 'csr', 'mallory', '-o', 'jsonpath={.status.certificate}'])).stdout).toBe(
      '',
    );
  });

  it('rejects a request that is not a PEM certificate request', async () => {
    const bad = await tc.kubectl(['apply', '-f', '-'], { input: csrManifest('junk', 'not a csr') });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('spec.request: Invalid value');
    expect(bad.stderr).toContain('PEM block type must be CERTIFICATE REQUEST');
  });
});
