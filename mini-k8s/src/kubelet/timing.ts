/**
 * KubeletTiming holds every delay of the kubelet. Defaults are upstream's (10 s lease renewal, 10 s
 * CrashLoopBackOff doubling to 5 min, ...) multiplied by `speed`; a floor keeps loops from spinning when
 * `speed` is 0 (tests), so a crash-looping container still backs off 20 ms, 40 ms, ... up to 600 ms.
 */
export interface KubeletTiming {
  /** leaseRenewMs is how often the node Lease is renewed (upstream: leaseDuration 40 s × 0.25). */
  leaseRenewMs: number;
  /** nodeStatusMs is how often the Node status (conditions, images) is computed, and posted if it changed. */
  nodeStatusMs: number;
  /** nodeStatusReportMs posts an unchanged status anyway after this long (upstream nodeStatusReportFrequency, 5 min). */
  nodeStatusReportMs: number;
  /** resyncMs re-syncs every pod (ConfigMap/Secret volume refresh, missed events). */
  resyncMs: number;
  /** crashBackoffInitialMs / crashBackoffMaxMs drive CrashLoopBackOff (10 s → 5 min). */
  crashBackoffInitialMs: number;
  crashBackoffMaxMs: number;
  /** imageBackoffInitialMs / imageBackoffMaxMs drive ImagePullBackOff (10 s → 5 min). */
  imageBackoffInitialMs: number;
  imageBackoffMaxMs: number;
  /** retryMs is the delay before retrying a pod whose volumes or config are not ready (FailedMount). */
  retryMs: number;
  /** probeScale multiplies probe periods and delays (seconds × 1000 × probeScale, floored). */
  probeScale: number;
  /** minDelayMs is the floor of every scaled delay. */
  minDelayMs: number;
}

/** defaultTiming derives the timing from `speed` (1 = realistic, 0 = as fast as safely possible). */
export function defaultTiming(speed: number, overrides: Partial<KubeletTiming> = {}): KubeletTiming {
  const floor = overrides.minDelayMs ?? 20;
  const scaled = (ms: number): number => Math.max(floor, Math.round(ms * speed));
  // Why: a back-off cap floored like its start (20 ms each at speed 0) never doubles, and a crash-looping
  // container restarts ~50 times a second; keep upstream's 30× ratio between start and cap instead.
  const cap = (initialMs: number, maxMs: number): number => Math.max(scaled(maxMs), 30 * scaled(initialMs));
  return {
    leaseRenewMs: 10_000,
    nodeStatusMs: 10_000,
    nodeStatusReportMs: 300_000,
    resyncMs: scaled(60_000),
    crashBackoffInitialMs: scaled(10_000),
    crashBackoffMaxMs: cap(10_000, 300_000),
    imageBackoffInitialMs: scaled(10_000),
    imageBackoffMaxMs: cap(10_000, 300_000),
    retryMs: scaled(2_000),
    probeScale: speed,
    minDelayMs: floor,
    ...overrides,
  };
}

/** probeDelayMs converts probe seconds into a delay under the timing's probe scale. */
export function probeDelayMs(timing: KubeletTiming, seconds: number): number {
  return Math.max(timing.minDelayMs, Math.round(seconds * 1000 * timing.probeScale));
}
