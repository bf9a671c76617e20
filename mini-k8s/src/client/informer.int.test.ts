import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ControlPlane, createControlPlane } from '../cmd/control-plane';
import { Informer } from './informer';

const CONFIGMAPS = { group: '', version: 'v1', resource: 'configmaps', namespaced: true };

let cp: ControlPlane;
beforeAll(async () => {
  cp = await createControlPlane({ nodes: 0 });
});
afterAll(() => cp?.close());

describe('Informer (real in-process cluster)', () => {
  it('lists, then follows adds, updates and deletes', async () => {
    const seen: string[] = [];
    const informer = new Informer(cp.client, CONFIGMAPS, { namespace: 'default' });
    informer.addHandler({
      onAdd: (o) => seen.push(`add ${o.metadata.name}`),
      onUpdate: (_o, n) => seen.push(`update ${n.metadata.name}`),
      onDelete: (o) => seen.push(`delete ${o.metadata.name}`),
    });
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { k: '1' } };
    await cp.client.create(CONFIGMAPS, 'default', cm);
    informer.start();
    await informer.waitForSync();
    await cp.client.patch(CONFIGMAPS, 'default', 'a', 'merge', { data: { k: '2' } });
    await cp.client.delete(CONFIGMAPS, 'default', 'a');
    for (let i = 0; i < 100 && seen.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual(['add a', 'update a', 'delete a']);
    expect(informer.get('default/a')).toBeUndefined();
    await informer.stop();
  });

  it('stops even when stop() races the first watch request', async () => {
    for (let i = 0; i < 20; i++) {
      const informer = new Informer(cp.client, CONFIGMAPS);
      informer.start();
      // Yield a varying number of turns so stop() lands before, during and after the watch request.
      for (let t = 0; t < i; t++) await Promise.resolve();
      await expect(
        Promise.race([
          informer.stop().then(() => 'stopped'),
          new Promise((r) => setTimeout(() => r('hung'), 2000)),
        ]),
      ).resolves.toBe('stopped');
    }
  });
});
