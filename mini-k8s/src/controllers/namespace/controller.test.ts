import { describe, expect, it } from 'vitest';
import { deletableResources, namespaceConditions } from './controller';

const now = new Date('2024-05-01T10:00:00Z');

describe('namespace deletion', () => {
  it('deletes every stored namespaced resource once', () => {
    const names = deletableResources().map((r) => (r.group ? `${r.resource}.${r.group}` : r.resource));
    expect(names).toEqual(
      expect.arrayContaining(['pods', 'configmaps', 'deployments.apps', 'endpointslices.discovery.k8s.io']),
    );
    expect(names).not.toContain('namespaces');
    expect(names).not.toContain('bindings');
    expect(names.filter((n) => n.startsWith('events'))).toEqual(['events']);
  });

  it.each([
    [
      'content remaining',
      {
        remaining: ['pods has 2 resource instances'],
        finalizers: new Map([['foregroundDeletion', 1]]),
        failures: [],
      },
      [
        [
          'NamespaceDeletionDiscoveryFailure',
          'False',
          'ResourcesDiscovered',
          'All resources successfully discovered',
        ],
        [
          'NamespaceDeletionGroupVersionParsingFailure',
          'False',
          'ParsedGroupVersions',
          'All legacy kube types successfully parsed',
        ],
        [
          'NamespaceDeletionContentFailure',
          'False',
          'ContentDeleted',
          'All content successfully deleted, may be waiting on finalization',
        ],
        [
          'NamespaceContentRemaining',
          'True',
          'SomeResourcesRemain',
          'Some resources are remaining: pods has 2 resource instances',
        ],
        [
          'NamespaceFinalizersRemaining',
          'True',
          'SomeFinalizersRemain',
          'Some content in the namespace has finalizers remaining: foregroundDeletion in 1 resource instances',
        ],
      ],
    ],
    [
      'empty',
      { remaining: [], finalizers: new Map(), failures: [] },
      [
        [
          'NamespaceDeletionDiscoveryFailure',
          'False',
          'ResourcesDiscovered',
          'All resources successfully discovered',
        ],
        [
          'NamespaceDeletionGroupVersionParsingFailure',
          'False',
          'ParsedGroupVersions',
          'All legacy kube types successfully parsed',
        ],
        [
          'NamespaceDeletionContentFailure',
          'False',
          'ContentDeleted',
          'All content successfully deleted, may be waiting on finalization',
        ],
        ['NamespaceContentRemaining', 'False', 'ContentRemoved', 'All content successfully removed'],
        [
          'NamespaceFinalizersRemaining',
          'False',
          'ContentHasNoFinalizers',
          'All content-preserving finalizers finished',
        ],
      ],
    ],
  ])('conditions when %s', (_name, estimate, expected) => {
    const conditions = namespaceConditions(estimate, [], now);
    expect(conditions.map((c) => [c.type, c.status, c.reason, c.message])).toEqual(expected);
    expect(conditions[0].lastTransitionTime).toBe('2024-05-01T10:00:00Z');
  });
});
