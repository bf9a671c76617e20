/**
 * A small in-memory POSIX-like file system for one simulated container. Volumes are shared by reference:
 * mounting places the very same directory node in several containers' trees, so an emptyDir written by one
 * container is seen by the other, and a `files` volume updated through its `..data` symlink is seen by all.
 */

/** FsNode is a file, a directory or a symbolic link. */
export type FsNode = FileNode | DirNode | LinkNode;

/** FileNode holds text content (the simulated world only deals with text). */
export interface FileNode {
  kind: 'file';
  content: string;
  mode: number;
  mtimeMs: number;
}

/** DirNode maps names to children. */
export interface DirNode {
  kind: 'dir';
  children: Map<string, FsNode>;
  mode: number;
  mtimeMs: number;
}

/** LinkNode is a symbolic link; relative targets resolve from the link's directory. */
export interface LinkNode {
  kind: 'link';
  target: string;
  mtimeMs: number;
}

/** FsErrorCode is the errno-like reason of a failed operation. */
export type FsErrorCode = 'ENOENT' | 'EISDIR' | 'ENOTDIR' | 'EEXIST' | 'EROFS' | 'ENOTEMPTY' | 'ELOOP';

/** FS_ERROR_TEXT is the strerror text shells print for each code. */
export const FS_ERROR_TEXT: Record<FsErrorCode, string> = {
  ENOENT: 'No such file or directory',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  EEXIST: 'File exists',
  EROFS: 'Read-only file system',
  ENOTEMPTY: 'Directory not empty',
  ELOOP: 'Too many levels of symbolic links',
};

/** FsError is thrown by file system operations. */
export class FsError extends Error {
  readonly code: FsErrorCode;

  constructor(code: FsErrorCode, path: string) {
    super(`${path}: ${FS_ERROR_TEXT[code]}`);
    this.name = 'FsError';
    this.code = code;
  }
}

/** newDir creates an empty directory node. */
export function newDir(now = Date.now(), mode = 0o755): DirNode {
  return { kind: 'dir', children: new Map(), mode, mtimeMs: now };
}

/** normalizePath makes `path` absolute from `cwd` and removes `.`, `..` and duplicate slashes (lexically). */
export function normalizePath(path: string, cwd = '/'): string {
  const parts: string[] = [];
  for (const part of (path.startsWith('/') ? path : `${cwd}/${path}`).split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return `/${parts.join('/')}`;
}

interface Resolved {
  node: FsNode | undefined;
  parent: DirNode;
  name: string;
  /** path is the canonical path (symlinks of the parents resolved). */
  path: string;
}

/** FileSystem is one container's view: a root tree plus read-only mount points. */
export class FileSystem {
  readonly root: DirNode;
  private readonly readOnlyMounts: string[] = [];

  constructor(
    private readonly now: () => number = Date.now,
    files: Record<string, string> = {},
  ) {
    this.root = newDir(now());
    for (const [path, content] of Object.entries(files)) {
      if (path.endsWith('/')) this.mkdir(path, { recursive: true });
      else this.writeFile(path, content, { createParents: true });
    }
  }

  private resolve(path: string, followLast: boolean, depth = 0): Resolved {
    if (depth > 40) throw new FsError('ELOOP', path);
    const parts = normalizePath(path).split('/').filter(Boolean);
    let dir = this.root;
    let canonical = '';
    for (let i = 0; i < parts.length; i++) {
      const name = parts[i];
      const last = i === parts.length - 1;
      const node = dir.children.get(name);
      if (last && (!followLast || node?.kind !== 'link')) {
        return { node, parent: dir, name, path: `${canonical}/${name}` };
      }
      if (!node) throw new FsError('ENOENT', path);
      if (node.kind === 'link') {
        const target = node.target.startsWith('/') ? node.target : `${canonical}/${node.target}`;
        const rest = parts.slice(i + 1).join('/');
        return this.resolve(rest ? `${target}/${rest}` : target, followLast, depth + 1);
      }
      if (node.kind !== 'dir') throw new FsError('ENOTDIR', path);
      dir = node;
      canonical = `${canonical}/${name}`;
    }
    return { node: this.root, parent: this.root, name: '', path: '/' };
  }

  private writable(resolved: Resolved, path: string): void {
    const canonical = resolved.path;
    if (this.readOnlyMounts.some((m) => canonical === m || canonical.startsWith(`${m}/`))) {
      throw new FsError('EROFS', path);
    }
  }

  /** stat returns the node at `path`, following symlinks, or undefined. */
  stat(path: string): FsNode | undefined {
    try {
      return this.resolve(path, true).node;
    } catch {
      return undefined;
    }
  }

  /** lstat returns the node at `path` without following a final symlink, or undefined. */
  lstat(path: string): FsNode | undefined {
    try {
      return this.resolve(path, false).node;
    } catch {
      return undefined;
    }
  }

  /** realpath returns the canonical path of an existing node. */
  realpath(path: string): string {
    const resolved = this.resolve(path, true);
    if (!resolved.node) throw new FsError('ENOENT', path);
    return resolved.path;
  }

  /** readFile returns a file's content. */
  readFile(path: string): string {
    const { node } = this.resolve(path, true);
    if (!node) throw new FsError('ENOENT', path);
    if (node.kind === 'dir') throw new FsError('EISDIR', path);
    return (node as FileNode).content;
  }

  /** writeFile creates or replaces (or appends to) a file. */
  writeFile(
    path: string,
    content: string,
    options: { append?: boolean; createParents?: boolean } = {},
  ): void {
    if (options.createParents) this.mkdir(normalizePath(`${path}/..`), { recursive: true });
    const resolved = this.resolve(path, true);
    this.writable(resolved, path);
    const { node, parent, name } = resolved;
    if (node?.kind === 'dir') throw new FsError('EISDIR', path);
    if (node?.kind === 'file') {
      node.content = options.append ? node.content + content : content;
      node.mtimeMs = this.now();
      return;
    }
    parent.children.set(name, { kind: 'file', content, mode: 0o644, mtimeMs: this.now() });
    parent.mtimeMs = this.now();
  }

  /** mkdir creates a directory; with `recursive`, parents too and no error when it exists. */
  mkdir(path: string, options: { recursive?: boolean } = {}): DirNode {
    const normalized = normalizePath(path);
    if (options.recursive) {
      let current = '';
      let dir = this.root;
      for (const part of normalized.split('/').filter(Boolean)) {
        current = `${current}/${part}`;
        const existing = this.stat(current);
        if (existing?.kind === 'dir') {
          dir = existing;
          continue;
        }
        if (existing) throw new FsError('EEXIST', current);
        dir = this.mkdir(current);
      }
      return dir;
    }
    const resolved = this.resolve(normalized, false);
    if (resolved.node) throw new FsError('EEXIST', path);
    this.writable(resolved, path);
    const dir = newDir(this.now());
    resolved.parent.children.set(resolved.name, dir);
    return dir;
  }

  /** readdir lists a directory's names, sorted. */
  readdir(path: string): string[] {
    const { node } = this.resolve(path, true);
    if (!node) throw new FsError('ENOENT', path);
    if (node.kind !== 'dir') throw new FsError('ENOTDIR', path);
    return [...node.children.keys()].sort();
  }

  /** remove deletes a file or link, or a directory (non-empty only with `recursive`). */
  remove(path: string, options: { recursive?: boolean } = {}): void {
    const resolved = this.resolve(path, false);
    const { node, parent, name } = resolved;
    if (!node) throw new FsError('ENOENT', path);
    this.writable(resolved, path);
    if (node.kind === 'dir' && node.children.size > 0 && !options.recursive)
      throw new FsError('ENOTEMPTY', path);
    parent.children.delete(name);
  }

  /** rename moves a node. */
  rename(from: string, to: string): void {
    const source = this.resolve(from, false);
    if (!source.node) throw new FsError('ENOENT', from);
    this.writable(source, from);
    let target = this.resolve(to, true);
    if (target.node?.kind === 'dir') target = this.resolve(`${to}/${source.name}`, true);
    this.writable(target, to);
    target.parent.children.set(target.name, source.node);
    source.parent.children.delete(source.name);
  }

  /** symlink creates a symbolic link at `path` pointing to `target`. */
  symlink(target: string, path: string): void {
    const resolved = this.resolve(path, false);
    if (resolved.node) throw new FsError('EEXIST', path);
    resolved.parent.children.set(resolved.name, { kind: 'link', target, mtimeMs: this.now() });
  }

  /** mount places `node` (shared with other containers) at `path`, creating parents. */
  mount(path: string, node: FsNode, readOnly = false): void {
    const normalized = normalizePath(path);
    this.mkdir(normalizePath(`${normalized}/..`), { recursive: true });
    const resolved = this.resolve(normalized, false);
    resolved.parent.children.set(resolved.name, node);
    if (readOnly) this.readOnlyMounts.push(resolved.path);
  }

  /** usedBytes sums file sizes under `path` (for df and du). */
  usedBytes(path = '/'): number {
    const walk = (node: FsNode | undefined): number =>
      node?.kind === 'file'
        ? node.content.length
        : node?.kind === 'dir'
          ? [...node.children.values()].reduce((sum, child) => sum + walk(child), 0)
          : 0;
    return walk(this.stat(path));
  }
}

/**
 * AtomicFilesVolume is the kubelet atomic-writer layout for configMap/secret/downwardAPI/projected volumes:
 * `..<timestamp>/` holds the files, `..data` links to it and every key is a link `key -> ..data/key`, so an
 * update swaps one symlink and readers never see a half-written set.
 */
export class AtomicFilesVolume {
  readonly dir: DirNode;
  private generation = 0;

  constructor(
    private readonly now: () => number,
    files: Record<string, string>,
  ) {
    this.dir = newDir(now(), 0o1777);
    this.update(files);
  }

  /** update replaces the payload atomically. */
  update(files: Record<string, string>): void {
    const nowMs = this.now();
    const stamp = new Date(nowMs).toISOString().replace(/[-:]/g, '_').replace('T', '_').replace('Z', '');
    const dataDirName = `..${stamp}${String(++this.generation).padStart(6, '0')}`;
    const data = newDir(nowMs);
    const fs = new FileSystem(this.now);
    fs.root.children = data.children;
    for (const [key, content] of Object.entries(files)) fs.writeFile(key, content, { createParents: true });
    const children = this.dir.children;
    const previous = children.get('..data');
    children.set(dataDirName, data);
    children.set('..data', { kind: 'link', target: dataDirName, mtimeMs: nowMs });
    if (previous?.kind === 'link') children.delete(previous.target);
    const topLevel = new Set(Object.keys(files).map((key) => key.split('/')[0]));
    for (const name of [...children.keys()]) {
      if (!name.startsWith('..') && !topLevel.has(name)) children.delete(name);
    }
    for (const name of topLevel)
      children.set(name, { kind: 'link', target: `..data/${name}`, mtimeMs: nowMs });
    this.dir.mtimeMs = nowMs;
  }

  /** file returns a copy of one key's current content as a standalone node (subPath mounts). */
  file(key: string): FileNode | undefined {
    const fs = new FileSystem(this.now);
    fs.root.children = this.dir.children;
    const node = fs.stat(key);
    return node?.kind === 'file' ? { ...node } : undefined;
  }
}
