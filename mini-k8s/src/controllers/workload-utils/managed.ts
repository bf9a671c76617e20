/**
 * managedController wraps a Controller and the informers it reads into the manager's ManagedController:
 * `start()` starts those informers (idempotent with a shared factory) and launches the workers only once
 * every one of them has synced, so a reconcile never mistakes an empty cache for "nothing exists" (which
 * would make a Job or a DaemonSet create duplicate pods).
 */
import type { Informer } from '../../client/informer';
import type { Controller } from '../controller';
import type { ManagedController } from '../registry';

export function managedController(
  controller: Controller,
  informers: Informer[],
  extra: { onStop?: () => void } = {},
): ManagedController {
  let stopped = false;
  let ready: Promise<void> | undefined;
  return {
    start(): void {
      if (ready) return;
      for (const informer of informers) informer.start();
      ready = Promise.all(informers.map((i) => i.waitForSync())).then(() => {
        if (!stopped) controller.start();
      });
    },
    async stop(): Promise<void> {
      stopped = true;
      extra.onStop?.();
      await controller.stop();
    },
  };
}
