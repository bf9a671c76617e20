import { describe, expect, it } from 'vitest';
import { FsError, HOME, VirtualFs, basename, dirname, resolvePath } from './fs';

describe('resolvePath', () => {
  it.each([
    ['/home/apprenant', 'a.yaml', '/home/apprenant/a.yaml'],
    ['/home/apprenant', '../x', '/home/x'],
    ['/home/apprenant', '/etc//./hosts', '/etc/hosts'],
    ['/', '../../..', '/'],
    ['/tmp', '.', '/tmp'],
  ])('resolves %s + %s', (cwd, path, expected) => {
    expect(resolvePath(cwd, path)).toBe(expected);
  });

  it('splits names', () => {
    expect(basename('/a/b/')).toBe('b');
    expect(dirname('/a/b')).toBe('/a');
    expect(dirname('/a')).toBe('/');
  });
});

describe('VirtualFs', () => {
  it('starts with the home directory and /tmp', () => {
    const fs = new VirtualFs();
    expect(fs.isDir(HOME)).toBe(true);
    expect(fs.readDir('/')).toEqual(['home', 'tmp']);
  });

  it('writes, appends, reads, copies, renames and removes', () => {
    const fs = new VirtualFs();
    fs.writeFile(`${HOME}/a.txt`, 'un\n');
    fs.writeFile(`${HOME}/a.txt`, 'deux\n', { append: true });
    expect(fs.readFile(`${HOME}/a.txt`)).toBe('un\ndeux\n');
    fs.mkdir(`${HOME}/d/e`, { parents: true });
    fs.copy(`${HOME}/a.txt`, `${HOME}/d/e/b.txt`);
    fs.copy(`${HOME}/d`, `${HOME}/d2`, { recursive: true });
    expect(fs.readFile(`${HOME}/d2/e/b.txt`)).toBe('un\ndeux\n');
    fs.rename(`${HOME}/d2`, `${HOME}/d3`);
    expect(fs.exists(`${HOME}/d2`)).toBe(false);
    expect(() => fs.remove(`${HOME}/d3`)).toThrow('Directory not empty');
    fs.remove(`${HOME}/d3`, { recursive: true });
    expect(fs.readDir(HOME)).toEqual(['a.txt', 'd']);
  });

  it.each([
    ['read a missing file', (fs: VirtualFs) => fs.readFile('/nope'), 'ENOENT'],
    ['read a directory', (fs: VirtualFs) => fs.readFile(HOME), 'EISDIR'],
    ['create in a missing dir', (fs: VirtualFs) => fs.writeFile('/x/y', ''), 'ENOENT'],
    ['mkdir twice', (fs: VirtualFs) => fs.mkdir('/tmp'), 'EEXIST'],
    ['copy a dir without -r', (fs: VirtualFs) => fs.copy(HOME, '/tmp/h'), 'EISDIR'],
    ['move a dir inside itself', (fs: VirtualFs) => fs.rename('/home', '/home/apprenant/h'), 'EINVAL'],
  ])('fails to %s', (_name, action, code) => {
    const fs = new VirtualFs();
    try {
      action(fs);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(FsError);
      expect((error as FsError).code).toBe(code);
    }
  });

  it('enforces the file, total and node limits', () => {
    const fs = new VirtualFs({ limits: { maxFileBytes: 10, maxTotalBytes: 15, maxNodes: 6 } });
    expect(() => fs.writeFile('/tmp/big', 'x'.repeat(11))).toThrow('File too large');
    fs.writeFile('/tmp/a', 'x'.repeat(10));
    expect(() => fs.writeFile('/tmp/b', 'x'.repeat(6))).toThrow('No space left on device');
    fs.writeFile('/tmp/b', 'x'.repeat(5));
    expect(fs.usage()).toEqual({ bytes: 15, nodes: 6 });
    expect(() => fs.mkdir('/tmp/c')).toThrow('No space left on device');
    fs.remove('/tmp/a');
    expect(fs.usage()).toEqual({ bytes: 5, nodes: 5 });
  });

  it('round-trips through JSON', () => {
    const fs = new VirtualFs({ now: () => 1000 });
    fs.mkdir(`${HOME}/manifests`);
    fs.writeFile(`${HOME}/manifests/pod.yaml`, 'kind: Pod\n');
    fs.chmod(`${HOME}/manifests/pod.yaml`, 0o600);
    const copy = VirtualFs.deserialize(JSON.parse(JSON.stringify(fs.serialize())));
    expect(copy.serialize()).toEqual(fs.serialize());
    expect(copy.usage()).toEqual(fs.usage());
    expect(copy.stat(`${HOME}/manifests/pod.yaml`)).toEqual({
      kind: 'file',
      size: 10,
      mode: 0o600,
      mtime: 1000,
    });
  });

  it('rejects malformed snapshots', () => {
    expect(() => VirtualFs.deserialize({ version: 2 })).toThrow();
    expect(() =>
      VirtualFs.deserialize({ version: 1, root: { kind: 'file', content: '', mode: 0, mtime: 0 } }),
    ).toThrow('root must be a directory');
  });
});
