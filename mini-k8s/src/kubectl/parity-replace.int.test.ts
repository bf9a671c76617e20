/**
 * Output parity with the REAL kubectl (v1.32) of replace: flag validation, files that name missing
 * objects, and replacements (plain, dry runs, -o yaml, --force, --save-config) paired on twin configmaps.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  mask,
  type ParityCluster,
  realKubectlAvailable,
  type RunResult,
  startParityCluster,
} from './testing/parity-harness';

const available = await realKubectlAvailable();

function normalized(r: RunResult): RunResult {
  return { stdout: mask(r.stdout), stderr: mask(r.stderr), code: r.code };
}

describe.skipIf(!available)('kubectl replace parity', () => {
  let p: ParityCluster;
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-replace-'));
  const file = (name: string) => join(dir, `${name}.yaml`);

  async function same(args: string[]): Promise<void> {
    const [real, ours] = await Promise.all([p.real(args), p.ours(args)]);
    expect(normalized(ours)).toEqual(normalized(real));
  }

  async function paired(args: string[]): Promise<void> {
    const real = await p.real(args);
    const ours = await p.ours(args.map((a) => a.replaceAll('real', 'ours')));
    const back = (s: string) => mask(s.replaceAll('ours', 'real'));
    expect({ stdout: back(ours.stdout), stderr: back(ours.stderr), code: ours.code }).toEqual(
      normalized(real),
    );
  }

  beforeAll(async () => {
    p = await startParityCluster({ speed: 0 });
    await p.real(['create', 'namespace', 'dev']);
    for (const name of ['real', 'ours']) {
      await p.real(['create', 'configmap', `${name}-cm`, '--from-literal=a=b', '-n', 'dev']);
      writeFileSync(
        file(`${name}-cm`),
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}-cm\n  namespace: dev\ndata:\n  a: replaced\n`,
      );
      writeFileSync(
        file(`${name}-new`),
        `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}-new\n  namespace: dev\ndata:\n  a: b\n`,
      );
    }
  }, 60_000);

  afterAll(async () => {
    await p?.stop();
  });

  it.each([
    ['replace'],
    ['replace -f /nonexistent.yaml'],
    ['replace -f /nonexistent.yaml --grace-period=1'],
    ['replace -f /nonexistent.yaml --timeout=5s'],
    ['replace -f /nonexistent.yaml --force --dry-run=client'],
    ['replace -f /nonexistent.yaml -o foo'],
  ])('%s', async (cmd) => {
    await same(cmd.split(' '));
  });

  it('replaces twin objects the same way', async () => {
    await paired(['replace', '-f', file('real-new')]);
    await paired(['replace', '-f', file('real-cm'), '--dry-run=client']);
    await paired(['replace', '-f', file('real-cm'), '--dry-run=server', '-o', 'jsonpath={.data.a}']);
    await paired(['replace', '-f', file('real-cm')]);
    await paired(['replace', '-f', file('real-cm'), '-o', 'yaml', '--save-config']);
    await paired(['get', 'cm', 'real-cm', '-n', 'dev', '-o', 'jsonpath={.data.a} {.metadata.annotations}']);
    await paired(['replace', '-f', file('real-cm'), '--force']);
    await paired(['replace', '-f', file('real-new'), '--force', '-o', 'name']);
    await paired(['get', 'cm', 'real-new', '-n', 'dev', '-o', 'jsonpath={.data.a}']);
  }, 60_000);
});
