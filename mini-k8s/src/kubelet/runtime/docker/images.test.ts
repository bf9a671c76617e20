import { describe, expect, it } from 'vitest';
import { DEFAULT_IMAGE_ALIASES, DEFAULT_IMAGE_ALLOW, OFFLINE_TAGS } from './course-images';
import { daemonMessage, familiarName, isAllowed, resolveImage } from './images';

const policy = { allow: DEFAULT_IMAGE_ALLOW, aliases: DEFAULT_IMAGE_ALIASES };

describe('resolveImage', () => {
  it.each([
    ['nginx', OFFLINE_TAGS.nginx, 'docker.io/library/nginx:latest'],
    ['nginx:1.27', OFFLINE_TAGS.nginx, 'docker.io/library/nginx:1.27'],
    ['docker.io/library/nginx:1.7.9', OFFLINE_TAGS.nginxLegacy, 'docker.io/library/nginx:1.7.9'],
    ['busybox:1.36', OFFLINE_TAGS.busybox, 'docker.io/library/busybox:1.36'],
    ['gcr.io/google-samples/hello-app:2.0', OFFLINE_TAGS.helloApp2, 'gcr.io/google-samples/hello-app:2.0'],
    ['nginx:1.999', 'docker.io/library/nginx:1.999', 'docker.io/library/nginx:1.999'],
  ])('%s -> %s', (image, local, full) => {
    expect(resolveImage(image, policy)).toMatchObject({ local, full, aliased: local !== full });
  });

  it.each([
    ['mongo:7', /image "mongo:7" is not allowed by the platform image policy/],
    ['Nginx', /repository name must be lowercase/],
  ])('refuses %s', (image, message) => {
    expect(() => resolveImage(image, policy)).toThrow(message);
  });
});

describe('isAllowed', () => {
  it.each([
    ['docker.io/library/nginx:1.27', ['nginx:*'], true],
    ['docker.io/library/nginx:1.27', ['docker.io/library/*'], true],
    ['docker.io/bitnami/nginx:1', ['nginx:*'], false],
    ['docker.io/library/redis:7', ['redis:?'], true],
    ['docker.io/library/redis:7.2', ['redis:?'], false],
  ])('%s with %j -> %s', (full, allow, expected) => {
    expect(isAllowed(full, allow)).toBe(expected);
  });
});

describe('familiarName and daemonMessage', () => {
  it('shortens Docker Hub names', () => {
    expect(familiarName('docker.io/library/nginx:1.27')).toBe('nginx:1.27');
    expect(familiarName('docker.io/bitnami/redis:7')).toBe('bitnami/redis:7');
  });

  it('prefers the JSON message of a daemon error', () => {
    expect(daemonMessage({ json: { message: 'No such image: x' } })).toBe('No such image: x');
    expect(daemonMessage(new Error('(HTTP code 404) no such container - No such container: abc'))).toBe(
      'No such container: abc',
    );
  });
});
