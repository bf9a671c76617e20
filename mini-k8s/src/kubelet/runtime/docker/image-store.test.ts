import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE_ALIASES, DEFAULT_IMAGE_ALLOW, OFFLINE_TAGS } from './course-images';
import { ImageStore, STATUS_TTL_MS } from './image-store';

/** fakeDaemon answers image inspections from `images` and counts them. */
function fakeDaemon(images: Map<string, { Id: string }>) {
  const calls: string[] = [];
  const docker = {
    getImage: (name: string) => ({
      inspect: async () => {
        calls.push(name);
        const found = images.get(name);
        if (found) return { ...found, RepoTags: [name], RepoDigests: [], Size: 1, Config: {} };
        throw Object.assign(new Error(`No such image: ${name}`), { statusCode: 404 });
      },
      remove: async () => {
        images.delete(name);
      },
    }),
  } as unknown as Docker;
  return { docker, calls };
}

const policy = { allow: [...DEFAULT_IMAGE_ALLOW, 'registry.example/*'], aliases: DEFAULT_IMAGE_ALIASES };

describe('ImageStore.status', () => {
  it('inspects a present image once for the two reads of a container start', async () => {
    const { docker, calls } = fakeDaemon(new Map([[OFFLINE_TAGS.nginx, { Id: 'sha256:a' }]]));
    let now = 0;
    const store = new ImageStore(docker, policy, () => now);
    const [first, second] = await Promise.all([store.status('nginx:1.27'), store.status('nginx:1.27')]);
    expect(await store.status('nginx')).toMatchObject({ id: 'sha256:a' });
    expect(first).toEqual(second);
    expect(calls).toEqual([OFFLINE_TAGS.nginx]);
    now += STATUS_TTL_MS;
    await store.status('nginx:1.27');
    expect(calls).toHaveLength(2);
  });

  it('asks again for an absent image, and sees it once pulled', async () => {
    const images = new Map<string, { Id: string }>();
    const { docker, calls } = fakeDaemon(images);
    const store = new ImageStore(docker, policy, () => 0);
    expect(await store.status('nginx:1.27')).toBeUndefined();
    expect(await store.status('nginx:1.27')).toBeUndefined();
    expect(calls).toHaveLength(2);
    images.set(OFFLINE_TAGS.nginx, { Id: 'sha256:b' });
    expect(await store.status('nginx:1.27')).toMatchObject({ id: 'sha256:b' });
  });

  it('forgets a removed image at once', async () => {
    const images = new Map([['registry.example/app:1', { Id: 'sha256:c' }]]);
    const { docker } = fakeDaemon(images);
    const store = new ImageStore(docker, policy, () => 0);
    expect(await store.status('registry.example/app:1')).toMatchObject({ id: 'sha256:c' });
    await store.remove('registry.example/app:1');
    expect(await store.status('registry.example/app:1')).toBeUndefined();
  });

  it('does not remember a daemon error', async () => {
    let fail = true;
    const docker = {
      getImage: () => ({
        inspect: async () => {
          if (fail) throw Object.assign(new Error('daemon busy'), { statusCode: 500 });
          return { Id: 'sha256:d', RepoTags: [], RepoDigests: [], Size: 1, Config: {} };
        },
      }),
    } as unknown as Docker;
    const store = new ImageStore(docker, policy, () => 0);
    await expect(store.status('nginx:1.27')).rejects.toThrow('daemon busy');
    fail = false;
    expect(await store.status('nginx:1.27')).toMatchObject({ id: 'sha256:d' });
  });
});
