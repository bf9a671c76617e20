/**
 * The platform's Docker runtime works unchanged through the socket proxy (the shared runtime conformance suite),
 * while the proxy hides and protects everything that is not the platform's and refuses dangerous requests.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DockerRuntime, removeDockerSandbox } from '../../mini-k8s/src/kubelet/runtime/docker/docker-runtime';
import {
  buildCourseImages,
  findStaticBusybox,
} from '../../mini-k8s/src/kubelet/runtime/docker/offline-images';
import { runtimeConformance } from '../../mini-k8s/src/kubelet/runtime/testing/conformance';
import {
  ensureToolbox,
  ensureToolboxImage,
  removeToolbox,
  stopToolbox,
} from '../../mini-k8s/src/kubelet/runtime/docker/toolbox';
import { openToolboxShell } from '../../mini-k8s/src/kubelet/runtime/docker/toolbox-exec';
import { gate, probeDocker } from '../../mini-k8s/src/testing/requirements';
import { createSocketProxy } from './server';

const enabled = gate(await probeDocker(), 'REQUIRE_DOCKER');
const direct = new Docker();
const run = `${process.pid}-${Date.now().toString(36)}`;
const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-proxy-'));
const refused: string[] = [];
const proxy = createSocketProxy({
  upstreamSocket: '/var/run/docker.sock',
  dataRoots: [dataRoot],
  log: (entry) => refused.push(`${entry.method} ${entry.path}`),
});
let viaProxy: Docker;
let foreignId = '';
const sandboxes: string[] = [];

function newRuntime(sandboxId: string): DockerRuntime {
  sandboxes.push(sandboxId);
  return new DockerRuntime({
    docker: viaProxy,
    sandboxId,
    nodeName: 'node-1',
    dataDir: path.join(dataRoot, sandboxId),
    // configMap/secret files must sit under an allowed root too (by default they go to the host's /dev/shm).
    filesDir: path.join(dataRoot, `${sandboxId}-files`),
  });
}

describe.skipIf(!enabled)('Docker runtime through the socket proxy', () => {
  beforeAll(async () => {
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    viaProxy = new Docker({
      host: '127.0.0.1',
      port: (proxy.address() as AddressInfo).port,
      protocol: 'http',
    });
    // Course images are imported through the proxy too (POST /images/create?fromSrc=-).
    await buildCourseImages(viaProxy);
    const foreign = await direct.createContainer({
      Image: 'atelier/busybox:offline',
      Cmd: ['true'],
      name: `foreign-${run}`,
    });
    foreignId = foreign.id;
  });
  afterAll(async () => {
    for (const id of sandboxes) await removeDockerSandbox(direct, id).catch(() => undefined);
    if (foreignId)
      await direct
        .getContainer(foreignId)
        .remove({ force: true })
        .catch(() => undefined);
    await new Promise((resolve) => proxy.close(resolve));
    fs.rmSync(dataRoot, { recursive: true, force: true });
  });

  runtimeConformance('docker via socket proxy', () => newRuntime(`proxy-${run}`), { timeoutMs: 20_000 });

  it('hides containers that are not the platform’s and refuses to touch them', async () => {
    const listed = await viaProxy.listContainers({ all: true });
    expect(listed.map((c) => c.Id)).not.toContain(foreignId);
    expect(listed.every((c) => c.Labels['atelier.sandbox'])).toBe(true);
    await expect(viaProxy.getContainer(foreignId).inspect()).rejects.toMatchObject({ statusCode: 403 });
    await expect(viaProxy.getContainer(foreignId).remove({ force: true })).rejects.toMatchObject({
      statusCode: 403,
    });
    expect((await direct.getContainer(foreignId).inspect()).Id).toBe(foreignId);
  });

  it('runs the toolbox terminal through the proxy: image import, container, TTY shell as the learner, stop, remove', async () => {
    const refusedBefore = refused.length;
    const sandboxId = `proxytb-${run}`;
    // The toolbox joins the sandbox network, which the sandbox's runtime creates.
    const runtime = newRuntime(sandboxId);
    await runtime.adopt();
    // A static busybox stands for kubectl (the platform ships its own): the image plumbing is the same.
    const kubectl = await findStaticBusybox();
    const image = await ensureToolboxImage(viaProxy, kubectl);
    const toolbox = await ensureToolbox(viaProxy, { sandboxId, image });
    const shell = await openToolboxShell(viaProxy.getContainer(toolbox.id), { cols: 80, rows: 24 });
    let output = '';
    shell.onData((data) => {
      output += data;
      if (data.includes('\x1b[6n')) shell.write('\x1b[1;1R');
    });
    shell.resize(100, 30);
    shell.write('echo "uid=$(id -u) sum=$((20+22))"\r');
    const until = Date.now() + 30_000;
    while (!/uid=10001 sum=42/.test(output)) {
      if (Date.now() > until) throw new Error(`no answer from the toolbox shell:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    shell.close();
    await stopToolbox(viaProxy, sandboxId);
    expect((await direct.getContainer(toolbox.id).inspect()).State.Running).toBe(false);
    // Re-adopted (restarted) rather than created again.
    expect((await ensureToolbox(viaProxy, { sandboxId, image })).id).toBe(toolbox.id);
    expect(await removeToolbox(viaProxy, sandboxId)).toBe(true);
    await runtime.close();
    expect(refused.slice(refusedBefore)).toEqual([]);
  });

  it('refuses privileged containers, host binds and calls the runtime never makes', async () => {
    await expect(
      viaProxy.createContainer({
        Image: 'atelier/busybox:offline',
        Labels: { 'atelier.sandbox': `proxy-${run}` },
        HostConfig: { Privileged: true },
      }),
    ).rejects.toMatchObject({ statusCode: 403 });
    await expect(
      viaProxy.createContainer({
        Image: 'atelier/busybox:offline',
        Labels: { 'atelier.sandbox': `proxy-${run}` },
        HostConfig: { Binds: ['/:/host'] },
      }),
    ).rejects.toMatchObject({ statusCode: 403 });
    await expect(viaProxy.info()).rejects.toMatchObject({ statusCode: 403 });
    await expect(viaProxy.listVolumes()).rejects.toMatchObject({ statusCode: 403 });
    expect(refused).toEqual(expect.arrayContaining(['POST /containers/create', 'GET /info', 'GET /volumes']));
  });
});
