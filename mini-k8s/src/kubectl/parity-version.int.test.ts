/**
 * Output parity with the REAL kubectl (v1.32) of `version`, and of what a token the server refuses prints
 * (discovery and `/version` are read raw by client-go: the 401 carries its generic message).
 *
 * The real kubectl on PATH is the Google Cloud SDK build (`v1.32.4-dispatcher`, its own commit, build date and
 * Go version): the client fields are compared after replacing that build's values with the official release's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_VERSION } from './commands/version';
import {
  mask,
  type ParityCluster,
  realKubectlAvailable,
  type RunResult,
  startParityCluster,
} from './testing/parity-harness';

const available = await realKubectlAvailable();

/** officialClient rewrites the SDK build's client fields to the official release's (text, JSON and YAML forms). */
function officialClient(s: string): string {
  return s
    .replaceAll('v1.32.4-dispatcher', CLIENT_VERSION.gitVersion)
    .replace(/("minor": "|minor: )32\+/, (_, key: string) =>
      key.startsWith('"') ? `${key}32` : `${key}"32"`,
    )
    .replace(
      /("gitCommit": "|gitCommit: )[0-9a-f]{40}/,
      (_, key: string) => `${key}${CLIENT_VERSION.gitCommit}`,
    )
    .replace(
      /("buildDate": "|buildDate: ")[0-9TZ:-]{20}/,
      (_, key: string) => `${key}${CLIENT_VERSION.buildDate}`,
    )
    .replace(
      /("goVersion": "|goVersion: )go[0-9.]+/,
      (_, key: string) => `${key}${CLIENT_VERSION.goVersion}`,
    );
}

/** withoutDiscoveryLog drops client-go's memcache retry lines (their count depends on kubectl's internals). */
const withoutDiscoveryLog = (s: string) => s.replace(/^E\d{4} [^\n]* memcache\.go:\d+\] [^\n]*\n/gm, '');

/** homeless drops the home directory of `--cache-dir`'s default (each kubectl runs with its own $HOME). */
const homeless = (s: string) =>
  s.replace(/--cache-dir='[^']*\/\.kube\/cache'/, "--cache-dir='HOME/.kube/cache'");

function normalized(r: RunResult): RunResult {
  return {
    stdout: homeless(mask(officialClient(r.stdout))),
    stderr: mask(withoutDiscoveryLog(r.stderr)),
    code: r.code,
  };
}

describe.skipIf(!available)('kubectl version parity', () => {
  let p: ParityCluster;

  async function same(args: string[]): Promise<void> {
    const [real, ours] = await Promise.all([p.real(args), p.ours(args)]);
    expect(normalized(ours)).toEqual(normalized(real));
  }

  beforeAll(async () => {
    p = await startParityCluster({ speed: 0 });
  }, 60_000);

  afterAll(async () => {
    await p?.stop();
  });

  it.each([
    ['version'],
    ['version --client'],
    ['version -o json'],
    ['version -o yaml'],
    ['version --client -o yaml'],
    ['version --client=true -ojson'],
    ['version -ojson --client=false'],
    ['version -o foo'],
    ['version --output=name'],
    ['version extra'],
    ['version --short'],
    ['version --help'],
    ['options'],
    ['options extra'],
    ['options --help'],
  ])('%s', async (cmd) => {
    await same(cmd.split(' '));
  });

  it.each([
    ['version --token=not-a-token'],
    ['get pods --token=not-a-token'],
    ['get deploy/web -n dev --token=not-a-token'],
    ['describe pod x --token=not-a-token'],
    ['api-versions --token=not-a-token'],
    ['auth whoami --token=not-a-token'],
  ])('a refused token: %s', async (cmd) => {
    await same(cmd.split(' '));
  });

  it('explains in French the real kubectl commands it does not offer', async () => {
    for (const command of ['proxy', 'cp', 'kustomize', 'completion', 'plugin']) {
      const ours = await p.ours([command, 'x']);
      expect(ours.code).toBe(1);
      expect(ours.stderr).toMatch(
        new RegExp(`^error: « kubectl ${command} » n'est pas disponible dans ce kubectl : \\S`),
      );
    }
    const typo = await p.ours(['verison']);
    expect(typo.stderr).toBe(
      'Error: unknown command "verison" for "kubectl"\n\nDid you mean this?\n\tversion\n\n',
    );
  });

  it('prints the official release as its client version', async () => {
    const ours = await p.ours(['version', '-o', 'json']);
    const info = JSON.parse(ours.stdout) as {
      clientVersion: { gitVersion: string };
      serverVersion: { minor: string };
    };
    expect(info.clientVersion.gitVersion).toBe('v1.32.4');
    expect(info.serverVersion.minor).toBe('32');
  });
});
