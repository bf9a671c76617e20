import { describe, expect, it } from 'vitest';
import { compareManifest, lineChanges, objectTitle, parseDiff, summary, type ObjectDiff } from './diff-model';

const update: ObjectDiff = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  name: 'web',
  namespace: 'default',
  action: 'update',
  live: 'spec:\n  replicas: 2\n  paused: false\n',
  applied: 'spec:\n  replicas: 5\n  paused: false\n',
};
const create: ObjectDiff = {
  ...update,
  kind: 'Service',
  action: 'create',
  live: '',
  applied: 'a: 1\nb: 2\n',
};

describe('parseDiff', () => {
  it('accepts the route’s answer and refuses anything else', () => {
    expect(parseDiff({ objects: [update, create] })).toEqual([update, create]);
    expect(parseDiff({ objects: [{ ...update, action: 'explode' }] })).toBeUndefined();
    expect(parseDiff({ objects: [{ ...update, live: 3 }] })).toBeUndefined();
    expect(parseDiff({})).toBeUndefined();
    expect(parseDiff(undefined)).toBeUndefined();
  });
});

describe('labels', () => {
  it('name objects and count changed lines', () => {
    expect(objectTitle(update)).toBe('Deployment web (namespace default)');
    expect(objectTitle({ ...update, namespace: undefined, kind: 'Namespace', name: 'dev' })).toBe(
      'Namespace dev',
    );
    expect(lineChanges(update)).toEqual({ added: 1, removed: 1 });
    expect(lineChanges(create)).toEqual({ added: 2, removed: 0 });
  });

  it.each([
    [[update, create], '« Appliquer » donnerait : 1 objet créé, 1 objet modifié.'],
    [[{ ...update, action: 'unchanged' as const }], '« Appliquer » ne changerait rien au cluster.'],
    [[{ ...update, action: 'error' as const }], '« Appliquer » échouerait : 1 objet refusé.'],
    [
      [create, create, { ...update, action: 'error' as const }],
      '« Appliquer » donnerait : 2 objets créés, 1 objet refusé.',
    ],
  ])('summary %#', (diffs, text) => {
    expect(summary(diffs)).toBe(text);
  });
});

describe('compareManifest', () => {
  it('posts the manifest to the sandbox’s diff route and returns the French error on refusal', async () => {
    const calls: [string, RequestInit | undefined][] = [];
    const ok = await compareManifest(
      async (url, init) => {
        calls.push([url, init]);
        return new Response(JSON.stringify({ objects: [update] }), { status: 200 });
      },
      'abc',
      'kind: X',
    );
    expect(ok).toEqual({ ok: true, value: [update] });
    expect(calls[0]![0]).toBe('/api/sandboxes/abc/manifests/diff');
    expect(JSON.parse(String(calls[0]![1]!.body))).toEqual({ manifest: 'kind: X' });
    const refused = await compareManifest(
      async () =>
        new Response(JSON.stringify({ error: 'invalid_manifest', message: 'Le YAML est invalide : x' }), {
          status: 400,
        }),
      'abc',
      'a: [',
    );
    expect(refused).toMatchObject({ ok: false, message: 'Le YAML est invalide : x' });
  });
});
