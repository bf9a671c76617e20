import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../api/object';
import { isSignificantPodUpdate } from './significant-update';

function pod(
  change: (p: KubeObject & { spec: Record<string, unknown> }) => void = () => undefined,
): KubeObject {
  const p = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', annotations: {} as Record<string, string>, labels: {} as Record<string, string> },
    spec: {
      containers: [{ name: 'app', image: 'nginx:1.26' }],
      initContainers: [{ name: 'init', image: 'busybox' }],
    } as Record<string, unknown>,
  };
  change(p);
  return p;
}

describe('isSignificantPodUpdate', () => {
  it('ignores labels, annotations and other mutable fields', () => {
    expect(
      isSignificantPodUpdate(
        pod((p) => (p.metadata.labels = { a: 'b' })),
        pod(),
      ),
    ).toBe(false);
    expect(
      isSignificantPodUpdate(
        pod((p) => (p.spec.activeDeadlineSeconds = 5)),
        pod(),
      ),
    ).toBe(false);
  });

  it('notices image changes of containers and init containers', () => {
    const image = (field: 'containers' | 'initContainers') =>
      pod((p) => ((p.spec[field] as { image: string }[])[0].image = 'nginx:1.27'));
    expect(isSignificantPodUpdate(image('containers'), pod())).toBe(true);
    expect(isSignificantPodUpdate(image('initContainers'), pod())).toBe(true);
  });

  it('notices seccomp annotations and added ephemeral containers', () => {
    const podSeccomp = pod(
      (p) => (p.metadata.annotations = { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' }),
    );
    expect(isSignificantPodUpdate(podSeccomp, pod())).toBe(true);
    const containerSeccomp = pod(
      (p) =>
        (p.metadata.annotations = { 'container.seccomp.security.alpha.kubernetes.io/app': 'unconfined' }),
    );
    expect(isSignificantPodUpdate(containerSeccomp, pod())).toBe(true);
    const debug = pod((p) => (p.spec.ephemeralContainers = [{ name: 'debugger', image: 'busybox' }]));
    expect(isSignificantPodUpdate(debug, pod())).toBe(true);
    expect(isSignificantPodUpdate(debug, debug)).toBe(false);
  });
});
