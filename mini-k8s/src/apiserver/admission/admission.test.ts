import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { findResource } from '../../api/resources';
import { runAdmission } from './chain';
import type { AdmissionAttributes, ObjectReader } from './interface';
import { containerViolations } from './limit-ranger';
import { defaultAdmissionPlugins } from './plugins';
import { missingConstraints } from './resource-quota';

function reader(objects: KubeObject[]): ObjectReader {
  const match = (o: KubeObject, resource: string, ns: string | undefined) =>
    `${o.kind!.toLowerCase()}s` === resource && (ns === undefined || o.metadata.namespace === ns);
  return {
    async get(_group, resource, ns, name) {
      return objects.find((o) => match(o, resource, ns) && o.metadata.name === name);
    },
    async list(_group, resource, ns) {
      return objects.filter((o) => match(o, resource, ns));
    },
  };
}

function podAttributes(pod: KubeObject): AdmissionAttributes {
  return {
    operation: 'CREATE',
    info: findResource('', 'v1', 'pods')!,
    namespace: 'team',
    object: pod,
    user: { username: 'u', groups: [] },
    dryRun: false,
    warnings: [],
  };
}

describe('admission chain', () => {
  it('injects the service account token volume when the root CA ConfigMap exists, unless opted out', async () => {
    const objects: KubeObject[] = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team' } },
      { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: 'team' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'kube-root-ca.crt', namespace: 'team' } },
    ];
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'c' }] },
    };
    const attributes = podAttributes(pod);
    await runAdmission(defaultAdmissionPlugins(), attributes, reader(objects));
    const spec = attributes.object.spec as {
      volumes: { name: string }[];
      containers: { volumeMounts: unknown[] }[];
    };
    expect(spec.volumes[0].name).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(spec.containers[0].volumeMounts).toEqual([
      {
        name: spec.volumes[0].name,
        readOnly: true,
        mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
      },
    ]);
    const optOut = podAttributes({
      ...pod,
      spec: { automountServiceAccountToken: false, containers: [{ name: 'c' }] },
    });
    await runAdmission(defaultAdmissionPlugins(), optOut, reader(objects));
    expect((optOut.object.spec as { volumes?: unknown }).volumes).toBeUndefined();
  });
});

describe('LimitRanger constraints', () => {
  it('reports one message per constraint with canonical quantities', () => {
    const item = {
      type: 'Container',
      min: { memory: '64Mi' },
      max: { cpu: '1000m' },
      maxLimitRequestRatio: { cpu: '2' },
    };
    expect(
      containerViolations(item, {
        name: 'c',
        resources: { limits: { cpu: '1500m' }, requests: { cpu: '500m' } },
      }),
    ).toEqual([
      'minimum memory usage per Container is 64Mi.  No request is specified',
      'maximum cpu usage per Container is 1, but limit is 1500m',
      'cpu max limit to request ratio per Container is 2, but provided ratio is 3.000000',
    ]);
  });
});

describe('ResourceQuota constraints', () => {
  it('names the containers missing a tracked request or limit', () => {
    const pod: KubeObject = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'a', resources: { requests: { cpu: '1' } } }, { name: 'b' }] },
    };
    expect(missingConstraints({ 'requests.cpu': '2', 'limits.memory': '1Gi', pods: '3' }, pod)).toEqual([
      'limits.memory for: a,b',
      'requests.cpu for: b',
    ]);
  });
});

describe('admission of updates', () => {
  const update = (resource: string, subresource?: string): AdmissionAttributes => ({
    operation: 'UPDATE',
    info: findResource('', 'v1', resource)!,
    subresource,
    namespace: 'team',
    object: { apiVersion: 'v1', kind: 'X', metadata: { name: 'x' } },
    oldObject: { apiVersion: 'v1', kind: 'X', metadata: { name: 'x' } },
    user: { username: 'u', groups: [] },
    dryRun: false,
    warnings: [],
  });
  const handling = (attributes: AdmissionAttributes) =>
    defaultAdmissionPlugins()
      .filter((p) => p.handles(attributes))
      .map((p) => p.name);

  it('charges quota only on updates that can change usage, never on subresources', () => {
    expect(handling(update('services'))).toEqual(['ResourceQuota']);
    expect(handling(update('persistentvolumeclaims'))).toEqual(['ResourceQuota']);
    expect(handling(update('configmaps'))).toEqual([]);
    expect(handling(update('services', 'status'))).toEqual([]);
  });

  it('leaves pod updates to PodSecurity, and only significant ones', () => {
    expect(handling(update('pods'))).toEqual([]);
    const image = update('pods');
    image.object.spec = { containers: [{ name: 'c', image: 'nginx:1.27' }] };
    image.oldObject!.spec = { containers: [{ name: 'c', image: 'nginx:1.26' }] };
    expect(handling(image)).toEqual(['PodSecurity']);
    expect(handling({ ...image, subresource: 'status' })).toEqual([]);
  });
});
