// The per-learner virtual file system: an in-memory tree, bounded, serialisable to JSON. No real disk access.
import { z } from 'zod';

/** HOME is the learner's home directory. */
export const HOME = '/home/apprenant';

/** FsErrorCode names the POSIX errors the virtual file system raises. */
export type FsErrorCode =
  'ENOENT' | 'EISDIR' | 'ENOTDIR' | 'EEXIST' | 'ENOTEMPTY' | 'EFBIG' | 'ENOSPC' | 'EINVAL';

const MESSAGES: Record<FsErrorCode, string> = {
  ENOENT: 'No such file or directory',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  EEXIST: 'File exists',
  ENOTEMPTY: 'Directory not empty',
  EFBIG: 'File too large',
  ENOSPC: 'No space left on device',
  EINVAL: 'Invalid argument',
};

/** FsError carries a POSIX code and the strerror text coreutils prints (`No such file or directory`). */
export class FsError extends Error {
  constructor(
    readonly code: FsErrorCode,
    readonly path: string,
  ) {
    super(MESSAGES[code]);
    this.name = 'FsError';
  }
}

/** FsLimits bounds one learner's files. */
export interface FsLimits {
  maxFileBytes: number;
  maxTotalBytes: number;
  maxNodes: number;
}

/** FsStat is what `ls -l` and `test` need about a path. */
export interface FsStat {
  kind: 'file' | 'dir';
  size: number;
  mode: number;
  mtime: number;
}

interface FileNode {
  kind: 'file';
  content: string;
  mode: number;
  mtime: number;
}

interface DirNode {
  kind: 'dir';
  children: Map<string, FsNode>;
  mode: number;
  mtime: number;
}

type FsNode = FileNode | DirNode;

/** SerializedNode is the JSON form of a node. */
export type SerializedNode =
  | { kind: 'file'; content: string; mode: number; mtime: number }
  | { kind: 'dir'; mode: number; mtime: number; children: Record<string, SerializedNode> };

/** FsSnapshot is the JSON form of a whole file system (saved with the sandbox). */
export interface FsSnapshot {
  version: 1;
  root: SerializedNode;
}

const nodeSchema: z.ZodType<SerializedNode> = z.lazy(() =>
  z.union([
    z.object({ kind: z.literal('file'), content: z.string(), mode: z.number().int(), mtime: z.number() }),
    z.object({
      kind: z.literal('dir'),
      mode: z.number().int(),
      mtime: z.number(),
      children: z.record(z.string(), nodeSchema),
    }),
  ]),
);

const snapshotSchema = z.object({ version: z.literal(1), root: nodeSchema });

const DEFAULT_FS_LIMITS: FsLimits = {
  maxFileBytes: 1024 * 1024,
  maxTotalBytes: 16 * 1024 * 1024,
  maxNodes: 5000,
};

/** resolvePath joins `path` to `cwd` and normalises `.`, `..` and repeated slashes; the result is absolute. */
export function resolvePath(cwd: string, path: string): string {
  const parts: string[] = [];
  const full = path.startsWith('/') ? path : `${cwd}/${path}`;
  for (const part of full.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

/** basename returns the last component of a path (`/a/b/` → `b`). */
export function basename(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1) || '/';
}

/** dirname returns the parent of an absolute path. */
export function dirname(path: string): string {
  const index = path.lastIndexOf('/');
  return index <= 0 ? '/' : path.slice(0, index);
}

function split(path: string): string[] {
  return path.split('/').filter((part) => part !== '');
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * VirtualFs is one learner's file system. Every method takes absolute paths (see `resolvePath`), throws
 * `FsError` like the kernel would, and enforces the size limits: a file larger than `maxFileBytes` fails
 * with EFBIG, a tree larger than `maxTotalBytes` or `maxNodes` with ENOSPC.
 */
export class VirtualFs {
  private root: DirNode;
  private totalBytes = 0;
  private nodes = 1;
  readonly limits: FsLimits;
  private readonly now: () => number;

  constructor(options: { limits?: Partial<FsLimits>; now?: () => number; empty?: boolean } = {}) {
    this.limits = { ...DEFAULT_FS_LIMITS, ...options.limits };
    this.now = options.now ?? Date.now;
    this.root = { kind: 'dir', children: new Map(), mode: 0o755, mtime: this.now() };
    if (!options.empty) {
      this.mkdir(HOME, { parents: true });
      this.mkdir('/tmp');
    }
  }

  /** deserialize rebuilds a file system from `serialize()` output; it throws on malformed input. */
  static deserialize(
    snapshot: unknown,
    options: { limits?: Partial<FsLimits>; now?: () => number } = {},
  ): VirtualFs {
    const parsed = snapshotSchema.parse(snapshot);
    if (parsed.root.kind !== 'dir') throw new Error('fs snapshot: root must be a directory');
    const fs = new VirtualFs({ ...options, empty: true });
    fs.root = fs.load(parsed.root) as DirNode;
    return fs;
  }

  private load(node: SerializedNode): FsNode {
    if (node.kind === 'file') {
      this.totalBytes += byteLength(node.content);
      return { kind: 'file', content: node.content, mode: node.mode, mtime: node.mtime };
    }
    const children = new Map<string, FsNode>();
    for (const [name, child] of Object.entries(node.children)) {
      if (name === '' || name === '.' || name === '..' || name.includes('/')) continue;
      this.nodes += 1;
      children.set(name, this.load(child));
    }
    return { kind: 'dir', children, mode: node.mode, mtime: node.mtime };
  }

  /** serialize returns a JSON-safe snapshot of the whole tree. */
  serialize(): FsSnapshot {
    const save = (node: FsNode): SerializedNode => {
      if (node.kind === 'file')
        return { kind: 'file', content: node.content, mode: node.mode, mtime: node.mtime };
      const children: Record<string, SerializedNode> = {};
      for (const [name, child] of node.children) children[name] = save(child);
      return { kind: 'dir', mode: node.mode, mtime: node.mtime, children };
    };
    return { version: 1, root: save(this.root) };
  }

  /** usage reports the bytes and nodes in use. */
  usage(): { bytes: number; nodes: number } {
    return { bytes: this.totalBytes, nodes: this.nodes };
  }

  private find(path: string): FsNode | undefined {
    let node: FsNode = this.root;
    for (const part of split(path)) {
      if (node.kind !== 'dir') return undefined;
      const next: FsNode | undefined = node.children.get(part);
      if (!next) return undefined;
      node = next;
    }
    return node;
  }

  /** Get a node or throw ENOENT/ENOTDIR the way path lookup does. */
  private get(path: string): FsNode {
    let node: FsNode = this.root;
    for (const part of split(path)) {
      if (node.kind !== 'dir') throw new FsError('ENOTDIR', path);
      const next: FsNode | undefined = node.children.get(part);
      if (!next) throw new FsError('ENOENT', path);
      node = next;
    }
    return node;
  }

  private parentOf(path: string): { dir: DirNode; name: string } {
    const parts = split(path);
    const name = parts.pop();
    if (name === undefined) throw new FsError('EINVAL', path);
    const dir = this.get(`/${parts.join('/')}`);
    if (dir.kind !== 'dir') throw new FsError('ENOTDIR', path);
    return { dir, name };
  }

  stat(path: string): FsStat | undefined {
    const node = this.find(path);
    if (!node) return undefined;
    const size = node.kind === 'file' ? byteLength(node.content) : 4096;
    return { kind: node.kind, size, mode: node.mode, mtime: node.mtime };
  }

  exists(path: string): boolean {
    return this.find(path) !== undefined;
  }

  isDir(path: string): boolean {
    return this.find(path)?.kind === 'dir';
  }

  isFile(path: string): boolean {
    return this.find(path)?.kind === 'file';
  }

  readFile(path: string): string {
    const node = this.get(path);
    if (node.kind === 'dir') throw new FsError('EISDIR', path);
    return node.content;
  }

  /** writeFile creates or replaces (or, with `append`, extends) a file; the parent directory must exist. */
  writeFile(path: string, content: string, options: { append?: boolean } = {}): void {
    const { dir, name } = this.parentOf(path);
    const existing = dir.children.get(name);
    if (existing?.kind === 'dir') throw new FsError('EISDIR', path);
    const old = existing?.content ?? '';
    const next = options.append ? old + content : content;
    const nextBytes = byteLength(next);
    const oldBytes = byteLength(old);
    if (nextBytes > this.limits.maxFileBytes) throw new FsError('EFBIG', path);
    if (this.totalBytes - oldBytes + nextBytes > this.limits.maxTotalBytes) throw new FsError('ENOSPC', path);
    if (!existing) this.reserveNode(path);
    this.totalBytes += nextBytes - oldBytes;
    const mtime = this.now();
    if (existing) {
      existing.content = next;
      existing.mtime = mtime;
    } else {
      dir.children.set(name, { kind: 'file', content: next, mode: 0o644, mtime });
    }
    dir.mtime = mtime;
  }

  private reserveNode(path: string): void {
    if (this.nodes + 1 > this.limits.maxNodes) throw new FsError('ENOSPC', path);
    this.nodes += 1;
  }

  /** touch creates an empty file or updates the modification time. */
  touch(path: string): void {
    const node = this.find(path);
    if (node) node.mtime = this.now();
    else this.writeFile(path, '');
  }

  /** readDir lists the names in a directory, sorted. */
  readDir(path: string): string[] {
    const node = this.get(path);
    if (node.kind !== 'dir') throw new FsError('ENOTDIR', path);
    return [...node.children.keys()].sort();
  }

  /** mkdir creates a directory; with `parents`, missing parents too and no error if it exists. */
  mkdir(path: string, options: { parents?: boolean } = {}): void {
    if (options.parents) {
      let current = '';
      for (const part of split(path)) {
        current += `/${part}`;
        const node = this.find(current);
        if (node?.kind === 'file') throw new FsError('ENOTDIR', current);
        if (!node) this.mkdir(current);
      }
      return;
    }
    const { dir, name } = this.parentOf(path);
    if (dir.children.has(name)) throw new FsError('EEXIST', path);
    this.reserveNode(path);
    const mtime = this.now();
    dir.children.set(name, { kind: 'dir', children: new Map(), mode: 0o755, mtime });
    dir.mtime = mtime;
  }

  /** remove deletes a file, or a directory (non-empty ones only with `recursive`). */
  remove(path: string, options: { recursive?: boolean } = {}): void {
    if (split(path).length === 0) throw new FsError('EINVAL', path);
    const { dir, name } = this.parentOf(path);
    const node = dir.children.get(name);
    if (!node) throw new FsError('ENOENT', path);
    if (node.kind === 'dir' && node.children.size > 0 && !options.recursive)
      throw new FsError('ENOTEMPTY', path);
    const freed = this.measure(node);
    this.totalBytes -= freed.bytes;
    this.nodes -= freed.nodes;
    dir.children.delete(name);
    dir.mtime = this.now();
  }

  private measure(node: FsNode): { bytes: number; nodes: number } {
    if (node.kind === 'file') return { bytes: byteLength(node.content), nodes: 1 };
    let bytes = 0;
    let nodes = 1;
    for (const child of node.children.values()) {
      const sub = this.measure(child);
      bytes += sub.bytes;
      nodes += sub.nodes;
    }
    return { bytes, nodes };
  }

  /** copy duplicates a file, or a directory tree with `recursive` (EISDIR otherwise). */
  copy(from: string, to: string, options: { recursive?: boolean } = {}): void {
    const node = this.get(from);
    if (node.kind === 'file') {
      this.writeFile(to, node.content);
      return;
    }
    if (!options.recursive) throw new FsError('EISDIR', from);
    if (to === from || to.startsWith(`${from}/`)) throw new FsError('EINVAL', to);
    const size = this.measure(node);
    if (this.totalBytes + size.bytes > this.limits.maxTotalBytes) throw new FsError('ENOSPC', to);
    if (this.nodes + size.nodes > this.limits.maxNodes) throw new FsError('ENOSPC', to);
    if (!this.isDir(to)) this.mkdir(to);
    for (const name of [...node.children.keys()]) {
      this.copy(`${from}/${name}`, `${to}/${name}`, options);
    }
  }

  /** rename moves a node; moving a directory inside itself fails with EINVAL like rename(2). */
  rename(from: string, to: string): void {
    if (from === to) return;
    if (to.startsWith(`${from}/`)) throw new FsError('EINVAL', to);
    const source = this.parentOf(from);
    const node = source.dir.children.get(source.name);
    if (!node) throw new FsError('ENOENT', from);
    const target = this.parentOf(to);
    const existing = target.dir.children.get(target.name);
    if (existing) {
      if (existing.kind === 'dir' && node.kind !== 'dir') throw new FsError('EISDIR', to);
      if (existing.kind !== 'dir' && node.kind === 'dir') throw new FsError('ENOTDIR', to);
      if (existing.kind === 'dir' && existing.children.size > 0) throw new FsError('ENOTEMPTY', to);
      const freed = this.measure(existing);
      this.totalBytes -= freed.bytes;
      this.nodes -= freed.nodes;
    }
    source.dir.children.delete(source.name);
    target.dir.children.set(target.name, node);
    const mtime = this.now();
    source.dir.mtime = mtime;
    target.dir.mtime = mtime;
  }

  /** chmod sets the permission bits (kept for `ls -l`; the shell has a single user, so they are not enforced). */
  chmod(path: string, mode: number): void {
    this.get(path).mode = mode & 0o7777;
  }
}
