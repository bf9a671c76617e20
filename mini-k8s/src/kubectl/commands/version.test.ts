import { describe, expect, it } from 'vitest';
import { skewWarning } from './version';

describe('skewWarning', () => {
  it('accepts one minor version of skew either way', () => {
    expect(skewWarning('v1.32.4', 'v1.32.0')).toBeUndefined();
    expect(skewWarning('v1.32.4', 'v1.31.9')).toBeUndefined();
    expect(skewWarning('v1.32.4', 'v1.33.1+k3s1')).toBeUndefined();
  });

  it('warns beyond one minor version or across major versions', () => {
    expect(skewWarning('v1.32.4', 'v1.30.2-eks-1')).toBe(
      'WARNING: version difference between client (1.32) and server (1.30) exceeds the supported minor version skew of +/-1\n',
    );
    expect(skewWarning('v1.32.4', 'v2.32.0')).toContain('client (1.32) and server (2.32)');
  });

  it('refuses a version that is not semantic', () => {
    expect(() => skewWarning('v1.32.4', 'devel')).toThrow('could not parse "devel" as version');
  });
});
