import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerRuntime } from '../../src/kubelet/runtime/docker/docker-runtime';
import { buildCourseImages } from '../../src/kubelet/runtime/docker/offline-images';
import { InputQueue } from '../../src/kubelet/runtime/io';
import type { ContainerEvent } from '../../src/kubelet/runtime/runtime';
import { gate, probeDocker } from '../../src/testing/requirements';

const enabled = gate(await probeDocker(), 'REQUIRE_DOCKER');
const sandboxId = `images-${process.pid}-${Date.now().toString(36)}`;
const dataDir = path.join(os.tmpdir(), `atelier-docker-test-${sandboxId}`);

describe.skipIf(!enabled)('offline course images through DockerRuntime', () => {
  let runtime: DockerRuntime;
  let counter = 0;

  beforeAll(async () => {
    const docker = new Docker();
    await buildCourseImages(docker);
    runtime = new DockerRuntime({ docker, sandboxId, nodeName: 'node-1', dataDir });
  });
  afterAll(async () => {
    await runtime.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function start(image: string, extra: { command?: string[]; tty?: boolean; stdin?: boolean } = {}) {
    const name = `pod-${++counter}`;
    const sandbox = await runtime.runPodSandbox({
      name,
      namespace: 'default',
      uid: `${sandboxId}-${counter}`,
      hostname: name,
    });
    await runtime.pullImage(image);
    const id = await runtime.createContainer(sandbox, { name: 'main', image, ...extra });
    await runtime.startContainer(id);
    return { sandbox, id, name };
  }

  async function exec(id: string, cmd: string[]): Promise<string> {
    let out = '';
    await runtime.exec(id, cmd, {
      onStdout: (c) => (out += Buffer.from(c).toString()),
      onStderr: (c) => (out += Buffer.from(c).toString()),
    });
    return out;
  }

  /** httpGet sends one request through portForward and returns the raw response. */
  async function httpGet(sandbox: string, port: number): Promise<string> {
    for (let attempt = 0; ; attempt++) {
      try {
        const stream = await runtime.portForward(sandbox, port);
        return await new Promise((resolve, reject) => {
          let text = '';
          stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
          stream.on('end', () => resolve(text));
          stream.on('error', reject);
          stream.end('GET / HTTP/1.0\r\nHost: pod\r\n\r\n');
        });
      } catch (err) {
        // The server needs a moment after its container started.
        if (attempt >= 30) throw err;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  it.each([
    ['nginx:1.27', 80, '<h1>Welcome to nginx!</h1>'],
    ['nginx:1.7.9', 80, '<h1>Welcome to nginx!</h1>'],
    ['httpd:2.4', 80, '<html><body><h1>It works!</h1></body></html>'],
  ])('%s serves its default page on port %i', async (image, port, marker) => {
    const { sandbox } = await start(image);
    const response = await httpGet(sandbox, port);
    expect(response).toMatch(/^HTTP\/1\.[01] 200 OK/);
    expect(response).toContain(marker);
  });

  it('hello-app answers with its version and the pod hostname', async () => {
    const { sandbox, name } = await start('gcr.io/google-samples/hello-app:2.0');
    expect(await httpGet(sandbox, 8080)).toContain(`Hello, world!\nVersion: 2.0.0\nHostname: ${name}\n`);
  });

  it('redis stores and returns values through redis-cli', async () => {
    const { id } = await start('redis:7');
    let pong = '';
    for (let i = 0; i < 30 && pong !== 'PONG\n'; i++) {
      pong = await exec(id, ['redis-cli', 'ping']);
      if (pong !== 'PONG\n') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(pong).toBe('PONG\n');
    expect(await exec(id, ['redis-cli', 'set', 'greeting', 'bonjour le monde'])).toBe('OK\n');
    expect(await exec(id, ['redis-cli', 'get', 'greeting'])).toBe('bonjour le monde\n');
    expect(await exec(id, ['redis-cli', 'incr', 'visits'])).toBe('1\n');
    expect(await exec(id, ['redis-cli', 'incr', 'visits'])).toBe('2\n');
    expect(await exec(id, ['redis-cli', 'get', 'missing'])).toBe('\n');
  });

  it('stops a web server promptly on SIGTERM, like the real one', async () => {
    const { id } = await start('nginx');
    const started = Date.now();
    await runtime.stopContainer(id, 30);
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await runtime.containerStatus(id)).state).toBe('exited');
  });

  it('runs an interactive TTY exec with input and resize', async () => {
    const { id } = await start('busybox', { command: ['sleep', '3600'] });
    const stdin = new InputQueue<string>();
    const resize = new InputQueue<{ width: number; height: number }>();
    resize.push({ width: 100, height: 40 });
    let out = '';
    const done = runtime.exec(id, ['sh'], {
      tty: true,
      stdin,
      resize,
      onStdout: (c) => (out += Buffer.from(c).toString()),
    });
    stdin.push('stty size; echo "sum=$((20 + 22))"; exit 5\n');
    const { exitCode } = await done;
    resize.end();
    expect(exitCode).toBe(5);
    expect(out).toContain('40 100');
    expect(out).toContain('sum=42');
  });

  it('attaches to the main process stdin and reports start/exit events', async () => {
    const events: ContainerEvent[] = [];
    const off = runtime.onContainerEvent((e) => events.push(e));
    const { id } = await start('busybox', {
      command: ['sh', '-c', 'read line; echo "got $line"'],
      stdin: true,
    });
    const stdin = new InputQueue<string>();
    let out = '';
    const attached = runtime.attach(id, { stdin, onStdout: (c) => (out += Buffer.from(c).toString()) });
    stdin.push('hello\n');
    await attached;
    expect(out).toBe('got hello\n');
    for (let i = 0; i < 50 && !events.some((e) => e.containerId === id && e.type === 'exited'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    off();
    expect(events.filter((e) => e.containerId === id).map((e) => e.type)).toContain('exited');
    expect(events.find((e) => e.containerId === id && e.type === 'exited')?.status.reason).toBe('Completed');
  });

  it('reports missing binaries of exec like containerd', async () => {
    const { id } = await start('busybox', { command: ['sleep', '3600'] });
    await expect(runtime.exec(id, ['nosuchbin'], { onStdout: () => undefined })).rejects.toThrow(
      /OCI runtime exec failed: .*executable file not found in \$PATH/,
    );
  });
});
