import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findStaticBusybox, splitTag, writeBusyboxRootfs } from './offline-images';

describe('splitTag', () => {
  it.each([
    ['busybox', ['busybox', undefined]],
    ['nginx:1.7.9', ['nginx', '1.7.9']],
    ['localhost:5000/web', ['localhost:5000/web', undefined]],
    ['localhost:5000/web:v2', ['localhost:5000/web', 'v2']],
  ])('%s', (input, expected) => {
    expect(splitTag(input)).toEqual(expected);
  });
});

describe('writeBusyboxRootfs', () => {
  it('lays out busybox with applet links and /etc files', async (ctx) => {
    let busybox: string;
    try {
      busybox = await findStaticBusybox();
    } catch (err) {
      console.log(`skipped: ${(err as Error).message}`);
      ctx.skip();
      return;
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rootfs-test-'));
    try {
      await writeBusyboxRootfs(dir, busybox);
      expect(fs.readlinkSync(path.join(dir, 'bin/sh'))).toBe('/bin/busybox');
      expect(fs.statSync(path.join(dir, 'bin/busybox')).mode & 0o111).not.toBe(0);
      expect(fs.readFileSync(path.join(dir, 'etc/passwd'), 'utf8')).toMatch(/^root:x:0:0:/);
      expect((fs.statSync(path.join(dir, 'tmp')).mode & 0o1777).toString(8)).toBe('1777');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
