/**
 * Go durations (time.ParseDuration and Duration.String), the format of metav1.Duration fields and of
 * flags such as `--timeout=30s`: `1h0m0s`, `1m30s`, `500ms`, `1.5s`, `0s`.
 */

const UNIT_NANOS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const MAX_DURATION = (1n << 63n) - 1n;

/** parseDuration is time.ParseDuration; it returns nanoseconds and throws Go's error texts. */
export function parseDuration(text: string): bigint {
  const quoted = JSON.stringify(text);
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest[0] === '-';
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') throw new Error(`time: invalid duration ${quoted}`);
  let total = 0n;
  while (rest !== '') {
    const number = /^([0-9]*)(?:\.([0-9]*))?/.exec(rest)!;
    const [whole, fraction] = [number[1], number[2]];
    if (whole === '' && (fraction === undefined || fraction === ''))
      throw new Error(`time: invalid duration ${quoted}`);
    rest = rest.slice(number[0].length);
    const unit = /^[^0-9.]*/.exec(rest)![0];
    if (unit === '') throw new Error(`time: missing unit in duration ${quoted}`);
    const scale = UNIT_NANOS[unit];
    if (scale === undefined)
      throw new Error(`time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`);
    rest = rest.slice(unit.length);
    let value = BigInt(whole || '0') * scale;
    if (fraction) {
      // Go truncates the fractional part towards zero at nanosecond precision.
      value += (BigInt(fraction) * scale) / 10n ** BigInt(fraction.length);
    }
    total += value;
    if (total > MAX_DURATION) throw new Error(`time: invalid duration ${quoted}`);
  }
  return negative ? -total : total;
}

/** fmtFrac renders the fraction of v at `prec` digits without trailing zeros (Go's fmtFrac). */
function fmtFrac(v: bigint, prec: number): { text: string; rest: bigint } {
  let text = '';
  let printed = false;
  let rest = v;
  for (let i = 0; i < prec; i++) {
    const digit = rest % 10n;
    printed = printed || digit !== 0n;
    if (printed) text = `${digit}${text}`;
    rest /= 10n;
  }
  return { text: printed ? `.${text}` : '', rest };
}

/** formatDuration is time.Duration.String() for a nanosecond count. */
export function formatDuration(nanos: bigint | number): string {
  let u = BigInt(nanos);
  const sign = u < 0n ? '-' : '';
  if (u < 0n) u = -u;
  if (u === 0n) return '0s';
  if (u < 1_000_000_000n) {
    const [prec, unit] = u < 1_000n ? [0, 'ns'] : u < 1_000_000n ? [3, 'µs'] : [6, 'ms'];
    const { text, rest } = fmtFrac(u, prec);
    return `${sign}${rest}${text}${unit}`;
  }
  const { text, rest } = fmtFrac(u, 9);
  const seconds = rest % 60n;
  const minutes = rest / 60n;
  let out = `${seconds}${text}s`;
  if (minutes > 0n) {
    out = `${minutes % 60n}m${out}`;
    const hours = minutes / 60n;
    if (hours > 0n) out = `${hours}h${out}`;
  }
  return `${sign}${out}`;
}

/** durationToMillis converts a Go duration string to whole milliseconds (truncated). */
export function durationToMillis(text: string): number {
  return Number(parseDuration(text) / 1_000_000n);
}
