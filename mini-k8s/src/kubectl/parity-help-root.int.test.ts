/**
 * Output parity with the REAL kubectl (v1.32) of the root command: `kubectl` alone, `kubectl --help`,
 * `kubectl help`, `kubectl help <command>` for every command and subcommand we implement (the same text as
 * `<command> --help`), unknown help topics and unknown commands with their "Did you mean this?" suggestions.
 * The real kubectl runs with its configuration in the environment: a flag before the command name would
 * make it look for a plugin instead.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from './commands/registry';
import {
  type ParityCluster,
  realKubectlAvailable,
  type RunResult,
  startParityCluster,
} from './testing/parity-harness';

const available = await realKubectlAvailable();

/** Every command path we implement, subcommands included. */
const PATHS = COMMANDS.flatMap((c) => [c.name, ...(c.subcommands ?? []).map((s) => `${c.name} ${s.name}`)]);

describe.skipIf(!available)('kubectl root help parity', () => {
  let p: ParityCluster;
  let dir: string;

  function real(args: string[]): Promise<RunResult> {
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      KUBECONFIG: p.cluster.kubeconfigPath,
      KUBECACHEDIR: join(dir, 'cache'),
    };
    return new Promise((resolve) => {
      execFile('kubectl', args, { env, encoding: 'utf8' }, (err, stdout, stderr) => {
        resolve({ stdout, stderr, code: err ? (typeof err.code === 'number' ? err.code : 1) : 0 });
      });
    });
  }

  async function same(args: string[]): Promise<void> {
    const [expected, ours] = await Promise.all([real(args), p.ours(args)]);
    expect(ours).toEqual(expected);
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kubectl-root-help-'));
    p = await startParityCluster({ speed: 0 });
  }, 60_000);

  afterAll(async () => {
    await p?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    [''],
    ['--help'],
    ['-h'],
    ['help'],
    ['help help'],
    ['help --help'],
    ['help nope'],
    ['help nope get'],
    ['help rollout nope'],
    ['help describe pods'],
    ['help create deployment'],
    ['help create ns'],
    ['help create secret generic'],
    ['create configmap --help'],
    ['create sa -h'],
    ['nope'],
    ['gett'],
    ['xyzzy'],
    ['a'],
    ['d'],
    ['logz'],
  ])('kubectl %s', async (cmd) => {
    await same(cmd === '' ? [] : cmd.split(' '));
  });

  it.each(PATHS.map((path) => [path]))('kubectl help %s', async (path) => {
    await same(['help', ...path.split(' ')]);
    await same([...path.split(' '), '--help']);
  });
});
