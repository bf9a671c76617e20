import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../api/object';
import { MemoryStorage } from '../../../storage/memory/store';
import { createRegistry } from '../index';
import { newTestRegistry, R, testContext } from '../test-support';

function service(name: string, spec: Record<string, unknown>): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name },
    spec: { selector: { app: name }, ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }], ...spec },
  };
}

type Spec = {
  clusterIP?: string;
  clusterIPs?: string[];
  ipFamilies?: string[];
  ports: { nodePort?: number }[];
};
const specOf = (svc: KubeObject) => svc.spec as Spec;

describe('service allocation', () => {
  it('allocates distinct cluster IPs inside the service CIDR', async () => {
    const { registry, ctx } = await newTestRegistry();
    const a = specOf(await registry.create(R.services, 'default', service('a', {}), ctx));
    const b = specOf(await registry.create(R.services, 'default', service('b', { clusterIP: '' }), ctx));
    expect(a.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(a.clusterIPs).toEqual([a.clusterIP]);
    expect(a.ipFamilies).toEqual(['IPv4']);
    expect(b.clusterIP).not.toBe(a.clusterIP);
  });

  it('keeps headless and ExternalName services without an IP', async () => {
    const { registry, ctx } = await newTestRegistry();
    const headless = specOf(
      await registry.create(R.services, 'default', service('h', { clusterIP: 'None' }), ctx),
    );
    expect(headless.clusterIPs).toEqual(['None']);
    const external = specOf(
      await registry.create(
        R.services,
        'default',
        {
          apiVersion: 'v1',
          kind: 'Service',
          metadata: { name: 'ext' },
          spec: { type: 'ExternalName', externalName: 'example.com' },
        },
        ctx,
      ),
    );
    expect(external.clusterIP).toBeUndefined();
  });

  it('rejects explicit IPs that are taken or out of range with upstream texts', async () => {
    const { registry, ctx } = await newTestRegistry();
    await registry.create(R.services, 'default', service('dns', { clusterIP: '10.96.0.10' }), ctx);
    await expect(
      registry.create(R.services, 'default', service('dup', { clusterIP: '10.96.0.10' }), ctx),
    ).rejects.toThrow(
      'Service "dup" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    );
    await expect(
      registry.create(R.services, 'default', service('far', { clusterIP: '192.168.1.1' }), ctx),
    ).rejects.toThrow(
      'failed to allocate IP 192.168.1.1: the provided IP (192.168.1.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    );
  });

  it('allocates node ports and refuses collisions', async () => {
    const { registry, ctx } = await newTestRegistry();
    const auto = specOf(
      await registry.create(R.services, 'default', service('auto', { type: 'NodePort' }), ctx),
    );
    expect(auto.ports[0].nodePort).toBeGreaterThanOrEqual(30000);
    expect(auto.ports[0].nodePort).toBeLessThanOrEqual(32767);
    const fixed = service('fixed', {
      type: 'NodePort',
      ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }],
    });
    await registry.create(R.services, 'default', fixed, ctx);
    const clash = service('clash', {
      type: 'NodePort',
      ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }],
    });
    await expect(registry.create(R.services, 'default', clash, ctx)).rejects.toThrow(
      'Service "clash" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    );
    const outside = service('outside', {
      type: 'NodePort',
      ports: [{ port: 80, protocol: 'TCP', nodePort: 40000 }],
    });
    await expect(registry.create(R.services, 'default', outside, ctx)).rejects.toThrow(
      'spec.ports[0].nodePort: Invalid value: 40000: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
  });

  it('keeps allocations across updates that omit them and frees them on delete', async () => {
    const { registry, ctx } = await newTestRegistry();
    const body = service('web', {
      type: 'NodePort',
      clusterIP: '10.96.0.50',
      ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }],
    });
    await registry.create(R.services, 'default', body, ctx);
    const replaced = service('web', { type: 'NodePort' });
    const updated = specOf((await registry.update(R.services, 'default', 'web', replaced, ctx)).object);
    expect(updated.clusterIP).toBe('10.96.0.50');
    expect(updated.ports[0].nodePort).toBe(30080);
    await registry.delete(R.services, 'default', 'web', {}, ctx);
    const reuse = service('again', {
      type: 'NodePort',
      clusterIP: '10.96.0.50',
      ports: [{ port: 80, protocol: 'TCP', nodePort: 30080 }],
    });
    expect(specOf(await registry.create(R.services, 'default', reuse, ctx)).clusterIP).toBe('10.96.0.50');
  });

  it('releases what a dry run allocated', async () => {
    const { registry } = await newTestRegistry();
    const body = service('web', { clusterIP: '10.96.0.60' });
    await registry.create(R.services, 'default', body, testContext({ dryRun: true }));
    const real = await registry.create(R.services, 'default', body, testContext());
    expect(specOf(real).clusterIP).toBe('10.96.0.60');
  });

  it('rebuilds allocations from storage', async () => {
    const storage = new MemoryStorage();
    const first = await newTestRegistry({ storage });
    await first.registry.create(
      R.services,
      'default',
      service('dns', { clusterIP: '10.96.0.10' }),
      first.ctx,
    );
    const second = createRegistry({ storage });
    await expect(
      second.create(R.services, 'default', service('dup', { clusterIP: '10.96.0.10' }), first.ctx),
    ).rejects.toThrow('provided IP is already allocated');
  });
});
