/**
 * `kubectl <command> --help` of our commands must be byte for byte the REAL
 * kubectl 1.32's (English, as kubectl prints them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ParityCluster, realKubectlAvailable, startParityCluster } from './testing/parity-harness';

const available = await realKubectlAvailable();

describe.skipIf(!available)('kubectl --help parity', () => {
  let p: ParityCluster;

  beforeAll(async () => {
    p = await startParityCluster({ speed: 0 });
  }, 60_000);

  afterAll(async () => {
    await p?.stop();
  });

  it.each([
    ['patch --help'],
    ['wait --help'],
    ['edit -h'],
    ['replace --help'],
    ['events --help'],
    ['drain --help'],
    ['autoscale --help'],
    ['set env --help'],
    ['set resources -h'],
    ...[
      'get',
      'apply',
      'create',
      'delete',
      'label',
      'annotate',
      'describe',
      'logs',
      'exec',
      'scale',
      'rollout status',
      'run',
      'expose',
      'set image',
      'cluster-info',
      'cordon',
      'uncordon',
      'taint',
      'api-resources',
      'api-versions',
    ].map((c) => [`${c} --help`]),
  ])('%s', async (cmd) => {
    const [real, ours] = await Promise.all([p.real(cmd.split(' ')), p.ours(cmd.split(' '))]);
    expect(ours).toEqual(real);
  });
});
