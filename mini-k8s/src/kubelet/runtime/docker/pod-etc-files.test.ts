import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { podEtcMounts, resolvConfContent, writePodEtcFiles } from './pod-etc-files';

const pod = { name: 'web-0', namespace: 'shop', uid: 'u-1', hostname: 'web-0' };

describe('resolvConfContent', () => {
  const host = 'nameserver 127.0.0.53\nnameserver 192.168.1.1\nsearch corp.example\noptions edns0\n';

  it('writes the cluster DNS config as Kubernetes orders it', () => {
    expect(
      resolvConfContent(
        {
          servers: ['10.96.0.10'],
          searches: ['shop.svc.cluster.local', 'svc.cluster.local'],
          options: ['ndots:5'],
        },
        host,
      ),
    ).toBe('search shop.svc.cluster.local svc.cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
  });

  it("falls back to the host's settings without its loopback resolvers", () => {
    expect(resolvConfContent(undefined, host)).toBe(
      'search corp.example\nnameserver 192.168.1.1\noptions edns0\n',
    );
    expect(resolvConfContent({ servers: [], searches: ['a.b'], options: [] }, host)).toBe(
      'search a.b\nnameserver 192.168.1.1\noptions edns0\n',
    );
  });
});

describe('writePodEtcFiles / podEtcMounts', () => {
  const roots: string[] = [];
  afterEach(() => roots.splice(0).forEach((r) => fs.rmSync(r, { recursive: true, force: true })));
  const dirs = () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'etc-files-'));
    roots.push(root);
    return { dataDir: path.join(root, 'data'), filesDir: path.join(root, 'files') };
  };

  it('writes both files under the pod files directory and binds them read-only', () => {
    const d = dirs();
    const mounts = writePodEtcFiles(
      d,
      { ...pod, dnsConfig: { servers: ['10.96.0.10'], searches: [], options: [] } },
      '10.200.0.140',
    );
    expect(mounts.map((m) => [m.Target, m.ReadOnly])).toEqual([
      ['/etc/hosts', true],
      ['/etc/resolv.conf', true],
    ]);
    for (const m of mounts) expect(m.Source.startsWith(path.join(d.filesDir, 'pods', 'u-1'))).toBe(true);
    expect(fs.readFileSync(mounts[1].Source, 'utf8')).toBe('nameserver 10.96.0.10\n');
    // A second sandbox attempt replaces the content.
    writePodEtcFiles(d, pod, '10.200.0.141');
    expect(fs.readFileSync(mounts[0].Source, 'utf8')).toContain('10.200.0.141\tweb-0');
  });

  it('leaves out a file the container mounts itself and files never written', () => {
    const d = dirs();
    expect(podEtcMounts(d, 'u-1', [])).toEqual([]);
    writePodEtcFiles(d, pod, '10.200.0.140');
    expect(podEtcMounts(d, 'u-1', [{ Target: '/etc/resolv.conf' }]).map((m) => m.Target)).toEqual([
      '/etc/hosts',
    ]);
  });
});
