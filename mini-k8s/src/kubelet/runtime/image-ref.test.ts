import { describe, expect, it } from 'vitest';
import { formatImageRef, parseImageRef } from './image-ref';

describe('parseImageRef', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1.25', 'docker.io/library/nginx:1.25'],
    ['polinux/stress', 'docker.io/polinux/stress:latest'],
    ['gcr.io/google-samples/hello-app:1.0', 'gcr.io/google-samples/hello-app:1.0'],
    ['localhost:5000/app:v1', 'localhost:5000/app:v1'],
    ['busybox@sha256:abc', 'docker.io/library/busybox@sha256:abc'],
  ])('%s normalises to %s', (image, expected) => {
    expect(formatImageRef(parseImageRef(image))).toBe(expected);
  });

  it.each([['Nginx'], [''], ['nginx:bad tag']])('rejects %j', (image) => {
    expect(() => parseImageRef(image)).toThrow(/invalid reference format/);
  });
});
