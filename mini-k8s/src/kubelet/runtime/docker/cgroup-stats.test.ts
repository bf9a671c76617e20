import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cgroupStats, parseKeyValues } from './cgroup-stats';
import { memoryWorkingSet } from './stats';

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'cgroup-'));
  roots.push(root);
  for (const [file, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), content);
  }
  return root;
}

describe('cgroupStats', () => {
  it('reads cgroup v1 (cgroupfs driver) counters as the daemon reports them', () => {
    const root = tree({
      'memory/docker/abc/memory.usage_in_bytes': '5000000\n',
      'memory/docker/abc/memory.stat': 'cache 100\ntotal_inactive_file 1000000\n',
      'cpuacct/docker/abc/cpuacct.usage': '123456789\n',
    });
    const stats = cgroupStats('abc', root);
    expect(stats?.cpu_stats?.cpu_usage?.total_usage).toBe(123456789);
    expect(stats && memoryWorkingSet(stats)).toBe(4000000);
    expect(Number.isNaN(Date.parse(stats?.read ?? ''))).toBe(false);
  });

  it('reads cgroup v2 (systemd driver), CPU from usage_usec', () => {
    const root = tree({
      'system.slice/docker-abc.scope/memory.current': '3000000\n',
      'system.slice/docker-abc.scope/memory.stat': 'anon 1\ninactive_file 500000\n',
      'system.slice/docker-abc.scope/cpu.stat': 'usage_usec 2500\nuser_usec 2000\n',
    });
    const stats = cgroupStats('abc', root);
    expect(stats?.cpu_stats?.cpu_usage?.total_usage).toBe(2_500_000);
    expect(stats && memoryWorkingSet(stats)).toBe(2500000);
  });

  it('returns undefined when the container has no cgroup here', () => {
    expect(
      cgroupStats('missing', tree({ 'memory/docker/other/memory.usage_in_bytes': '1' })),
    ).toBeUndefined();
  });
});

describe('parseKeyValues', () => {
  it('keeps numeric counters only', () => {
    expect(parseKeyValues('a 1\nb x\n\nc 3')).toEqual({ a: 1, c: 3 });
  });
});
