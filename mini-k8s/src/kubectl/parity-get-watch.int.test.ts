/**
 * Output parity with the REAL kubectl (v1.32) of `get -w` / `--watch-only`: both kubectls watch the same
 * namespace while configmaps are created, labelled and deleted, then are interrupted (Ctrl-C); their
 * outputs (tables with remembered column widths, yaml documents, json objects, names) and exit codes
 * must be the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mask,
  type ParityCluster,
  realKubectlAvailable,
  type RunningCommand,
  type RunResult,
  startParityCluster,
} from './testing/parity-harness';

const available = await realKubectlAvailable();

function normalized(r: RunResult): RunResult {
  return { stdout: mask(r.stdout), stderr: mask(r.stderr), code: r.code };
}

async function until(condition: () => boolean, explain: () => string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`condition not reached in time:\n${explain()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const WATCHES = [
  'get cm -n dev -w',
  'get cm -n dev --watch-only',
  'get cm -n dev -w -o wide --show-labels',
  'get cm -n dev -w --no-headers',
  'get cm cfg -n dev -w',
  'get cm cfg -n dev -w -o yaml',
  'get cm -n dev -w -o json',
  'get cm -n dev --watch-only -o name',
  'get cm -n dev -w -l app=w',
  'get cm -n dev -w -o jsonpath={.metadata.name}{"\\n"}',
  'get cm -n dev --watch-only --output-watch-events -o json',
];

describe.skipIf(!available)('kubectl get --watch parity', () => {
  let p: ParityCluster;

  beforeAll(async () => {
    p = await startParityCluster({ speed: 0 });
    await p.real(['create', 'namespace', 'dev']);
    await p.real(['create', 'configmap', 'cfg', '--from-literal=a=b', '-n', 'dev']);
  }, 60_000);

  afterAll(async () => {
    await p?.stop();
  });

  it.each([
    ['get cm,secret -n dev -w'],
    ['get cm cfg other -n dev -w'],
    ['get -w'],
    ['get cm nope -n dev -w'],
  ])('%s', async (cmd) => {
    const [real, ours] = await Promise.all([p.real(cmd.split(' ')), p.ours(cmd.split(' '))]);
    expect(normalized(ours)).toEqual(normalized(real));
  });

  it('prints the same events as kubectl until interrupted', async () => {
    const running: [string, RunningCommand, RunningCommand][] = WATCHES.map((cmd) => [
      cmd,
      p.startReal(cmd.split(' ')),
      p.startOurs(cmd.split(' ')),
    ]);
    const explain = () =>
      running
        .map(([cmd, real, ours]) => `${cmd}\n--- real:\n${real.stdout()}\n--- ours:\n${ours.stdout()}`)
        .join('\n');
    await until(
      () =>
        running.every(
          ([cmd, real, ours]) =>
            /watch-only| -l /.test(cmd) || (real.stdout() !== '' && ours.stdout() !== ''),
        ),
      explain,
    );
    // Let both kubectls open their watches.
    await new Promise((r) => setTimeout(r, 2000));
    await p.real(['create', 'configmap', 'w1', '--from-literal=x=y', '-n', 'dev']);
    await p.real(['label', 'cm', 'w1', 'app=w', '-n', 'dev']);
    await p.real(['label', 'cm', 'cfg', 'seen=yes', '-n', 'dev']);
    await p.real(['delete', 'cm', 'w1', '-n', 'dev']);
    await p.real(['label', 'cm', 'cfg', 'last=yes', '-n', 'dev']);
    // Every watch has seen the last change when its output stops growing and both outputs agree in size.
    await until(
      () =>
        running.every(
          ([, real, ours]) => real.stdout().length > 0 && real.stdout().length === ours.stdout().length,
        ),
      explain,
    );
    await new Promise((r) => setTimeout(r, 1000));
    for (const [cmd, real, ours] of running) {
      const [r, o] = await Promise.all([real.interrupt(), ours.interrupt()]);
      expect({ cmd, ...normalized(o) }).toEqual({ cmd, ...normalized(r) });
    }
  }, 90_000);
});
