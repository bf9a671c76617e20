/**
 * createPlatformServices assembles the classroom services over an open database: learner identity,
 * sandbox manager (clusters under `<dataDir>/sandboxes`), workshops with live events, rate limiter and
 * metrics. main.ts calls it with the configuration; tests call it with temporary folders and small limits.
 */
import { createEncryptionCodec } from '../../mini-k8s/src/storage/encryption/aes-gcm';
import { loadOrCreateEncryptionConfig } from '../../mini-k8s/src/storage/encryption/config-file';
import path from 'node:path';
import type { Logger } from '../../mini-k8s/src/apiserver/server';
import { ClusterChangeFeed } from './cluster-view/change-feed';
import type { Db } from './db/database';
import type { PlatformServices } from './http/services';
import { InstructorSession } from './identity/instructor-session';
import { LearnerIdentity } from './identity/learner-cookie';
import { RateLimiter } from './limits/rate-limiter';
import { WatchQuota } from './limits/watch-quota';
import { createPlatformMetrics } from './metrics/metrics';
import type { SandboxClusterFactory } from './sandboxes/cluster';
import { ExerciseViews } from './exercises/exercise-view';
import { type ExerciseProvider, isCatalogue } from './sandboxes/exercises';
import type { KubernetesHost } from './sandboxes/kubernetes-host';
import { SandboxManager, type SandboxEvent, type SandboxLimits } from './sandboxes/manager';
import { WorkshopEvents } from './workshops/event-bus';
import { WorkshopStore } from './workshops/store';

export interface PlatformServicesOptions {
  db: Db;
  dataDir: string;
  secret: string;
  limits: SandboxLimits;
  learnerRate: number;
  bodyLimitBytes: number;
  instructorToken: string;
  cookieMaxAgeSeconds: number;
  https?: { port: number; caPem?: string };
  /** The HTTPS origin a reverse proxy serves in front of the platform: learners' kubeconfigs point there. */
  publicHttps?: { url: string; caPem?: string };
  exercises?: ExerciseProvider;
  factory?: SandboxClusterFactory;
  /** RUNTIME=kubernetes: the checked host cluster (main.ts opens it before the services). */
  kubernetesHost?: KubernetesHost;
  now?: () => number;
  logger?: Logger;
  /** Extra listener of sandbox state changes (main.ts closes terminals of sandboxes that stop). */
  onSandboxEvent?: (event: SandboxEvent) => void;
  sseHeartbeatMs?: number;
}

export function createPlatformServices(options: PlatformServicesOptions): PlatformServices {
  const now = options.now ?? Date.now;
  const workshopEvents = new WorkshopEvents();
  const workshops = new WorkshopStore(options.db, workshopEvents, now);
  const sandboxes = new SandboxManager({
    db: options.db,
    dir: path.join(options.dataDir, 'sandboxes'),
    // Secrets of every sandbox cluster are encrypted at rest with the platform's key (DATA_DIR, mode 0600).
    codec: createEncryptionCodec(loadOrCreateEncryptionConfig(options.dataDir)),
    limits: options.limits,
    secret: options.secret,
    now,
    ...(options.factory ? { factory: options.factory } : {}),
    ...(options.kubernetesHost ? { kubernetesHost: options.kubernetesHost } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
    onEvent: (event) => {
      // The learner's workshops are read from the database: the live grids get the event a moment later,
      // the other listeners at once. A failed read only costs the grids this update (the next one repairs it).
      workshops.workshopsOf(event.learnerId).then(
        (ids) => {
          for (const workshopId of ids) {
            workshopEvents.publish(workshopId, {
              type: 'sandbox',
              learnerId: event.learnerId,
              sandboxId: event.sandboxId,
              state: event.state,
            });
          }
        },
        (err: unknown) => options.logger?.warn({ err }, 'workshop event not published'),
      );
      // The feeds follow the manager's state changes (created just below; no event is emitted before).
      feeds.sandboxChanged(event);
      options.onSandboxEvent?.(event);
    },
  });
  const feeds = new ClusterChangeFeed(sandboxes);
  return {
    db: options.db,
    identity: new LearnerIdentity(options.db, options.secret, options.cookieMaxAgeSeconds, now),
    sandboxes,
    workshops,
    workshopEvents,
    ...(options.exercises ? { exercises: options.exercises } : {}),
    ...(isCatalogue(options.exercises)
      ? { exerciseViews: new ExerciseViews(options.exercises, workshops) }
      : {}),
    limiter: new RateLimiter(options.learnerRate, now),
    watchQuota: new WatchQuota(options.limits.maxWatches ?? 30),
    feeds,
    instructorSession: new InstructorSession(options.secret, now, options.instructorToken),
    metrics: createPlatformMetrics(() => sandboxes.countByState()),
    ...(options.https ? { https: options.https } : {}),
    ...(options.publicHttps ? { publicHttps: options.publicHttps } : {}),
    instructorToken: options.instructorToken,
    maxObjects: options.limits.maxObjects,
    maxPods: options.limits.maxPods ?? 100,
    bodyLimitBytes: options.bodyLimitBytes,
    ...(options.sseHeartbeatMs ? { sseHeartbeatMs: options.sseHeartbeatMs } : {}),
  };
}
