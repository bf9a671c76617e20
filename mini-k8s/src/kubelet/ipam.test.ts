import { describe, expect, it } from 'vitest';
import { PodIpAllocator } from './ipam';

describe('PodIpAllocator', () => {
  it('allocates from .2, keeps an owner its IP and reuses released IPs after a round', () => {
    const ipam = new PodIpAllocator('10.244.1.0/29');
    expect(ipam.allocate('a')).toBe('10.244.1.2');
    expect(ipam.allocate('a')).toBe('10.244.1.2');
    expect(ipam.allocate('b')).toBe('10.244.1.3');
    ipam.release('a');
    expect(['c', 'd', 'e'].map((o) => ipam.allocate(o))).toEqual(['10.244.1.4', '10.244.1.5', '10.244.1.6']);
    expect(ipam.allocate('f')).toBe('10.244.1.2');
    expect(() => ipam.allocate('g')).toThrow('no IP addresses available');
  });
});
