import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../api/object';
import { type ControlPlane, createControlPlane } from '../cmd/control-plane';
import { EventRecorder } from './event-recorder';

const EVENTS = { group: '', version: 'v1', resource: 'events', namespaced: true };
const PODS = { group: '', version: 'v1', resource: 'pods', namespaced: true };

let cp: ControlPlane;
let pod: KubeObject;
beforeAll(async () => {
  cp = await createControlPlane({ nodes: 0 });
  pod = await cp.client.create(PODS, 'default', {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web' },
    spec: { containers: [{ name: 'nginx', image: 'nginx:1.25' }] },
  });
});
afterAll(() => cp?.close());

describe('EventRecorder (real in-process cluster)', () => {
  it('creates an event, then aggregates repeats into count and lastTimestamp', async () => {
    let t = Date.parse('2026-11-29T10:00:00Z');
    const recorder = new EventRecorder(cp.client, 'kubelet', () => new Date(t), 'node01');
    await recorder.record(pod, 'Warning', 'BackOff', 'Back-off restarting failed container nginx');
    t += 30_000;
    await recorder.record(pod, 'Warning', 'BackOff', 'Back-off restarting failed container nginx');
    await recorder.record(pod, 'Normal', 'Pulled', 'Container image "nginx:1.25" already present on machine');
    const events = (await cp.client.list(EVENTS, 'default')).items.sort((a, b) =>
      String(a.reason).localeCompare(String(b.reason)),
    );
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({
      reason: 'BackOff',
      type: 'Warning',
      count: 2,
      firstTimestamp: '2026-11-29T10:00:00Z',
      lastTimestamp: '2026-11-29T10:00:30Z',
      source: { component: 'kubelet', host: 'node01' },
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default', uid: pod.metadata.uid },
    });
    expect(events[0].metadata.name).toMatch(/^web\.[0-9a-f]+$/);
    expect(events[1]).toMatchObject({ reason: 'Pulled', count: 1 });
  });

  it('never throws: a failed write goes to onError', async () => {
    const failures: unknown[] = [];
    const recorder = new EventRecorder(
      cp.client,
      'x',
      () => new Date(),
      undefined,
      (e) => failures.push(e),
    );
    const ghost = { ...pod, metadata: { ...pod.metadata, namespace: 'no-such-namespace' } };
    await expect(recorder.record(ghost, 'Normal', 'Test', 'message')).resolves.toBeUndefined();
    expect(failures).toHaveLength(1);
  });

  it('gives distinct names to events two recorders write about one object in the same millisecond', async () => {
    // The scheduler's Scheduled and the kubelet's first event about a pod, written in the same millisecond,
    // each by the first event of its recorder: same name before the fix, the second create refused (409).
    const t = Date.parse('2026-11-29T11:00:00Z');
    const failures: unknown[] = [];
    const scheduler = new EventRecorder(
      cp.client,
      'default-scheduler',
      () => new Date(t),
      undefined,
      (e) => failures.push(e),
    );
    const kubelet = new EventRecorder(
      cp.client,
      'kubelet',
      () => new Date(t),
      'node01',
      (e) => failures.push(e),
    );
    await scheduler.record(pod, 'Normal', 'Scheduled', 'Successfully assigned default/web to node01');
    await kubelet.record(pod, 'Warning', 'PodSecurityForbidden', 'privileged containers are not allowed');
    expect(failures).toEqual([]);
    const events = (await cp.client.list(EVENTS, 'default')).items.filter(
      (e) => e.firstTimestamp === '2026-11-29T11:00:00Z',
    );
    expect(events.map((e) => e.reason).sort()).toEqual(['PodSecurityForbidden', 'Scheduled']);
    expect(new Set(events.map((e) => e.metadata.name)).size).toBe(2);
    for (const e of events) expect(e.metadata.name).toMatch(/^web\.[0-9a-f]+$/);
  });
});
