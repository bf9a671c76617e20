/**
 * PlatformServices are the classroom features the HTTP app serves (sandboxes, kubectl access, workshops,
 * limits, metrics). main.ts builds them from the configuration; tests build them on temporary folders.
 */
import type { Db } from '../db/database';
import type { LearnerIdentity } from '../identity/learner-cookie';
import type { RateLimiter } from '../limits/rate-limiter';
import type { PlatformMetrics } from '../metrics/metrics';
import type { ClusterChangeFeed } from '../cluster-view/change-feed';
import type { ExerciseViews } from '../exercises/exercise-view';
import type { InstructorSession } from '../identity/instructor-session';
import type { WatchQuota } from '../limits/watch-quota';
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
  /** Present when `exercises` is a full catalogue: the exercise pages' views (texts, progress, scores). */
  exerciseViews?: ExerciseViews;
  limiter: RateLimiter;
  /** Concurrent watches per sandbox (/k8s watches, live page streams). */
  watchQuota: WatchQuota;
  /** Shared watches of each sandbox's cluster for the live pages. */
  feeds: ClusterChangeFeed;
  /** Instructor browser sessions (signed cookie). */
  instructorSession: InstructorSession;
  metrics: PlatformMetrics;
  /** HTTPS listener facts for kubeconfigs; absent when the platform serves plain HTTP only. */
  https?: { port: number; caPem?: string };
  /** The HTTPS origin of a reverse proxy in front of the platform (PUBLIC_HTTPS_URL), preferred for kubeconfigs. */
  publicHttps?: { url: string; caPem?: string };
  /** Empty: workshop routes answer 503. */
  instructorToken: string;
  maxObjects: number;
  maxPods: number;
  bodyLimitBytes: number;
  /** Heartbeat period of server-sent event streams (comments keep proxies from closing them). */
  sseHeartbeatMs?: number;
}
