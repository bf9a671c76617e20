/**
 * The LoadBalancer address pool (MetalLB's IPAddressPool, k3s ServiceLB's node addresses): a list of
 * ranges `first-last` or CIDRs, and the choice of a free address.
 */
import { ipToNumber, numberToIp, parseCidr } from '../../network/addresses';

/** AddressPool is a set of IPv4 ranges in order. */
export class AddressPool {
  private readonly ranges: { first: number; last: number }[] = [];

  /** @param spec comma-separated `a.b.c.d-e.f.g.h` ranges or CIDRs; throws on a malformed entry. */
  constructor(spec: string) {
    for (const part of spec
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      if (part.includes('-')) {
        const [a, b] = part.split('-').map((s) => ipToNumber(s.trim()));
        if (Number.isNaN(a) || Number.isNaN(b) || a > b) throw new Error(`invalid address range "${part}"`);
        this.ranges.push({ first: a, last: b });
      } else {
        const cidr = parseCidr(part);
        if (!cidr) throw new Error(`invalid address range "${part}"`);
        this.ranges.push({ first: cidr.base, last: cidr.base + cidr.size - 1 });
      }
    }
    if (this.ranges.length === 0) throw new Error('empty address pool');
  }

  /** contains tells whether `ip` belongs to the pool. */
  contains(ip: string): boolean {
    const value = ipToNumber(ip);
    return this.ranges.some((r) => value >= r.first && value <= r.last);
  }

  /** firstFree returns the lowest address not in `used`, or undefined when the pool is exhausted. */
  firstFree(used: Set<string>): string | undefined {
    for (const r of this.ranges)
      for (let v = r.first; v <= r.last; v++) {
        const ip = numberToIp(v);
        if (!used.has(ip)) return ip;
      }
    return undefined;
  }
}
