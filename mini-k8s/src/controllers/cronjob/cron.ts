/**
 * parseCron parses a standard 5-field cron schedule the way the CronJob controller's parser (robfig/cron
 * with the standard options) does: minute hour day-of-month month day-of-week; `*` and `?`, ranges `a-b`,
 * steps `*\/n` and `a-b/n` and `a/n`, lists `a,b`, month and weekday names (`jan`, `mon`), weekday 7 as
 * Sunday, and the descriptors @yearly @annually @monthly @weekly @daily @midnight @hourly. When both
 * day-of-month and day-of-week are restricted, a day matching either runs (cron's historical rule).
 * `nextAfter(t)` returns the first matching minute strictly after t, in the given IANA time zone.
 */

/** CronSchedule is a parsed schedule. */
export interface CronSchedule {
  minutes: Set<number>;
  hours: Set<number>;
  daysOfMonth: Set<number>;
  months: Set<number>;
  daysOfWeek: Set<number>;
  /** domStar/dowStar: the field was `*` or `?` (then it does not restrict alone). */
  domStar: boolean;
  dowStar: boolean;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

interface FieldSpec {
  min: number;
  max: number;
  names?: string[];
  namesOffset?: number;
}

const FIELDS: FieldSpec[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTH_NAMES, namesOffset: 1 },
  { min: 0, max: 7, names: DAY_NAMES, namesOffset: 0 },
];

/** parseCron parses a schedule; it throws an Error with a robfig-like message on bad input. */
export function parseCron(text: string): CronSchedule {
  const trimmed = text.trim();
  if (trimmed.startsWith('TZ=') || trimmed.startsWith('CRON_TZ=')) {
    throw new Error('CRON_TZ or TZ used in schedule is not supported, please use the timeZone field');
  }
  const expanded = trimmed.startsWith('@') ? DESCRIPTORS[trimmed.toLowerCase()] : trimmed;
  if (!expanded) throw new Error(`unrecognized descriptor: ${trimmed}`);
  const parts = expanded.split(/\s+/);
  if (parts.length !== 5)
    throw new Error(`expected exactly 5 fields, found ${parts.length}: ${JSON.stringify(parts)}`);
  const sets = parts.map((part, i) => parseField(part, FIELDS[i]));
  const daysOfWeek = sets[4];
  if (daysOfWeek.has(7)) {
    daysOfWeek.delete(7);
    daysOfWeek.add(0);
  }
  return {
    minutes: sets[0],
    hours: sets[1],
    daysOfMonth: sets[2],
    months: sets[3],
    daysOfWeek,
    domStar: parts[2] === '*' || parts[2] === '?',
    dowStar: parts[4] === '*' || parts[4] === '?',
  };
}

function parseField(field: string, spec: FieldSpec): Set<number> {
  const out = new Set<number>();
  for (const term of field.split(',')) {
    const [rangePart, stepPart, ...rest] = term.split('/');
    if (rest.length > 0) throw new Error(`too many slashes: ${term}`);
    let lo: number;
    let hi: number;
    if (rangePart === '*' || rangePart === '?') {
      lo = spec.min;
      hi = spec.max === 7 ? 6 : spec.max;
    } else {
      const bounds = rangePart.split('-');
      if (bounds.length > 2) throw new Error(`too many hyphens: ${term}`);
      lo = parseValue(bounds[0], spec);
      hi = bounds.length === 2 ? parseValue(bounds[1], spec) : stepPart !== undefined ? spec.max : lo;
    }
    const step = stepPart === undefined ? 1 : Number.parseInt(stepPart, 10);
    if (stepPart !== undefined && (!/^\d+$/.test(stepPart) || step <= 0)) {
      throw new Error(`step of range should be a positive number: ${term}`);
    }
    if (lo < spec.min) throw new Error(`beginning of range (${lo}) below minimum (${spec.min}): ${term}`);
    if (hi > spec.max) throw new Error(`end of range (${hi}) above maximum (${spec.max}): ${term}`);
    if (lo > hi) throw new Error(`beginning of range (${lo}) beyond end of range (${hi}): ${term}`);
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

function parseValue(text: string, spec: FieldSpec): number {
  const lower = text.toLowerCase();
  const named = spec.names?.indexOf(lower) ?? -1;
  if (named >= 0) return named + (spec.namesOffset ?? 0);
  if (!/^\d+$/.test(text))
    throw new Error(`failed to parse int from ${text}: strconv.Atoi: parsing "${text}": invalid syntax`);
  return Number.parseInt(text, 10);
}

interface LocalTime {
  month: number;
  day: number;
  weekday: number;
  hour: number;
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** localTime returns the wall-clock fields of an instant in an IANA time zone (UTC by default). */
export function localTime(date: Date, timeZone = 'UTC'): LocalTime {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      month: 'numeric',
      day: 'numeric',
      weekday: 'short',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(timeZone, fmt);
  }
  const parts: Record<string, string> = {};
  for (const p of fmt.formatToParts(date)) parts[p.type] = p.value;
  return {
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: DAY_NAMES.indexOf(parts.weekday.toLowerCase().slice(0, 3)),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}

/** isValidTimeZone tells whether Intl knows the zone name. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const MINUTE = 60_000;

/** nextAfter returns the first scheduled minute strictly after `after`, or undefined within five years. */
export function nextAfter(schedule: CronSchedule, after: Date, timeZone = 'UTC'): Date | undefined {
  let t = Math.floor(after.getTime() / MINUTE) * MINUTE + MINUTE;
  const limit = after.getTime() + 5 * 366 * 24 * 60 * MINUTE;
  while (t <= limit) {
    const l = localTime(new Date(t), timeZone);
    const minutesIntoDay = l.hour * 60 + l.minute;
    if (!schedule.months.has(l.month) || !dayMatches(schedule, l)) {
      t += (24 * 60 - minutesIntoDay) * MINUTE;
      continue;
    }
    if (!schedule.hours.has(l.hour)) {
      t += (60 - l.minute) * MINUTE;
      continue;
    }
    if (!schedule.minutes.has(l.minute)) {
      t += MINUTE;
      continue;
    }
    return new Date(t);
  }
  return undefined;
}

function dayMatches(s: CronSchedule, l: LocalTime): boolean {
  const dom = s.daysOfMonth.has(l.day);
  const dow = s.daysOfWeek.has(l.weekday);
  if (s.domStar || s.dowStar) return dom && dow;
  return dom || dow;
}

/**
 * scheduledTimesBetween lists the schedule's times in (from, to], newest last, keeping at most `max`
 * (the newest ones) and reporting how many there were in total (to warn about missed starts).
 */
export function scheduledTimesBetween(
  schedule: CronSchedule,
  from: Date,
  to: Date,
  timeZone = 'UTC',
  max = 100,
): { times: Date[]; total: number } {
  const times: Date[] = [];
  let total = 0;
  for (let t = nextAfter(schedule, from, timeZone); t && t <= to; t = nextAfter(schedule, t, timeZone)) {
    total++;
    times.push(t);
    if (times.length > max) times.shift();
  }
  return { times, total };
}
