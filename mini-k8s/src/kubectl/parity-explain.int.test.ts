/**
 * Output parity with the REAL kubectl (v1.32) of `kubectl explain` (OpenAPI v3, `--output=plaintext`):
 * resources, fields, enums, `--recursive`, `--api-version`, unknown fields and types, argument errors and the
 * help text; the same for the older `--output=plaintext-openapiv2` layout.
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

describe.skipIf(!available)('kubectl explain parity', () => {
  let p: ParityCluster;
  const { same } = twinComparisons(() => p, mask);

  beforeAll(async () => {
    p = await startParityCluster({ speed: 0 });
  }, 60_000);

  afterAll(async () => {
    await p?.stop();
  });

  it.each([
    ['explain pods'],
    ['explain pod.spec'],
    ['explain pods.spec.containers'],
    ['explain deployment.spec.strategy'],
    ['explain deployment.spec.strategy.type'],
    ['explain svc.spec.type'],
    ['explain pods.metadata.labels'],
    ['explain nodes.spec'],
    ['explain pod.spec.containers --recursive'],
    ['explain pods --recursive'],
    ['explain deployment.spec.strategy.type --recursive'],
    ['explain deployments --api-version=apps/v1'],
    ['explain deployments.apps.spec.replicas'],
    ['explain cm'],
    ['explain pods.spec.foo'],
    ['explain pods.spec.foo.bar'],
    ['explain pods.spec.containers.name.foo'],
    ['explain foo'],
    ['explain foo.bar'],
    ['explain deploy.nope'],
    ['explain PODS.SPEC.nodeName'],
    ['explain pods --recursive=maybe'],
    ['explain pods -o'],
    ['explain pods.spec --api-version=a/b/c'],
    ['explain'],
    ['explain pods svc'],
    ['explain pods -o yaml'],
    ['explain deployment --api-version=v1'],
    ['explain pods --api-version=v2'],
    ['explain pods --output=plaintext-openapiv2'],
    ['explain pods.spec -o plaintext-openapiv2'],
    ['explain pods.spec.containers -o plaintext-openapiv2'],
    ['explain pods.metadata.labels -o plaintext-openapiv2'],
    ['explain svc.spec.type -o plaintext-openapiv2'],
    ['explain deployment.spec.strategy -o plaintext-openapiv2 --api-version=apps/v1'],
    ['explain pod.spec.containers --recursive -o plaintext-openapiv2'],
    ['explain nodes.spec --recursive -o plaintext-openapiv2'],
    ['explain pods.spec.foo -o plaintext-openapiv2'],
    ['explain pods.spec.containers.name.foo -o plaintext-openapiv2'],
    ['explain deployment -o plaintext-openapiv2 --api-version=v1'],
    ['explain deployments --recursive -o plaintext-openapiv2'],
    ['explain pods.metadata -o plaintext-openapiv2'],
    ['explain pods -o plaintext-openapiv2 --api-version=v2'],
    ['explain deployments --recursive'],
    ['explain ingresses.networking.k8s.io.spec.rules'],
    ['explain cronjobs.spec.jobTemplate --recursive'],
    ['explain hpa.spec.metrics'],
    ['explain leases.coordination.k8s.io'],
    ['explain pods.spec.containers.ports.protocol'],
    ['explain --help'],
  ])('%s', async (cmd) => {
    await same(cmd.split(' '));
  });
});
