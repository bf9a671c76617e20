/**
 * IntOrString helpers (k8s.io/apimachinery/pkg/util/intstr): values such as `maxSurge: 25%` or
 * `targetPort: http`, and the percent resolution Deployments, DaemonSets and PDBs use.
 */

/** IntOrString is the JSON form of intstr.IntOrString: a number or a string. */
export type IntOrString = number | string;

/** isIntOrString tells whether a JSON value has the IntOrString shape. */
export function isIntOrString(value: unknown): value is IntOrString {
  return (typeof value === 'number' && Number.isInteger(value)) || typeof value === 'string';
}

/** intOrStringValue is IntValue(): the number, or the string parsed as a decimal integer (0 when not). */
export function intOrStringValue(value: IntOrString): number {
  if (typeof value === 'number') return value;
  const n = Number.parseInt(value, 10);
  return Number.isNaN(n) ? 0 : n;
}

/** IntOrPercent is the outcome of reading an IntOrString as an integer or a percentage. */
export interface IntOrPercent {
  value: number;
  isPercent: boolean;
}

/**
 * intOrPercentValue is getIntOrPercentValueSafely: a number, or `N%`. Throws an Error with the upstream
 * text (`invalid type: string is not a percentage`, `invalid value "x%": ...`) otherwise.
 */
export function intOrPercentValue(value: IntOrString): IntOrPercent {
  if (typeof value === 'number') return { value, isPercent: false };
  if (!value.endsWith('%')) throw new Error('invalid type: string is not a percentage');
  const digits = value.slice(0, -1);
  if (!/^[+-]?\d+$/.test(digits)) {
    throw new Error(
      `invalid value ${JSON.stringify(value)}: strconv.Atoi: parsing ${JSON.stringify(digits)}: invalid syntax`,
    );
  }
  return { value: Number.parseInt(digits, 10), isPercent: true };
}

/**
 * scaledValueFromIntOrPercent is GetScaledValueFromIntOrPercent: an integer stays as is, a percentage
 * of `total` is rounded up (`roundUp`) or down. Throws `invalid value for IntOrString: ...`.
 */
export function scaledValueFromIntOrPercent(
  value: IntOrString | undefined | null,
  total: number,
  roundUp: boolean,
): number {
  if (value === undefined || value === null) throw new Error('nil value for IntOrString');
  let parsed: IntOrPercent;
  try {
    parsed = intOrPercentValue(value);
  } catch (err) {
    throw new Error(`invalid value for IntOrString: ${(err as Error).message}`, { cause: err });
  }
  if (!parsed.isPercent) return parsed.value;
  const exact = (parsed.value * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/**
 * resolveFenceposts is the Deployment controller's ResolveFenceposts: maxSurge rounds up, maxUnavailable
 * rounds down, and when both resolve to 0, maxUnavailable becomes 1 so that a rollout can progress.
 */
export function resolveFenceposts(
  maxSurge: IntOrString | undefined | null,
  maxUnavailable: IntOrString | undefined | null,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = scaledValueFromIntOrPercent(maxSurge ?? 0, desired, true);
  let unavailable = scaledValueFromIntOrPercent(maxUnavailable ?? 0, desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}
