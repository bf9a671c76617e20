import { describe, expect, it } from 'vitest';
import { imageUser } from './runtime/runtime';
import { verifyRunAsNonRoot } from './run-as-non-root';
import type { Container, Pod } from './types';

function pod(podContext?: object, containerContext?: object): { pod: Pod; container: Container } {
  const container = { name: 'app', image: 'nginx', securityContext: containerContext } as Container;
  const p = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'team', uid: 'u-1' },
    spec: { containers: [container], securityContext: podContext },
  } as unknown as Pod;
  return { pod: p, container };
}

describe('imageUser', () => {
  it('reads the OCI User as containerd reports it', () => {
    expect(imageUser(undefined)).toEqual({});
    expect(imageUser('')).toEqual({});
    expect(imageUser('101')).toEqual({ uid: 101 });
    expect(imageUser('0:0')).toEqual({ uid: 0 });
    expect(imageUser('curl_user')).toEqual({ username: 'curl_user' });
    expect(imageUser('nginx:nginx')).toEqual({ username: 'nginx' });
  });
});

describe('verifyRunAsNonRoot', () => {
  it('lets everything run without runAsNonRoot', () => {
    const { pod: p, container } = pod();
    expect(verifyRunAsNonRoot(p, container, {})).toBeUndefined();
    const off = pod({ runAsNonRoot: true }, { runAsNonRoot: false });
    expect(verifyRunAsNonRoot(off.pod, off.container, {})).toBeUndefined();
  });

  it('refuses an image running as root, from the pod or the container context', () => {
    const root =
      'container has runAsNonRoot and image will run as root (pod: "web_team(u-1)", container: app)';
    const fromPod = pod({ runAsNonRoot: true });
    expect(verifyRunAsNonRoot(fromPod.pod, fromPod.container, {})).toBe(root);
    expect(verifyRunAsNonRoot(fromPod.pod, fromPod.container, { uid: 0 })).toBe(root);
    const fromContainer = pod(undefined, { runAsNonRoot: true });
    expect(verifyRunAsNonRoot(fromContainer.pod, fromContainer.container, undefined)).toBe(root);
    expect(verifyRunAsNonRoot(fromContainer.pod, fromContainer.container, { uid: 101 })).toBeUndefined();
  });

  it('decides on runAsUser when set, and cannot verify a user name', () => {
    const explicit = pod({ runAsNonRoot: true, runAsUser: 1000 });
    expect(verifyRunAsNonRoot(explicit.pod, explicit.container, {})).toBeUndefined();
    const zero = pod({ runAsNonRoot: true }, { runAsUser: 0 });
    expect(verifyRunAsNonRoot(zero.pod, zero.container, { uid: 101 })).toBe(
      `container's runAsUser breaks non-root policy (pod: "web_team(u-1)", container: app)`,
    );
    const named = pod({ runAsNonRoot: true });
    expect(verifyRunAsNonRoot(named.pod, named.container, { username: 'curl_user' })).toBe(
      'container has runAsNonRoot and image has non-numeric user (curl_user), cannot verify user is non-root (pod: "web_team(u-1)", container: app)',
    );
  });
});
