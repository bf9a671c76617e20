import { describe, expect, it } from 'vitest';
import { candidateSubnets, cidrContains, cidrsOverlap, networkName } from './network';

describe('subnet pool', () => {
  it.each([
    ['10.0.0.0/8', '10.200.1.0/24', true],
    ['10.200.0.0/24', '10.200.1.0/24', false],
    ['172.17.0.0/16', '172.17.255.0/24', true],
    ['192.168.0.0/24', '10.0.0.0/8', false],
  ])('%s overlaps %s: %s', (a, b, expected) => {
    expect(cidrsOverlap(a, b)).toBe(expected);
    expect(cidrsOverlap(b, a)).toBe(expected);
  });

  it('prefers the pod CIDR when free and never yields a used range', () => {
    const used = ['172.17.0.0/16', '10.244.0.0/24'];
    const first = candidateSubnets('s1', used, '10.244.1.0/24').next().value;
    expect(first).toBe('10.244.1.0/24');
    const fallback = candidateSubnets('s1', used, '10.244.0.0/24').next().value as string;
    expect(fallback).toMatch(/^10\.2\d\d\.\d+\.0\/24$/);
    const taken = [...candidateSubnets('s1', [...used, fallback])].slice(0, 50);
    expect(taken).not.toContain(fallback);
    expect(new Set(taken).size).toBe(50);
  });

  it('spreads sandboxes over the pool', () => {
    expect(candidateSubnets('alpha', []).next().value).not.toBe(candidateSubnets('beta', []).next().value);
  });

  it('checks membership and names networks', () => {
    expect(cidrContains('10.200.3.0/24', '10.200.3.17')).toBe(true);
    expect(cidrContains('10.200.3.0/24', '10.200.4.1')).toBe(false);
    expect(networkName('s1')).toBe('atelier-s1');
  });
});
