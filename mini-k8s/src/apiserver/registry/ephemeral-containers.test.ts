import { describe, expect, it } from 'vitest';
import { newTestRegistry, pod, R, testContext } from './test-support';

const debugger1 = { name: 'dbg', image: 'busybox:1.36', targetContainerName: 'main' };

describe('ephemeralcontainers subresource', () => {
  it('adds ephemeral containers only, defaulted, whatever else the body changes', async () => {
    const { registry, ctx } = await newTestRegistry();
    const created = await registry.create(R.pods, 'default', pod('web', { labels: { app: 'web' } }), ctx);
    const read = await registry.getSubresource(R.pods, 'default', 'web', 'ephemeralcontainers', ctx);
    expect(read.kind).toBe('Pod');
    const body = structuredClone(created);
    (body.spec as Record<string, unknown>).ephemeralContainers = [debugger1];
    (body.spec as { containers: { image: string }[] }).containers[0].image = 'nginx';
    body.metadata.labels = { app: 'changed' };
    const { object } = await registry.update(R.pods, 'default', 'web', body, ctx, 'ephemeralcontainers');
    const spec = object.spec as { containers: { image: string }[]; ephemeralContainers: unknown[] };
    expect(spec.containers[0].image).toBe('busybox:1.36');
    expect(object.metadata.labels).toEqual({ app: 'web' });
    expect(spec.ephemeralContainers).toEqual([
      {
        ...debugger1,
        imagePullPolicy: 'IfNotPresent',
        terminationMessagePath: '/dev/termination-log',
        terminationMessagePolicy: 'File',
        resources: {},
      },
    ]);
  });

  it('appends with a strategic merge patch and keeps nothing on dry run', async () => {
    const { registry, ctx } = await newTestRegistry();
    await registry.create(R.pods, 'default', pod('web'), ctx);
    const patch = { spec: { ephemeralContainers: [debugger1] } };
    const dry = await registry.patch(
      R.pods,
      'default',
      'web',
      'strategic',
      patch,
      testContext({ dryRun: true }),
      {
        subresource: 'ephemeralcontainers',
      },
    );
    expect((dry.object.spec as { ephemeralContainers: unknown[] }).ephemeralContainers).toHaveLength(1);
    const live = await registry.get(R.pods, 'default', 'web', ctx);
    expect((live.spec as { ephemeralContainers?: unknown[] }).ephemeralContainers).toBeUndefined();
    await registry.patch(R.pods, 'default', 'web', 'strategic', patch, ctx, {
      subresource: 'ephemeralcontainers',
    });
    const second = { spec: { ephemeralContainers: [{ name: 'dbg2', image: 'busybox:1.36' }] } };
    const { object } = await registry.patch(R.pods, 'default', 'web', 'strategic', second, ctx, {
      subresource: 'ephemeralcontainers',
    });
    const names = (object.spec as { ephemeralContainers: { name: string }[] }).ephemeralContainers.map(
      (c) => c.name,
    );
    expect(names.sort()).toEqual(['dbg', 'dbg2']);
  });

  it('refuses changes with upstream messages, and ephemeral containers on the main resource', async () => {
    const { registry, ctx } = await newTestRegistry();
    await registry.create(R.pods, 'default', pod('web'), ctx);
    await registry.patch(
      R.pods,
      'default',
      'web',
      'strategic',
      { spec: { ephemeralContainers: [debugger1] } },
      ctx,
      {
        subresource: 'ephemeralcontainers',
      },
    );
    const changed = { spec: { ephemeralContainers: [{ ...debugger1, image: 'busybox:1.37' }] } };
    await expect(
      registry.patch(R.pods, 'default', 'web', 'strategic', changed, ctx, {
        subresource: 'ephemeralcontainers',
      }),
    ).rejects.toThrow(
      'Pod "web" is invalid: spec.ephemeralContainers: Forbidden: existing ephemeral containers "dbg" may not be changed\n' +
        '  core.EphemeralContainer{\n- \timage: "busybox:1.36",\n+ \timage: "busybox:1.37",\n  }\n',
    );
    const withProbe = {
      spec: {
        ephemeralContainers: [
          {
            name: 'x',
            image: 'busybox',
            lifecycle: { preStop: { exec: { command: ['true'] } } },
            resources: { limits: { cpu: '1' } },
          },
        ],
      },
    };
    await expect(
      registry.patch(R.pods, 'default', 'web', 'strategic', withProbe, ctx, {
        subresource: 'ephemeralcontainers',
      }),
    ).rejects.toThrow(
      'Pod "web" is invalid: [spec.ephemeralContainers[0].resources: Forbidden: cannot be set for an Ephemeral Container, spec.ephemeralContainers[0].lifecycle: Forbidden: cannot be set for an Ephemeral Container]',
    );
    const live = await registry.get(R.pods, 'default', 'web', ctx);
    delete (live.spec as { ephemeralContainers?: unknown }).ephemeralContainers;
    await expect(registry.update(R.pods, 'default', 'web', live, ctx)).rejects.toThrow(
      /^Pod "web" is invalid: spec: Forbidden: pod updates may not change fields other than/,
    );
  });

  it('takes server-side apply, and refuses it for a missing pod', async () => {
    const { registry, ctx } = await newTestRegistry();
    await registry.create(R.pods, 'default', pod('web'), ctx);
    const applied = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web' },
      spec: { ephemeralContainers: [debugger1] },
    };
    const { object } = await registry.patch(R.pods, 'default', 'web', 'apply', applied, ctx, {
      subresource: 'ephemeralcontainers',
    });
    expect((object.spec as { ephemeralContainers: { name: string }[] }).ephemeralContainers[0].name).toBe(
      'dbg',
    );
    expect((object.spec as { containers: unknown[] }).containers).toHaveLength(1);
    await expect(
      registry.patch(R.pods, 'default', 'nope', 'apply', { ...applied, metadata: { name: 'nope' } }, ctx, {
        subresource: 'ephemeralcontainers',
      }),
    ).rejects.toThrow('pods "nope" not found');
  });

  it('is served for pods only', async () => {
    const { registry, ctx } = await newTestRegistry();
    await expect(
      registry.getSubresource(R.configmaps, 'default', 'x', 'ephemeralcontainers', ctx),
    ).rejects.toThrow('the server could not find the requested resource');
  });
});
