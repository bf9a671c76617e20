/**
 * ScaleNormalizer turns the metrics' recommendation into the replica count the HPA applies, keeping the
 * per-HPA history upstream keeps in memory (horizontal.go):
 * - without spec.behavior: the highest recommendation of the downscale stabilization window (default
 *   300 s) wins, then [minReplicas, min(maxReplicas, max(2 × current, 4))];
 * - with spec.behavior: scale-up and scale-down stabilization windows (scale-down defaults to the
 *   controller's window) and the rate policies (Pods / Percent per period, selectPolicy Max/Min/Disabled)
 *   measured against the scale events of each policy's period.
 * It also returns the AbleToScale and ScalingLimited conditions the result implies, with upstream reasons.
 */

export interface ScalingPolicy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

export interface ScalingRules {
  stabilizationWindowSeconds?: number;
  selectPolicy?: 'Max' | 'Min' | 'Disabled';
  policies?: ScalingPolicy[];
}

export interface Behavior {
  scaleUp?: ScalingRules;
  scaleDown?: ScalingRules;
}

export interface ConditionUpdate {
  type: 'AbleToScale' | 'ScalingLimited';
  status: 'True' | 'False';
  reason: string;
  message: string;
}

export interface NormalizeInput {
  key: string;
  currentReplicas: number;
  desiredReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  behavior?: Behavior;
  now: Date;
}

interface Recommendation {
  replicas: number;
  at: number;
}

interface ScaleEvent {
  change: number;
  at: number;
}

const DEFAULT_SCALE_UP: Required<ScalingRules> = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};

const DEFAULT_SCALE_DOWN_POLICIES: ScalingPolicy[] = [{ type: 'Percent', value: 100, periodSeconds: 15 }];

const ABLE_TO_SCALE_READY: ConditionUpdate = {
  type: 'AbleToScale',
  status: 'True',
  reason: 'ReadyForNewScale',
  message: 'recommended size matches current size',
};

function limited(desired: number, applied: number, reason: string, message: string): ConditionUpdate {
  return { type: 'ScalingLimited', status: desired === applied ? 'False' : 'True', reason, message };
}

export class ScaleNormalizer {
  private readonly recommendations = new Map<string, Recommendation[]>();
  private readonly scaleUpEvents = new Map<string, ScaleEvent[]>();
  private readonly scaleDownEvents = new Map<string, ScaleEvent[]>();

  /**
   * downscaleWindowMs is --horizontal-pod-autoscaler-downscale-stabilization (default 5 min); `scale` maps a
   * real window or policy period to the cluster's time scale (controllers/timing.ts), identity by default.
   * Windows are reported unscaled (status, defaults); only the comparisons with `now` are scaled.
   */
  constructor(
    private readonly downscaleWindowMs = 300_000,
    private readonly scale: (ms: number) => number = (ms) => ms,
  ) {}

  /** recordInitial seeds an HPA's history with its current size (recordInitialRecommendation). */
  recordInitial(key: string, replicas: number, now: Date): void {
    if (!this.recommendations.has(key)) this.recommendations.set(key, [{ replicas, at: now.getTime() }]);
  }

  /** forget drops the history of a deleted HPA. */
  forget(key: string): void {
    this.recommendations.delete(key);
    this.scaleUpEvents.delete(key);
    this.scaleDownEvents.delete(key);
  }

  normalize(input: NormalizeInput): { replicas: number; conditions: ConditionUpdate[] } {
    return input.behavior ? this.withBehaviors(input, input.behavior) : this.withoutBehaviors(input);
  }

  /** recordScale remembers a rescale for the behavior rate policies (storeScaleEvent). */
  recordScale(input: NormalizeInput, from: number, to: number): void {
    if (!input.behavior || from === to) return;
    const events = to > from ? this.scaleUpEvents : this.scaleDownEvents;
    const rules = to > from ? this.scaleUpRules(input.behavior) : this.scaleDownRules(input.behavior);
    const longest = this.scale(Math.max(0, ...rules.policies.map((p) => p.periodSeconds)) * 1000);
    const now = input.now.getTime();
    const kept = (events.get(input.key) ?? []).filter((e) => e.at > now - longest);
    kept.push({ change: Math.abs(to - from), at: now });
    events.set(input.key, kept);
  }

  private withoutBehaviors(input: NormalizeInput): { replicas: number; conditions: ConditionUpdate[] } {
    const now = input.now.getTime();
    const cutoff = now - this.scale(this.downscaleWindowMs);
    const history = this.recommendations.get(input.key) ?? [];
    let stabilized = input.desiredReplicas;
    let oldIndex = -1;
    history.forEach((rec, i) => {
      if (rec.at < cutoff) oldIndex = i;
      else if (rec.replicas > stabilized) stabilized = rec.replicas;
    });
    const sample = { replicas: input.desiredReplicas, at: now };
    if (oldIndex >= 0) history[oldIndex] = sample;
    else history.push(sample);
    this.recommendations.set(input.key, history);
    const able: ConditionUpdate =
      stabilized !== input.desiredReplicas
        ? {
            type: 'AbleToScale',
            status: 'True',
            reason: 'ScaleDownStabilized',
            message:
              'recent recommendations were higher than current one, applying the highest recent recommendation',
          }
        : ABLE_TO_SCALE_READY;
    // Why: bogus usage spikes must not multiply the replicas (issue #32304): at most ×2 (or 4) per sync.
    const scaleUpLimit = Math.max(2 * input.currentReplicas, 4);
    let maximum: number;
    let reason: string;
    let message: string;
    if (input.maxReplicas > scaleUpLimit) {
      maximum = scaleUpLimit;
      reason = 'ScaleUpLimit';
      message = 'the desired replica count is increasing faster than the maximum scale rate';
    } else {
      maximum = input.maxReplicas;
      reason = 'TooManyReplicas';
      message = 'the desired replica count is more than the maximum replica count';
    }
    let replicas = stabilized;
    if (stabilized < input.minReplicas) {
      replicas = input.minReplicas;
      reason = 'TooFewReplicas';
      message = 'the desired replica count is less than the minimum replica count';
    } else if (stabilized > maximum) {
      replicas = maximum;
    } else {
      reason = 'DesiredWithinRange';
      message = 'the desired count is within the acceptable range';
    }
    return { replicas, conditions: [able, limited(stabilized, replicas, reason, message)] };
  }

  private scaleUpRules(behavior: Behavior): Required<ScalingRules> {
    const up = behavior.scaleUp ?? {};
    return {
      stabilizationWindowSeconds:
        up.stabilizationWindowSeconds ?? DEFAULT_SCALE_UP.stabilizationWindowSeconds,
      selectPolicy: up.selectPolicy ?? 'Max',
      policies: up.policies ?? DEFAULT_SCALE_UP.policies,
    };
  }

  private scaleDownRules(behavior: Behavior): Required<ScalingRules> {
    const down = behavior.scaleDown ?? {};
    return {
      stabilizationWindowSeconds: down.stabilizationWindowSeconds ?? this.downscaleWindowMs / 1000,
      selectPolicy: down.selectPolicy ?? 'Max',
      policies: down.policies ?? DEFAULT_SCALE_DOWN_POLICIES,
    };
  }

  private changeInPeriod(
    events: Map<string, ScaleEvent[]>,
    key: string,
    periodSeconds: number,
    now: number,
  ): number {
    const cutoff = now - this.scale(periodSeconds * 1000);
    return (events.get(key) ?? []).filter((e) => e.at > cutoff).reduce((sum, e) => sum + e.change, 0);
  }

  private withBehaviors(
    input: NormalizeInput,
    behavior: Behavior,
  ): { replicas: number; conditions: ConditionUpdate[] } {
    const up = this.scaleUpRules(behavior);
    const down = this.scaleDownRules(behavior);
    const now = input.now.getTime();
    const upCutoff = now - this.scale(up.stabilizationWindowSeconds * 1000);
    const downCutoff = now - this.scale(down.stabilizationWindowSeconds * 1000);
    let upRecommendation = input.desiredReplicas;
    let downRecommendation = input.desiredReplicas;
    let oldIndex = -1;
    const history = this.recommendations.get(input.key) ?? [];
    history.forEach((rec, i) => {
      if (rec.at > upCutoff) upRecommendation = Math.min(rec.replicas, upRecommendation);
      if (rec.at > downCutoff) downRecommendation = Math.max(rec.replicas, downRecommendation);
      if (rec.at < upCutoff && rec.at < downCutoff) oldIndex = i;
    });
    let stabilized = input.currentReplicas;
    if (stabilized < upRecommendation) stabilized = upRecommendation;
    if (stabilized > downRecommendation) stabilized = downRecommendation;
    const sample = { replicas: input.desiredReplicas, at: now };
    if (oldIndex >= 0) history[oldIndex] = sample;
    else history.push(sample);
    this.recommendations.set(input.key, history);
    let able = ABLE_TO_SCALE_READY;
    if (stabilized !== input.desiredReplicas) {
      able =
        input.desiredReplicas >= input.currentReplicas
          ? {
              type: 'AbleToScale',
              status: 'True',
              reason: 'ScaleUpStabilized',
              message:
                'recent recommendations were lower than current one, applying the lowest recent recommendation',
            }
          : {
              type: 'AbleToScale',
              status: 'True',
              reason: 'ScaleDownStabilized',
              message:
                'recent recommendations were higher than current one, applying the highest recent recommendation',
            };
    }
    const current = input.currentReplicas;
    const periodStart = (periodSeconds: number): number =>
      current -
      this.changeInPeriod(this.scaleUpEvents, input.key, periodSeconds, now) +
      this.changeInPeriod(this.scaleDownEvents, input.key, periodSeconds, now);
    let replicas = stabilized;
    let reason = 'DesiredWithinRange';
    let message = 'the desired count is within the acceptable range';
    if (stabilized > current) {
      let limit: number;
      if (up.selectPolicy === 'Disabled') limit = current;
      else {
        const proposals = up.policies.map((p) => {
          const start = periodStart(p.periodSeconds);
          return p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
        });
        limit = up.selectPolicy === 'Min' ? Math.min(...proposals) : Math.max(...proposals);
      }
      if (limit < current) limit = current;
      let maximum = input.maxReplicas;
      let limitReason = 'TooManyReplicas';
      let limitMessage = 'the desired replica count is more than the maximum replica count';
      if (maximum > limit) {
        maximum = limit;
        limitReason = 'ScaleUpLimit';
        limitMessage = 'the desired replica count is increasing faster than the maximum scale rate';
      }
      if (stabilized > maximum) [replicas, reason, message] = [maximum, limitReason, limitMessage];
    } else if (stabilized < current) {
      let limit: number;
      if (down.selectPolicy === 'Disabled') limit = current;
      else {
        const proposals = down.policies.map((p) => {
          const start = periodStart(p.periodSeconds);
          return p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
        });
        limit = down.selectPolicy === 'Min' ? Math.max(...proposals) : Math.min(...proposals);
      }
      if (limit > current) limit = current;
      let minimum = input.minReplicas;
      let limitReason = 'TooFewReplicas';
      let limitMessage = 'the desired replica count is less than the minimum replica count';
      if (minimum < limit) {
        minimum = limit;
        limitReason = 'ScaleDownLimit';
        limitMessage = 'the desired replica count is decreasing faster than the maximum scale rate';
      }
      if (stabilized < minimum) [replicas, reason, message] = [minimum, limitReason, limitMessage];
    }
    return { replicas, conditions: [able, limited(stabilized, replicas, reason, message)] };
  }
}
