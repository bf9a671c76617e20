import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findKubectlBinary } from './kubectl-binary';

const ELF = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function layout(files: Record<string, Buffer | string | { link: string }>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-bin-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    if (typeof content === 'object' && 'link' in content) fs.symlinkSync(path.join(dir, content.link), file);
    else fs.writeFileSync(file, content, { mode: 0o755 });
  }
  return dir;
}

describe('findKubectlBinary', () => {
  it('finds a kubectl executable on PATH', () => {
    const dir = layout({ 'bin/kubectl': ELF });
    expect(findKubectlBinary(undefined, `/nonexistent:${path.join(dir, 'bin')}`)).toBe(
      path.join(dir, 'bin/kubectl'),
    );
  });

  it('prefers kubectl.1.32 next to the Google Cloud SDK dispatcher the PATH entry links to', () => {
    const dir = layout({
      'sdk/bin/kubectl': ELF,
      'sdk/bin/kubectl.1.32': ELF,
      'sdk/bin/kubectl.1.33': ELF,
      'usr/bin/kubectl': { link: 'sdk/bin/kubectl' },
    });
    expect(findKubectlBinary(undefined, path.join(dir, 'usr/bin'))).toBe(
      path.join(dir, 'sdk/bin/kubectl.1.32'),
    );
  });

  it('skips a script wrapper, and finds nothing when no executable is there', () => {
    const dir = layout({ 'a/kubectl': '#!/bin/sh\nexec kubectl "$@"\n', 'b/kubectl': ELF });
    expect(findKubectlBinary(undefined, `${path.join(dir, 'a')}:${path.join(dir, 'b')}`)).toBe(
      path.join(dir, 'b/kubectl'),
    );
    expect(findKubectlBinary(undefined, path.join(dir, 'a'))).toBeUndefined();
    expect(findKubectlBinary(undefined, '')).toBeUndefined();
  });

  it('takes an explicit binary only when it is an executable', () => {
    const dir = layout({ kubectl: ELF, script: '#!/bin/sh\n' });
    expect(findKubectlBinary(path.join(dir, 'kubectl'), '')).toBe(path.join(dir, 'kubectl'));
    expect(findKubectlBinary(path.join(dir, 'script'), '')).toBeUndefined();
    expect(findKubectlBinary(path.join(dir, 'missing'), '')).toBeUndefined();
  });
});
