import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createControlPlane, type ControlPlane } from '../cmd/control-plane';
import { completeKubectl } from './completion';
import { runKubectl } from './run-kubectl';

describe('completeKubectl and runKubectl in process', () => {
  let cp: ControlPlane;
  beforeAll(async () => {
    cp = await createControlPlane({});
  });
  afterAll(async () => {
    await cp.close();
  });

  it.each([
    [['kubectl', 'ge'], 1, ['get']],
    [['kubectl', 'get', 'no'], 2, ['nodes', 'no']],
    [['kubectl', 'get', 'nodes', 'node0'], 3, ['node01', 'node02']],
    [['kubectl', 'get', '--all-n'], 2, ['--all-namespaces']],
    [['kubectl', 'pat'], 1, ['patch']],
    [['kubectl', 'get', '--wat'], 2, ['--watch', '--watch-only']],
    [['kubectl', 'patch', '--ty'], 2, ['--type']],
    [['kubectl', 'wait', '--f'], 2, ['--for', '--field-selector', '--filename']],
    [['kubectl', 'wait', 'no'], 2, ['nodes']],
    [['kubectl', 'set', 'e'], 2, ['env']],
    [['kubectl', 'set', 'env', '--ke'], 3, ['--keys']],
    [['kubectl', 'set', 'resources', 'no'], 3, ['nodes']],
    [['kubectl', 'ev'], 1, ['events']],
    [['kubectl', 'di'], 1, ['diff']],
    [['kubectl', 'cer'], 1, ['certificate']],
    [['kubectl', 'certificate', 'a'], 2, ['approve']],
    [['kubectl', 'po'], 1, ['port-forward']],
    [['kubectl', 'port-forward', '--add'], 2, ['--address']],
    [['kubectl', 'create', 'clusterr'], 2, ['clusterrole', 'clusterrolebinding']],
    [['kubectl', 'create', 'role', '--ver'], 3, ['--verb']],
    [['kubectl', 'create', 'secret', 't'], 3, ['tls']],
    [['kubectl', 'create', 'secret', 'tls', '--ce'], 4, ['--cert']],
    [['kubectl', 'create', 'svc', 'n'], 3, ['nodeport']],
    [['kubectl', 'diff', '--server'], 2, ['--server-side']],
  ])('completes %j', async (words, index, expected) => {
    const got = await completeKubectl(words, index, cp.client);
    for (const e of expected) expect(got).toContain(e);
  });

  it('prints a Table from the in-process API server', async () => {
    let out = '';
    const code = await runKubectl(
      ['get', 'nodes', '--no-headers', '-o', 'custom-columns=N:.metadata.name'],
      { stdin: '', stdout: (s) => (out += s), stderr: () => undefined },
      { client: cp.client, namespace: 'default' },
    );
    expect(code).toBe(0);
    expect(out).toBe('controlplane\nnode01\nnode02\n');
  });
});
