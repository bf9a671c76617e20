/**
 * Controller timing under the cluster `speed` (1 = Kubernetes' real periods, 0 = tests), the way the kubelet
 * and the simulated runtime scale theirs (kubelet/timing.ts): a period or delay is multiplied by `speed`,
 * never raised above its real value, and floored at MIN_CONTROLLER_DELAY_MS so a loop cannot spin at speed 0.
 * Only the controllers' own periods are scaled (sync periods, back-offs, stabilization windows, resyncs);
 * durations that pace other components (node heartbeats, expectation timeouts) stay real.
 */

/** MIN_CONTROLLER_DELAY_MS is the floor of every scaled non-zero delay. */
export const MIN_CONTROLLER_DELAY_MS = 20;

/** scaleDelay scales a real delay by `speed` (default 1); 0 stays 0. */
export function scaleDelay(speed: number | undefined, ms: number): number {
  const factor = speed ?? 1;
  if (ms <= 0 || factor >= 1) return ms;
  return Math.min(ms, Math.max(MIN_CONTROLLER_DELAY_MS, Math.round(ms * factor)));
}

/**
 * MIN_CONTROLLER_PERIOD_MS floors scaled periodic passes (sync periods, resyncs): each pass re-reads state
 * and may call the API (the HPA reads the metrics API), so at speed 0 they run 4 times a second, not 50.
 */
export const MIN_CONTROLLER_PERIOD_MS = 250;

/** scalePeriod scales a periodic pass like scaleDelay, floored at MIN_CONTROLLER_PERIOD_MS. */
export function scalePeriod(speed: number | undefined, ms: number): number {
  const factor = speed ?? 1;
  if (ms <= 0 || factor >= 1) return ms;
  return Math.min(ms, Math.max(MIN_CONTROLLER_PERIOD_MS, Math.round(ms * factor)));
}

/**
 * scaleBackoff scales an exponential back-off (initial → max). Why the cap keeps its ratio to the start: at
 * speed 0 both would hit the same floor and the delay would never double (the kubelet does the same).
 */
export function scaleBackoff(
  speed: number | undefined,
  initialMs: number,
  maxMs: number,
): { initialMs: number; maxMs: number } {
  const initial = scaleDelay(speed, initialMs);
  const ratio = initialMs > 0 ? maxMs / initialMs : 1;
  return { initialMs: initial, maxMs: Math.max(scaleDelay(speed, maxMs), Math.round(initial * ratio)) };
}

/** delayScaler binds scaleDelay to a speed. */
export function delayScaler(speed: number | undefined): (ms: number) => number {
  return (ms) => scaleDelay(speed, ms);
}
