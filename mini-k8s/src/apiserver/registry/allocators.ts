/**
 * Allocators for Service cluster IPs (from the service CIDR) and node ports (from the node port range),
 * like pkg/registry/core/service/ipallocator and portallocator upstream. They only track which values are
 * taken; the service strategy decides when to allocate and release, and rebuilds them from storage.
 */

/** parseIPv4 converts dotted IPv4 text to a 32-bit unsigned number, or undefined when malformed. */
export function parseIPv4(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!/^(0|[1-9]\d{0,2})$/.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/** formatIPv4 converts a 32-bit unsigned number back to dotted text. */
export function formatIPv4(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

/**
 * IpAllocator hands out addresses of one IPv4 CIDR. The network and broadcast addresses are never given.
 * Dynamic allocations avoid the low "static" band (upstream reserves min(max(16, size/16), 256) addresses
 * at the bottom for explicitly requested IPs such as 10.96.0.10 for DNS) unless the upper band is full.
 */
export class IpAllocator {
  readonly cidr: string;
  private readonly base: number;
  private readonly size: number;
  private readonly staticBand: number;
  private readonly taken = new Map<number, string>();

  constructor(cidr: string) {
    const [address, bitsText] = cidr.split('/');
    const bits = Number(bitsText);
    const ip = parseIPv4(address ?? '');
    if (ip === undefined || !Number.isInteger(bits) || bits < 8 || bits > 30) {
      throw new Error(`IpAllocator: unsupported service CIDR ${JSON.stringify(cidr)}`);
    }
    this.size = 2 ** (32 - bits);
    this.base = ip - (ip % this.size);
    this.cidr = `${formatIPv4(this.base)}/${bits}`;
    this.staticBand = Math.min(Math.max(16, Math.floor(this.size / 16)), 256);
  }

  /** firstAddress is the first usable address of the range (the `kubernetes` Service's IP). */
  firstAddress(): string {
    return formatIPv4(this.base + 1);
  }

  /** contains tells whether ip lies in the usable part of the range. */
  contains(ip: string): boolean {
    const value = parseIPv4(ip);
    return value !== undefined && value > this.base && value < this.base + this.size - 1;
  }

  /** ownerOf returns who holds ip, if anyone. */
  ownerOf(ip: string): string | undefined {
    const value = parseIPv4(ip);
    return value === undefined ? undefined : this.taken.get(value);
  }

  /** reserve marks ip as held by owner; returns false when another owner already holds it. */
  reserve(ip: string, owner: string): boolean {
    const value = parseIPv4(ip);
    if (value === undefined) return false;
    const current = this.taken.get(value);
    if (current !== undefined && current !== owner) return false;
    this.taken.set(value, owner);
    return true;
  }

  /** allocateNext reserves a free address for owner, or returns undefined when the range is full. */
  allocateNext(owner: string): string | undefined {
    const first = this.base + 1;
    const last = this.base + this.size - 2;
    const upperStart = Math.min(first + this.staticBand, last);
    const pick = (from: number, to: number): number | undefined => {
      const span = to - from + 1;
      if (span <= 0) return undefined;
      // A random start with linear probing spreads allocations like upstream's random pick.
      const start = Math.floor(Math.random() * span);
      for (let i = 0; i < span; i++) {
        const candidate = from + ((start + i) % span);
        if (!this.taken.has(candidate)) return candidate;
      }
      return undefined;
    };
    const value = pick(upperStart, last) ?? pick(first, upperStart - 1);
    if (value === undefined) return undefined;
    this.taken.set(value, owner);
    return formatIPv4(value);
  }

  /** release frees ip when owner holds it. */
  release(ip: string, owner: string): void {
    const value = parseIPv4(ip);
    if (value !== undefined && this.taken.get(value) === owner) this.taken.delete(value);
  }
}

/** PortAllocator hands out node ports of an inclusive range. */
export class PortAllocator {
  readonly min: number;
  readonly max: number;
  private readonly taken = new Map<number, string>();

  constructor(range: [number, number]) {
    const [min, max] = range;
    if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1 || max > 65535 || min > max) {
      throw new Error(`PortAllocator: invalid node port range ${min}-${max}`);
    }
    this.min = min;
    this.max = max;
  }

  /** rangeText renders the range as upstream messages print it (`30000-32767`). */
  rangeText(): string {
    return `${this.min}-${this.max}`;
  }

  /** contains tells whether port lies in the range. */
  contains(port: number): boolean {
    return port >= this.min && port <= this.max;
  }

  /** ownerOf returns who holds port, if anyone. */
  ownerOf(port: number): string | undefined {
    return this.taken.get(port);
  }

  /** reserve marks port as held by owner; returns false when another owner already holds it. */
  reserve(port: number, owner: string): boolean {
    const current = this.taken.get(port);
    if (current !== undefined && current !== owner) return false;
    this.taken.set(port, owner);
    return true;
  }

  /** allocateNext reserves a free port for owner, or returns undefined when the range is full. */
  allocateNext(owner: string): number | undefined {
    const span = this.max - this.min + 1;
    const start = Math.floor(Math.random() * span);
    for (let i = 0; i < span; i++) {
      const candidate = this.min + ((start + i) % span);
      if (!this.taken.has(candidate)) {
        this.taken.set(candidate, owner);
        return candidate;
      }
    }
    return undefined;
  }

  /** release frees port when owner holds it. */
  release(port: number, owner: string): void {
    if (this.taken.get(port) === owner) this.taken.delete(port);
  }
}
