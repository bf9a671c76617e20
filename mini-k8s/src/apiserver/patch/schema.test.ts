import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../api/resources';
import { patchSchemaFor, type PatchSchema } from './schema';

/** at navigates a dotted path of fields (list fields step into their item type). */
function at(schema: PatchSchema, path: string) {
  const names = path.split('.');
  let current = schema;
  for (const name of names.slice(0, -1)) current = current.field(name).schema;
  return current.field(names[names.length - 1]).meta;
}

describe('patchSchemaFor', () => {
  it.each([
    ['apps', 'Deployment', 'spec.template.spec.containers', { strategy: 'merge', mergeKey: 'name' }],
    [
      'apps',
      'StatefulSet',
      'spec.template.spec.containers.ports',
      { mergeKey: 'containerPort', listMapKeys: ['containerPort', 'protocol'] },
    ],
    [
      'batch',
      'CronJob',
      'spec.jobTemplate.spec.template.spec.volumes',
      { mergeKey: 'name', retainKeys: true },
    ],
    ['', 'ReplicationController', 'spec.template.spec.initContainers.env', { mergeKey: 'name' }],
    ['', 'PodTemplate', 'template.spec.imagePullSecrets', { mergeKey: 'name' }],
    ['', 'Service', 'spec.ports', { mergeKey: 'port', listMapKeys: ['port', 'protocol'] }],
    ['', 'Node', 'status.addresses', { mergeKey: 'type', listType: 'atomic' }],
    ['', 'Node', 'spec.podCIDRs', { strategy: 'merge', listType: 'set' }],
    ['', 'ServiceAccount', 'secrets', { mergeKey: 'name' }],
    ['apps', 'Deployment', 'spec.strategy', { retainKeys: true }],
    ['apps', 'Deployment', 'spec.selector', { atomic: true }],
    ['apps', 'DaemonSet', 'status.conditions', { mergeKey: 'type' }],
    ['', 'ConfigMap', 'metadata.ownerReferences', { mergeKey: 'uid' }],
    ['rbac.authorization.k8s.io', 'Role', 'metadata.finalizers', { strategy: 'merge', listType: 'set' }],
  ] as const)('%s %s %s', (group, kind, path, want) => {
    expect(at(patchSchemaFor(group, 'v1', kind), path)).toMatchObject(want);
  });

  it.each([
    ['', 'Node', 'spec.taints'],
    ['', 'Pod', 'spec.tolerations'],
    ['', 'Pod', 'spec.containers.args'],
    ['networking.k8s.io', 'Ingress', 'spec.rules'],
  ])('%s %s %s has no merge key (replaced)', (group, kind, path) => {
    const meta = at(patchSchemaFor(group, 'v1', kind), path);
    expect(meta.mergeKey).toBeUndefined();
    expect(meta.strategy).toBeUndefined();
  });

  it('answers for every served kind', () => {
    for (const r of RESOURCES) {
      expect(at(patchSchemaFor(r.group, r.version, r.kind), 'metadata.finalizers').listType).toBe('set');
    }
  });

  it('zero value of a Deployment matches the Go zero struct', () => {
    expect(patchSchemaFor('apps', 'v1', 'Deployment').zeroValue()).toEqual({
      metadata: {},
      spec: { template: { metadata: {}, spec: { containers: null } }, strategy: {} },
      status: {},
    });
  });
});
