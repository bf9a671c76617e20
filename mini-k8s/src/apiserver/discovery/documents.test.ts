import { describe, expect, it } from 'vitest';
import {
  aggregatedDiscovery,
  apiGroupDocument,
  apiGroupList,
  apiResourceList,
  apiVersions,
} from './documents';

type Item = {
  metadata: { name?: string };
  versions: { version: string; resources: Record<string, unknown>[] }[];
};

describe('aggregatedDiscovery', () => {
  it('serves the core group alone under /api, without a name', () => {
    const doc = aggregatedDiscovery('api', 'v2') as { apiVersion: string; items: Item[] };
    expect(doc.apiVersion).toBe('apidiscovery.k8s.io/v2');
    expect(doc.items).toHaveLength(1);
    expect(doc.items[0].metadata).toEqual({ creationTimestamp: null });
    const pods = doc.items[0].versions[0].resources.find((r) => r.resource === 'pods');
    expect(pods).toMatchObject({
      responseKind: { group: '', version: 'v1', kind: 'Pod' },
      scope: 'Namespaced',
      singularResource: 'pod',
      shortNames: ['po'],
      categories: ['all'],
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    });
    const eviction = (pods?.subresources as { subresource: string }[]).find(
      (s) => s.subresource === 'eviction',
    );
    expect(eviction).toEqual({
      subresource: 'eviction',
      responseKind: { group: 'policy', version: 'v1', kind: 'Eviction' },
      verbs: ['create'],
    });
  });

  it('lists named groups under /apis with the preferred version first', () => {
    const doc = aggregatedDiscovery('apis', 'v2beta1') as { apiVersion: string; items: Item[] };
    expect(doc.apiVersion).toBe('apidiscovery.k8s.io/v2beta1');
    expect(doc.items[0].metadata.name).toBe('apps');
    const autoscaling = doc.items.find((i) => i.metadata.name === 'autoscaling');
    expect(autoscaling?.versions.map((v) => v.version)).toEqual(['v2', 'v1']);
  });
});

describe('legacy discovery', () => {
  it('answers /api with APIVersions and the client-visible address', () => {
    expect(apiVersions('127.0.0.1:6443')).toEqual({
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }],
    });
  });

  it('answers /apis with every group and its preferred version', () => {
    const list = apiGroupList() as { groups: { name: string; preferredVersion: { groupVersion: string } }[] };
    expect(list.groups.find((g) => g.name === 'autoscaling')?.preferredVersion.groupVersion).toBe(
      'autoscaling/v2',
    );
    expect(apiGroupDocument('apps')).toMatchObject({
      kind: 'APIGroup',
      name: 'apps',
      versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
    });
    expect(apiGroupDocument('nope.example.com')).toBeUndefined();
  });

  it('lists subresources after their resource, naming a foreign group version', () => {
    const list = apiResourceList('apps', 'v1') as {
      groupVersion: string;
      resources: Record<string, unknown>[];
    };
    expect(list.groupVersion).toBe('apps/v1');
    const names = list.resources.map((r) => r.name);
    expect(names.indexOf('deployments/scale')).toBe(names.indexOf('deployments') + 1);
    expect(list.resources.find((r) => r.name === 'deployments/scale')).toEqual({
      name: 'deployments/scale',
      singularName: '',
      namespaced: true,
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: ['get', 'patch', 'update'],
    });
    expect(list.resources.find((r) => r.name === 'deployments/status')).not.toHaveProperty('group');
    expect(apiResourceList('', 'v1')).toMatchObject({ groupVersion: 'v1' });
    expect(apiResourceList('apps', 'v2')).toBeUndefined();
  });
});
