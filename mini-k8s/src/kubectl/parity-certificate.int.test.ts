/**
 * Output parity with the REAL kubectl (v1.32) of `certificate approve|deny`: argument errors, not found
 * requests, approving and denying twin CertificateSigningRequests (already approved, already denied, --force,
 * several names, -f files, -o name|yaml) and the help texts.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createCertificateRequest } from '../apiserver/pki/csr';
import {
  mask,
  type ParityCluster,
  realKubectlAvailable,
  startParityCluster,
  twinComparisons,
} from './testing/parity-harness';

const available = await realKubectlAvailable();

function csrManifest(name: string): string {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const request = createCertificateRequest({ commonName: name, organizations: ['dev'] }, privateKey);
  return JSON.stringify({
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: {
      request: Buffer.from(request).toString('base64'),
      signerName: 'kubernetes.io/kube-apiserver-client',
      usages: ['client auth'],
    },
  });
}

describe.skipIf(!available)('kubectl certificate parity', () => {
  let p: ParityCluster;
  let dir: string;
  const { same, paired } = twinComparisons(() => p, mask);

  beforeAll(async () => {
    p = await startParityCluster({ speed: 0 });
    dir = mkdtempSync(join(tmpdir(), 'kubectl-certificate-'));
    for (const twin of ['real', 'ours']) {
      for (const suffix of ['a', 'b', 'c', 'd', 'e', 'f']) {
        await p.real(['create', '-f', '-'], csrManifest(`${twin}-${suffix}`));
      }
      writeFileSync(join(dir, `${twin}-e.json`), csrManifest(`${twin}-e`));
    }
    writeFileSync(
      join(dir, 'cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\n  namespace: default\n',
    );
    await p.real(['create', '-f', join(dir, 'cm.yaml')]);
  }, 60_000);

  afterAll(async () => {
    await p?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['certificate'],
    ['certificate foo'],
    ['certificate approve'],
    ['certificate deny'],
    ['certificate approve nope'],
    ['certificate deny nope1 nope2'],
    ['certificate approve nope -o foo'],
    ['certificate --help'],
    ['certificate approve --help'],
    ['certificate deny --help'],
  ])('%s', async (cmd) => {
    await same(cmd.split(' '));
  });

  it('approves and denies twin requests the same way', async () => {
    await paired(['certificate', 'approve', 'real-a']);
    await paired(['certificate', 'approve', 'real-a']);
    await paired(['certificate', 'deny', 'real-a']);
    await paired(['certificate', 'deny', 'real-a', '--force']);
    await paired(['certificate', 'approve', 'real-a', '--force', '-o', 'name']);
    await paired(['get', 'csr', 'real-a', '-o', 'jsonpath={.status.conditions[*].reason}']);
    await paired(['certificate', 'approve', 'real-b', 'real-c', 'nope']);
    await paired(['certificate', 'deny', 'real-d', '-o', 'name']);
    await paired(['certificate', 'approve', 'real-d']);
    await paired([
      'get',
      'csr',
      'real-d',
      '-o',
      'jsonpath={.status.conditions[0].type} {.status.conditions[0].message}',
    ]);
    await paired(['certificate', 'approve', '-f', join(dir, 'real-e.json')]);
    await paired(['certificate', 'approve', 'real-f', '-o', 'jsonpath={.spec.signerName} {.status}']);
  });

  it('refuses objects that are not certificate signing requests', async () => {
    await same(['certificate', 'approve', '-f', join(dir, 'cm.yaml')]);
  });
});
