/**
 * PodIpAllocator hands out pod IPs from the node's pod CIDR like the host-local IPAM plugin: addresses
 * `.2` upwards (`.1` is the bridge gateway), round-robin after the last one given, never two pods at once.
 */
export class PodIpAllocator {
  private readonly base: number;
  private readonly size: number;
  private readonly used = new Map<string, string>();
  private next = 2;

  constructor(cidr: string) {
    const [address, bitsText] = cidr.split('/');
    const bits = Number(bitsText ?? 24);
    const parts = address.split('.').map(Number);
    if (
      parts.length !== 4 ||
      parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255) ||
      !(bits >= 8 && bits <= 30)
    )
      throw new Error(`invalid pod CIDR "${cidr}"`);
    const value = ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
    this.size = 2 ** (32 - bits);
    this.base = value - (value % this.size);
  }

  /** allocate returns the IP of `owner` (the same one on repeated calls). */
  allocate(owner: string): string {
    const existing = this.used.get(owner);
    if (existing) return existing;
    const taken = new Set(this.used.values());
    for (let i = 0; i < this.size - 3; i++) {
      const host = this.next;
      this.next = this.next >= this.size - 2 ? 2 : this.next + 1;
      const ip = toIp(this.base + host);
      if (!taken.has(ip)) {
        this.used.set(owner, ip);
        return ip;
      }
    }
    throw new Error('failed to allocate for range 0: no IP addresses available in range set');
  }

  /** release frees the IP of `owner`. */
  release(owner: string): void {
    this.used.delete(owner);
  }
}

function toIp(value: number): string {
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}
