/**
 * runtimeConformance defines the vitest suite every ContainerRuntime must pass (simulated, Docker,
 * kubernetes). It only uses busybox and nginx with `sh -c`, `sleep` and `cat`, so a real runtime can run it
 * unchanged.
 *
 * A `wholePod` runtime (the kubernetes runtime: one host Pod per pod) cannot add a pod's containers one by
 * one to a sandbox that already runs, nor have a sandbox without containers: for it, `runPod` declares the
 * containers in `PodSandboxConfig.pod` (restart policy Never) and finds their instances with
 * `listContainers`. Every expectation on the containers themselves is the same for all runtimes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContainerConfig, ContainerRuntime, ContainerStatus, PodSandboxConfig } from '../runtime';

const BUSYBOX = 'busybox:1.36';
const NGINX = 'nginx:1.27';

/** ConformanceOptions tune the suite for slower runtimes. */
export interface ConformanceOptions {
  /** timeoutMs bounds each wait (default 10 s). */
  timeoutMs?: number;
}

/** runtimeConformance registers the suite; `create` builds a fresh runtime, closed after the suite. */
export function runtimeConformance(
  name: string,
  create: () => ContainerRuntime | Promise<ContainerRuntime>,
  options: ConformanceOptions = {},
): void {
  const timeoutMs = options.timeoutMs ?? 10_000;
  let runtime: ContainerRuntime;
  let podCounter = 0;

  const waitForExit = (id: string): Promise<ContainerStatus> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`container ${id} did not exit in ${timeoutMs} ms`)),
        timeoutMs,
      );
      const done = (status: ContainerStatus): void => {
        clearTimeout(timer);
        off();
        resolve(status);
      };
      const off = runtime.onContainerEvent((event) => {
        if (event.containerId === id && event.type === 'exited') done(event.status);
      });
      void runtime.containerStatus(id).then((status) => {
        if (status.state === 'exited') done(status);
      });
    });

  const pod = async (extra: Partial<PodSandboxConfig> = {}): Promise<string> => {
    const podName = `conformance-${++podCounter}`;
    return runtime.runPodSandbox({
      name: podName,
      namespace: 'default',
      uid: `uid-${podCounter}-${Date.now()}`,
      hostname: podName,
      dnsConfig: {
        servers: ['10.96.0.10'],
        searches: ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'],
        options: ['ndots:5'],
      },
      ...extra,
    });
  };

  const run = async (sandboxId: string, config: ContainerConfig): Promise<string> => {
    await runtime.pullImage(config.image);
    const id = await runtime.createContainer(sandboxId, config);
    await runtime.startContainer(id);
    return id;
  };

  /** started waits until the runtime reports an instance of `name` that runs or ran in the sandbox. */
  const started = (sandboxId: string, name: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`container ${name} did not start in ${timeoutMs} ms`)),
        timeoutMs,
      );
      const check = async (): Promise<void> => {
        const found = (await runtime.listContainers({ podSandboxId: sandboxId })).find(
          (c) => c.name === name && (c.state === 'running' || c.state === 'exited'),
        );
        if (!found) return;
        clearTimeout(timer);
        off();
        resolve(found.id);
      };
      const off = runtime.onContainerEvent((event) => {
        if (event.podSandboxId === sandboxId) void check();
      });
      void check();
    });

  /** runPod starts a pod with these containers (in this order) and returns the sandbox and container ids. */
  const runPod = async (
    configs: ContainerConfig[],
    extra: Partial<PodSandboxConfig> = {},
  ): Promise<{ sandbox: string; ids: string[] }> => {
    if (!runtime.wholePod) {
      const sandbox = await pod(extra);
      const ids = [];
      for (const config of configs) ids.push(await run(sandbox, config));
      return { sandbox, ids };
    }
    const sandbox = await pod({
      ...extra,
      pod: { restartPolicy: 'Never', initContainers: [], containers: configs },
    });
    const ids = [];
    for (const config of configs) ids.push(await started(sandbox, config.name));
    return { sandbox, ids };
  };

  const runOne = async (config: ContainerConfig): Promise<string> => (await runPod([config])).ids[0];

  const execText = async (
    id: string,
    cmd: string[],
  ): Promise<{ stdout: string; stderr: string; exitCode: number }> => {
    const decoder = new TextDecoder();
    let stdout = '';
    let stderr = '';
    const { exitCode } = await runtime.exec(id, cmd, {
      onStdout: (chunk) => (stdout += decoder.decode(chunk)),
      onStderr: (chunk) => (stderr += decoder.decode(chunk)),
    });
    return { stdout, stderr, exitCode };
  };

  const logText = async (
    id: string,
    opts: { tailLines?: number; timestamps?: boolean } = {},
  ): Promise<string> => {
    let text = '';
    await runtime.logs(id, { ...opts, onData: (chunk) => (text += chunk) });
    return text;
  };

  describe(`ContainerRuntime conformance: ${name}`, () => {
    beforeAll(async () => {
      runtime = await create();
    });
    afterAll(async () => {
      await runtime.close();
    });

    it('runs, stops and removes a pod sandbox', async () => {
      // A whole pod has at least one container (a host Pod needs one).
      const id = runtime.wholePod
        ? (await runPod([{ name: 'main', image: BUSYBOX, command: ['sleep', '3600'] }])).sandbox
        : await pod();
      const status = await runtime.podSandboxStatus(id);
      expect(status.state).toBe('ready');
      expect(status.ip).toMatch(/^\d+\.\d+\.\d+\.\d+$/);
      await runtime.stopPodSandbox(id);
      expect((await runtime.podSandboxStatus(id)).state).toBe('notready');
      await runtime.removePodSandbox(id);
      expect((await runtime.listPodSandboxes()).map((s) => s.id)).not.toContain(id);
    });

    it.each([
      { script: 'echo done', exitCode: 0, reason: 'Completed' },
      { script: 'echo failing >&2; exit 3', exitCode: 3, reason: 'Error' },
    ])('reports exit code $exitCode and reason $reason', async ({ script, exitCode, reason }) => {
      const id = await runOne({ name: 'main', image: BUSYBOX, command: ['sh', '-c', script] });
      const status = await waitForExit(id);
      expect(status).toMatchObject({ state: 'exited', exitCode, reason });
      expect(status.finishedAt).toBeInstanceOf(Date);
    });

    it('stops a container that ignores SIGTERM after the grace period (exit 137)', async () => {
      const id = await runOne({ name: 'sleeper', image: BUSYBOX, command: ['sleep', '3600'] });
      expect((await runtime.containerStatus(id)).state).toBe('running');
      const started = Date.now();
      await runtime.stopContainer(id, 1);
      const status = await runtime.containerStatus(id);
      expect(status.state).toBe('exited');
      expect(status.exitCode).toBe(137);
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    });

    it('keeps logs with tail and RFC3339Nano timestamps', async () => {
      const id = await runOne({
        name: 'logger',
        image: BUSYBOX,
        command: ['sh', '-c', 'for i in 1 2 3; do echo line$i; done'],
      });
      await waitForExit(id);
      expect(await logText(id)).toBe('line1\nline2\nline3\n');
      expect(await logText(id, { tailLines: 2 })).toBe('line2\nline3\n');
      expect(await logText(id, { tailLines: 1, timestamps: true })).toMatch(
        /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z line3\n$/,
      );
    });

    it('follows logs until the container exits', async () => {
      const id = await runOne({
        name: 'follow',
        image: BUSYBOX,
        command: ['sh', '-c', 'echo first; sleep 1; echo second'],
      });
      let text = '';
      await runtime.logs(id, { follow: true, onData: (chunk) => (text += chunk) });
      expect(text).toBe('first\nsecond\n');
    });

    it('execs commands with separate output streams and exit codes', async () => {
      const id = await runOne({ name: 'web', image: NGINX });
      const result = await execText(id, ['sh', '-c', 'echo out; echo err >&2; exit 4']);
      expect(result).toEqual({ stdout: 'out\n', stderr: 'err\n', exitCode: 4 });
      const page = await execText(id, ['cat', '/usr/share/nginx/html/index.html']);
      expect(page.stdout).toContain('<h1>Welcome to nginx!</h1>');
      expect(page.exitCode).toBe(0);
    });

    it('shares an emptyDir between the containers of a pod', async () => {
      const mounts = [{ kind: 'emptyDir' as const, volumeName: 'shared', containerPath: '/data' }];
      const {
        ids: [, reader],
      } = await runPod([
        {
          name: 'writer',
          image: BUSYBOX,
          command: ['sh', '-c', 'echo hello > /data/msg; sleep 3600'],
          mounts,
        },
        { name: 'reader', image: BUSYBOX, command: ['sleep', '3600'], mounts },
      ]);
      let result = await execText(reader, ['cat', '/data/msg']);
      for (let i = 0; i < 50 && result.stdout === ''; i++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        result = await execText(reader, ['cat', '/data/msg']);
      }
      expect(result.stdout).toBe('hello\n');
    });

    it('shows updated volume files to a running container', async () => {
      const {
        sandbox,
        ids: [id],
      } = await runPod([
        {
          name: 'app',
          image: BUSYBOX,
          command: ['sleep', '3600'],
          mounts: [
            { kind: 'files', volumeName: 'config', containerPath: '/etc/app', files: { 'app.conf': 'v1\n' } },
          ],
        },
      ]);
      expect((await execText(id, ['cat', '/etc/app/app.conf'])).stdout).toBe('v1\n');
      await runtime.updateFiles(sandbox, 'config', { 'app.conf': 'v2\n' });
      expect((await execText(id, ['cat', '/etc/app/app.conf'])).stdout).toBe('v2\n');
    });

    it('fails to pull an image tag that does not exist', async () => {
      await expect(runtime.pullImage('nginx:1.999')).rejects.toThrow(/nginx:1\.999.*not found/);
    });

    it('reports stats for running containers', async () => {
      const {
        sandbox,
        ids: [id],
      } = await runPod([{ name: 'web', image: NGINX }]);
      const stats = await runtime.stats({ podSandboxId: sandbox });
      const entry = stats.find((s) => s.containerId === id);
      expect(entry).toBeDefined();
      expect(entry?.memoryWorkingSetBytes).toBeGreaterThan(0);
      expect(entry?.cpuNanoCores).toBeGreaterThanOrEqual(0);
    });
  });
}
