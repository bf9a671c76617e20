/**
 * `kubectl apply --server-side` with the real kubectl: field managers, the exact conflict errors (one
 * conflict, several conflicts, a conflict with a subresource writer) and `--force-conflicts`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster } from './harness';
import type { TestCluster } from './harness';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster(2);
});
afterAll(async () => {
  await t?.stop();
});

/** HELP is what kubectl prints after the server's conflict message. */
const HELP = `Please review the fields above--they currently have other managers. Here
are the ways you can resolve this warning:
* If you intend to manage all of these fields, please re-run the apply
  command with the \`--force-conflicts\` flag.
* If you do not intend to manage all of the fields, please edit your
  manifest to remove references to the fields that should keep their
  current managers.
* You may co-own fields by updating your manifest to match the existing
  value; in this case, you'll become the manager if the other manager(s)
  stop managing the field (remove it from their configuration).
See https://kubernetes.io/docs/reference/using-api/server-side-apply/#conflicts
`;

function configMap(name: string, data: Record<string, string>): string {
  const lines = Object.entries(data).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`);
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\ndata:\n${lines.join('\n')}\n`;
}

/** owners lists `manager operation [subresource] fields` for each managedFields entry. */
async function owners(resource: string): Promise<string[]> {
  const r = await t.kubectl([
    'get',
    resource,
    '-o',
    'jsonpath={range .metadata.managedFields[*]}{.manager} {.operation} {.subresource} {.fieldsV1}{"\\n"}{end}',
  ]);
  return r.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => l.replace(/ {2}/, ' '));
}

describe('kubectl apply --server-side', () => {
  it('applies with the default manager "kubectl", then reports a conflict for another manager', async () => {
    const first = await t.kubectl([
      'apply',
      '--server-side',
      '-f',
      t.writeFile('a.yaml', configMap('ssa', { a: '1', b: '2' })),
    ]);
    expect(first).toEqual({ code: 0, stdout: 'configmap/ssa serverside-applied\n', stderr: '' });

    const changed = t.writeFile('a2.yaml', configMap('ssa', { a: 'x', b: '2' }));
    const r = await t.kubectl(['apply', '--server-side', '--field-manager=ops', '-f', changed]);
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: `error: Apply failed with 1 conflict: conflict with "kubectl": .data.a\n${HELP}`,
    });
    expect((await t.kubectl(['get', 'cm', 'ssa', '-o', 'jsonpath={.data.a}'])).stdout).toBe('1');

    const forced = await t.kubectl([
      'apply',
      '--server-side',
      '--field-manager=ops',
      '--force-conflicts',
      '-f',
      changed,
    ]);
    expect(forced).toEqual({ code: 0, stdout: 'configmap/ssa serverside-applied\n', stderr: '' });
    expect((await t.kubectl(['get', 'cm', 'ssa', '-o', 'jsonpath={.data.a}'])).stdout).toBe('x');
    // .data.a moved to "ops"; .data.b, applied with the same value by both, is shared.
    expect(await owners('cm/ssa')).toEqual([
      'kubectl Apply {"f:data":{"f:b":{}}}',
      'ops Apply {"f:data":{"f:a":{},"f:b":{}}}',
    ]);
  });

  it('lists several conflicts by manager, naming an Update manager with its version', async () => {
    const created = await t.kubectl([
      'create',
      'configmap',
      'multi',
      '--from-literal=a=1',
      '--from-literal=b=2',
    ]);
    expect(created.stdout).toBe('configmap/multi created\n');
    const r = await t.kubectl([
      'apply',
      '--server-side',
      '--field-manager=ops',
      '-f',
      t.writeFile('multi.yaml', configMap('multi', { a: 'x', b: 'y' })),
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: Apply failed with 2 conflicts: conflicts with "kubectl-create" using v1:\n- .data.a\n- .data.b\n${HELP}`,
    );
  });

  it('names a writer of the scale subresource, recorded under the client name', async () => {
    const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
`;
    const file = t.writeFile('web.yaml', deployment);
    expect((await t.kubectl(['apply', '--server-side', '-f', file])).stdout).toBe(
      'deployment.apps/web serverside-applied\n',
    );
    expect((await t.kubectl(['scale', 'deployment', 'web', '--replicas=2'])).stdout).toBe(
      'deployment.apps/web scaled\n',
    );
    const r = await t.kubectl(['apply', '--server-side', '-f', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: Apply failed with 1 conflict: conflict with "kubectl" with subresource "scale" using apps/v1: .spec.replicas\n${HELP}`,
    );
    expect(await owners('deploy/web')).toContain('kubectl Update scale {"f:spec":{"f:replicas":{}}}');

    const forced = await t.kubectl(['apply', '--server-side', '--force-conflicts', '-f', file]);
    expect(forced.stdout).toBe('deployment.apps/web serverside-applied\n');
    expect((await t.kubectl(['get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}'])).stdout).toBe('1');
    expect((await owners('deploy/web')).filter((l) => l.includes(' scale '))).toEqual([]);
  });

  it('records the --field-manager of client-side writes', async () => {
    const r = await t.kubectl(['label', 'cm', 'multi', 'tier=front', '--field-manager=labeller']);
    expect(r.stdout).toBe('configmap/multi labeled\n');
    expect(await owners('cm/multi')).toContain(
      'labeller Update {"f:metadata":{"f:labels":{".":{},"f:tier":{}}}}',
    );
  });
});
