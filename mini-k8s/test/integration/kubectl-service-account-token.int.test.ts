/**
 * ServiceAccount tokens seen by the real kubectl (v1.32): `kubectl auth whoami` with a token from
 * `kubectl create token` and with the token the kubelet projects into a pod shows the user's extra info
 * as a v1.32 cluster does (credential id `JTI=<jti>`; bound pod name and uid, its node name and uid), and
 * the JWT carries the matching `jti` and `kubernetes.io` claims.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster } from './harness';
import type { TestCluster } from './harness';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster(2);
}, 60_000);
afterAll(async () => {
  await t?.stop();
});

/** rows splits a kubectl table into trimmed cells (columns are aligned with spaces). */
function rows(text: string): string[][] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => line.split(/ {2,}/));
}

function payload(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<
    string,
    unknown
  >;
}

async function jsonpath(args: string[]): Promise<string> {
  return (await t.kubectl(args)).stdout;
}

describe('ServiceAccount token user info', () => {
  it('shows the credential id of a `kubectl create token` token', async () => {
    const token = (await t.kubectl(['create', 'token', 'default'])).stdout.trim();
    const claims = payload(token);
    const saUid = await jsonpath(['get', 'sa', 'default', '-o', 'jsonpath={.metadata.uid}']);
    expect(claims['kubernetes.io']).toEqual({
      namespace: 'default',
      serviceaccount: { name: 'default', uid: saUid },
    });
    const whoami = await t.kubectl(['auth', 'whoami', '--token', token]);
    expect(whoami.stderr).toBe('');
    expect(rows(whoami.stdout)).toEqual([
      ['ATTRIBUTE', 'VALUE'],
      ['Username', 'system:serviceaccount:default:default'],
      ['UID', saUid],
      ['Groups', '[system:serviceaccounts system:serviceaccounts:default system:authenticated]'],
      ['Extra: authentication.kubernetes.io/credential-id', `[JTI=${String(claims.jti)}]`],
    ]);
  });

  it("shows the pod, its node and the credential id of a pod's projected token", async () => {
    await t.kubectl(['run', 'api', '--image=nginx:1.27']);
    await t.kubectl(['wait', '--for=condition=Ready', 'pod/api', '--timeout=60s']);
    const token = (
      await t.kubectl(['exec', 'api', '--', 'cat', '/var/run/secrets/kubernetes.io/serviceaccount/token'])
    ).stdout.trim();
    const podUid = await jsonpath(['get', 'pod', 'api', '-o', 'jsonpath={.metadata.uid}']);
    const nodeName = await jsonpath(['get', 'pod', 'api', '-o', 'jsonpath={.spec.nodeName}']);
    const nodeUid = await jsonpath(['get', 'node', nodeName, '-o', 'jsonpath={.metadata.uid}']);
    const saUid = await jsonpath(['get', 'sa', 'default', '-o', 'jsonpath={.metadata.uid}']);
    const claims = payload(token);
    expect(JSON.stringify(claims['kubernetes.io'])).toBe(
      JSON.stringify({
        namespace: 'default',
        node: { name: nodeName, uid: nodeUid },
        pod: { name: 'api', uid: podUid },
        serviceaccount: { name: 'default', uid: saUid },
        // The kubelet's 3607 s token is extended to a year; warnafter marks the requested expiry.
        warnafter: Number(claims.iat) + 3607,
      }),
    );
    expect(Number(claims.exp) - Number(claims.iat)).toBe(365 * 24 * 3600);
    const whoami = await t.kubectl(['auth', 'whoami', '--token', token]);
    expect(whoami.stderr).toBe('');
    expect(rows(whoami.stdout)).toEqual([
      ['ATTRIBUTE', 'VALUE'],
      ['Username', 'system:serviceaccount:default:default'],
      ['UID', saUid],
      ['Groups', '[system:serviceaccounts system:serviceaccounts:default system:authenticated]'],
      ['Extra: authentication.kubernetes.io/credential-id', `[JTI=${String(claims.jti)}]`],
      ['Extra: authentication.kubernetes.io/node-name', `[${nodeName}]`],
      ['Extra: authentication.kubernetes.io/node-uid', `[${nodeUid}]`],
      ['Extra: authentication.kubernetes.io/pod-name', '[api]'],
      ['Extra: authentication.kubernetes.io/pod-uid', `[${podUid}]`],
    ]);
  });
});
