// GNU-style option parsing for the commands, with coreutils' exact error texts.
import type { CommandContext } from '../types';

/** OptionSpec describes a command's options. Keys are the short letters; long options map onto them. */
export interface OptionSpec {
  /** short flags without argument, e.g. `alr1` */
  flags?: string;
  /** short options taking an argument, e.g. `nk` */
  withArg?: string;
  /** long option name → key (a short letter or any name); `arg` when it takes a value */
  long?: Record<string, { key: string; arg?: boolean }>;
  /** first line of `--help` (`Usage: ls [OPTION]... [FILE]...`) */
  usage: string;
  /** exit status for bad usage (2 for ls and grep, 1 for most) */
  status?: number;
  /** `head -5` style: a dash followed by digits sets this key */
  numeric?: string;
  /** stop at the first operand (xargs, watch: the rest is a command) */
  stopAtOperand?: boolean;
}

/** ParsedOptions holds the last value of each option (`true` for flags), counts, and the operands. */
export interface ParsedOptions {
  values: Map<string, string | true>;
  operands: string[];
  has(key: string): boolean;
  get(key: string): string | undefined;
}

/** usageError prints `name: message` and the `Try` line, returning the status to exit with. */
export async function usageError(
  ctx: CommandContext,
  name: string,
  message: string,
  status = 1,
): Promise<number> {
  await ctx.stderr.write(`${name}: ${message}\nTry '${name} --help' for more information.\n`);
  return status;
}

/**
 * getopts parses `ctx.argv` the way GNU getopt_long does (options and operands may mix, `--` ends options,
 * `-abc` groups, `-n5` and `--lines=5`, unique prefixes of long options). On bad usage it prints the
 * coreutils error and returns the exit status; on `--help` it prints the usage and returns 0.
 */
export async function getopts(ctx: CommandContext, spec: OptionSpec): Promise<ParsedOptions | number> {
  const name = ctx.argv[0];
  const status = spec.status ?? 1;
  const values = new Map<string, string | true>();
  const operands: string[] = [];
  const args = ctx.argv.slice(1);
  const flags = spec.flags ?? '';
  const withArg = spec.withArg ?? '';
  const long: Record<string, { key: string; arg?: boolean }> = { ...spec.long, help: { key: '--help' } };
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '--') {
      operands.push(...args.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const [optionName, inline] = splitOnce(arg.slice(2), '=');
      const candidates = Object.keys(long).filter((key) => key.startsWith(optionName));
      const exact = candidates.find((key) => key === optionName);
      const match = exact ?? (candidates.length === 1 ? candidates[0] : undefined);
      if (!match) {
        if (candidates.length > 1) return usageError(ctx, name, `option '${arg}' is ambiguous`, status);
        return usageError(ctx, name, `unrecognized option '${arg}'`, status);
      }
      const option = long[match];
      if (option.key === '--help') {
        await ctx.stdout.write(`${spec.usage}\n`);
        return 0;
      }
      if (option.arg) {
        let value = inline;
        if (value === undefined) {
          i += 1;
          value = args[i];
        }
        if (value === undefined)
          return usageError(ctx, name, `option '--${match}' requires an argument`, status);
        values.set(option.key, value);
      } else {
        if (inline !== undefined)
          return usageError(ctx, name, `option '--${match}' doesn't allow an argument`, status);
        values.set(option.key, true);
      }
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      if (spec.numeric && /^-\d+$/.test(arg)) {
        values.set(spec.numeric, arg.slice(1));
        continue;
      }
      for (let j = 1; j < arg.length; j += 1) {
        const letter = arg[j];
        if (withArg.includes(letter)) {
          let value = arg.slice(j + 1);
          if (value === '') {
            i += 1;
            value = args[i];
          }
          if (value === undefined)
            return usageError(ctx, name, `option requires an argument -- '${letter}'`, status);
          values.set(letter, value);
          break;
        }
        if (!flags.includes(letter)) return usageError(ctx, name, `invalid option -- '${letter}'`, status);
        values.set(letter, true);
      }
      continue;
    }
    operands.push(arg);
    if (spec.stopAtOperand) {
      operands.push(...args.slice(i + 1));
      break;
    }
  }
  return {
    values,
    operands,
    has: (key) => values.has(key),
    get: (key) => {
      const value = values.get(key);
      return typeof value === 'string' ? value : undefined;
    },
  };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const index = text.indexOf(separator);
  return index < 0 ? [text, undefined] : [text.slice(0, index), text.slice(index + 1)];
}
