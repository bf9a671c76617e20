import { afterEach, describe, expect, it } from 'vitest';
import { encodeKubernetesProtobuf } from '../../../mini-k8s/src/apiserver/protobuf/encode';
import { cookieOf, testPlatform, type TestPlatform } from '../../test/support/services';
import { forwardsAbort } from './k8s-proxy';

const platforms: TestPlatform[] = [];
function platform(...args: Parameters<typeof testPlatform>) {
  const p = testPlatform(...args);
  platforms.push(p);
  return p;
}
afterEach(async () => {
  for (const p of platforms.splice(0)) await p.close();
});

async function sandboxOf(p: TestPlatform) {
  const res = await p.app.request('/api/sandboxes', { method: 'POST' });
  const { id } = (await res.json()) as { id: string };
  cookieOf(res);
  const auth = { authorization: `Bearer ${p.services.sandboxes.tokenFor(id)}` };
  const send = (method: string, path: string, body?: unknown, contentType = 'application/json') =>
    p.app.request(`/k8s/${id}${path}`, {
      method,
      headers: { ...auth, 'content-type': contentType },
      ...(body !== undefined
        ? { body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body) }
        : {}),
    });
  return { id, auth, send };
}

const pod = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
});
const deployment = (name: string, replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] },
    },
  },
});

describe('/k8s quotas', () => {
  it('refuses a pod past the pod quota and replicas past it, with Status objects in French', async () => {
    const p = platform({ limits: { maxPods: 2 } });
    const s = await sandboxOf(p);
    const pods = '/api/v1/namespaces/default/pods';
    expect((await s.send('POST', pods, pod('a'))).status).toBe(201);
    expect((await s.send('POST', pods, pod('b'))).status).toBe(201);
    const refused = await s.send('POST', pods, pod('c'));
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({
      kind: 'Status',
      code: 403,
      reason: 'Forbidden',
      message: expect.stringMatching(/^Quota atteint : une sandbox peut contenir au plus 2 Pods/),
    });

    const deployments = '/apis/apps/v1/namespaces/default/deployments';
    const tooMany = await s.send('POST', deployments, deployment('web', 50));
    expect(tooMany.status).toBe(403);
    expect(((await tooMany.json()) as { message: string }).message).toContain('50 réplicas demandés');
    expect((await s.send('POST', deployments, deployment('web', 0))).status).toBe(201);
    // kubectl scale: a merge patch of the scale subresource.
    const scaled = await s.send(
      'PATCH',
      `${deployments}/web/scale`,
      { spec: { replicas: 1000 } },
      'application/merge-patch+json',
    );
    expect(scaled.status).toBe(403);
    const applied = await s.send(
      'PATCH',
      `${deployments}/web?fieldManager=kubectl&force=true`,
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n',
      'application/apply-patch+yaml',
    );
    expect(applied.status).toBe(200);
    expect(((await applied.json()) as { spec: { replicas: number } }).spec.replicas).toBe(2);
  });

  it('reads replicas from protobuf bodies (kubectl create deployment) and forwards the bytes unchanged', async () => {
    const p = platform({ limits: { maxPods: 5 } });
    const s = await sandboxOf(p);
    const deployments = '/apis/apps/v1/namespaces/default/deployments';
    const protobuf = 'application/vnd.kubernetes.protobuf';
    const refused = await s.send(
      'POST',
      deployments,
      encodeKubernetesProtobuf(deployment('big', 50)),
      protobuf,
    );
    expect(refused.status).toBe(403);
    const created = await s.send(
      'POST',
      deployments,
      encodeKubernetesProtobuf(deployment('web', 2)),
      protobuf,
    );
    expect(created.status).toBe(201);
    const stored = await s.send('GET', `${deployments}/web`);
    expect(((await stored.json()) as { spec: { replicas: number } }).spec.replicas).toBe(2);
  });

  it('bounds concurrent watches per sandbox and frees the slot when the client leaves', async () => {
    const p = platform({ limits: { maxWatches: 1 } });
    const s = await sandboxOf(p);
    const other = await sandboxOf(p);
    const watch = (x: typeof s) =>
      p.app.request(`/k8s/${x.id}/api/v1/namespaces/default/pods?watch=true`, { headers: x.auth });
    const first = await watch(s);
    expect(first.status).toBe(200);
    const second = await watch(s);
    expect(second.status).toBe(429);
    expect(await second.json()).toMatchObject({
      kind: 'Status',
      reason: 'TooManyRequests',
      message: expect.stringMatching(/^Trop de suivis ouverts/),
    });
    // Another sandbox has its own quota; plain lists are not watches.
    const elsewhere = await watch(other);
    expect(elsewhere.status).toBe(200);
    expect((await s.send('GET', '/api/v1/namespaces/default/pods')).status).toBe(200);
    await first.body!.cancel();
    expect(p.services.watchQuota.count(s.id)).toBe(0);
    const again = await watch(s);
    expect(again.status).toBe(200);
    await again.body!.cancel();
    await elsewhere.body!.cancel();
  });
});

describe('Kubernetes paths at the root (kubectl get --raw drops the /k8s/<id> prefix)', () => {
  it('serves them on the sandbox the bearer token names, and leaves other requests to the platform', async () => {
    const p = platform();
    const a = await sandboxOf(p);
    const b = await sandboxOf(p);
    expect(
      (
        await a.send('POST', '/api/v1/namespaces/default/configmaps', {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'chez-a' },
        })
      ).status,
    ).toBe(201);
    const names = async (auth: Record<string, string>) => {
      const res = await p.app.request('/api/v1/namespaces/default/configmaps', { headers: auth });
      expect(res.status).toBe(200);
      return ((await res.json()) as { items: { metadata: { name: string } }[] }).items.map(
        (i) => i.metadata.name,
      );
    };
    // Each token reaches its own sandbox only.
    expect(await names(a.auth)).toContain('chez-a');
    expect(await names(b.auth)).not.toContain('chez-a');
    for (const path of ['/api', '/apis', '/apis/apps/v1', '/version', '/openapi/v3']) {
      expect((await p.app.request(path, { headers: a.auth })).status, path).toBe(200);
    }
    const posted = await p.app.request('/api/v1/namespaces/default/configmaps', {
      method: 'POST',
      headers: { ...b.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'chez-b' } }),
    });
    expect(posted.status).toBe(201);
    expect(await names(b.auth)).toContain('chez-b');
    // A lesson user's token is passed on as that user (RBAC of the lesson).
    const alice = p.services.sandboxes.lessonUsers(a.id).find((u) => u.name === 'alice')!;
    const asAlice = await p.app.request('/api/v1/namespaces/default/secrets', {
      headers: { authorization: `Bearer ${alice.token}` },
    });
    expect(asAlice.status).toBe(403);
    expect(await asAlice.json()).toMatchObject({ kind: 'Status', reason: 'Forbidden' });
    // Without a sandbox token, or on a platform path, the platform answers as before.
    expect((await p.app.request('/api/v1/namespaces/default/configmaps')).status).toBe(404);
    const forged = await p.app.request('/api/v1/namespaces/default/configmaps', {
      headers: { authorization: 'Bearer sandbox.x.forged' },
    });
    expect(forged.status).toBe(404);
    expect((await p.app.request('/api/exercises', { headers: a.auth })).status).not.toBe(404);
  });
});

describe('forwardsAbort', () => {
  const url = (path: string) => new URL(`http://cluster${path}`);
  it('passes the disconnection of streams on to the cluster', () => {
    expect(forwardsAbort('GET', url('/api/v1/namespaces/default/pods?watch=true'))).toBe(true);
    expect(forwardsAbort('GET', url('/api/v1/watch/namespaces/default/pods'))).toBe(true);
    expect(forwardsAbort('GET', url('/api/v1/namespaces/default/pods/web/log?follow=true'))).toBe(true);
    expect(forwardsAbort('POST', url('/api/v1/namespaces/default/pods/web/exec?command=sh'))).toBe(true);
    expect(forwardsAbort('GET', url('/api/v1/namespaces/default/services/web/proxy/index.html'))).toBe(true);
    expect(forwardsAbort('POST', url('/api/v1/namespaces/default/pods/web/portforward'))).toBe(true);
    expect(forwardsAbort('GET', url('/api/v1/nodes/worker-1/proxy/stats/summary'))).toBe(true);
  });

  it('does not tie short requests to the client connection', () => {
    expect(forwardsAbort('GET', url('/api/v1/namespaces/default/pods'))).toBe(false);
    expect(forwardsAbort('GET', url('/api/v1/namespaces/default/pods/logger'))).toBe(false);
    expect(forwardsAbort('PATCH', url('/apis/apps/v1/namespaces/default/deployments/web'))).toBe(false);
    expect(forwardsAbort('DELETE', url('/api/v1/namespaces/default/configmaps/proxy'))).toBe(false);
    expect(forwardsAbort('GET', url('/api/v1/namespaces/log'))).toBe(false);
    expect(forwardsAbort('GET', url('/apis/apps/v1/namespaces/default/deployments/web/scale'))).toBe(false);
  });
});
