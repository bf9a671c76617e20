import { describe, expect, it } from 'vitest';
import { ArithmeticError, evaluateArithmetic } from './arith';

const vars: Record<string, string> = { i: '4', text: 'abc', neg: '-3' };
const getVar = (name: string): string | undefined => vars[name];

describe('evaluateArithmetic', () => {
  it.each([
    ['1+2*3', 7],
    ['(1+2)*3', 9],
    ['i+1', 5],
    ['i*neg', -12],
    ['text+1', 1],
    ['unset+1', 1],
    ['7/2', 3],
    ['-7/2', -3],
    ['7%3', 1],
    ['2**10', 1024],
    ['i>3 && i<5', 1],
    ['!i || 0', 0],
    ['i==4', 1],
    ['', 0],
  ])('computes %j', (source, expected) => {
    expect(evaluateArithmetic(source, getVar)).toBe(expected);
  });

  it.each([
    ['1/0', '1/0: division by 0 (error token is "0")'],
    ['1+', '1+: syntax error: operand expected (error token is "")'],
    ['2 $ 3', '2 $ 3: syntax error: invalid arithmetic operator (error token is "$ 3")'],
  ])('rejects %j like bash', (source, message) => {
    expect(() => evaluateArithmetic(source, getVar)).toThrow(new ArithmeticError(message));
  });
});
