import { describe, expect, it } from 'vitest';
import { InputQueue } from '../io';
import type { ContainerStatus } from '../runtime';
import { runtimeConformance } from '../testing/conformance';
import { NGINX_INDEX_HTML } from './image-catalog';
import { SimulatedRuntime } from './simulated-runtime';

runtimeConformance('simulated', () => new SimulatedRuntime({ nodeName: 'node-1', speed: 0 }));

const decoder = new TextDecoder();

async function startPod(runtime: SimulatedRuntime, image: string, extra: Record<string, unknown> = {}) {
  const sandbox = await runtime.runPodSandbox({ name: 'p', namespace: 'default', uid: 'u', hostname: 'p' });
  await runtime.pullImage(image);
  const id = await runtime.createContainer(sandbox, { name: 'c', image, ...extra });
  return { sandbox, id };
}

function exited(runtime: SimulatedRuntime, id: string): Promise<ContainerStatus> {
  return new Promise((resolve) => {
    const off = runtime.onContainerEvent((event) => {
      if (event.containerId === id && event.type === 'exited') {
        off();
        resolve(event.status);
      }
    });
  });
}

async function logsOf(runtime: SimulatedRuntime, id: string): Promise<string> {
  let text = '';
  await runtime.logs(id, { onData: (chunk) => (text += chunk) });
  return text;
}

describe('SimulatedRuntime', () => {
  it('serves the nginx default page through port-forward and logs the access line', async () => {
    const runtime = new SimulatedRuntime({ nodeName: 'n', speed: 0 });
    const { sandbox, id } = await startPod(runtime, 'nginx');
    await runtime.startContainer(id);
    const stream = await runtime.portForward(sandbox, 80);
    const response = new Promise<string>((resolve) =>
      stream.once('data', (chunk: Buffer) => resolve(chunk.toString())),
    );
    stream.write('GET / HTTP/1.1\r\nHost: localhost:8080\r\nUser-Agent: curl/8.5.0\r\n\r\n');
    const text = await response;
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(text.endsWith(`\r\n\r\n${NGINX_INDEX_HTML}`)).toBe(true);
    expect(NGINX_INDEX_HTML.length).toBe(615);
    const logs = await logsOf(runtime, id);
    expect(logs).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up\n');
    expect(logs).toMatch(
      /127\.0\.0\.1 - - \[\d\d\/\w{3}\/\d{4}:\d\d:\d\d:\d\d \+0000\] "GET \/ HTTP\/1\.1" 200 615 "-" "curl\/8\.5\.0" "-"\n/,
    );
    await expect(runtime.portForward(sandbox, 81)).rejects.toThrow(/connection refused/);
    await runtime.close();
    expect(runtime.pendingTimers).toBe(0);
  });

  it('kills a stress container above its memory limit with OOMKilled', async () => {
    const runtime = new SimulatedRuntime({ nodeName: 'n', speed: 0 });
    const { id } = await startPod(runtime, 'polinux/stress', {
      command: ['stress'],
      args: ['--vm', '1', '--vm-bytes', '250M', '--vm-hang', '1'],
      resources: { memoryLimitBytes: 100 * 1024 * 1024 },
    });
    const done = exited(runtime, id);
    await runtime.startContainer(id);
    expect(await done).toMatchObject({ exitCode: 137, reason: 'OOMKilled' });
    await runtime.close();
  });

  it.each([
    { image: 'mysql:8.0', text: 'Database is uninitialized and password option is not specified' },
    { image: 'postgres:16', text: 'You must specify POSTGRES_PASSWORD to a non-empty value' },
  ])('exits 1 when $image has no password', async ({ image, text }) => {
    const runtime = new SimulatedRuntime({ nodeName: 'n', speed: 0 });
    const { id } = await startPod(runtime, image);
    const done = exited(runtime, id);
    await runtime.startContainer(id);
    expect(await done).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(await logsOf(runtime, id)).toContain(text);
    await runtime.close();
  });

  it('reports StartError for a missing executable', async () => {
    const runtime = new SimulatedRuntime({ nodeName: 'n', speed: 0 });
    const { id } = await startPod(runtime, 'busybox', { command: ['nope'] });
    await expect(runtime.startContainer(id)).rejects.toThrow(
      'exec: "nope": executable file not found in $PATH',
    );
    expect(await runtime.containerStatus(id)).toMatchObject({
      state: 'exited',
      exitCode: 128,
      reason: 'StartError',
    });
    await runtime.close();
  });

  it.each([
    {
      image: 'nginxx',
      message:
        'rpc error: code = Unknown desc = failed to pull and unpack image "docker.io/library/nginxx:latest": failed to resolve reference "docker.io/library/nginxx:latest": pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
    },
    {
      image: 'nginx:1.999',
      message:
        'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:1.999": failed to resolve reference "docker.io/library/nginx:1.999": docker.io/library/nginx:1.999: not found',
    },
  ])('gives containerd pull errors for $image', async ({ image, message }) => {
    const runtime = new SimulatedRuntime({ nodeName: 'n', speed: 0 });
    await expect(runtime.pullImage(image)).rejects.toThrow(message);
    await runtime.close();
  });

  it('accepts unknown images as busybox-like ones when asked to', async () => {
    const runtime = new SimulatedRuntime({ nodeName: 'n', speed: 0, allowUnknownImages: true });
    const info = await runtime.pullImage('example.com/team/tool:2');
    expect(info.repoTags).toEqual(['example.com/team/tool:2']);
    await runtime.close();
  });

  it('runs an interactive TTY shell over exec with prompt, echo and exit', async () => {
    const runtime = new SimulatedRuntime({ nodeName: 'n', speed: 0 });
    const { id } = await startPod(runtime, 'busybox', { command: ['sleep', 'infinity'] });
    await runtime.startContainer(id);
    const stdin = new InputQueue<string>();
    let output = '';
    const session = runtime.exec(id, ['sh'], {
      stdin,
      tty: true,
      onStdout: (chunk) => (output += decoder.decode(chunk)),
    });
    // Type each line once the prompt is shown: a terminal echoes type-ahead at once, like a real tty.
    const typeAtPrompt = async (line: string): Promise<void> => {
      while (!output.endsWith('/ # ')) await new Promise((resolve) => setTimeout(resolve, 1));
      stdin.push(line);
    };
    await typeAtPrompt('echo $HOSTNAME\r');
    await typeAtPrompt('nope\r');
    await typeAtPrompt('exit 5\r');
    expect(await session).toEqual({ exitCode: 5 });
    expect(output).toBe('/ # echo $HOSTNAME\r\np\r\n/ # nope\r\nsh: nope: not found\r\n/ # exit 5\r\n');
    await runtime.close();
  });

  it('serves hello-app to curl from another pod of the node', async () => {
    const runtime = new SimulatedRuntime({ nodeName: 'n', speed: 0 });
    const hello = await startPod(runtime, 'gcr.io/google-samples/hello-app:1.0');
    await runtime.startContainer(hello.id);
    const ip = (await runtime.podSandboxStatus(hello.sandbox)).ip;
    const client = await startPod(runtime, 'curlimages/curl', { command: ['sleep', '3600'] });
    await runtime.startContainer(client.id);
    let output = '';
    const result = await runtime.exec(client.id, ['curl', '-s', `http://${ip}:8080/`], {
      onStdout: (chunk) => (output += decoder.decode(chunk)),
    });
    expect(result.exitCode).toBe(0);
    expect(output).toBe('Hello, world!\nVersion: 1.0.0\nHostname: p\n');
    await runtime.close();
  });

  it('adds simulated load to stats and caps it at the CPU limit', async () => {
    const runtime = new SimulatedRuntime({ nodeName: 'n', speed: 0 });
    const { sandbox, id } = await startPod(runtime, 'nginx', { resources: { cpuLimitMilli: 200 } });
    await runtime.startContainer(id);
    runtime.setLoad(sandbox, 500);
    const [stats] = await runtime.stats({ podSandboxId: sandbox });
    expect(stats.cpuNanoCores).toBe(200_000_000);
    await runtime.close();
  });
});

describe('SimulatedRuntime ephemeral containers', () => {
  it('lets a container started with a target see and signal the target processes', async () => {
    const runtime = new SimulatedRuntime({ nodeName: 'n', speed: 0 });
    const { sandbox, id: target } = await startPod(runtime, 'nginx');
    await runtime.startContainer(target);
    await runtime.pullImage('busybox');
    const debug = await runtime.createContainer(sandbox, {
      name: 'dbg',
      image: 'busybox',
      command: ['sleep', '3600'],
      targetContainerId: target,
    });
    await runtime.startContainer(debug);
    const alone = await runtime.createContainer(sandbox, {
      name: 'other',
      image: 'busybox',
      command: ['sleep', '3600'],
    });
    await runtime.startContainer(alone);
    const ps = async (id: string): Promise<string> => {
      let out = '';
      await runtime.exec(id, ['ps'], { onStdout: (chunk) => (out += decoder.decode(chunk)) });
      return out;
    };
    const shared = await ps(debug);
    expect(shared).toMatch(/^\s+1 root .* \/docker-entrypoint.sh nginx -g daemon off;$/m);
    expect(shared).toMatch(/ sleep 3600$/m);
    // nginx's image has no ps (the reason to debug it); a container without a target sees only its own.
    expect(await ps(alone)).not.toMatch(/nginx/);
    const nginxExit = exited(runtime, target);
    const kill = await runtime.exec(debug, ['kill', '1'], { onStdout: () => undefined });
    expect(kill.exitCode).toBe(0);
    expect((await nginxExit).exitCode).toBe(0);
    await runtime.close();
  });
});
