/**
 * ImageStore is the Docker runtime's CRI ImageService: references go through the image policy (allowlist
 * and aliases, `images.ts`); offline `atelier/*` images missing from the daemon are rebuilt on demand; other
 * references are pulled when the policy allows a registry. Offline images are shared by every sandbox of
 * the server, so `remove` never deletes them.
 *
 * A container start asks for the same image's status twice in a row (the kubelet's pull policy, then its
 * runAsNonRoot check), so a present image's inspection is remembered for `STATUS_TTL_MS`: one daemon call
 * instead of two per container start. Absent images and failures are never remembered (a pull follows);
 * `pull` and `remove` through this store refresh the entry. An image deleted behind the store's back is
 * reported present for at most that long, and the container's create then fails with the daemon's message.
 */
import type Docker from 'dockerode';
import { PullImageError, RuntimeNotFoundError, type ImageInfo } from '../runtime';
import { imageInfo, inspectImage, pullFromRegistry, resolveImage, type ImagePolicy } from './images';
import { buildCourseImages } from './offline-images';

/** STATUS_TTL_MS is how long a present image's inspection is reused by `status`. */
export const STATUS_TTL_MS = 1000;

export class ImageStore {
  /** recent holds present images' inspections (or the one in flight) by local reference. */
  private readonly recent = new Map<
    string,
    { at: number; inspect: Promise<Docker.ImageInspectInfo | undefined> }
  >();

  constructor(
    private readonly docker: Docker,
    private readonly policy: ImagePolicy,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** inspect reads `local` from the daemon, or from `recent` when a present answer is fresh or in flight. */
  private inspect(local: string): Promise<Docker.ImageInspectInfo | undefined> {
    const hit = this.recent.get(local);
    if (hit && this.now() - hit.at < STATUS_TTL_MS) return hit.inspect;
    const entry = { at: this.now(), inspect: inspectImage(this.docker, local) };
    this.recent.set(local, entry);
    // Why: only a present image is worth remembering; absence or an error is asked again next time.
    const forget = () => {
      if (this.recent.get(local) === entry) this.recent.delete(local);
    };
    entry.inspect.then((found) => found ?? forget(), forget);
    return entry.inspect;
  }

  /** pull makes `image` available locally; rejects with containerd's `PullImageError` texts. */
  async pull(image: string): Promise<ImageInfo> {
    const resolved = resolveImage(image, this.policy);
    this.recent.delete(resolved.local);
    let inspect = await this.inspect(resolved.local);
    if (!inspect && resolved.aliased && resolved.local.startsWith('atelier/')) {
      await buildCourseImages(this.docker, { only: [resolved.local] });
      inspect = await this.inspect(resolved.local);
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
      inspect = await this.inspect(resolved.local);
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
    const inspect = await this.inspect(resolved.local);
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
    this.recent.delete(resolved.local);
    try {
      await this.docker.getImage(resolved.local).remove();
    } catch (err) {
      if ((err as { statusCode?: number }).statusCode === 404) throw new RuntimeNotFoundError('image', image);
      throw err;
    }
  }
}
