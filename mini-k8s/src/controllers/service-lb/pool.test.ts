import { describe, expect, it } from 'vitest';
import { AddressPool } from './pool';

describe('AddressPool', () => {
  it('hands out the lowest free address of ranges and CIDRs', () => {
    const pool = new AddressPool('172.30.0.200-172.30.0.201, 10.0.0.0/31');
    expect(pool.firstFree(new Set())).toBe('172.30.0.200');
    expect(pool.firstFree(new Set(['172.30.0.200', '172.30.0.201']))).toBe('10.0.0.0');
    expect(pool.firstFree(new Set(['172.30.0.200', '172.30.0.201', '10.0.0.0', '10.0.0.1']))).toBeUndefined();
    expect(pool.contains('10.0.0.1')).toBe(true);
    expect(pool.contains('10.0.0.2')).toBe(false);
  });

  it('rejects malformed pools', () => {
    expect(() => new AddressPool('172.30.0.9-172.30.0.1')).toThrow('invalid address range');
    expect(() => new AddressPool('nope')).toThrow('invalid address range');
    expect(() => new AddressPool('')).toThrow('empty address pool');
  });
});
