import { describe, expect, it } from 'vitest';
import { createsPod, requestedReplicas as parse, setsReplicas } from './pod-quota';

const requestedReplicas = (contentType: string, body: string) =>
  parse(contentType, new TextEncoder().encode(body));

describe('pod quota request parsing', () => {
  it('finds direct pod creations only', () => {
    expect(createsPod('POST', '/api/v1/namespaces/default/pods')).toBe(true);
    expect(createsPod('POST', '/api/v1/namespaces/default/pods/web/eviction')).toBe(false);
    expect(createsPod('POST', '/api/v1/namespaces/default/pods/web/binding')).toBe(false);
    expect(createsPod('GET', '/api/v1/namespaces/default/pods')).toBe(false);
    expect(createsPod('POST', '/api/v1/namespaces/default/services')).toBe(false);
  });

  it('finds workload writes and scale requests', () => {
    expect(setsReplicas('POST', '/apis/apps/v1/namespaces/default/deployments')).toBe(true);
    expect(setsReplicas('PATCH', '/apis/apps/v1/namespaces/default/deployments/web/scale')).toBe(true);
    expect(setsReplicas('PUT', '/apis/apps/v1/namespaces/x/statefulsets/db')).toBe(true);
    expect(setsReplicas('PATCH', '/api/v1/namespaces/x/replicationcontrollers/rc')).toBe(true);
    expect(setsReplicas('PATCH', '/apis/apps/v1/namespaces/default/deployments/web/status')).toBe(false);
    expect(setsReplicas('GET', '/apis/apps/v1/namespaces/default/deployments/web')).toBe(false);
    expect(setsReplicas('PATCH', '/apis/apps/v1/namespaces/default/daemonsets/d')).toBe(false);
  });

  it('reads spec.replicas from JSON, YAML and JSON patches', () => {
    expect(requestedReplicas('application/json', '{"spec":{"replicas":500}}')).toBe(500);
    expect(requestedReplicas('application/merge-patch+json', '{"spec":{"replicas":3}}')).toBe(3);
    expect(requestedReplicas('application/apply-patch+yaml', 'spec:\n  replicas: 12\n')).toBe(12);
    expect(
      requestedReplicas(
        'application/json-patch+json',
        '[{"op":"replace","path":"/spec/replicas","value":7},{"op":"add","path":"/metadata/labels/a","value":"b"}]',
      ),
    ).toBe(7);
    expect(requestedReplicas('application/json', '{"spec":{}}')).toBeUndefined();
    expect(requestedReplicas('application/json', 'not json')).toBeUndefined();
    expect(requestedReplicas('application/json', 'null')).toBeUndefined();
  });
});
