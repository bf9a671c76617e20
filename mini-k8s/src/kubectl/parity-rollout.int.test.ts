/**
 * Output parity of `kubectl rollout` with the REAL kubectl (v1.32). Read-only forms run both kubectls on
 * the same deployment; mutations run paired on twin deployments (`real` with kubectl, `ours` with
 * runKubectl), then compare outputs with the names swapped back and replica set hashes masked.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  mask,
  type ParityCluster,
  realKubectlAvailable,
  startParityCluster,
  twinComparisons,
} from './testing/parity-harness';

const available = await realKubectlAvailable();

const hashes = (s: string) => mask(s).replace(/\b(real|web)-[a-z0-9]{6,10}\b/g, '$1-HASH');

describe.skipIf(!available)('kubectl rollout parity', () => {
  let p: ParityCluster;

  const { same, paired } = twinComparisons(() => p, hashes);

  beforeAll(async () => {
    p = await startParityCluster({ speed: 0 });
    await p.real(['create', 'namespace', 'dev']);
    for (const name of ['web', 'real', 'ours']) {
      await p.real(['create', 'deployment', name, '--image=nginx:1.25', '--replicas=2', '-n', 'dev']);
      await p.real(['rollout', 'status', `deployment/${name}`, '-n', 'dev', '--timeout=20s']);
    }
    await p.real(['create', 'configmap', 'cfg', '--from-literal=a=b', '-n', 'dev']);
  }, 60_000);

  afterAll(async () => {
    await p?.stop();
  });

  it.each([
    ['rollout'],
    ['rollout foo'],
    ['rollout status'],
    ['rollout status deploy/web -n dev'],
    ['rollout status deploy web -n dev'],
    ['rollout status deploy/web -n dev --watch=false'],
    ['rollout status deploy/nope -n dev'],
    ['rollout status cm/cfg -n dev'],
    ['rollout history deploy/web -n dev'],
    ['rollout history deploy -n dev -l app=web'],
    ['rollout history deploy/web -n dev --revision=9'],
    ['rollout history cm/cfg -n dev'],
    ['rollout pause cm/cfg -n dev'],
    ['rollout restart cm/cfg -n dev'],
    ['rollout undo cm/cfg -n dev'],
    ['rollout undo deploy/web -n dev'],
    ['rollout undo deploy/web -n dev --to-revision=9'],
    ['rollout resume deploy/web -n dev'],
    ['rollout restart deploy/web -n dev --dry-run=client'],
  ])('%s', async (cmd) => {
    await same(cmd.split(' '));
  });

  it('pauses, resumes, restarts and undoes twin deployments the same way', async () => {
    await paired(['rollout', 'pause', 'deploy/real', '-n', 'dev']);
    await paired(['rollout', 'pause', 'deploy/real', '-n', 'dev']);
    await paired(['rollout', 'resume', 'deploy/real', '-n', 'dev']);
    await paired(['rollout', 'resume', 'deploy/real', '-n', 'dev']);
    await paired(['rollout', 'restart', 'deploy/real', '-n', 'dev']);
    // Each twin's rollout runs on its own clock: where it stands when `status` starts (and so how many progress
    // lines it prints) depends on timing. Both are first waited for, then `status` is compared on settled twins.
    const settle = async () => {
      await p.real(['rollout', 'status', 'deploy/real', '-n', 'dev', '--timeout=60s']);
      await p.real(['rollout', 'status', 'deploy/ours', '-n', 'dev', '--timeout=60s']);
    };
    await settle();
    await paired(['rollout', 'status', 'deploy/real', '-n', 'dev', '--timeout=20s']);
    await paired(['rollout', 'history', 'deploy/real', '-n', 'dev']);
    await paired(['rollout', 'undo', 'deploy/real', '-n', 'dev', '--to-revision=1']);
    await settle();
    await paired(['rollout', 'status', 'deploy/real', '-n', 'dev', '--timeout=20s']);
    await paired(['rollout', 'history', 'deploy/real', '-n', 'dev']);
    await paired(['rollout', 'undo', 'deploy/real', '-n', 'dev', '--to-revision=3']);
    await paired([
      'get',
      'deploy',
      'real',
      '-n',
      'dev',
      '-o',
      'jsonpath={.spec.template.spec.containers[0].image}',
    ]);
  });
});
