import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { podDir, prepareMounts, removePodDirs, safeJoin, writeAtomicFiles } from './volumes';

const temp: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-volumes-'));
  temp.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temp.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('writeAtomicFiles', () => {
  it('lays out ..data and key links, then swaps content and drops removed keys', () => {
    const dir = path.join(tempDir(), 'vol');
    writeAtomicFiles(dir, { 'app.conf': 'v1\n', 'old.conf': 'x', 'nested/a.txt': 'n' });
    expect(fs.readlinkSync(path.join(dir, 'app.conf'))).toBe('..data/app.conf');
    expect(fs.readFileSync(path.join(dir, 'nested/a.txt'), 'utf8')).toBe('n');
    writeAtomicFiles(dir, { 'app.conf': 'v2\n' });
    expect(fs.readFileSync(path.join(dir, 'app.conf'), 'utf8')).toBe('v2\n');
    expect(fs.existsSync(path.join(dir, 'old.conf'))).toBe(false);
    expect(fs.readdirSync(dir).filter((e) => e.startsWith('..')).length).toBe(2);
  });

  it('keeps keys inside the volume', () => {
    expect(() => safeJoin('/v', '../../etc/passwd')).not.toThrow();
    expect(safeJoin('/v', '../../etc/passwd')).toBe('/v/etc/passwd');
  });
});

describe('prepareMounts', () => {
  it('creates emptyDir, files and hostPath sources inside the sandbox directories', () => {
    const root = tempDir();
    const dirs = { dataDir: path.join(root, 'data'), filesDir: path.join(root, 'files') };
    const binds = prepareMounts(dirs, 'uid-1', 'main-0', [
      { kind: 'emptyDir', volumeName: 'cache', containerPath: '/cache' },
      { kind: 'files', volumeName: 'cfg', containerPath: '/etc/app', files: { a: '1' } },
      { kind: 'files', volumeName: 'cfg', containerPath: '/etc/one', files: { a: '1' }, subPath: 'a' },
      { kind: 'hostPath', hostPath: '/var/lib/mini-k8s/pv/pv-1', containerPath: '/data', readOnly: true },
    ]);
    expect(binds.map((b) => [b.Source.slice(root.length), b.Target, b.ReadOnly])).toEqual([
      ['/data/pods/uid-1/empty-dir/cache', '/cache', false],
      ['/files/pods/uid-1/files/cfg', '/etc/app', true],
      ['/data/pods/uid-1/subpath/main-0/cfg/a', '/etc/one', true],
      ['/data/host/var/lib/mini-k8s/pv/pv-1', '/data', true],
    ]);
    removePodDirs(dirs, 'uid-1');
    expect(fs.existsSync(podDir(dirs.dataDir, 'uid-1'))).toBe(false);
    expect(fs.existsSync(path.join(dirs.dataDir, 'host/var/lib/mini-k8s/pv/pv-1'))).toBe(true);
  });
});
