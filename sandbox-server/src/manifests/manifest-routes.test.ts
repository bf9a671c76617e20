import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { KubeObject } from '../../../mini-k8s/src/api/object';
import { findKind } from '../../../mini-k8s/src/api/resources';
import { cookieOf, testPlatform, type TestPlatform } from '../../test/support/services';

const platforms: TestPlatform[] = [];
afterEach(async () => {
  for (const p of platforms.splice(0)) await p.close();
});

async function learner(p: TestPlatform) {
  const res = await p.app.request('/api/sandboxes', { method: 'POST' });
  expect(res.status).toBe(201);
  return { cookie: cookieOf(res), id: ((await res.json()) as { id: string }).id };
}

const deployment = (replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
`;

interface DiffBody {
  objects: {
    action: string;
    kind: string;
    name: string;
    namespace?: string;
    live: string;
    applied: string;
    message?: string;
  }[];
}

function diff(p: TestPlatform, who: { cookie: string; id: string }, manifest: unknown, id = who.id) {
  return p.app.request(`/api/sandboxes/${id}/manifests/diff`, {
    method: 'POST',
    headers: { cookie: who.cookie, 'content-type': 'application/json' },
    body: JSON.stringify({ manifest }),
  });
}

describe('POST /api/sandboxes/{id}/manifests/diff', () => {
  it('shows a new object as created, with the server defaults and without the noise', async () => {
    const p = testPlatform();
    platforms.push(p);
    const a = await learner(p);
    const res = await diff(p, a, deployment(2));
    expect(res.status).toBe(200);
    const { objects } = (await res.json()) as DiffBody;
    expect(objects).toHaveLength(1);
    expect(objects[0]).toMatchObject({
      action: 'create',
      kind: 'Deployment',
      name: 'web',
      namespace: 'default',
      live: '',
    });
    expect(objects[0]!.applied).toContain('replicas: 2');
    expect(objects[0]!.applied).toContain('imagePullPolicy: IfNotPresent'); // a default filled in by the server
    for (const noise of [
      'managedFields',
      'resourceVersion',
      'uid:',
      'generation',
      'creationTimestamp',
      'status:',
    ]) {
      expect(objects[0]!.applied).not.toContain(noise);
    }
    // Nothing was stored (dryRun=All).
    const cluster = await p.services.sandboxes.acquire(a.id);
    await expect(
      cluster.client.get(findKind('apps', 'v1', 'Deployment')!, 'default', 'web'),
    ).rejects.toMatchObject({
      code: 404,
    });
  });

  it('shows the changed replica count of a live Deployment, and an unchanged one as such', async () => {
    const p = testPlatform();
    platforms.push(p);
    const a = await learner(p);
    const cluster = await p.services.sandboxes.acquire(a.id);
    const ref = findKind('apps', 'v1', 'Deployment')!;
    await cluster.client.patch(ref, 'default', 'web', 'apply', parse(deployment(2)), {
      fieldManager: 'atelier-diff',
      force: true,
    });
    const changed = ((await (await diff(p, a, deployment(5))).json()) as DiffBody).objects[0]!;
    expect(changed.action).toBe('update');
    expect(changed.live).toContain('replicas: 2');
    expect(changed.applied).toContain('replicas: 5');
    const stored = await cluster.client.get<KubeObject & { spec: { replicas: number } }>(
      ref,
      'default',
      'web',
    );
    expect(stored.spec.replicas).toBe(2);
    const same = ((await (await diff(p, a, deployment(2))).json()) as DiffBody).objects[0]!;
    expect(same.action).toBe('unchanged');
    expect(same.live).toBe(same.applied);
  });

  it('reports each object on its own: the API server’s refusal, an unknown kind', async () => {
    const p = testPlatform();
    platforms.push(p);
    const a = await learner(p);
    const manifest = `${deployment(-1)}---\napiVersion: v1\nkind: Bidule\nmetadata:\n  name: x\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: b\n`;
    const { objects } = (await (await diff(p, a, manifest)).json()) as DiffBody;
    expect(objects.map((o) => o.action)).toEqual(['error', 'error', 'create']);
    expect(objects[0]!.message).toContain('spec.replicas');
    expect(objects[1]!.message).toBe('Le cluster ne sert pas le type « Bidule » en « v1 ».');
  });

  it('refuses bad input in French', async () => {
    const p = testPlatform();
    platforms.push(p);
    const a = await learner(p);
    const cases: [unknown, number, RegExp][] = [
      ['a: [1, 2', 400, /^Le YAML est invalide : /],
      ['- a\n- b\n', 400, /doit être un objet Kubernetes/],
      ['# rien\n', 400, /aucun objet/],
      ['', 400, /manifest/],
      [42, 400, /manifest/],
      [
        Array.from(
          { length: 51 },
          (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\n`,
        ).join('---\n'),
        400,
        /50 au plus/,
      ],
    ];
    for (const [manifest, status, message] of cases) {
      const res = await diff(p, a, manifest);
      expect([manifest, res.status]).toEqual([manifest, status]);
      expect(((await res.json()) as { message: string }).message).toMatch(message);
    }
    const huge = await diff(p, a, 'x'.repeat(70 * 1024));
    expect(huge.status).toBe(413);
  });

  it('isolates learners', async () => {
    const p = testPlatform();
    platforms.push(p);
    const a = await learner(p);
    const b = await learner(p);
    expect((await diff(p, b, deployment(1), a.id)).status).toBe(403);
    expect((await diff(p, { cookie: '', id: a.id }, deployment(1))).status).toBe(401);
    expect((await diff(p, a, deployment(1), 'nope')).status).toBe(404);
  });

  it('is described in the platform’s OpenAPI document', async () => {
    const p = testPlatform();
    platforms.push(p);
    const doc = (await (await p.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, { post?: { summary?: string; responses?: Record<string, unknown> } }>;
    };
    const route = doc.paths['/api/sandboxes/{id}/manifests/diff']?.post;
    expect(route?.summary).toMatch(/^Compare un manifeste au cluster de la sandbox/);
    expect(Object.keys(route?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '401', '403', '404', '413']),
    );
  });
});
