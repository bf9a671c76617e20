/**
 * mountTmpfs mounts a small tmpfs (a disk that fills up) on a new temporary folder, for the full-disk
 * tests. Mounting needs root: outside CI, a machine that refuses gives `undefined` and the test skips with
 * the reason; in CI (`CI` set) the refusal is an error, so the tests never silently stop running there.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Tmpfs {
  dir: string;
  /** fill writes a ballast file leaving about `leaveBytes` free; it returns the ballast's path. */
  fill(leaveBytes: number): string;
  /** unmount unmounts and removes the folder. */
  unmount(): void;
}

/** SKIP_REASON is set when mounting is not permitted here (and we are not in CI). */
export let tmpfsSkipReason: string | undefined;

export function mountTmpfs(size: string): Tmpfs | undefined {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    const why = `mount -t tmpfs is not permitted here (${String((err as Error).message).split('\n')[0]})`;
    if (process.env.CI)
      throw new Error(`${why}; the full-disk tests must run in CI (as root)`, { cause: err });
    tmpfsSkipReason = why;
    return undefined;
  }
  return {
    dir,
    fill(leaveBytes) {
      const { bavail, bsize } = fs.statfsSync(dir);
      const ballast = path.join(dir, `ballast-${Date.now()}`);
      const bytes = Math.max(0, bavail * bsize - leaveBytes);
      const fd = fs.openSync(ballast, 'w');
      try {
        const chunk = Buffer.alloc(64 * 1024, 1);
        for (let written = 0; written < bytes; written += chunk.length) {
          fs.writeSync(fd, chunk, 0, Math.min(chunk.length, bytes - written));
        }
      } catch {
        // ENOSPC while filling: the disk is simply full, which is what we want.
      } finally {
        fs.closeSync(fd);
      }
      return ballast;
    },
    unmount() {
      execFileSync('umount', [dir], { stdio: 'pipe' });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** canMountTmpfs probes once whether this machine lets tests mount a tmpfs (see mountTmpfs). */
export function canMountTmpfs(): boolean {
  const probe = mountTmpfs('1m');
  probe?.unmount();
  return probe !== undefined;
}
