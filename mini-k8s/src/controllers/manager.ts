/**
 * startControllerManager is kube-controller-manager in process: one SharedInformerFactory and one
 * EventRecorder per component shared by the controllers named in `controllers` (default: every entry of
 * CONTROLLERS). Controllers' workers start only once every informer has listed, so no controller acts on a
 * half-filled cache (e.g. a ReplicaSet creating pods it cannot see yet).
 */
import type { ApiClient } from '../client/client';
import { EventRecorder } from '../client/event-recorder';
import { SharedInformerFactory } from '../client/shared-informers';
import { CONTROLLERS, type ControllerContext, type ManagedController } from './registry';

export interface ControllerManagerOptions {
  client: ApiClient;
  now?: () => Date;
  /** speed scales controller periods and back-offs (1 = real, default; 0 = tests). See timing.ts. */
  speed?: number;
  /** Controller names from CONTROLLERS to run (default: all). Unknown names throw. */
  controllers?: string[];
  /** Receives reconcile failures (`controller`, `key`, error) and informer/event errors (key ''). */
  onError?: (controller: string, key: string, err: unknown) => void;
  /** PEM of the cluster CA, published as the `kube-root-ca.crt` ConfigMap in every namespace. */
  rootCaPem?: string;
  /** Signs client certificates for approved CSRs (see ControllerContext.certificateSigner). */
  certificateSigner?: (requestPem: string, expirationSeconds?: number) => string;
}

export interface ControllerManager {
  /** ready settles once informers are synced and every controller's workers run. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

export function startControllerManager(options: ControllerManagerOptions): ControllerManager {
  const names = options.controllers ?? Object.keys(CONTROLLERS);
  const unknown = names.filter((n) => !(n in CONTROLLERS));
  if (unknown.length > 0) throw new Error(`unknown controllers: ${unknown.join(', ')}`);
  const now = options.now ?? (() => new Date());
  const onError = options.onError ?? (() => undefined);
  const informers = new SharedInformerFactory(options.client, {
    onError: (err) => onError('informer', '', err),
  });
  const recorders = new Map<string, EventRecorder>();
  const ctx: ControllerContext = {
    client: options.client,
    informers,
    now,
    speed: options.speed,
    onError,
    rootCaPem: options.rootCaPem,
    certificateSigner: options.certificateSigner,
    recorder(component) {
      let recorder = recorders.get(component);
      if (!recorder) {
        recorder = new EventRecorder(options.client, component, now, undefined, (err) =>
          onError(component, 'event', err),
        );
        recorders.set(component, recorder);
      }
      return recorder;
    },
  };
  const controllers: ManagedController[] = names.map((name) => CONTROLLERS[name](ctx));
  let stopped = false;
  informers.start();
  const ready = informers.waitForSync().then(() => {
    if (stopped) return;
    for (const c of controllers) c.start();
  });
  return {
    ready,
    async stop() {
      stopped = true;
      await Promise.all(controllers.map((c) => c.stop()));
      await informers.stop();
    },
  };
}
