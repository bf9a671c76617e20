/**
 * Command-line flag parsing with pflag's rules and messages (the library behind kubectl): long flags
 * `--name value` / `--name=value`, shorthands `-n value` / `-nvalue` / grouped booleans `-Aw`, flags
 * interspersed with arguments, and `--` ending flag parsing (the rest goes to `dashArgs`).
 */

/** FlagType is the value type of a flag, as pflag's Bool/String/Int/StringArray/StringSlice. */
export type FlagType = 'bool' | 'string' | 'int' | 'stringArray' | 'stringSlice';

/** FlagSpec declares one flag. `default` is also shown in help texts by the callers that print them. */
export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  default?: string | number | boolean | string[];
  /** Value used when the flag is given without `=value` (pflag NoOptDefVal, e.g. `--dry-run` → `unchanged`). */
  noOptDefault?: string;
}

/** FlagValue is a parsed value. */
export type FlagValue = string | number | boolean | string[];

/** ParsedFlags are the flags given on the command line (with defaults), plus positional arguments. */
export interface ParsedFlags {
  values: Map<string, FlagValue>;
  /** Names of flags the user set explicitly (pflag's Changed). */
  changed: Set<string>;
  args: string[];
  /** Arguments after `--` (kubectl's ArgsLenAtDash). */
  dashArgs: string[];
  /** Whether `--` was present. */
  sawDash: boolean;
}

/** FlagError is a pflag parse error; kubectl prints `error: <message>` and the `See '...' for usage.` hint. */
export class FlagError extends Error {}

/** parseFlags parses argv against the specs; unknown flags and bad values raise FlagError with pflag's text. */
export function parseFlags(argv: readonly string[], specs: readonly FlagSpec[]): ParsedFlags {
  const byName = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short!, s]));
  const values = new Map<string, FlagValue>();
  for (const spec of specs) {
    if (spec.default !== undefined) {
      values.set(spec.name, Array.isArray(spec.default) ? [...spec.default] : spec.default);
    } else if (spec.type === 'stringArray' || spec.type === 'stringSlice') values.set(spec.name, []);
    else if (spec.type === 'bool') values.set(spec.name, false);
  }
  const changed = new Set<string>();
  const args: string[] = [];
  const set = (spec: FlagSpec, raw: string, display: string) => {
    const first = !changed.has(spec.name);
    changed.add(spec.name);
    switch (spec.type) {
      case 'bool': {
        const b = parseBool(raw);
        if (b === undefined) {
          throw new FlagError(
            `invalid argument "${raw}" for "${display}" flag: strconv.ParseBool: parsing "${raw}": invalid syntax`,
          );
        }
        values.set(spec.name, b);
        return;
      }
      case 'int': {
        if (!/^[+-]?\d+$/.test(raw)) {
          throw new FlagError(
            `invalid argument "${raw}" for "${display}" flag: strconv.ParseInt: parsing "${raw}": invalid syntax`,
          );
        }
        values.set(spec.name, Number(raw));
        return;
      }
      case 'string':
        values.set(spec.name, raw);
        return;
      case 'stringArray': {
        const prev = first ? [] : (values.get(spec.name) as string[]);
        values.set(spec.name, [...prev, raw]);
        return;
      }
      case 'stringSlice': {
        const prev = first ? [] : (values.get(spec.name) as string[]);
        values.set(spec.name, [...prev, ...(raw === '' ? [] : raw.split(','))]);
        return;
      }
    }
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      return { values, changed, args, dashArgs: argv.slice(i + 1), sawDash: true };
    }
    if (arg.startsWith('--') && arg.length > 2) {
      const eq = arg.indexOf('=');
      const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
      const spec = byName.get(name);
      if (!spec) throw new FlagError(`unknown flag: --${name}`);
      if (eq > 0) set(spec, arg.slice(eq + 1), `--${name}`);
      else if (spec.type === 'bool') set(spec, 'true', `--${name}`);
      else if (spec.noOptDefault !== undefined) set(spec, spec.noOptDefault, `--${name}`);
      else if (i + 1 < argv.length) set(spec, argv[++i], `--${name}`);
      else throw new FlagError(`flag needs an argument: --${name}`);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      let rest = arg.slice(1);
      while (rest.length > 0) {
        const c = rest[0];
        const spec = byShort.get(c);
        if (!spec) throw new FlagError(`unknown shorthand flag: '${c}' in -${rest}`);
        const display = `-${c}, --${spec.name}`;
        if (rest[1] === '=') {
          set(spec, rest.slice(2), display);
          break;
        }
        if (spec.type === 'bool') {
          set(spec, 'true', display);
          rest = rest.slice(1);
          continue;
        }
        if (rest.length > 1) set(spec, rest.slice(1), display);
        else if (spec.noOptDefault !== undefined) set(spec, spec.noOptDefault, display);
        else if (i + 1 < argv.length) set(spec, argv[++i], display);
        else throw new FlagError(`flag needs an argument: '${c}' in -${c}`);
        break;
      }
      continue;
    }
    args.push(arg);
  }
  return { values, changed, args, dashArgs: [], sawDash: false };
}

function parseBool(raw: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)) return false;
  return undefined;
}

/** Flags gives typed access to parsed values. */
export class Flags {
  constructor(readonly parsed: ParsedFlags) {}

  str(name: string): string {
    const v = this.parsed.values.get(name);
    return v === undefined ? '' : String(v);
  }

  bool(name: string): boolean {
    return this.parsed.values.get(name) === true;
  }

  int(name: string): number {
    const v = this.parsed.values.get(name);
    return typeof v === 'number' ? v : Number(v ?? 0);
  }

  list(name: string): string[] {
    const v = this.parsed.values.get(name);
    return Array.isArray(v) ? v : [];
  }

  changed(name: string): boolean {
    return this.parsed.changed.has(name);
  }

  get args(): string[] {
    return this.parsed.args;
  }
}
