/**
 * crash-writer is the child process of crash.int.test.ts: it opens a SqliteStorage and writes forever,
 * printing one JSON line per acknowledged write (after its promise resolved) until it is killed.
 *
 * Usage: crash-writer <database path> <round>
 * Each write is either the creation of a new pod `r<round>-<i>` or an update of the `counter` pod that
 * sets data.n to the number of counter updates acknowledged so far in this process.
 */
import { keyFor } from '../../keys';
import { SqliteStorage } from '../store';

const [path, round] = process.argv.slice(2);
if (!path || !round) {
  console.error('usage: crash-writer <database path> <round>');
  process.exit(2);
}

const pods = { group: '', resource: 'pods' };
const storage = new SqliteStorage({ path, historyLimit: 200 });
const counterKey = keyFor(pods, 'crash', 'counter');

function report(line: Record<string, unknown>): void {
  // Writes to a pipe are synchronous on Linux: once this returns, the parent can read the line.
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

async function main(): Promise<void> {
  report({ op: 'ready', revision: storage.currentRevision() });
  if (!(await storage.get(counterKey))) {
    const made = await storage.create(counterKey, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'counter', namespace: 'crash', uid: 'counter-uid' },
      data: { n: 0 },
    });
    report({
      op: 'create',
      key: counterKey,
      uid: 'counter-uid',
      revision: Number(made.metadata.resourceVersion),
    });
  }
  for (let i = 0; ; i++) {
    if (i % 3 === 2) {
      const updated = await storage.guaranteedUpdate(counterKey, (o) => ({
        ...o,
        data: { n: ((o.data as { n: number }).n ?? 0) + 1 },
      }));
      const n = (updated.data as { n: number }).n;
      report({ op: 'update', key: counterKey, n, revision: Number(updated.metadata.resourceVersion) });
      continue;
    }
    const name = `r${round}-${i}`;
    const key = keyFor(pods, 'crash', name);
    const uid = `${name}-uid`;
    const created = await storage.create(key, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name, namespace: 'crash', uid },
      spec: { containers: [{ name: 'c', image: 'busybox', args: ['x'.repeat(i % 500)] }] },
    });
    report({ op: 'create', key, uid, revision: Number(created.metadata.resourceVersion) });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
