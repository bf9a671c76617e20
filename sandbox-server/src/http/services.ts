/**
 * PlatformServices are the classroom features the HTTP app serves (sandboxes, kubectl access, workshops,
 * limits, metrics). main.ts builds them from the configuration; tests build them on temporary folders.
 */
import type { Db } from '../db/database';
import type { LearnerIdentity } from '../identity/learner-cookie';
import type { RateLimiter } from '../limits/rate-limiter';
import type { PlatformMetrics } from '../metrics/metrics';
import type { ExerciseProvider } from '../sandboxes/exercises';
import type { SandboxManager } from '../sandboxes/manager';
import type { WorkshopEvents } from '../workshops/event-bus';
import type { WorkshopStore } from '../workshops/store';

export interface PlatformServices {
  db: Db;
  identity: LearnerIdentity;
  sandboxes: SandboxManager;
  workshops: WorkshopStore;
  workshopEvents: WorkshopEvents;
  /** Absent until the exercises issue plugs its catalogue in: resets then start from an empty cluster. */
  exercises?: ExerciseProvider;
  limiter: RateLimiter;
  metrics: PlatformMetrics;
  /** HTTPS listener facts for kubeconfigs; absent when the platform serves plain HTTP only. */
  https?: { port: number; caPem?: string };
  /** Empty: workshop routes answer 503. */
  instructorToken: string;
  maxObjects: number;
  bodyLimitBytes: number;
  /** Heartbeat period of server-sent event streams (comments keep proxies from closing them). */
  sseHeartbeatMs?: number;
}
