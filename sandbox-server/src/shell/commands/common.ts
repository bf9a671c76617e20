// Helpers shared by the commands: paths, error texts and reading operands.
import { FsError, resolvePath } from '../fs';
import { readAll } from '../io';
import type { CommandContext } from '../types';

/** abs resolves an operand against the command's working directory. */
export function abs(ctx: CommandContext, path: string): string {
  return resolvePath(ctx.cwd, path);
}

/** errorMessage is strerror's text for FsError, the message otherwise. */
export function errorMessage(error: unknown): string {
  if (error instanceof FsError) return error.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * readOperand reads a file operand (`-` is stdin). It returns undefined after printing
 * `name: file: No such file or directory` (the cat/wc/grep style) when it cannot.
 */
export async function readOperand(
  ctx: CommandContext,
  operand: string,
  format?: (message: string) => string,
): Promise<string | undefined> {
  if (operand === '-') return readAll(ctx.stdin, ctx.signal);
  try {
    return ctx.fs.readFile(abs(ctx, operand));
  } catch (error) {
    const message = errorMessage(error);
    await ctx.stderr.write(`${format ? format(message) : `${ctx.argv[0]}: ${operand}: ${message}`}\n`);
    return undefined;
  }
}

/** shellQuote quotes a name the way coreutils' shell-escape style does when it needs quoting. */
export function shellQuote(name: string): string {
  if (/^[A-Za-z0-9_.,:/@%+=^-]+$/.test(name)) return name;
  return `'${name.replace(/'/g, "'\\''")}'`;
}

/** parseCount parses a non-negative integer operand. */
export function parseCount(text: string): number | undefined {
  return /^\+?\d+$/.test(text) ? Number(text) : undefined;
}
