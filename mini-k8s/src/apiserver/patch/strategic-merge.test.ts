import { describe, expect, it } from 'vitest';
import { PatchError } from './errors';
import { patchSchemaFor } from './schema';
import { applyStrategicMergePatch } from './strategic-merge';

const deploymentSchema = patchSchemaFor('apps', 'v1', 'Deployment');
const nodeSchema = patchSchemaFor('', 'v1', 'Node');
const podSchema = patchSchemaFor('', 'v1', 'Pod');

function deployment(containers: unknown[], extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', annotations: { keep: 'me' } },
    spec: {
      replicas: 1,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers, ...extra } },
    },
  };
}

type Deployment = ReturnType<typeof deployment>;
const containersOf = (d: unknown) => (d as Deployment).spec.template.spec.containers;

describe('applyStrategicMergePatch: bodies kubectl sends', () => {
  it('kubectl set image updates one container and keeps the others in place', () => {
    const live = deployment([
      { name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80, protocol: 'TCP' }] },
      { name: 'sidecar', image: 'busybox' },
    ]);
    const patch = {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'nginx' }, { name: 'sidecar' }],
            containers: [{ image: 'nginx:1.26', name: 'nginx' }],
          },
        },
      },
    };
    expect(containersOf(applyStrategicMergePatch(live, patch, deploymentSchema))).toEqual([
      { name: 'nginx', image: 'nginx:1.26', ports: [{ containerPort: 80, protocol: 'TCP' }] },
      { name: 'sidecar', image: 'busybox' },
    ]);
  });

  it('client-side apply update merges env by name and sets the annotation', () => {
    const live = deployment([{ name: 'nginx', image: 'nginx:1.25', env: [{ name: 'A', value: '1' }] }]);
    const patch = {
      metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"x":1}\n' } },
      spec: {
        replicas: 3,
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'nginx' }],
            containers: [
              {
                '$setElementOrder/env': [{ name: 'A' }],
                env: [{ name: 'A', value: '2' }],
                image: 'nginx:1.26',
                name: 'nginx',
              },
            ],
          },
        },
      },
    };
    const out = applyStrategicMergePatch(live, patch, deploymentSchema) as Deployment;
    expect(out.metadata.annotations).toEqual({
      keep: 'me',
      'kubectl.kubernetes.io/last-applied-configuration': '{"x":1}\n',
    });
    expect(out.spec.replicas).toBe(3);
    expect(out.spec.template.spec.containers).toEqual([
      { name: 'nginx', image: 'nginx:1.26', env: [{ name: 'A', value: '2' }] },
    ]);
  });

  it('kubectl rollout restart adds a template annotation map', () => {
    const live = deployment([{ name: 'nginx' }]);
    const patch = {
      spec: {
        template: {
          metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' } },
        },
      },
    };
    const out = applyStrategicMergePatch(live, patch, deploymentSchema) as Deployment;
    expect(out.spec.template.metadata).toEqual({
      labels: { app: 'web' },
      annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-01-01T00:00:00Z' },
    });
  });

  const node = {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n1' },
    spec: { podCIDRs: ['10.0.0.0/24'], taints: [{ key: 'old', effect: 'NoSchedule' }] },
  };
  it.each([
    {
      name: 'kubectl taint replaces the whole list (no merge key)',
      patch: { spec: { taints: [{ effect: 'NoSchedule', key: 'dedicated', value: 'gpu' }] } },
      want: { podCIDRs: ['10.0.0.0/24'], taints: [{ effect: 'NoSchedule', key: 'dedicated', value: 'gpu' }] },
    },
    {
      name: 'removing the last taint sends null',
      patch: { spec: { taints: null } },
      want: { podCIDRs: ['10.0.0.0/24'] },
    },
    {
      name: 'kubectl cordon',
      patch: { spec: { unschedulable: true } },
      want: { ...node.spec, unschedulable: true },
    },
    {
      name: 'kubectl uncordon',
      patch: { spec: { unschedulable: null } },
      want: node.spec,
    },
  ])('$name', ({ patch, want }) => {
    expect((applyStrategicMergePatch(node, patch, nodeSchema) as typeof node).spec).toEqual(want);
  });
});

describe('applyStrategicMergePatch: directives', () => {
  it('$patch: delete removes a container by name', () => {
    const live = deployment([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    const patch = { spec: { template: { spec: { containers: [{ name: 'b', $patch: 'delete' }] } } } };
    expect(containersOf(applyStrategicMergePatch(live, patch, deploymentSchema))).toEqual([
      { name: 'a' },
      { name: 'c' },
    ]);
  });

  it('$patch: replace in a list replaces the whole list', () => {
    const live = deployment([{ name: 'a', image: 'x' }, { name: 'b' }]);
    const patch = {
      spec: { template: { spec: { containers: [{ name: 'z', image: 'y' }, { $patch: 'replace' }] } } },
    };
    expect(containersOf(applyStrategicMergePatch(live, patch, deploymentSchema))).toEqual([
      { name: 'z', image: 'y' },
    ]);
  });

  it('$patch: replace in a map replaces the map', () => {
    const live = deployment([{ name: 'a' }]);
    const patch = {
      spec: { template: { metadata: { labels: { $patch: 'replace', app: 'new', tier: 'x' } } } },
    };
    const out = applyStrategicMergePatch(live, patch, deploymentSchema) as Deployment;
    expect(out.spec.template.metadata.labels).toEqual({ app: 'new', tier: 'x' });
  });

  it('$patch: delete in a map deletes its content', () => {
    const live = deployment([{ name: 'a' }]);
    const patch = { metadata: { annotations: { $patch: 'delete' } } };
    expect(
      (applyStrategicMergePatch(live, patch, deploymentSchema) as Deployment).metadata.annotations,
    ).toEqual({});
  });

  it.each([
    {
      name: '$retainKeys drops rollingUpdate when switching to Recreate',
      patch: { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
    },
    {
      name: 'the client-side apply form also nulls rollingUpdate',
      patch: { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: null, type: 'Recreate' } } },
    },
  ])('$name', ({ patch }) => {
    const out = applyStrategicMergePatch(deployment([{ name: 'a' }]), patch, deploymentSchema) as Deployment;
    expect(out.spec.strategy).toEqual({ type: 'Recreate' });
  });

  it('without $retainKeys the strategy is merged (rollingUpdate stays)', () => {
    const patch = { spec: { strategy: { type: 'Recreate' } } };
    const out = applyStrategicMergePatch(deployment([{ name: 'a' }]), patch, deploymentSchema) as Deployment;
    expect(out.spec.strategy).toEqual({
      type: 'Recreate',
      rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
    });
  });

  it('$retainKeys on a volume switches its source', () => {
    const live = deployment([{ name: 'a' }], {
      volumes: [
        { name: 'data', emptyDir: {} },
        { name: 'other', emptyDir: {} },
      ],
    });
    const patch = {
      spec: {
        template: {
          spec: {
            volumes: [{ name: 'data', $retainKeys: ['configMap', 'name'], configMap: { name: 'cm' } }],
          },
        },
      },
    };
    const out = applyStrategicMergePatch(live, patch, deploymentSchema) as Deployment;
    expect((out.spec.template.spec as Record<string, unknown>).volumes).toEqual([
      { name: 'data', configMap: { name: 'cm' } },
      { name: 'other', emptyDir: {} },
    ]);
  });

  it('$setElementOrder reorders: patch items by the directive, server-only items where they were', () => {
    const live = deployment([{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    const patch = {
      spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'c' }, { name: 'a' }] } } },
    };
    expect(
      containersOf(applyStrategicMergePatch(live, patch, deploymentSchema)).map(
        (c) => (c as { name: string }).name,
      ),
    ).toEqual(['b', 'c', 'a']);
  });

  // Upstream's mergeSortedSlice places patch items the live list does not know before server-only items
  // (the kubectl patch documentation shows the added container first).
  it('new merge-list items come first, in patch order', () => {
    const live = deployment([{ name: 'a', env: [{ name: 'X', value: '1' }] }]);
    const patch = {
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'a',
                env: [
                  { name: 'Z', value: 'z' },
                  { name: 'Y', value: 'y' },
                ],
              },
            ],
          },
        },
      },
    };
    const out = containersOf(applyStrategicMergePatch(live, patch, deploymentSchema)) as { env: unknown[] }[];
    expect(out[0].env).toEqual([
      { name: 'Z', value: 'z' },
      { name: 'Y', value: 'y' },
      { name: 'X', value: '1' },
    ]);
  });

  it('container ports merge by containerPort; args (no merge key) are replaced', () => {
    const live = deployment([
      { name: 'a', args: ['x', 'y'], ports: [{ containerPort: 80 }, { containerPort: 443 }] },
    ]);
    const patch = {
      spec: {
        template: {
          spec: { containers: [{ name: 'a', args: ['z'], ports: [{ containerPort: 80, name: 'http' }] }] },
        },
      },
    };
    const out = containersOf(applyStrategicMergePatch(live, patch, deploymentSchema));
    expect(out).toEqual([
      { name: 'a', args: ['z'], ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }] },
    ]);
  });

  it('finalizers union, and $deleteFromPrimitiveList removes values', () => {
    const live = { metadata: { name: 'p', finalizers: ['a', 'b'] } };
    const added = applyStrategicMergePatch(live, { metadata: { finalizers: ['c', 'a'] } }, podSchema);
    expect((added as typeof live).metadata.finalizers).toEqual(['c', 'a', 'b']);
    const removed = applyStrategicMergePatch(
      live,
      { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } },
      podSchema,
    );
    expect((removed as typeof live).metadata.finalizers).toEqual(['b']);
  });

  it('ownerReferences merge by uid; tolerations are replaced', () => {
    const live = {
      metadata: { ownerReferences: [{ uid: '1', name: 'rs-a' }] },
      spec: { tolerations: [{ key: 'a' }], containers: [] },
    };
    const out = applyStrategicMergePatch(
      live,
      { metadata: { ownerReferences: [{ uid: '2', name: 'rs-b' }] }, spec: { tolerations: [{ key: 'b' }] } },
      podSchema,
    );
    expect(out).toEqual({
      metadata: {
        ownerReferences: [
          { uid: '2', name: 'rs-b' },
          { uid: '1', name: 'rs-a' },
        ],
      },
      spec: { tolerations: [{ key: 'b' }], containers: [] },
    });
  });

  it('does not mutate its inputs and strips directives from new values', () => {
    const live = deployment([{ name: 'a' }]);
    const liveCopy = structuredClone(live);
    const patch = {
      spec: { template: { spec: { initContainers: [{ name: 'i', '$setElementOrder/env': [], env: [] }] } } },
    };
    const patchCopy = structuredClone(patch);
    const out = applyStrategicMergePatch(live, patch, deploymentSchema) as Deployment;
    expect((out.spec.template.spec as Record<string, unknown>).initContainers).toEqual([
      { name: 'i', env: [] },
    ]);
    expect(live).toEqual(liveCopy);
    expect(patch).toEqual(patchCopy);
  });
});

describe('applyStrategicMergePatch: errors', () => {
  it.each([
    {
      name: 'a patch that is not an object',
      patch: [1],
      code: 400,
      message: 'json: cannot unmarshal array into Go value of type map[string]interface {}',
    },
    {
      name: 'a merge-list item without its merge key',
      patch: { spec: { template: { spec: { containers: [{ image: 'x' }] } } } },
      code: 500,
      message: 'map: map[image:x] does not contain declared merge key: name',
    },
    {
      name: 'a field outside $retainKeys',
      patch: { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } },
      code: 400,
      message: 'invalid patch format of retainKeys',
    },
    {
      name: 'an unknown $patch value',
      patch: { metadata: { labels: { $patch: 'frob' } } },
      code: 500,
      message: 'unknown patch type: frob in map: map[$patch:frob]',
    },
    {
      name: 'a malformed directive key',
      patch: { metadata: { $deleteFromPrimitiveListfinalizers: ['a'] } },
      code: 400,
      message: 'invalid patch format of primitive list',
    },
    {
      name: 'lists of lists',
      patch: { metadata: { finalizers: [['a']] } },
      code: 422,
      message: 'the server rejected our request due to an error in our request',
    },
  ])('$name', ({ patch, code, message }) => {
    const live = deployment([{ name: 'a' }]);
    (live.metadata as Record<string, unknown>).finalizers = [];
    let caught: unknown;
    try {
      applyStrategicMergePatch(live, patch, deploymentSchema);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PatchError);
    expect([(caught as PatchError).code, (caught as PatchError).message]).toEqual([code, message]);
  });
});
