/**
 * The stub resolver of a pod (glibc/musl behaviour with the resolv.conf the kubelet writes): names with
 * fewer than `ndots` dots are tried with each search domain first, then as is; CNAMEs are followed inside
 * the cluster zone.
 */
import { type ClusterZone, normalizeName } from './records';

/** Resolution is what a lookup returns: the name that answered, its addresses, and any CNAME on the way. */
export interface Resolution {
  name: string;
  addresses: string[];
  cname?: string;
}

/** searchCandidates lists the names a resolver tries for `name`, in order. */
export function searchCandidates(name: string, searches: string[], ndots = 5): string[] {
  if (name.endsWith('.')) return [normalizeName(name)];
  const dots = name.split('.').length - 1;
  const expanded = searches.map((s) => `${name}.${normalizeName(s)}`.toLowerCase());
  return dots >= ndots ? [name.toLowerCase(), ...expanded] : [...expanded, name.toLowerCase()];
}

/** resolveA resolves `fqdn` to A addresses in the zone, following up to 8 CNAMEs; undefined = NXDOMAIN. */
export function resolveFqdn(zone: ClusterZone, fqdn: string): Resolution | undefined {
  let current = normalizeName(fqdn);
  let cname: string | undefined;
  for (let hop = 0; hop < 8; hop++) {
    const result = zone.lookup(current, 'A');
    if (result.rcode === 'NXDOMAIN') return cname ? { name: fqdn, cname, addresses: [] } : undefined;
    if (result.rcode === 'NOTAUTH') return cname ? { name: fqdn, cname, addresses: [] } : undefined;
    const alias = result.answers.find((a) => a.type === 'CNAME');
    if (alias && alias.type === 'CNAME') {
      cname ??= alias.target;
      current = alias.target;
      continue;
    }
    const addresses = result.answers.flatMap((a) => (a.type === 'A' ? [a.address] : []));
    return { name: normalizeName(fqdn), addresses, ...(cname ? { cname } : {}) };
  }
  return undefined;
}

/** resolveWithSearch applies the search list; the first candidate with an answer (or a CNAME) wins. */
export function resolveWithSearch(
  zone: ClusterZone,
  name: string,
  searches: string[],
  ndots = 5,
): Resolution | undefined {
  for (const candidate of searchCandidates(name, searches, ndots)) {
    const found = resolveFqdn(zone, candidate);
    if (found && (found.addresses.length > 0 || found.cname)) return found;
  }
  return undefined;
}
