/**
 * Image policy for the Docker runtime: which references a learner may run (allowlist of globs) and which
 * local offline image stands for a lesson's reference (aliases, e.g. `nginx:1.7.9` -> `atelier/nginx:1.27`).
 * Pure functions plus the daemon calls for pull/status, so the policy is unit-testable without Docker.
 */
import type Docker from 'dockerode';
import {
  formatImageRef,
  parseImageRef,
  pullAccessDeniedError,
  pullNotFoundError,
  type ImageRef,
} from '../image-ref';
import { imageUser, PullImageError, type ImageInfo } from '../runtime';

/** ImagePolicy is the `imagePolicy` option of the Docker runtime. */
export interface ImagePolicy {
  /** allow lists globs (`*` any run of characters, `?` one) matched against `nginx:1.27` and its full form. */
  allow: string[];
  /** aliases maps a lesson reference to the local image that plays it. */
  aliases: Record<string, string>;
  /** registry, when true, lets references without a local image be pulled from their registry. */
  registry?: boolean;
}

/** ResolvedImage is a reference after policy checks. */
export interface ResolvedImage {
  ref: ImageRef;
  /** full is the normalised reference (`docker.io/library/nginx:1.27`), reported to the kubelet. */
  full: string;
  /** local is the reference given to the daemon (the alias target, or `full`). */
  local: string;
  /** aliased tells whether `local` is a shared offline image (never removed by one sandbox). */
  aliased: boolean;
}

/** familiarName shortens `docker.io/library/nginx:1.27` to `nginx:1.27` (Docker's "familiar" form). */
export function familiarName(full: string): string {
  return full.replace(/^docker\.io\/library\//, '').replace(/^docker\.io\//, '');
}

/** globToRegExp compiles an allowlist glob; only `*` and `?` are special. */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('')
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`);
}

/** isAllowed tells whether a normalised reference matches one of the allowlist globs. */
export function isAllowed(full: string, allow: string[]): boolean {
  const names = [full, familiarName(full)];
  return allow.some((glob) => {
    const re = globToRegExp(glob);
    return names.some((name) => re.test(name));
  });
}

/**
 * resolveImage normalises `image`, checks the allowlist and applies the alias table. Throws a
 * `PullImageError` (what the kubelet reports as ErrImagePull) for malformed or forbidden references.
 */
export function resolveImage(image: string, policy: ImagePolicy): ResolvedImage {
  let ref: ImageRef;
  try {
    ref = parseImageRef(image);
  } catch (err) {
    throw new PullImageError(
      'Unknown',
      `failed to pull and unpack image "${image}": ${(err as Error).message}`,
    );
  }
  const full = formatImageRef(ref);
  if (!isAllowed(full, policy.allow)) {
    throw new PullImageError(
      'Unknown',
      `failed to pull and unpack image "${full}": image "${familiarName(full)}" is not allowed by the ` +
        'platform image policy',
    );
  }
  for (const [name, target] of Object.entries(policy.aliases)) {
    if (formatImageRef(parseImageRef(name)) === full) return { ref, full, local: target, aliased: true };
  }
  return { ref, full, local: full, aliased: false };
}

/** imageInfo converts a daemon image inspection into the CRI shape, listing the names it answers to. */
export function imageInfo(
  inspect: {
    Id: string;
    RepoTags?: string[] | null;
    RepoDigests?: string[] | null;
    Size: number;
    Config?: { User?: string } | null;
  },
  names: string[] = [],
): ImageInfo {
  const tags = new Set([...names, ...(inspect.RepoTags ?? [])]);
  return {
    id: inspect.Id,
    repoTags: [...tags],
    repoDigests: inspect.RepoDigests ?? [],
    sizeBytes: inspect.Size,
    ...imageUser(inspect.Config?.User),
  };
}

/** inspectImage returns the daemon's view of `local`, or undefined when the daemon does not have it. */
export async function inspectImage(
  docker: Docker,
  local: string,
): Promise<Docker.ImageInspectInfo | undefined> {
  try {
    return await docker.getImage(local).inspect();
  } catch (err) {
    if ((err as { statusCode?: number }).statusCode === 404) return undefined;
    throw err;
  }
}

/**
 * pullFromRegistry asks the daemon to pull `resolved.local` and maps its failure onto containerd's texts:
 * `manifest unknown` -> NotFound, `repository does not exist` -> access denied; any other failure (no
 * registry reachable: the offline classroom) also reads `...: not found`, with the daemon's own message
 * in parentheses so the cause stays visible.
 */
export async function pullFromRegistry(docker: Docker, resolved: ResolvedImage): Promise<void> {
  try {
    const stream = (await docker.pull(resolved.local)) as NodeJS.ReadableStream;
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve()));
    });
  } catch (err) {
    const message = daemonMessage(err);
    if (/manifest unknown|not found/i.test(message)) throw pullNotFoundError(resolved.ref);
    if (/pull access denied|repository does not exist/i.test(message))
      throw pullAccessDeniedError(resolved.ref);
    throw new PullImageError(
      'NotFound',
      `failed to pull and unpack image "${resolved.full}": failed to resolve reference "${resolved.full}": ` +
        `${resolved.full}: not found (no offline image, registry: ${message})`,
    );
  }
}

/** daemonMessage extracts the daemon's own text from a dockerode error (`json.message`), else its message. */
export function daemonMessage(err: unknown): string {
  const json = (err as { json?: { message?: string } }).json;
  if (json && typeof json.message === 'string') return json.message;
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/^\(HTTP code \d+\) [a-z ]+ - /, '').trim();
}
