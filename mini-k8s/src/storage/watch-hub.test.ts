import { describe, expect, it } from 'vitest';
import type { WatchEvent } from './interface';
import { WatchHub } from './watch-hub';

function event(revision: number, key = '/registry/core/pods/default/a'): WatchEvent {
  return {
    type: 'ADDED',
    key,
    revision,
    object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', resourceVersion: String(revision) } },
  };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe('WatchHub', () => {
  it('drops a watcher whose backlog exceeds the bound and keeps the others', async () => {
    const hub = new WatchHub(2);
    let closed = '';
    const seen: number[] = [];
    hub.add('/registry/core/pods/', { fromRevision: 0, onEvent: () => {}, onClose: (r) => (closed = r) }, []);
    hub.add('/registry/core/pods/default/b', { fromRevision: 0, onEvent: (e) => seen.push(e.revision) }, []);
    for (let r = 1; r <= 3; r++) hub.publish(event(r));
    hub.publish(event(4, '/registry/core/pods/default/b'));
    expect(closed).toMatch(/fell too far behind/);
    expect(hub.size).toBe(1);
    await tick();
    expect(seen).toEqual([4]);
  });

  it('never delivers a revision twice when replay and live events overlap', async () => {
    const hub = new WatchHub();
    const seen: number[] = [];
    hub.add('/registry/core/pods/', { fromRevision: 1, onEvent: (e) => seen.push(e.revision) }, [
      event(2),
      event(3),
    ]);
    hub.publish(event(3));
    hub.publish(event(4));
    hub.publish(event(5, '/registry/core/services/default/a'));
    await tick();
    expect(seen).toEqual([2, 3, 4]);
  });

  it('calls onClose once for every watcher on closeAll, even if one onClose throws', () => {
    const hub = new WatchHub();
    const reasons: string[] = [];
    hub.add(
      '/a/',
      {
        fromRevision: 0,
        onEvent: () => {},
        onClose: () => {
          throw new Error('boom');
        },
      },
      [],
    );
    hub.add('/b/', { fromRevision: 0, onEvent: () => {}, onClose: (r) => reasons.push(r) }, []);
    hub.closeAll('storage closed');
    hub.closeAll('again');
    expect(reasons).toEqual(['storage closed']);
    expect(hub.size).toBe(0);
  });
});
