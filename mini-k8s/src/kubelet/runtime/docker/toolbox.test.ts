import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toolboxCreateOptions, toolboxImageSpec, toolboxInit, toolboxName } from './toolbox';

const network = { id: 'n1', name: 'atelier-sbx1', subnet: '10.200.7.0/24', gateway: '10.200.7.1' };

describe('toolboxCreateOptions', () => {
  const options = toolboxCreateOptions({
    sandboxId: 'sbx1',
    network,
    image: 'atelier/toolbox:abc',
    dns: ['10.200.7.1'],
  });

  it('puts the toolbox on the sandbox network only, labelled for cleanup and re-adoption', () => {
    expect(options.name).toBe(toolboxName('sbx1'));
    expect(options.Labels).toEqual({ 'atelier.sandbox': 'sbx1', 'atelier.role': 'toolbox' });
    expect(options.HostConfig?.NetworkMode).toBe('atelier-sbx1');
    expect(Object.keys(options.NetworkingConfig?.EndpointsConfig ?? {})).toEqual(['atelier-sbx1']);
    expect(options.HostConfig?.PortBindings).toBeUndefined();
    expect(options.HostConfig?.Binds).toBeUndefined();
    expect(options.HostConfig?.Mounts).toBeUndefined();
  });

  it('has the pods’ hardening: no privileges, capabilities dropped, no new privileges, memory/CPU/pids caps', () => {
    const host = options.HostConfig!;
    expect(host.Privileged).toBe(false);
    expect(host.CapDrop).toEqual(['ALL']);
    expect(host.CapAdd).not.toContain('NET_RAW');
    expect(host.CapAdd).not.toContain('SYS_ADMIN');
    expect(host.SecurityOpt).toEqual(['no-new-privileges']);
    expect(host.Memory).toBe(256 * 1024 * 1024);
    expect(host.MemorySwap).toBe(host.Memory);
    expect(host.NanoCpus).toBe(1_000_000_000);
    expect(host.PidsLimit).toBe(256);
  });

  it('resolves cluster names through the sandbox DNS, with the pods’ search list', () => {
    expect(options.HostConfig?.Dns).toEqual(['10.200.7.1']);
    expect(options.HostConfig?.DnsSearch).toEqual([
      'default.svc.cluster.local',
      'svc.cluster.local',
      'cluster.local',
    ]);
    expect(options.HostConfig?.DnsOptions).toEqual(['ndots:5']);
  });
});

describe('toolboxInit', () => {
  it('gives the home to the learner, sets the pause container’s routes, then sleeps as PID 1', () => {
    const [shell, flag, script] = toolboxInit('10.200.7.1');
    expect([shell, flag]).toEqual(['sh', '-c']);
    expect(script).toMatch(/^mkdir -p \/home\/apprenant\/\.kube && chown -R 10001:10001 \/home\/apprenant/);
    expect(script).toContain('ip route add blackhole 169.254.169.254/32');
    expect(script).toContain('via 10.200.7.1');
    expect(script).toMatch(/exec sleep \d+$/);
  });
});

describe('toolboxImageSpec', () => {
  it('copies the kubectl binary and names the image after its content', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'toolbox-spec-'));
    try {
      const kubectl = path.join(dir, 'kubectl');
      fs.writeFileSync(kubectl, 'first build');
      const first = toolboxImageSpec(kubectl);
      expect(first.tag).toMatch(/^atelier\/toolbox:[0-9a-f]{12}$/);
      expect(first.files['/usr/local/bin/kubectl']).toEqual({ source: kubectl, mode: 0o755 });
      expect(first.files['/etc/passwd'].content).toContain(
        'apprenant:x:10001:10001:apprenant:/home/apprenant:/bin/sh',
      );
      expect(toolboxImageSpec(kubectl).tag).toBe(first.tag);
      fs.writeFileSync(kubectl, 'another kubectl');
      expect(toolboxImageSpec(kubectl).tag).not.toBe(first.tag);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
