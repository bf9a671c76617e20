import Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { buildBusyboxImage } from '../../src/kubelet/runtime/docker/offline-images';
import { gate, probeDocker } from '../../src/testing/requirements';

const enabled = gate(await probeDocker(), 'REQUIRE_DOCKER');

describe.skipIf(!enabled)('offline busybox image (real Docker daemon)', () => {
  it('builds the image without a registry and runs a container from it', async () => {
    const docker = new Docker();
    const tag = 'atelier-test/busybox:ci';
    const id = await buildBusyboxImage(docker, tag);
    expect(id).toMatch(/^sha256:/);

    const container = await docker.createContainer({
      Image: tag,
      Cmd: ['sh', '-c', 'echo "bonjour depuis $(hostname)"; exit 3'],
      Hostname: 'atelier',
      HostConfig: { NetworkMode: 'none' },
    });
    try {
      await container.start();
      const result = (await container.wait()) as { StatusCode: number };
      expect(result.StatusCode).toBe(3);
      const logs = (await container.logs({ stdout: true, stderr: true })) as Buffer;
      // Docker multiplexes stdout/stderr with an 8-byte header per frame.
      expect(logs.subarray(8).toString()).toBe('bonjour depuis atelier\n');
    } finally {
      await container.remove({ force: true });
      await docker.getImage(tag).remove({ force: true });
    }
  });
});
