/**
 * The kubelet's runAsNonRoot check through the real kubectl (simulated runtime): an image running as root
 * leaves the container in CreateContainerConfigError with upstream's message, an explicit non-root
 * runAsUser runs, an image whose user is a name cannot be verified.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestCluster, type TestCluster, waitFor } from '../integration/harness';

let tc: TestCluster;

beforeAll(async () => {
  tc = await startTestCluster(2);
}, 120_000);

afterAll(async () => {
  await tc?.stop();
});

const pod = (name: string, image: string, securityContext: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
spec:
  securityContext:
${securityContext}
  containers:
  - name: app
    image: ${image}
`;

async function waiting(name: string): Promise<{ reason: string; message: string }> {
  return waitFor(`${name} waiting with a config error`, async () => {
    const r = await tc.kubectl([
      'get',
      'pod',
      name,
      '-o',
      'jsonpath={.status.containerStatuses[0].state.waiting}',
    ]);
    const state = r.stdout ? (JSON.parse(r.stdout) as { reason: string; message: string }) : undefined;
    return state?.reason === 'CreateContainerConfigError' ? state : undefined;
  });
}

describe('runAsNonRoot', () => {
  it('refuses an image that runs as root with CreateContainerConfigError', async () => {
    const created = await tc.kubectl(['apply', '-f', '-'], {
      input: pod('rooted', 'nginx:1.27', '    runAsNonRoot: true'),
    });
    expect(created.stdout).toBe('pod/rooted created\n');
    const uid = (await tc.kubectl(['get', 'pod', 'rooted', '-o', 'jsonpath={.metadata.uid}'])).stdout;
    const state = await waiting('rooted');
    expect(state.message).toBe(
      `container has runAsNonRoot and image will run as root (pod: "rooted_default(${uid})", container: app)`,
    );
    const table = await tc.kubectl(['get', 'pod', 'rooted', '--no-headers']);
    expect(table.stdout).toMatch(/^rooted\s+0\/1\s+CreateContainerConfigError\s+0\s+\S+\n$/);
    const events = await tc.kubectl([
      'get',
      'events',
      '--field-selector',
      'involvedObject.name=rooted,reason=Failed',
      '-o',
      'jsonpath={.items[0].message}',
    ]);
    expect(events.stdout).toBe(`Error: ${state.message}`);
  });

  it('runs the same image under an explicit non-root runAsUser', async () => {
    await tc.kubectl(['apply', '-f', '-'], {
      input: pod('unprivileged', 'nginx:1.27', '    runAsNonRoot: true\n    runAsUser: 101'),
    });
    await waitFor('unprivileged running', async () => {
      const r = await tc.kubectl(['get', 'pod', 'unprivileged', '-o', 'jsonpath={.status.phase}']);
      return r.stdout === 'Running' ? true : undefined;
    });
  });

  it('cannot verify an image whose user is a name', async () => {
    await tc.kubectl(['apply', '-f', '-'], {
      input: pod('named', 'curlimages/curl:8.11.1', '    runAsNonRoot: true'),
    });
    const state = await waiting('named');
    expect(state.message).toMatch(
      /^container has runAsNonRoot and image has non-numeric user \(curl_user\), cannot verify user is non-root \(pod: "named_default\([0-9a-f-]+\)", container: app\)$/,
    );
  });
});
