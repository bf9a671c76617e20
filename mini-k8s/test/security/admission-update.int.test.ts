/**
 * Admission on updates, patches and server-side apply through the real kubectl: PodSecurity evaluates
 * significant pod updates only (upstream's isSignificantPodUpdate) and warns again on workload updates,
 * ResourceQuota charges an update's increase (a Service turned NodePort), NamespaceLifecycle refuses
 * creates in a namespace being deleted, server-side apply creates go through the whole chain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster } from '../integration/harness';

let tc: TestCluster;

beforeAll(async () => {
  tc = await startTestCluster(2);
}, 120_000);

afterAll(async () => {
  await tc?.stop();
});

async function ok(args: string[], input?: string): Promise<{ stdout: string; stderr: string }> {
  const result = await tc.kubectl(args, input === undefined ? {} : { input });
  expect(result.stderr).not.toMatch(/^error|Error from server/m);
  expect(result.code).toBe(0);
  return result;
}

const RESTRICTED_VIOLATIONS = (c: string) =>
  `allowPrivilegeEscalation != false (container "${c}" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "${c}" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "${c}" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "${c}" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")`;

const POD = (image: string) => `apiVersion: v1
kind: Pod
metadata:
  name: legacy
  namespace: tightened
spec:
  containers:
  - name: app
    image: ${image}
`;

describe('PodSecurity on updates', () => {
  beforeAll(async () => {
    await ok(['create', 'namespace', 'tightened']);
    await ok(['apply', '-f', '-'], POD('nginx:1.26'));
    const labelled = await ok([
      'label',
      'namespace',
      'tightened',
      'pod-security.kubernetes.io/enforce=restricted',
    ]);
    expect(labelled.stderr).toBe(
      [
        'Warning: existing pods in namespace "tightened" violate the new PodSecurity enforce level "restricted:latest"',
        'Warning: legacy: allowPrivilegeEscalation != false, unrestricted capabilities, runAsNonRoot != true, seccompProfile',
        '',
      ].join('\n'),
    );
  });

  it('lets insignificant updates of a violating pod through (labels, annotations)', async () => {
    expect((await ok(['label', 'pod', 'legacy', '-n', 'tightened', 'tier=web'])).stdout).toBe(
      'pod/legacy labeled\n',
    );
    expect((await ok(['annotate', 'pod', 'legacy', '-n', 'tightened', 'note=kept'])).stdout).toBe(
      'pod/legacy annotated\n',
    );
  });

  it('refuses an image change of a violating pod (patch and replace) with the upstream message', async () => {
    const patched = await tc.kubectl([
      'patch',
      'pod',
      'legacy',
      '-n',
      'tightened',
      '-p',
      '{"spec":{"containers":[{"name":"app","image":"nginx:1.27"}]}}',
    ]);
    expect(patched.code).toBe(1);
    expect(patched.stderr).toBe(
      `Error from server (Forbidden): pods "legacy" is forbidden: violates PodSecurity "restricted:latest": ${RESTRICTED_VIOLATIONS('app')}\n`,
    );
    // replace sends the whole live pod with only the image changed (a bare manifest would fail validation first).
    const live = JSON.parse((await ok(['get', 'pod', 'legacy', '-n', 'tightened', '-o', 'json'])).stdout);
    live.spec.containers[0].image = 'nginx:1.27';
    const replaced = await tc.kubectl(['replace', '-f', '-'], { input: JSON.stringify(live) });
    expect(replaced.code).toBe(1);
    expect(replaced.stderr).toBe(
      `Error from server (Forbidden): error when replacing "STDIN": pods "legacy" is forbidden: violates PodSecurity "restricted:latest": ${RESTRICTED_VIOLATIONS('app')}\n`,
    );
    const image = await ok([
      'get',
      'pod',
      'legacy',
      '-n',
      'tightened',
      '-o',
      'jsonpath={.spec.containers[0].image}',
    ]);
    expect(image.stdout).toBe('nginx:1.26');
  });

  it('evaluates a dry-run update too, and refuses a server-side apply create', async () => {
    const dry = await tc.kubectl([
      'patch',
      'pod',
      'legacy',
      '-n',
      'tightened',
      '--dry-run=server',
      '-p',
      '{"spec":{"containers":[{"name":"app","image":"nginx:1.27"}]}}',
    ]);
    expect(dry.code).toBe(1);
    expect(dry.stderr).toContain('pods "legacy" is forbidden: violates PodSecurity "restricted:latest"');
    const ssa = await tc.kubectl(['apply', '--server-side', '-f', '-'], {
      input: POD('nginx:1.27').replace('name: legacy', 'name: fresh'),
    });
    expect(ssa.code).toBe(1);
    expect(ssa.stderr).toContain(
      `pods "fresh" is forbidden: violates PodSecurity "restricted:latest": ${RESTRICTED_VIOLATIONS('app')}`,
    );
    expect((await tc.kubectl(['get', 'pod', 'fresh', '-n', 'tightened'])).code).toBe(1);
  });

  it('warns again when a workload template is updated under the warn level', async () => {
    await ok(['create', 'namespace', 'watched']);
    await ok(['create', 'deployment', 'web', '--image=nginx', '-n', 'watched']);
    await ok(['label', 'namespace', 'watched', 'pod-security.kubernetes.io/warn=restricted']);
    const result = await ok(['set', 'image', 'deployment/web', 'nginx=nginx:1.27', '-n', 'watched']);
    expect(result.stdout).toBe('deployment.apps/web image updated\n');
    expect(result.stderr).toBe(
      `Warning: would violate PodSecurity "restricted:latest": ${RESTRICTED_VIOLATIONS('nginx')}\n`,
    );
    // The scale subresource is not evaluated (upstream skips subresources of workloads).
    const scaled = await ok(['scale', 'deployment/web', '--replicas=2', '-n', 'watched']);
    expect(scaled.stderr).toBe('');
  });
});

describe('ResourceQuota on updates', () => {
  it('refuses turning a Service into a NodePort past services.nodeports, with the increase as requested', async () => {
    await ok(['create', 'namespace', 'ports']);
    await ok(['create', 'quota', 'q', '--hard=services.nodeports=0,services=5', '-n', 'ports']);
    await ok(['create', 'service', 'clusterip', 'web', '--tcp=80:8080', '-n', 'ports']);
    const result = await tc.kubectl([
      'patch',
      'service',
      'web',
      '-n',
      'ports',
      '-p',
      '{"spec":{"type":"NodePort"}}',
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'Error from server (Forbidden): services "web" is forbidden: exceeded quota: q, requested: services.nodeports=1, used: services.nodeports=0, limited: services.nodeports=0\n',
    );
    // An update that does not increase usage passes (the Service already counts against `services`).
    expect((await ok(['label', 'service', 'web', '-n', 'ports', 'tier=front'])).stdout).toBe(
      'service/web labeled\n',
    );
  });
});

describe('NamespaceLifecycle', () => {
  it('refuses creates in a missing namespace and in one being deleted', async () => {
    const missing = await tc.kubectl(['create', 'configmap', 'c', '-n', 'nowhere']);
    expect(missing.stderr).toBe('error: failed to create configmap: namespaces "nowhere" not found\n');
    await ok(['create', 'namespace', 'leaving']);
    await ok(['create', 'configmap', 'held', '-n', 'leaving']);
    // A finalizer keeps the namespace in Terminating while its content is deleted.
    await ok([
      'patch',
      'configmap',
      'held',
      '-n',
      'leaving',
      '-p',
      '{"metadata":{"finalizers":["example.com/hold"]}}',
    ]);
    await ok(['delete', 'namespace', 'leaving', '--wait=false']);
    const refused = await tc.kubectl(['create', 'configmap', 'late', '-n', 'leaving']);
    expect(refused.stderr).toBe(
      'error: failed to create configmap: configmaps "late" is forbidden: unable to create new content in namespace leaving because it is being terminated\n',
    );
    await ok([
      'patch',
      'configmap',
      'held',
      '-n',
      'leaving',
      '--type=json',
      '-p',
      '[{"op":"remove","path":"/metadata/finalizers"}]',
    ]);
  });
});
