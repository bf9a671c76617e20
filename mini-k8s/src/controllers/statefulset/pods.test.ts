import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { claimName, newClaim, newStatefulSetPod, podOrdinal } from './pods';

const set: KubeObject = {
  apiVersion: 'apps/v1',
  kind: 'StatefulSet',
  metadata: { name: 'web', namespace: 'default', uid: 'u1' },
  spec: {
    serviceName: 'nginx',
    selector: { matchLabels: { app: 'nginx' } },
    persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Retain' },
    template: {
      metadata: { labels: { app: 'nginx' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx' }], volumes: [{ name: 'www', emptyDir: {} }] },
    },
    volumeClaimTemplates: [{ metadata: { name: 'www' }, spec: { accessModes: ['ReadWriteOnce'] } }],
  },
};

describe('statefulset pods', () => {
  it.each([
    ['web-0', 0],
    ['web-12', 12],
    ['web-01', -1],
    ['web-x', -1],
    ['webby-1', -1],
    ['web-1-2', -1],
  ])('podOrdinal(web, %s) = %i', (name, ordinal) => {
    expect(podOrdinal('web', name)).toBe(ordinal);
  });

  it('builds pod web-1 with identity labels, hostname, subdomain and its claim volume', () => {
    const spec = set.spec as { template: KubeObject['spec'] };
    const pod = newStatefulSetPod(set, spec.template as never, 'web-abc', 1);
    expect(pod.metadata.name).toBe('web-1');
    expect(pod.metadata.labels).toEqual({
      app: 'nginx',
      'statefulset.kubernetes.io/pod-name': 'web-1',
      'apps.kubernetes.io/pod-index': '1',
      'controller-revision-hash': 'web-abc',
    });
    expect(pod.spec).toMatchObject({ hostname: 'web-1', subdomain: 'nginx' });
    expect((pod.spec as { volumes: unknown[] }).volumes).toEqual([
      { name: 'www', persistentVolumeClaim: { claimName: 'www-web-1' } },
    ]);
    expect(pod.metadata.ownerReferences?.[0]).toMatchObject({
      kind: 'StatefulSet',
      name: 'web',
      controller: true,
    });
  });

  it('builds claims named <template>-<set>-<ordinal>, owned by the set when whenDeleted=Delete', () => {
    const claim = newClaim(
      set,
      (set.spec as { volumeClaimTemplates: KubeObject[] }).volumeClaimTemplates[0],
      2,
    );
    expect(claim.metadata.name).toBe(claimName('www', 'web', 2));
    expect(claim.metadata.name).toBe('www-web-2');
    expect(claim.metadata.labels).toEqual({ app: 'nginx' });
    expect(claim.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'StatefulSet', uid: 'u1' });
  });
});
