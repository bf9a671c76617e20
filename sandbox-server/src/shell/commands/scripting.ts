// Scripting builtins: test / [ (conditions), source / . (run a file here), bash / sh (run a script in a subshell).
import type { Command, CommandContext } from '../types';
import { abs, errorMessage } from './common';

class TestError extends Error {}

const INTEGER = /^\s*[+-]?\d+\s*$/;

function integer(name: string, text: string): number {
  if (!INTEGER.test(text)) throw new TestError(`${name}: ${text}: integer expression expected`);
  return Number(text);
}

function unary(ctx: CommandContext, op: string, operand: string): boolean | undefined {
  const stat = (): ReturnType<CommandContext['fs']['stat']> => ctx.fs.stat(abs(ctx, operand));
  switch (op) {
    case '-n':
      return operand !== '';
    case '-z':
      return operand === '';
    case '-e':
    case '-r':
    case '-w':
      return stat() !== undefined;
    case '-f':
      return stat()?.kind === 'file';
    case '-d':
      return stat()?.kind === 'dir';
    case '-s':
      return (stat()?.size ?? 0) > 0 && stat()?.kind === 'file';
    case '-x': {
      const s = stat();
      return s !== undefined && (s.kind === 'dir' || (s.mode & 0o111) !== 0);
    }
    default:
      return undefined;
  }
}

const BINARY: Record<string, (name: string, a: string, b: string) => boolean> = {
  '=': (_n, a, b) => a === b,
  '==': (_n, a, b) => a === b,
  '!=': (_n, a, b) => a !== b,
  '<': (_n, a, b) => a < b,
  '>': (_n, a, b) => a > b,
  '-eq': (n, a, b) => integer(n, a) === integer(n, b),
  '-ne': (n, a, b) => integer(n, a) !== integer(n, b),
  '-lt': (n, a, b) => integer(n, a) < integer(n, b),
  '-le': (n, a, b) => integer(n, a) <= integer(n, b),
  '-gt': (n, a, b) => integer(n, a) > integer(n, b),
  '-ge': (n, a, b) => integer(n, a) >= integer(n, b),
};

/** evaluate implements test(1) for up to four arguments, with `-a`/`-o` joining longer expressions. */
function evaluate(ctx: CommandContext, name: string, args: string[]): boolean {
  const orIndex = args.indexOf('-o');
  if (orIndex > 0)
    return evaluate(ctx, name, args.slice(0, orIndex)) || evaluate(ctx, name, args.slice(orIndex + 1));
  const andIndex = args.indexOf('-a');
  if (andIndex > 0)
    return evaluate(ctx, name, args.slice(0, andIndex)) && evaluate(ctx, name, args.slice(andIndex + 1));
  switch (args.length) {
    case 0:
      return false;
    case 1:
      return args[0] !== '';
    case 2: {
      if (args[0] === '!') return args[1] === '';
      const result = unary(ctx, args[0], args[1]);
      if (result === undefined) throw new TestError(`${name}: ${args[0]}: unary operator expected`);
      return result;
    }
    case 3: {
      const binary = BINARY[args[1]];
      if (binary) return binary(name, args[0], args[2]);
      if (args[0] === '!') return !evaluate(ctx, name, args.slice(1));
      throw new TestError(`${name}: ${args[1]}: binary operator expected`);
    }
    default:
      if (args[0] === '!') return !evaluate(ctx, name, args.slice(1));
      throw new TestError(`${name}: too many arguments`);
  }
}

export const test: Command = async (ctx) => {
  const name = ctx.argv[0];
  let args = ctx.argv.slice(1);
  if (name === '[') {
    if (args[args.length - 1] !== ']') {
      await ctx.stderr.write("bash: [: missing `]'\n");
      return 2;
    }
    args = args.slice(0, -1);
  }
  try {
    return evaluate(ctx, name, args) ? 0 : 1;
  } catch (error) {
    if (!(error instanceof TestError)) throw error;
    await ctx.stderr.write(`bash: ${error.message}\n`);
    return 2;
  }
};

export const source: Command = async (ctx) => {
  const file = ctx.argv[1];
  if (file === undefined) {
    await ctx.stderr.write(
      `bash: ${ctx.argv[0]}: filename argument required\n${ctx.argv[0]}: usage: ${ctx.argv[0]} filename [arguments]\n`,
    );
    return 2;
  }
  let text: string;
  try {
    text = ctx.fs.readFile(abs(ctx, file));
  } catch (error) {
    await ctx.stderr.write(`bash: ${file}: ${errorMessage(error)}\n`);
    return 1;
  }
  return ctx.shell.runScript(text, ctx, { isolated: false });
};

export const bash: Command = async (ctx) => {
  const args = ctx.argv.slice(1);
  if (args[0] === '-c') {
    if (args[1] === undefined) {
      await ctx.stderr.write(`${ctx.argv[0]}: -c: option requires an argument\n`);
      return 2;
    }
    return ctx.shell.runScript(args[1], ctx, { isolated: true });
  }
  const file = args.find((arg) => !arg.startsWith('-'));
  if (file === undefined) {
    await ctx.stderr.write(
      `${ctx.argv[0]} : un shell imbriqué n'est pas disponible ici ; lancez un script (${ctx.argv[0]} FICHIER) ou ${ctx.argv[0]} -c 'commande'.\n`,
    );
    return 1;
  }
  let text: string;
  try {
    text = ctx.fs.readFile(abs(ctx, file));
  } catch (error) {
    await ctx.stderr.write(`${ctx.argv[0]}: ${file}: ${errorMessage(error)}\n`);
    return 127;
  }
  return ctx.shell.runScript(text, ctx, { isolated: true });
};
