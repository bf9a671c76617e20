import { describe, expect, it } from 'vitest';
import { integerFormat } from './integer-formats';
import { openapiV3Document } from './documents';

describe('integerFormat', () => {
  it.each([
    ['io.k8s.api.apps.v1.DeploymentSpec', 'replicas', 'scalar', 'int32'],
    ['io.k8s.api.core.v1.ContainerPort', 'containerPort', 'scalar', 'int32'],
    ['io.k8s.api.core.v1.ServicePort', 'nodePort', 'scalar', 'int32'],
    ['io.k8s.api.batch.v1.JobSpec', 'backoffLimit', 'scalar', 'int32'],
    ['io.k8s.api.core.v1.PodSpec', 'terminationGracePeriodSeconds', 'scalar', 'int64'],
    ['io.k8s.api.core.v1.PodSpec', 'activeDeadlineSeconds', 'scalar', 'int64'],
    ['io.k8s.api.core.v1.PodSecurityContext', 'runAsUser', 'scalar', 'int64'],
    ['io.k8s.api.core.v1.PodSecurityContext', 'supplementalGroups', 'array', 'int64'],
    ['io.k8s.api.core.v1.Toleration', 'tolerationSeconds', 'scalar', 'int64'],
    ['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'generation', 'scalar', 'int64'],
  ] as const)('%s.%s is %s', (schema, property, shape, format) => {
    expect(integerFormat(schema, property, shape)).toBe(format);
  });

  it('knows nothing of non-integer fields, unknown fields and unknown definitions', () => {
    expect(integerFormat('io.k8s.api.apps.v1.DeploymentSpec', 'paused')).toBeUndefined();
    expect(integerFormat('io.k8s.api.apps.v1.DeploymentSpec', 'nope')).toBeUndefined();
    expect(integerFormat('io.k8s.api.apps.v1.Nope', 'replicas')).toBeUndefined();
  });
});

describe('published integer formats', () => {
  it('marks integers int32 or int64 in the OpenAPI v3 documents, as upstream does', () => {
    const doc = JSON.parse(openapiV3Document('apis/apps/v1')!.body) as {
      components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> };
    };
    const spec = doc.components.schemas['io.k8s.api.apps.v1.DeploymentSpec']!.properties;
    expect(spec.replicas).toMatchObject({ type: 'integer', format: 'int32' });
    const meta = doc.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']!.properties;
    expect(meta.generation).toMatchObject({ type: 'integer', format: 'int64' });
    const pod = doc.components.schemas['io.k8s.api.core.v1.PodSecurityContext']!.properties;
    expect(pod.supplementalGroups).toMatchObject({
      type: 'array',
      items: { type: 'integer', format: 'int64' },
    });
    // Every integer of the schemas carries one of the two formats (query parameters have none upstream).
    const unformatted: string[] = [];
    const walk = (value: unknown, path: string): void => {
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
      else if (value && typeof value === 'object') {
        const record = value as Record<string, unknown>;
        if (record.type === 'integer' && record.format !== 'int32' && record.format !== 'int64')
          unformatted.push(path);
        for (const [k, v] of Object.entries(record)) walk(v, `${path}.${k}`);
      }
    };
    walk(doc.components.schemas, '');
    // IntOrString is an int-or-string scalar, not an integer field.
    expect(unformatted).toEqual(['.io.k8s.apimachinery.pkg.util.intstr.IntOrString.oneOf[0]']);
  });
});
