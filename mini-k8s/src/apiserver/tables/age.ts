/**
 * Human-readable ages, as apimachinery's `duration.HumanDuration` and the printers'
 * `translateTimestampSince` render them in the AGE, LAST SEEN, DURATION... cells.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * humanDuration renders a duration in milliseconds with ~2-3 significant figures, exactly like
 * apimachinery `duration.HumanDuration` (v0.32): `<invalid>` below -1 s, then `Ns` under 2 minutes,
 * `Mm[Ss]` under 10 minutes, `Mm` under 3 hours, `Hh[Mm]` under 8 hours, `Hh` under 48 hours,
 * `Dd[Hh]` under 8 days, `Dd` under 2 years, `Yy[Dd]` under 8 years and `Yy` beyond (365-day years).
 */
export function humanDuration(ms: number): string {
  // Go converts with truncation toward zero (int(d.Seconds())), so -1.9 s still counts as "almost now".
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(hours / 24);
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${days}d` : `${days}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.trunc(days / 365);
  if (hours < 24 * 365 * 8) {
    const d = days % 365;
    return d === 0 ? `${years}y` : `${years}y${d}d`;
  }
  return `${years}y`;
}

/**
 * parseTimestamp returns the epoch milliseconds of an RFC 3339 timestamp, or undefined when it is
 * missing, unparsable, or Go's zero time (`0001-01-01T00:00:00Z`, which `metav1.Time.IsZero` treats
 * as unset).
 */
export function parseTimestamp(timestamp: string | null | undefined): number | undefined {
  if (!timestamp) return undefined;
  const ms = Date.parse(timestamp);
  if (Number.isNaN(ms) || ms === GO_ZERO_TIME) return undefined;
  return ms;
}

/**
 * GO_ZERO_TIME is `time.Time{}` (0001-01-01T00:00:00Z) in epoch milliseconds. Written as a literal
 * because `Date.UTC` maps years 0-99 to 1900-1999.
 */
const GO_ZERO_TIME = -62_135_596_800_000;

/**
 * translateTimestampSince renders the time elapsed since `timestamp` at `now` with humanDuration, or
 * `<unknown>` when the timestamp is missing (printers.go `translateTimestampSince`; also used for
 * MicroTime fields, which serialise the same way).
 */
export function translateTimestampSince(timestamp: string | null | undefined, now: Date): string {
  const ms = parseTimestamp(timestamp);
  if (ms === undefined) return '<unknown>';
  return humanDuration(now.getTime() - ms);
}
