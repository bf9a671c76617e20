import { describe, expect, it } from 'vitest';
import { AtomicFilesVolume, FileSystem, FsError, newDir, normalizePath } from './filesystem';

describe('normalizePath', () => {
  it.each([
    ['a/b', '/x', '/x/a/b'],
    ['/a/./b/../c', '/', '/a/c'],
    ['..', '/', '/'],
    ['//a//b/', '/', '/a/b'],
  ])('%s from %s is %s', (path, cwd, expected) => {
    expect(normalizePath(path, cwd)).toBe(expected);
  });
});

describe('FileSystem', () => {
  it('creates, appends, lists and removes files', () => {
    const fs = new FileSystem(() => 0, { '/etc/hostname': 'h\n', '/tmp/': '' });
    fs.writeFile('/tmp/a', 'x');
    fs.writeFile('/tmp/a', 'y', { append: true });
    expect(fs.readFile('/tmp/a')).toBe('xy');
    expect(fs.readdir('/tmp')).toEqual(['a']);
    fs.remove('/tmp/a');
    expect(fs.stat('/tmp/a')).toBeUndefined();
    expect(() => fs.readFile('/tmp')).toThrow(FsError);
    expect(() => fs.remove('/etc')).toThrow('Directory not empty');
  });

  it('shares mounted directories and enforces read-only mounts', () => {
    const shared = newDir();
    const a = new FileSystem();
    const b = new FileSystem();
    a.mount('/data', shared);
    b.mount('/mnt/data', shared, true);
    a.writeFile('/data/msg', 'hello');
    expect(b.readFile('/mnt/data/msg')).toBe('hello');
    expect(() => b.writeFile('/mnt/data/msg', 'x')).toThrow('Read-only file system');
  });

  it('lays out configMap files behind ..data and swaps them atomically', () => {
    let now = 1_700_000_000_000;
    const volume = new AtomicFilesVolume(() => now, { 'app.conf': 'v1', old: 'gone soon' });
    const fs = new FileSystem();
    fs.mount('/etc/app', volume.dir, true);
    expect(fs.lstat('/etc/app/app.conf')).toMatchObject({ kind: 'link', target: '..data/app.conf' });
    expect(fs.readFile('/etc/app/app.conf')).toBe('v1');
    now += 1000;
    volume.update({ 'app.conf': 'v2', 'nested/key': 'n' });
    expect(fs.readFile('/etc/app/app.conf')).toBe('v2');
    expect(fs.readFile('/etc/app/nested/key')).toBe('n');
    expect(fs.stat('/etc/app/old')).toBeUndefined();
    expect(fs.readdir('/etc/app').filter((n) => n.startsWith('..')).length).toBe(2);
  });
});
