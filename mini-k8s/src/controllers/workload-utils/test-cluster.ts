/**
 * startTestCluster builds an in-process cluster (no socket, memory storage) and a ControllerContext bound
 * to it, for the controllers' integration tests; `run(factory)` starts a controller with the shared
 * informers, `close()` stops everything. `waitFor` polls a condition with a short interval.
 */
import { EventRecorder } from '../../client/event-recorder';
import { SharedInformerFactory } from '../../client/shared-informers';
import type { ApiClient } from '../../client/client';
import { createControlPlane, type ControlPlane } from '../../cmd/control-plane';
import type { ControllerContext, ManagedController } from '../registry';

export interface TestCluster {
  plane: ControlPlane;
  client: ApiClient;
  ctx: ControllerContext;
  errors: unknown[];
  run(factory: (ctx: ControllerContext) => ManagedController): ManagedController;
  close(): Promise<void>;
}

export async function startTestCluster(
  options: { nodes?: number; now?: () => Date } = {},
): Promise<TestCluster> {
  const plane = await createControlPlane({ adminToken: 'test-token', nodes: options.nodes ?? 3 });
  const now = options.now ?? (() => new Date());
  const errors: unknown[] = [];
  const informers = new SharedInformerFactory(plane.client, { retryDelayMs: 20 });
  const ctx: ControllerContext = {
    client: plane.client,
    informers,
    recorder: (component) => new EventRecorder(plane.client, component, now),
    now,
    onError: (_controller, _key, err) => errors.push(err),
  };
  const running: ManagedController[] = [];
  return {
    plane,
    client: plane.client,
    ctx,
    errors,
    run(factory) {
      const controller = factory(ctx);
      running.push(controller);
      informers.start();
      controller.start();
      return controller;
    },
    async close() {
      await Promise.all(running.map((c) => c.stop()));
      await informers.stop();
      await plane.close();
    },
  };
}

/** waitFor polls `check` every 10 ms until it returns a value other than undefined/false, or times out. */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 5000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value as T;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
