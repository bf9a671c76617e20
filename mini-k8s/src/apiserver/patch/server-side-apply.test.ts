import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../api/object';
import { StatusError } from '../../machinery/errors';
import { applyMergePatch } from './merge-patch';
import { patchSchemaFor } from './schema';
import { serverSideApply, updateManagedFields } from './server-side-apply';

const schema = patchSchemaFor('apps', 'v1', 'Deployment');
const t0 = new Date('2026-03-01T10:00:00.123Z');
const t1 = new Date('2026-03-01T11:00:00Z');
const t2 = new Date('2026-03-01T12:00:00Z');

function manifest(replicas = 2, labels: Record<string, string> = { app: 'web' }): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
      },
    },
  };
}

const apply = (
  live: KubeObject | undefined,
  applied: KubeObject,
  manager = 'kubectl',
  force = false,
  now = t0,
) => serverSideApply(live, applied, { manager, force, apiVersion: 'apps/v1', now, schema });

const update = (
  live: KubeObject | undefined,
  next: KubeObject,
  manager: string,
  now = t0,
  subresource?: string,
) =>
  updateManagedFields(live, next, {
    manager,
    operation: 'Update',
    apiVersion: 'apps/v1',
    now,
    schema,
    subresource,
  });

function conflictOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (err) {
    if (err instanceof StatusError) return err;
    throw err;
  }
  throw new Error('expected a conflict');
}

describe('serverSideApply', () => {
  it('creates the object and records an Apply entry', () => {
    const out = apply(undefined, manifest());
    const { managedFields, ...metadata } = out.metadata;
    expect({ ...out, metadata }).toEqual(manifest());
    expect(managedFields).toEqual([
      {
        manager: 'kubectl',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        time: '2026-03-01T10:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:template': {
              'f:metadata': { 'f:labels': { 'f:app': {} } },
              'f:spec': {
                'f:containers': {
                  'k:{"name":"nginx"}': {
                    '.': {},
                    'f:image': {},
                    'f:name': {},
                    'f:ports': {
                      'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} },
                    },
                  },
                },
              },
            },
          },
        },
      },
    ]);
  });

  it('re-applying the same manifest changes nothing, not even the entry time', () => {
    const created = apply(undefined, manifest());
    const again = apply(created, manifest(), 'kubectl', false, t1);
    expect(again).toEqual(created);
  });

  it('conflicts with another manager that owns a changed field', () => {
    const live = update(undefined, manifest(3), 'kubectl-client-side-apply');
    const err = conflictOf(() => apply(live, manifest(5), 'other-tool'));
    expect(err.toStatus()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas',
      reason: 'Conflict',
      details: {
        causes: [
          {
            reason: 'FieldManagerConflict',
            message: 'conflict with "kubectl-client-side-apply" using apps/v1',
            field: '.spec.replicas',
          },
        ],
      },
      code: 409,
    });
  });

  it('lists several conflicts grouped by manager', () => {
    const live = update(undefined, manifest(3), 'kubectl-create');
    const changed = manifest(5);
    (
      changed.spec as { template: { spec: { containers: { image: string }[] } } }
    ).template.spec.containers[0].image = 'nginx:1.28';
    const err = conflictOf(() => apply(live, changed, 'ci'));
    expect(err.message).toBe(
      'Apply failed with 2 conflicts: conflicts with "kubectl-create" using apps/v1:\n' +
        '- .spec.replicas\n' +
        '- .spec.template.spec.containers[name="nginx"].image',
    );
    expect(err.details?.causes?.map((c) => c.field)).toEqual([
      '.spec.replicas',
      '.spec.template.spec.containers[name="nginx"].image',
    ]);
  });

  it('force takes ownership of the conflicting fields', () => {
    const live = update(undefined, manifest(3), 'kubectl-client-side-apply');
    const out = apply(live, manifest(5), 'other-tool', true, t1);
    expect((out.spec as { replicas: number }).replicas).toBe(5);
    const [applier, updater] = out.metadata.managedFields ?? [];
    expect([applier.manager, applier.operation, applier.time]).toEqual([
      'other-tool',
      'Apply',
      '2026-03-01T11:00:00Z',
    ]);
    expect((applier.fieldsV1?.['f:spec'] as Record<string, unknown>)['f:replicas']).toEqual({});
    expect(updater.manager).toBe('kubectl-client-side-apply');
    expect(Object.keys(updater.fieldsV1?.['f:spec'] as object)).not.toContain('f:replicas');
  });

  it('applying the value another manager already set shares the field without conflict', () => {
    const live = update(undefined, manifest(3), 'kubectl-create');
    const out = apply(live, manifest(3), 'ci');
    const owners = (out.metadata.managedFields ?? []).filter(
      (e) => (e.fieldsV1?.['f:spec'] as Record<string, unknown>)['f:replicas'],
    );
    expect(owners.map((e) => e.manager)).toEqual(['ci', 'kubectl-create']);
  });

  it('removes fields the applier no longer applies, unless another manager owns them', () => {
    const v1 = apply(undefined, manifest(2, { app: 'web', tier: 'front', team: 'a' }));
    // kubectl label team=b: an Update by another manager takes `team`.
    const labelled = update(
      v1,
      applyMergePatch(v1, { metadata: { labels: { team: 'b' } } }) as KubeObject,
      'kubectl-label',
      t1,
    );
    const v2 = apply(labelled, manifest(2, { app: 'web' }), 'kubectl', false, t2);
    expect(v2.metadata.labels).toEqual({ app: 'web', team: 'b' });
  });

  it('kubectl upgrading from client-side apply takes fields still matching last-applied without conflict', () => {
    const csa = manifest(3);
    csa.metadata.annotations = {
      'kubectl.kubernetes.io/last-applied-configuration': `${JSON.stringify(manifest(3))}\n`,
    };
    const live = update(undefined, csa, 'kubectl-client-side-apply');
    const out = apply(live, manifest(4), 'kubectl');
    expect((out.spec as { replicas: number }).replicas).toBe(4);

    // After `kubectl scale` (another manager changed replicas) the upgrade no longer applies.
    const scaled = update(
      live,
      applyMergePatch(live, { spec: { replicas: 7 } }) as KubeObject,
      'kubectl-scale',
      t1,
      'scale',
    );
    const err = conflictOf(() => apply(scaled, manifest(4), 'kubectl'));
    expect(err.message).toBe(
      'Apply failed with 1 conflict: conflict with "kubectl-scale" with subresource "scale" using apps/v1: .spec.replicas',
    );
  });

  it('rejects managedFields in the applied configuration', () => {
    const applied = manifest();
    applied.metadata.managedFields = [];
    const err = conflictOf(() => apply(undefined, applied));
    expect([err.code, err.message]).toEqual([400, 'metadata.managedFields must be nil']);
  });

  it('gives the fields of an object without managedFields to before-first-apply', () => {
    const out = apply(manifest(3), manifest(5), 'ci', true);
    expect((out.metadata.managedFields ?? []).map((e) => [e.manager, e.operation])).toEqual([
      ['ci', 'Apply'],
      ['before-first-apply', 'Update'],
    ]);
  });
});

describe('updateManagedFields', () => {
  it('records a create like the API server: new maps and list items carry the "." marker', () => {
    const created = manifest();
    (created.spec as Record<string, unknown>).strategy = {
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: '25%' },
    };
    created.status = { replicas: 0 };
    const out = update(undefined, created, 'kubectl-create');
    expect(out.metadata.managedFields).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: '2026-03-01T10:00:00Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': {
            'f:replicas': {},
            'f:selector': {},
            'f:strategy': { 'f:rollingUpdate': { '.': {}, 'f:maxSurge': {} }, 'f:type': {} },
            'f:template': {
              'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
              'f:spec': {
                'f:containers': {
                  'k:{"name":"nginx"}': {
                    '.': {},
                    'f:image': {},
                    'f:name': {},
                    'f:ports': {
                      '.': {},
                      'k:{"containerPort":80,"protocol":"TCP"}': { '.': {}, 'f:containerPort': {} },
                    },
                  },
                },
              },
            },
          },
        },
      },
    ]);
  });

  it('adds an entry per manager, keeps untouched entries and their times, sorts Apply first', () => {
    const applied = apply(undefined, manifest());
    const labelled = update(
      applied,
      applyMergePatch(applied, { metadata: { labels: { tier: 'x' } } }) as KubeObject,
      'kubectl-label',
      t1,
    );
    expect(labelled.metadata.managedFields?.map((e) => [e.manager, e.operation, e.time, e.fieldsV1])).toEqual(
      [
        ['kubectl', 'Apply', '2026-03-01T10:00:00Z', applied.metadata.managedFields?.[0].fieldsV1],
        [
          'kubectl-label',
          'Update',
          '2026-03-01T11:00:00Z',
          { 'f:metadata': { 'f:labels': { 'f:tier': {} } } },
        ],
      ],
    );
    // A write that changes nothing records nothing.
    expect(update(labelled, labelled, 'kubectl-edit', t2).metadata.managedFields).toEqual(
      labelled.metadata.managedFields,
    );
  });

  it('status writes are recorded with the subresource and only for status', () => {
    const created = update(undefined, manifest(), 'kubectl-create');
    const withStatus = {
      ...created,
      status: { replicas: 2, conditions: [{ type: 'Available', status: 'True' }] },
    };
    const out = update(created, withStatus, 'kube-controller-manager', t1, 'status');
    const entry = out.metadata.managedFields?.find((e) => e.subresource === 'status');
    expect(entry).toEqual({
      manager: 'kube-controller-manager',
      operation: 'Update',
      apiVersion: 'apps/v1',
      time: '2026-03-01T11:00:00Z',
      fieldsType: 'FieldsV1',
      fieldsV1: {
        'f:status': {
          'f:conditions': { '.': {}, 'k:{"type":"Available"}': { '.': {}, 'f:status': {}, 'f:type': {} } },
          'f:replicas': {},
        },
      },
      subresource: 'status',
    });
    // Status changes through the main resource are nobody's.
    const viaMain = update(created, withStatus, 'kubectl-edit', t1);
    expect(viaMain.metadata.managedFields?.map((e) => e.manager)).toEqual(['kubectl-create']);
  });

  it('a field removed by an update is removed from its owner', () => {
    const created = update(undefined, manifest(2, { app: 'web', tier: 'x' }), 'kubectl-create');
    const unlabelled = update(
      created,
      applyMergePatch(created, { metadata: { labels: { tier: null } } }) as KubeObject,
      'kubectl-label',
      t1,
    );
    expect(unlabelled.metadata.managedFields?.[0].fieldsV1?.['f:metadata']).toEqual({
      'f:labels': { '.': {}, 'f:app': {} },
    });
    expect(unlabelled.metadata.managedFields).toHaveLength(1);
  });
});
