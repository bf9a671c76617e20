/**
 * Helpers for the registry's tests: a request context, catalogue lookups and a registry over a fresh
 * MemoryStorage with the system namespaces present.
 */
import type { KubeObject } from '../../api/object';
import type { ResourceInfo } from '../../api/resources';
import { findResource } from '../../api/resources';
import { MemoryStorage } from '../../storage/memory/store';
import type { Storage } from '../../storage/interface';
import type { MiniRegistry, RegistryOptions } from './index';
import { createRegistry } from './index';
import type { RequestContext } from './interface';

/** testContext returns an admin request context (fieldManager `test`), with overrides. */
export function testContext(overrides: Partial<RequestContext> = {}): RequestContext {
  return {
    user: { username: 'admin', groups: ['system:masters', 'system:authenticated'] },
    dryRun: false,
    fieldManager: 'test',
    fieldValidation: 'Strict',
    warnings: [],
    now: () => new Date('2026-03-01T10:00:00.000Z'),
    ...overrides,
  };
}

/** res returns a catalogue entry or throws. */
export function res(group: string, version: string, resource: string): ResourceInfo {
  const info = findResource(group, version, resource);
  if (!info) throw new Error(`no resource ${group}/${version}/${resource}`);
  return info;
}

/** Frequently used resources. */
export const R = {
  pods: res('', 'v1', 'pods'),
  namespaces: res('', 'v1', 'namespaces'),
  services: res('', 'v1', 'services'),
  configmaps: res('', 'v1', 'configmaps'),
  serviceaccounts: res('', 'v1', 'serviceaccounts'),
  nodes: res('', 'v1', 'nodes'),
  events: res('', 'v1', 'events'),
  eventsV1: res('events.k8s.io', 'v1', 'events'),
  deployments: res('apps', 'v1', 'deployments'),
  replicationcontrollers: res('', 'v1', 'replicationcontrollers'),
  jobs: res('batch', 'v1', 'jobs'),
  hpaV1: res('autoscaling', 'v1', 'horizontalpodautoscalers'),
  hpaV2: res('autoscaling', 'v2', 'horizontalpodautoscalers'),
  pdbs: res('policy', 'v1', 'poddisruptionbudgets'),
  clusterroles: res('rbac.authorization.k8s.io', 'v1', 'clusterroles'),
};

/** newTestRegistry returns a registry over a fresh MemoryStorage with namespaces `default` and `dev`. */
export async function newTestRegistry(
  options: Partial<RegistryOptions> = {},
): Promise<{ registry: MiniRegistry; storage: Storage; ctx: RequestContext }> {
  const storage = options.storage ?? new MemoryStorage();
  const registry = createRegistry({ ...options, storage });
  const ctx = testContext();
  for (const name of ['default', 'dev']) {
    await registry.create(
      R.namespaces,
      undefined,
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
      ctx,
    );
  }
  return { registry, storage, ctx };
}

/** configMap builds a ConfigMap body. */
export function configMap(
  name: string,
  labels?: Record<string, string>,
  data: Record<string, string> = { a: '1' },
): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data };
}

/** deployment builds a valid Deployment body. */
export function deployment(name: string, replicas = 1): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] },
      },
    },
  };
}

/** pod builds a valid Pod body, optionally bound to a node. */
export function pod(
  name: string,
  options: { labels?: Record<string, string>; nodeName?: string } = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels: options.labels },
    spec: {
      containers: [{ name: 'main', image: 'busybox:1.36' }],
      ...(options.nodeName ? { nodeName: options.nodeName } : {}),
    },
  };
}
