/**
 * `--event-ttl` with the real kubectl: Events disappear one TTL after their last write (here 2 s instead of
 * the default hour), and a watch sees them go.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, waitFor } from './harness';
import type { TestCluster } from './harness';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster(2, 'simulated', { eventTtlSeconds: 2 });
});
afterAll(async () => {
  await t?.stop();
});

const EVENT = `apiVersion: v1
kind: Event
metadata:
  name: hello
  namespace: default
involvedObject:
  kind: ConfigMap
  namespace: default
  name: cfg
reason: Greeting
message: bonjour
type: Normal
`;

describe('event TTL', () => {
  it('deletes an Event after the TTL, and watchers see it DELETED', async () => {
    const watch = t.startKubectl(['get', 'events', '--watch-only', '--output-watch-events', '-v=6'], {
      timeoutMs: 12_000,
    });
    // kubectl's -v=6 log shows when its watch request is answered: only then is the Event created.
    await waitFor(
      'the watch to open',
      async () => (/[?&]watch=true\S* 200 OK/.test(watch.stderrSoFar()) ? true : undefined),
      10_000,
    );
    const created = await t.kubectl(['create', '-f', t.writeFile('event.yaml', EVENT)]);
    expect(created).toMatchObject({ code: 0, stdout: 'event/hello created\n' });
    expect((await t.kubectl(['get', 'event', 'hello', '-o', 'name'])).stdout).toBe('event/hello\n');
    const gone = await waitFor(
      'the Event to expire',
      async () => {
        const r = await t.kubectl(['get', 'event', 'hello']);
        return r.code === 1 ? r : undefined;
      },
      15_000,
    );
    expect(gone.stderr).toBe('Error from server (NotFound): events "hello" not found\n');
    const watched = await watch.result;
    const rows = watched.stdout.split('\n').map((line) => line.split(/ +/).join(' '));
    expect(rows[0]).toBe('EVENT LAST SEEN TYPE REASON OBJECT MESSAGE');
    expect(rows.slice(1).map((row) => row.replace(/ \S+ /, ' <age> '))).toEqual([
      'ADDED <age> Normal Greeting configmap/cfg bonjour',
      'DELETED <age> Normal Greeting configmap/cfg bonjour',
      '',
    ]);
  });

  it('expires the Events the cluster itself records', async () => {
    await t.kubectl(['run', 'web', '--image=nginx:1.25']);
    await waitFor('a Scheduled event', async () => {
      const r = await t.kubectl(['get', 'events', '--field-selector', 'reason=Scheduled', '-o', 'name']);
      return r.stdout.trim() ? r : undefined;
    });
    await waitFor(
      'every Event to expire',
      async () => {
        const r = await t.kubectl(['get', 'events', '--field-selector', 'involvedObject.name=web']);
        return r.stderr === 'No resources found in default namespace.\n' ? r : undefined;
      },
      20_000,
    );
  });
});
