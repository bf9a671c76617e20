/**
 * Output parity with the REAL kubectl (v1.32, which runs GNU diff) of `kubectl diff`: argument errors (exit
 * 2), no difference (exit 0), changed, new and several objects (exit 1, `diff -u -N` layout), Secret masking,
 * --server-side, -l, stdin and KUBECTL_EXTERNAL_DIFF. Temporary directory names and file times are masked.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  mask,
  type ParityCluster,
  realKubectlAvailable,
  type RunResult,
  startParityCluster,
  twinComparisons,
} from './testing/parity-harness';

const available = await realKubectlAvailable();

/** normalize masks what differs between two runs of diff: temp directories and file times. */
function normalize(s: string): string {
  return mask(
    s
      .replace(/\/tmp\/(LIVE|MERGED)-\d+/g, '/tmp/$1-N')
      .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} [+-]\d{4}/g, 'FILE-TIME'),
  );
}

const configMap = (name: string, data: Record<string, string>, labels?: Record<string, string>) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'dev', ...(labels ? { labels } : {}) },
    data,
  });

const secret = (name: string, data: Record<string, string>) =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: 'dev' },
    stringData: data,
  });

describe.skipIf(!available)('kubectl diff parity', () => {
  let p: ParityCluster;
  let dir: string;
  const { same, paired } = twinComparisons(() => p, normalize);
  /** file writes one manifest per twin (`real-…` and `ours-…`) and returns the real twin's path. */
  const file = (name: string, make: (twin: string) => string) => {
    for (const twin of ['real', 'ours']) writeFileSync(join(dir, `${twin}-${name}`), make(twin));
    return join(dir, `real-${name}`);
  };

  beforeAll(async () => {
    p = await startParityCluster({ speed: 0 });
    dir = mkdtempSync(join(tmpdir(), 'kubectl-diff-'));
    await p.real(['create', 'namespace', 'dev']);
    const initial = file('initial.json', (t) =>
      [
        configMap(`${t}-cm`, { a: '1', b: '2', keep: 'x' }, { app: 'web' }),
        secret(`${t}-s`, { user: 'admin', password: 'old' }),
      ].join('\n'),
    );
    for (const twin of ['real', 'ours']) await p.real(['apply', '-f', initial.replace('real', twin)]);
  }, 60_000);

  afterAll(async () => {
    await p?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ['diff'],
    ['diff cm'],
    ['diff -f /nope.yaml'],
    ['diff -f /nope.yaml --force-conflicts'],
    ['diff --help'],
    ['diff --foo'],
    ['diff -f'],
  ])('%s', async (cmd) => {
    await same(cmd.split(' '));
  });

  it('reports no difference with exit code 0', async () => {
    const unchanged = file('unchanged.json', (t) =>
      configMap(`${t}-cm`, { a: '1', b: '2', keep: 'x' }, { app: 'web' }),
    );
    await paired(['diff', '-f', unchanged]);
  });

  it('shows changed, new and several objects with exit code 1', async () => {
    const changed = file('changed.json', (t) => configMap(`${t}-cm`, { a: '3', b: '2', c: '4', keep: 'x' }));
    await paired(['diff', '-f', changed]);
    const created = file('new.json', (t) => configMap(`${t}-new`, { hello: 'world' }));
    await paired(['diff', '-f', created]);
    const several = file('several.yaml', (t) =>
      [configMap(`${t}-zz`, { z: '1' }), configMap(`${t}-cm`, { a: '1' }, { app: 'web', tier: 'front' })]
        .map((json) => stringify(JSON.parse(json)))
        .join('---\n'),
    );
    await paired(['diff', '-f', several]);
    await paired(['diff', '-f', several, '-l', 'tier=front']);
    await paired(['diff', '-f', several, '-l', 'nothing=here']);
  });

  it('masks Secret data', async () => {
    const changed = file('secret.json', (t) =>
      secret(`${t}-s`, { user: 'admin', password: 'new', token: 't' }),
    );
    await paired(['diff', '-f', changed]);
  });

  it('diffs a server-side apply', async () => {
    const changed = file('ssa.json', (t) => configMap(`${t}-cm`, { a: '9' }));
    await paired(['diff', '--server-side', '-f', changed]);
    await paired(['diff', '--server-side', '--force-conflicts', '--field-manager=other', '-f', changed]);
  });

  it('reads stdin and honours KUBECTL_EXTERNAL_DIFF', async () => {
    const stdin = configMap('real-cm', { a: '5', b: '2', keep: 'x' }, { app: 'web' });
    const real = await p.real(['diff', '-f', '-'], stdin);
    const ours = await p.ours(['diff', '-f', '-'], stdin);
    expect(normalized(ours)).toEqual(normalized(real));
    for (const external of ['diff -u', 'diff -N -U1 --unified=0 ;rm', 'nosuchdiff -u']) {
      const env = { KUBECTL_EXTERNAL_DIFF: external };
      const r = await p.real(['diff', '-f', '-'], stdin, env);
      const o = await p.ours(['diff', '-f', '-'], stdin, undefined, env);
      expect(normalized(o)).toEqual(normalized(r));
    }
  });
});

function normalized(r: RunResult): RunResult {
  return { stdout: normalize(r.stdout), stderr: normalize(r.stderr), code: r.code };
}
