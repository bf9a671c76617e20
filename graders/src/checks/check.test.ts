import { describe, expect, it } from 'vitest';
import { parsePath, readPath, resolveKind, show } from './check';

const pod = {
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: {
    containers: [
      { name: 'web', image: 'nginx:1.25' },
      { name: 'journal', image: 'busybox:1.36' },
    ],
  },
  status: { hard: { 'requests.cpu': '2' } },
};

describe('parsePath', () => {
  it.each([
    ['spec.replicas', ['spec', 'replicas']],
    ['spec.containers[1].image', ['spec', 'containers', 1, 'image']],
    ['spec.containers[name=web].image', ['spec', 'containers', '=name=web', 'image']],
    ["spec.hard['requests.cpu']", ['spec', 'hard', 'requests.cpu']],
  ])('%s', (path, segments) => {
    expect(parsePath(path)).toEqual(segments);
  });
});

describe('readPath', () => {
  it.each([
    ['metadata.labels.app', 'web'],
    ['spec.containers[1].image', 'busybox:1.36'],
    ['spec.containers[name=journal].image', 'busybox:1.36'],
    ['spec.containers[name=absent].image', undefined],
    ['spec.containers[5].image', undefined],
    ['spec.nodeName.deeper', undefined],
    ["status.hard['requests.cpu']", '2'],
  ])('%s', (path, value) => {
    expect(readPath(pod, path)).toEqual(value);
  });
});

describe('resolveKind', () => {
  it.each([
    ['Deployment', 'apps', 'deployments'],
    ['deploy', 'apps', 'deployments'],
    ['pods', '', 'pods'],
    ['pvc', '', 'persistentvolumeclaims'],
    ['Event', '', 'events'],
    ['HorizontalPodAutoscaler', 'autoscaling', 'horizontalpodautoscalers'],
  ])('%s', (kind, group, resource) => {
    const info = resolveKind(kind);
    expect([info.group, info.resource]).toEqual([group, resource]);
  });

  it('prefers the preferred version of a group', () => {
    expect(resolveKind('hpa').version).toBe('v2');
  });

  it('names an unknown kind in French', () => {
    expect(() => resolveKind('Licorne')).toThrow('type de ressource inconnu : Licorne');
  });
});

describe('show', () => {
  it.each([
    [undefined, 'absent'],
    [null, 'absent'],
    ['nginx', 'nginx'],
    [3, '3'],
    [{ a: 1 }, '{"a":1}'],
  ])('%s', (value, text) => {
    expect(show(value)).toBe(text);
  });
});
