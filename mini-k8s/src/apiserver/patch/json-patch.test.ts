import { describe, expect, it } from 'vitest';
import { PatchError } from './errors';
import { applyJsonPatch } from './json-patch';

const deployment = {
  metadata: { name: 'web', annotations: { 'deployment.kubernetes.io/revision': '3', 'a/b': 'x' } },
  spec: {
    replicas: 2,
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
    },
  },
};

function failure(fn: () => unknown): PatchError {
  try {
    fn();
  } catch (err) {
    if (err instanceof PatchError) return err;
    throw err;
  }
  throw new Error('expected a PatchError');
}

describe('applyJsonPatch', () => {
  it('applies the kubectl rollout undo body', () => {
    const oldTemplate = {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.26' }] },
    };
    const out = applyJsonPatch(deployment, [
      { op: 'replace', path: '/spec/template', value: oldTemplate },
      { op: 'replace', path: '/metadata/annotations', value: { 'deployment.kubernetes.io/revision': '2' } },
    ]);
    expect(out).toEqual({
      metadata: { name: 'web', annotations: { 'deployment.kubernetes.io/revision': '2' } },
      spec: { replicas: 2, template: oldTemplate },
    });
    expect(deployment.spec.template.spec.containers[0].image).toBe('nginx:1.27');
  });

  it.each([
    {
      name: 'add appends with -',
      ops: [{ op: 'add', path: '/spec/template/spec/containers/-', value: { name: 'side' } }],
      check: (o: typeof deployment) => o.spec.template.spec.containers.map((c) => c.name),
      want: ['nginx', 'side'],
    },
    {
      name: 'add inserts at an index',
      ops: [{ op: 'add', path: '/spec/template/spec/containers/0', value: { name: 'first' } }],
      check: (o: typeof deployment) => o.spec.template.spec.containers.map((c) => c.name),
      want: ['first', 'nginx'],
    },
    {
      name: 'escaped pointer tokens (~1 is /)',
      ops: [{ op: 'remove', path: '/metadata/annotations/a~1b' }],
      check: (o: typeof deployment) => Object.keys(o.metadata.annotations),
      want: ['deployment.kubernetes.io/revision'],
    },
    {
      name: 'move and copy',
      ops: [
        { op: 'copy', from: '/spec/replicas', path: '/spec/minReadySeconds' },
        { op: 'move', from: '/metadata/name', path: '/metadata/generateName' },
      ],
      check: (o: typeof deployment) => [o.spec, o.metadata],
      want: [
        { replicas: 2, template: deployment.spec.template, minReadySeconds: 2 },
        { annotations: deployment.metadata.annotations, generateName: 'web' },
      ],
    },
    {
      name: 'a passing test',
      ops: [{ op: 'test', path: '/spec/replicas', value: 2 }],
      check: (o: typeof deployment) => o.spec.replicas,
      want: 2,
    },
  ])('$name', ({ ops, check, want }) => {
    expect(check(applyJsonPatch(deployment, ops) as typeof deployment)).toEqual(want);
  });

  it.each([
    {
      name: 'remove of a missing path',
      ops: [{ op: 'remove', path: '/spec/template/spec/nodeSelector' }],
      detail:
        "error in remove for path: '/spec/template/spec/nodeSelector': Unable to remove nonexistent key: nodeSelector: missing value",
    },
    {
      name: 'add under a missing parent',
      ops: [{ op: 'add', path: '/spec/foo/bar', value: 1 }],
      detail: 'add operation does not apply: doc is missing path: "/spec/foo/bar": missing value',
    },
    {
      name: 'replace of a missing key',
      ops: [{ op: 'replace', path: '/spec/foo', value: 1 }],
      detail: 'replace operation does not apply: doc is missing key: /spec/foo: missing value',
    },
    {
      name: 'failing test',
      ops: [{ op: 'test', path: '/spec/replicas', value: 5 }],
      detail: 'testing value /spec/replicas failed: test failed',
    },
    { name: 'unknown op', ops: [{ op: 'frob', path: '/a' }], detail: 'Unexpected kind: frob' },
  ])('a failed operation is a 422: $name', ({ ops, detail }) => {
    const err = failure(() => applyJsonPatch(deployment, ops));
    expect(err.code).toBe(422);
    expect(err.toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'the server rejected our request due to an error in our request',
      reason: 'Invalid',
      details: {},
      code: 422,
    });
    expect(err.detail).toBe(detail);
  });

  it.each([
    {
      ops: { op: 'add' },
      message:
        'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp',
    },
    {
      ops: ['add'],
      message:
        'error decoding patch: json: cannot unmarshal string into Go value of type handlers.jsonPatchOp',
    },
    {
      ops: [{ op: 'add', path: 3 }],
      message:
        'error decoding patch: json: cannot unmarshal number into Go struct field jsonPatchOp.path of type string',
    },
  ])('a malformed body is a 400: $message', ({ ops, message }) => {
    const err = failure(() => applyJsonPatch(deployment, ops));
    expect([err.code, err.reason, err.message]).toEqual([400, 'BadRequest', message]);
  });

  it('leaves the document untouched when a later operation fails', () => {
    const doc = { a: { b: 1 } };
    expect(() =>
      applyJsonPatch(doc, [
        { op: 'replace', path: '/a/b', value: 2 },
        { op: 'test', path: '/a/b', value: 3 },
      ]),
    ).toThrow(PatchError);
    expect(doc).toEqual({ a: { b: 1 } });
  });
});
