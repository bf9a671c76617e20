import { describe, expect, it } from 'vitest';
import { buildEditorSchemas, firstSentence, typeId } from './editor-schemas';

describe('buildEditorSchemas', () => {
  const schemas = buildEditorSchemas();

  it('versions kinds by apiVersion then kind, for every group the course uses', () => {
    expect(schemas.version).toBe(1);
    expect(schemas.kubernetes).toMatch(/^v1\.\d+\.\d+$/);
    expect(schemas.kinds['apps/v1']).toMatchObject({ Deployment: 'apps.v1.Deployment' });
    expect(schemas.kinds.v1).toMatchObject({ Pod: 'core.v1.Pod', Service: 'core.v1.Service' });
    for (const [apiVersion, kind] of [
      ['batch/v1', 'CronJob'],
      ['networking.k8s.io/v1', 'NetworkPolicy'],
      ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'],
      ['storage.k8s.io/v1', 'StorageClass'],
      ['policy/v1', 'PodDisruptionBudget'],
      ['autoscaling/v2', 'HorizontalPodAutoscaler'],
      ['certificates.k8s.io/v1', 'CertificateSigningRequest'],
    ] as const) {
      expect(schemas.kinds[apiVersion]?.[kind], `${apiVersion} ${kind}`).toBeDefined();
    }
    // Lists and read-only kinds are not written in manifests.
    expect(schemas.kinds.v1!.PodList).toBeUndefined();
  });

  it('resolves every type reference and keeps shapes, enums, required fields and descriptions', () => {
    const visit = (field: { ref?: string; i?: object; v?: object }): void => {
      if (field.ref) expect(schemas.types, field.ref).toHaveProperty([field.ref]);
      if (field.i) visit(field.i);
      if (field.v) visit(field.v);
    };
    for (const type of Object.values(schemas.types)) for (const field of Object.values(type.p)) visit(field);
    const spec = schemas.types['apps.v1.DeploymentSpec']!;
    expect(spec.p.replicas).toEqual({ t: 'integer', d: 'Number of desired pods.' });
    expect(spec.r).toEqual(['selector', 'template']);
    const container = schemas.types['core.v1.Container']!;
    expect(container.p.imagePullPolicy!.e).toEqual(['Always', 'IfNotPresent', 'Never']);
    expect(container.p.ports).toMatchObject({ t: 'array', i: { t: 'object', ref: 'core.v1.ContainerPort' } });
    expect(schemas.types['core.v1.ServicePort']!.p.targetPort!.t).toBe('int-or-string');
    expect(schemas.types['core.v1.ResourceRequirements']!.p.limits).toMatchObject({
      t: 'map',
      v: { t: 'quantity' },
    });
    expect(schemas.types['apis.meta.v1.ObjectMeta']!.p.labels).toMatchObject({
      t: 'map',
      v: { t: 'string' },
    });
    expect(schemas.types['apis.meta.v1.ObjectMeta']!.p.creationTimestamp!.t).toBe('date-time');
  });

  it('stays compact (first sentences only)', () => {
    expect(JSON.stringify(schemas).length).toBeLessThan(400_000);
  });
});

describe('firstSentence and typeId', () => {
  it('keep the first sentence and shorten upstream names', () => {
    expect(firstSentence('Number of desired pods. This is a pointer. Defaults to 1.')).toBe(
      'Number of desired pods.',
    );
    expect(firstSentence('Version 1.2 of a thing\nmore')).toBe('Version 1.2 of a thing');
    expect(firstSentence('x'.repeat(300))).toHaveLength(238);
    expect(typeId('io.k8s.api.apps.v1.Deployment')).toBe('apps.v1.Deployment');
    expect(typeId('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta')).toBe('apis.meta.v1.ObjectMeta');
  });
});
