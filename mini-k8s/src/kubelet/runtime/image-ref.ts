/**
 * Image reference normalisation (docker/distribution reference rules, as containerd applies them) and the
 * pull error texts containerd returns through CRI.
 */
import { PullImageError } from './runtime';

/** ImageRef is a parsed, normalised image reference. */
export interface ImageRef {
  /** domain is the registry host, `docker.io` by default. */
  domain: string;
  /** path is the repository path, `library/nginx` for official Docker Hub images. */
  path: string;
  tag: string;
  digest?: string;
}

/**
 * parseImageRef normalises `nginx` to docker.io/library/nginx:latest. A first component containing `.` or
 * `:` or equal to `localhost` is a registry host. Throws on an empty or malformed reference.
 */
export function parseImageRef(image: string): ImageRef {
  const text = image.trim();
  if (text === '') throw new Error('invalid reference format');
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag = 'latest';
  const lastSlash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > lastSlash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  let domain = 'docker.io';
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) {
    domain = parts.shift() as string;
  }
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && parts.length === 1) parts.unshift('library');
  if (parts.some((p) => !/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/.test(p))) {
    // Docker's wording when the name has capitals: the most common student mistake.
    throw new Error(
      /[A-Z]/.test(rest)
        ? 'invalid reference format: repository name must be lowercase'
        : 'invalid reference format',
    );
  }
  if (!/^[\w][\w.-]{0,127}$/.test(tag)) throw new Error('invalid reference format');
  return { domain, path: parts.join('/'), tag, digest };
}

/** repositoryOf returns `docker.io/library/nginx` for any reference to that repository. */
export function repositoryOf(ref: ImageRef): string {
  return `${ref.domain}/${ref.path}`;
}

/** formatImageRef returns the fully qualified `docker.io/library/nginx:latest` (or `...@sha256:...`). */
export function formatImageRef(ref: ImageRef): string {
  return ref.digest ? `${repositoryOf(ref)}@${ref.digest}` : `${repositoryOf(ref)}:${ref.tag}`;
}

/**
 * pullNotFoundError is containerd's error when the repository exists but the tag does not:
 * `rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.999":
 * failed to resolve reference "docker.io/library/nginx:1.999": docker.io/library/nginx:1.999: not found`.
 */
export function pullNotFoundError(ref: ImageRef): PullImageError {
  const full = formatImageRef(ref);
  return new PullImageError(
    'NotFound',
    `failed to pull and unpack image "${full}": failed to resolve reference "${full}": ${full}: not found`,
  );
}

/**
 * pullAccessDeniedError is containerd's error for a Docker Hub repository that does not exist (the registry
 * answers 401 insufficient_scope rather than 404, so the gRPC code is Unknown).
 */
export function pullAccessDeniedError(ref: ImageRef): PullImageError {
  const full = formatImageRef(ref);
  return new PullImageError(
    'Unknown',
    `failed to pull and unpack image "${full}": failed to resolve reference "${full}": pull access denied, ` +
      'repository does not exist or may require authorization: server message: insufficient_scope: ' +
      'authorization failed',
  );
}

/** pullUnreachableError is containerd's error for an unknown registry host (DNS failure). */
export function pullUnreachableError(ref: ImageRef): PullImageError {
  const full = formatImageRef(ref);
  return new PullImageError(
    'Unknown',
    `failed to pull and unpack image "${full}": failed to resolve reference "${full}": failed to do request: ` +
      `Head "https://${ref.domain}/v2/${ref.path}/manifests/${ref.tag}": dial tcp: lookup ${ref.domain}: ` +
      'no such host',
  );
}
