/**
 * ImageStore is the Docker runtime's CRI ImageService: references go through the image policy (allowlist
 * and aliases, `images.ts`); offline `atelier/*` images missing from the daemon are rebuilt on demand; other
 * references are pulled when the policy allows a registry. Offline images are shared by every sandbox of
 * the server, so `remove` never deletes them.
 */
import type Docker from 'dockerode';
import { PullImageError, RuntimeNotFoundError, type ImageInfo } from '../runtime';
import { imageInfo, inspectImage, pullFromRegistry, resolveImage, type ImagePolicy } from './images';
import { buildCourseImages } from './offline-images';

export class ImageStore {
  constructor(
    private readonly docker: Docker,
    private readonly policy: ImagePolicy,
  ) {}

  /** pull makes `image` available locally; rejects with containerd's `PullImageError` texts. */
  async pull(image: string): Promise<ImageInfo> {
    const resolved = resolveImage(image, this.policy);
    let inspect = await inspectImage(this.docker, resolved.local);
    if (!inspect && resolved.aliased && resolved.local.startsWith('atelier/')) {
      await buildCourseImages(this.docker, { only: [resolved.local] });
      inspect = await inspectImage(this.docker, resolved.local);
    }
    if (!inspect) {
      if (this.policy.registry === false) {
        throw new PullImageError(
          'NotFound',
          `failed to pull and unpack image "${resolved.full}": failed to resolve reference ` +
            `"${resolved.full}": ${resolved.full}: not found`,
        );
      }
      await pullFromRegistry(this.docker, resolved);
      inspect = await inspectImage(this.docker, resolved.local);
      if (!inspect) throw new PullImageError('NotFound', `image "${resolved.full}": not found after pull`);
    }
    return imageInfo(inspect, [resolved.full]);
  }

  /** status returns the local image, or undefined when absent or refused by the policy. */
  async status(image: string): Promise<ImageInfo | undefined> {
    let resolved;
    try {
      resolved = resolveImage(image, this.policy);
    } catch {
      return undefined;
    }
    const inspect = await inspectImage(this.docker, resolved.local);
    return inspect ? imageInfo(inspect, [resolved.full]) : undefined;
  }

  /** list returns the daemon's images, each with the lesson names that alias to it. */
  async list(): Promise<ImageInfo[]> {
    const images = await this.docker.listImages();
    return images.map((image) => {
      const names = Object.entries(this.policy.aliases)
        .filter(([, target]) => (image.RepoTags ?? []).includes(target))
        .map(([name]) => name);
      return imageInfo(
        { Id: image.Id, RepoTags: image.RepoTags, RepoDigests: image.RepoDigests, Size: image.Size },
        names,
      );
    });
  }

  /** remove deletes a pulled image; offline (aliased) images are kept for the other sandboxes. */
  async remove(image: string): Promise<void> {
    const resolved = resolveImage(image, this.policy);
    if (resolved.aliased) return;
    try {
      await this.docker.getImage(resolved.local).remove();
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) throw new RuntimeNotFoundError('image', image);
      throw err;
    }
  }
}
