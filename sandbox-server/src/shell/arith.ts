// Arithmetic expansion `$((...))`: integers, variables, + - * / % **, comparisons, && || !, parentheses.

/** ArithmeticError carries bash's message, e.g. `1/0: division by 0 (error token is "0")`. */
export class ArithmeticError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ArithmeticError';
  }
}

const TOKEN = /\s*(\d+|[A-Za-z_][A-Za-z0-9_]*|\*\*|<=|>=|==|!=|&&|\|\||[-+*/%()<>!])/y;

/**
 * evaluateArithmetic computes an integer expression the way bash's `$((...))` does (64-bit wrap-around is not
 * modelled). Names are variables (unset or non-numeric count as 0); no assignment operators.
 */
export function evaluateArithmetic(source: string, getVar: (name: string) => string | undefined): number {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let position = 0;
  while (position < source.length) {
    if (/^\s*$/.test(source.slice(position))) break;
    TOKEN.lastIndex = position;
    const match = TOKEN.exec(source);
    if (!match) {
      const rest = source.slice(position).trim();
      throw new ArithmeticError(
        `${source.trim()}: syntax error: invalid arithmetic operator (error token is "${rest}")`,
      );
    }
    tokens.push(match[1]);
    position = TOKEN.lastIndex;
  }
  let index = 0;
  const peek = (): string | undefined => tokens[index];
  const fail = (): never => {
    const rest = tokens.slice(index).join(' ');
    throw new ArithmeticError(`${source.trim()}: syntax error: operand expected (error token is "${rest}")`);
  };
  const binary = (
    operators: string[],
    next: () => number,
    apply: (op: string, a: number, b: number) => number,
  ) => {
    return (): number => {
      let value = next();
      while (operators.includes(peek() ?? '')) {
        const op = tokens[index++];
        value = apply(op, value, next());
      }
      return value;
    };
  };
  const primary = (): number => {
    const token = tokens[index++];
    if (token === undefined) return fail();
    if (token === '(') {
      const value = or();
      if (tokens[index++] !== ')') fail();
      return value;
    }
    if (token === '-') return -primary();
    if (token === '+') return primary();
    if (token === '!') return primary() === 0 ? 1 : 0;
    if (/^\d+$/.test(token)) return Number(token);
    if (/^[A-Za-z_]/.test(token)) {
      const value = (getVar(token) ?? '').trim();
      return /^-?\d+$/.test(value) ? Number(value) : 0;
    }
    index -= 1;
    return fail();
  };
  const power = (): number => {
    const base = primary();
    if (peek() !== '**') return base;
    index += 1;
    return base ** power();
  };
  const multiplicative = binary(['*', '/', '%'], power, (op, a, b) => {
    if (op === '*') return a * b;
    if (b === 0)
      throw new ArithmeticError(`${source.trim()}: division by 0 (error token is "${tokens[index - 1]}")`);
    return op === '/' ? Math.trunc(a / b) : a % b;
  });
  const additive = binary(['+', '-'], multiplicative, (op, a, b) => (op === '+' ? a + b : a - b));
  const comparison = binary(['<', '>', '<=', '>='], additive, (op, a, b) =>
    Number(op === '<' ? a < b : op === '>' ? a > b : op === '<=' ? a <= b : a >= b),
  );
  const equality = binary(['==', '!='], comparison, (op, a, b) => Number(op === '==' ? a === b : a !== b));
  const and = binary(['&&'], equality, (_op, a, b) => Number(a !== 0 && b !== 0));
  const or: () => number = binary(['||'], and, (_op, a, b) => Number(a !== 0 || b !== 0));
  if (tokens.length === 0) return 0;
  const value = or();
  if (index < tokens.length) fail();
  return value;
}
