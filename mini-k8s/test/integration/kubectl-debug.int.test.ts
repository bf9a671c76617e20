/**
 * `kubectl debug` against mini-k8s with the real kubectl (v1.32): the strategic merge patch on
 * `pods/<name>/ephemeralcontainers`, the ephemeral container started by the kubelet (simulated runtime)
 * and shown by `describe`, `logs`, `exec`, upstream's refusals (removing an ephemeral container, fields
 * an ephemeral container may not set, ephemeral containers on create), PodSecurity on the added container
 * and RBAC on the subresource.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, waitFor } from './harness';
import type { TestCluster } from './harness';

let t: TestCluster;
beforeAll(async () => {
  t = await startTestCluster(2);
  await t.kubectl(['run', 'web', '--image=nginx:1.27']);
  await t.kubectl(['wait', '--for=condition=Ready', 'pod/web', '--timeout=60s']);
}, 120_000);
afterAll(async () => {
  await t?.stop();
});

const EPHEMERAL_PATH = '/api/v1/namespaces/default/pods/web/ephemeralcontainers';

async function podJson(): Promise<{
  spec: { ephemeralContainers?: Record<string, unknown>[] };
  status: { ephemeralContainerStatuses?: { name: string; state: { running?: unknown } }[] };
}> {
  const got = await t.kubectl(['get', 'pod', 'web', '-o', 'json']);
  return JSON.parse(got.stdout);
}

describe('kubectl debug (ephemeral containers)', () => {
  it('adds an ephemeral container that the kubelet starts', async () => {
    const debug = await t.kubectl([
      'debug',
      'web',
      '--image=busybox:1.36',
      '--target=web',
      '-c',
      'dbg',
      '--profile=general',
      '--',
      'sh',
      '-c',
      'echo debugging; sleep 3600',
    ]);
    expect(debug.stderr).toBe('');
    expect(debug.code).toBe(0);
    expect(debug.stdout).toBe(
      `Targeting container "web". If you don't see processes from this container it may be because the container runtime doesn't support this feature.\n`,
    );
    const pod = await waitFor('the ephemeral container to run', async () => {
      const p = await podJson();
      return p.status.ephemeralContainerStatuses?.[0]?.state.running ? p : undefined;
    });
    expect(pod.spec.ephemeralContainers).toEqual([
      {
        name: 'dbg',
        image: 'busybox:1.36',
        command: ['sh', '-c', 'echo debugging; sleep 3600'],
        resources: {},
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        imagePullPolicy: 'IfNotPresent',
        // The general profile lets a debugger trace the target's processes.
        securityContext: { capabilities: { add: ['SYS_PTRACE'] } },
        targetContainerName: 'web',
      },
    ]);
    const status = pod.status.ephemeralContainerStatuses?.[0] as Record<string, unknown>;
    expect(status).toMatchObject({ name: 'dbg', ready: false, restartCount: 0, image: 'busybox:1.36' });
    expect(status).not.toHaveProperty('started');
  });

  it('shows it in describe, logs and exec', async () => {
    const described = await t.kubectl(['describe', 'pod', 'web']);
    // Values are aligned in columns: keep the indentation, collapse the space after each label.
    const text = described.stdout.replace(/(?<=\S:)[ \t]+(?=\S)/g, ' ');
    const section = text.split('Ephemeral Containers:\n')[1]?.split('\nConditions:')[0];
    expect(
      section
        ?.replace(/docker:\/\/\S+|containerd:\/\/\S+|sim:\/\/\S+/g, '<id>')
        .replace(/@sha256:[0-9a-f]+/g, '@<digest>')
        .replace(/Started: .*/g, 'Started: <date>')
        .replace(/kube-api-access-\w+/g, 'kube-api-access-<x>'),
    ).toBe(
      [
        '  dbg:',
        '    Container ID: <id>',
        '    Image: busybox:1.36',
        '    Image ID: docker.io/library/busybox@<digest>',
        '    Port: <none>',
        '    Host Port: <none>',
        '    Command:',
        '      sh',
        '      -c',
        '      echo debugging; sleep 3600',
        '    State: Running',
        '      Started: <date>',
        '    Ready: False',
        '    Restart Count: 0',
        '    Environment: <none>',
        '    Mounts: <none>',
      ].join('\n'),
    );
    const logs = await waitFor('the debug container logs', async () => {
      const out = await t.kubectl(['logs', 'web', '-c', 'dbg']);
      return out.stdout ? out : undefined;
    });
    expect(logs.stdout).toBe('debugging\n');
    const exec = await t.kubectl(['exec', 'web', '-c', 'dbg', '--', 'echo', 'inside']);
    expect(exec.stdout).toBe('inside\n');
    // --target: the debugger shares the process namespace of the web container.
    const ps = await t.kubectl(['exec', 'web', '-c', 'dbg', '--', 'ps']);
    expect(ps.stdout).toMatch(/^\s+1 root .* \/docker-entrypoint\.sh nginx -g daemon off;$/m);
    expect(ps.stdout).toMatch(/ sh -c echo debugging; sleep 3600$/m);
  });

  it('refuses to remove or change an ephemeral container with upstream texts', async () => {
    const pod = (await podJson()) as unknown as Record<string, { ephemeralContainers?: unknown[] }>;
    delete pod.spec.ephemeralContainers;
    const removed = await t.kubectl(['replace', '--raw', EPHEMERAL_PATH, '-f', '-'], {
      input: JSON.stringify(pod),
    });
    expect(removed.code).not.toBe(0);
    expect(removed.stderr).toContain(
      'The Pod "web" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers "dbg" may not be removed\n',
    );
    const patched = await t.kubectl([
      'patch',
      'pod',
      'web',
      '-p',
      '{"spec":{"ephemeralContainers":[{"name":"dbg","image":"busybox:1.37"}]}}',
    ]);
    expect(patched.code).not.toBe(0);
    expect(patched.stderr).toContain(
      'The Pod "web" is invalid: spec: Forbidden: pod updates may not change fields',
    );
  });

  it('refuses fields an ephemeral container may not set and ephemeral containers on create', async () => {
    const pod = (await podJson()) as unknown as { spec: { ephemeralContainers: unknown[] } };
    pod.spec.ephemeralContainers.push({
      name: 'web',
      image: 'busybox',
      ports: [{ containerPort: 80 }],
      readinessProbe: { exec: { command: ['true'] } },
      targetContainerName: 'nope',
    });
    const refused = await t.kubectl(['replace', '--raw', EPHEMERAL_PATH, '-f', '-'], {
      input: JSON.stringify(pod),
    });
    expect(refused.stderr).toBe(
      [
        'The Pod "web" is invalid: ',
        '* spec.ephemeralContainers[1].name: Duplicate value: "web"',
        '* spec.ephemeralContainers[1].targetContainerName: Not found: "nope"',
        '* spec.ephemeralContainers[1].ports: Forbidden: cannot be set for an Ephemeral Container',
        '* spec.ephemeralContainers[1].readinessProbe: Forbidden: cannot be set for an Ephemeral Container',
        '',
      ].join('\n'),
    );
    const manifest = t.writeFile(
      'with-ephemeral.yaml',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: early}\nspec:\n  containers: [{name: a, image: nginx}]\n  ephemeralContainers: [{name: b, image: busybox}]\n',
    );
    const created = await t.kubectl(['create', '-f', manifest]);
    expect(created.stderr).toBe(
      'The Pod "early" is invalid: spec.ephemeralContainers: Forbidden: cannot be set on create\n',
    );
  });

  it('attaches to an interactive debug container', async () => {
    const debug = await t.kubectl(
      ['debug', '-i', 'web', '--image=busybox', '--profile=general', '--', 'sh'],
      {
        input: 'echo hello from debug\nexit 3\n',
      },
    );
    expect(debug.stdout).toMatch(/^Defaulting debug container name to debugger-\w{5}\.\nhello from debug\n$/);
    expect(debug.stderr).toBe("If you don't see a command prompt, try pressing enter.\n");
  });

  it('applies PodSecurity to ephemeral containers', async () => {
    await t.kubectl(['create', 'namespace', 'locked']);
    await t.kubectl(['label', 'namespace', 'locked', 'pod-security.kubernetes.io/enforce=baseline']);
    await t.kubectl(['run', 'app', '-n', 'locked', '--image=nginx:1.27']);
    const refused = await t.kubectl([
      'debug',
      'app',
      '-n',
      'locked',
      '--image=busybox',
      '-c',
      'root',
      '--profile=sysadmin',
    ]);
    expect(refused.stderr).toBe(
      'Error from server (Forbidden): pods "app" is forbidden: violates PodSecurity "baseline:latest": privileged (container "root" must not set securityContext.privileged=true)\n',
    );
    // The general profile's SYS_PTRACE is not a baseline capability; the baseline profile passes.
    const debugAs = (name: string, profile: string) =>
      t.kubectl(['debug', 'app', '-n', 'locked', '--image=busybox', '-c', name, `--profile=${profile}`]);
    expect((await debugAs('tracer', 'general')).stderr).toBe(
      'Error from server (Forbidden): pods "app" is forbidden: violates PodSecurity "baseline:latest": non-default capabilities (container "tracer" must not include "SYS_PTRACE" in securityContext.capabilities.add)\n',
    );
    expect((await debugAs('ok', 'baseline')).stderr).toBe('');
  });

  it('asks RBAC for patch on pods/ephemeralcontainers', async () => {
    await t.kubectl([
      'create',
      'role',
      'pod-editor',
      '--verb=get,list,watch,update,patch',
      '--resource=pods',
    ]);
    await t.kubectl(['create', 'rolebinding', 'alice-pods', '--role=pod-editor', '--user=alice']);
    const denied = await t.kubectl([
      'debug',
      'web',
      '--image=busybox',
      '-c',
      'dbg2',
      '--profile=general',
      '--as',
      'alice',
    ]);
    expect(denied.code).not.toBe(0);
    expect(denied.stderr).toBe(
      'Error from server (Forbidden): pods "web" is forbidden: User "alice" cannot patch resource "pods/ephemeralcontainers" in API group "" in the namespace "default"\n',
    );
    await t.kubectl(['create', 'role', 'debugger', '--verb=patch', '--resource=pods/ephemeralcontainers']);
    await t.kubectl(['create', 'rolebinding', 'alice-debug', '--role=debugger', '--user=alice']);
    const allowed = await t.kubectl([
      'debug',
      'web',
      '--image=busybox',
      '-c',
      'dbg2',
      '--profile=general',
      '--as',
      'alice',
    ]);
    expect(allowed.stderr).toBe('');
    expect(allowed.code).toBe(0);
  });
});
