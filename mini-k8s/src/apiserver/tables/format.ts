/**
 * Cell formatting helpers shared by the printers, each mirroring the apimachinery or printers.go
 * helper named in its doc comment.
 */

/** LabelSelector is metav1.LabelSelector as JSON. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Container is the part of a core/v1 Container the printers read. */
export interface Container {
  name?: string;
  image?: string;
  restartPolicy?: string;
}

/** compareStrings orders strings by UTF-16 code units, which matches Go's byte order for ASCII keys. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** formatLabels is labels.FormatLabels: sorted `k=v` pairs joined by commas, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  const pairs = Object.entries(labels ?? {}).map(([k, v]) => `${k}=${v}`);
  pairs.sort(compareStrings);
  return pairs.length === 0 ? '<none>' : pairs.join(',');
}

/**
 * selectorString is `metav1.LabelSelectorAsSelector(sel).String()`: requirements sorted by key,
 * `k=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`; '' for a nil or empty selector. It returns
 * undefined when the selector is invalid (unknown operator, or values that do not fit the operator),
 * where upstream gets an error.
 */
export function selectorString(selector: LabelSelector | undefined | null): string | undefined {
  if (!selector) return '';
  const requirements: { key: string; text: string }[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    requirements.push({ key, text: `${key}=${value}` });
  }
  for (const expression of selector.matchExpressions ?? []) {
    const values = [...(expression.values ?? [])].sort(compareStrings);
    switch (expression.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0) return undefined;
        requirements.push({
          key: expression.key,
          text: `${expression.key} ${expression.operator === 'In' ? 'in' : 'notin'} (${values.join(',')})`,
        });
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length !== 0) return undefined;
        requirements.push({
          key: expression.key,
          text: `${expression.operator === 'DoesNotExist' ? '!' : ''}${expression.key}`,
        });
        break;
      default:
        return undefined;
    }
  }
  // Array.prototype.sort is stable; Go's sort.Sort is not, but keys are unique in practice.
  requirements.sort((a, b) => compareStrings(a.key, b.key));
  return requirements.map((r) => r.text).join(',');
}

/** formatLabelSelector is metav1.FormatLabelSelector: `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(selector: LabelSelector | undefined | null): string {
  const text = selectorString(selector);
  if (text === undefined) return '<error>';
  return text === '' ? '<none>' : text;
}

/** layoutContainerCells lists container names and images, comma-joined, for the wide columns. */
export function layoutContainerCells(containers: Container[] | undefined): { names: string; images: string } {
  const list = containers ?? [];
  return {
    names: list.map((c) => c.name ?? '').join(','),
    images: list.map((c) => c.image ?? '').join(','),
  };
}

/** intOrStringText is intstr.IntOrString.String(): the integer in decimal, or the string as is. */
export function intOrStringText(value: number | string): string {
  return typeof value === 'number' ? String(Math.trunc(value)) : value;
}

/** printBoolPtr renders an optional boolean as `True`, `False` or `<unset>`. */
export function printBoolPtr(value: boolean | undefined | null): string {
  if (value === undefined || value === null) return '<unset>';
  return value ? 'True' : 'False';
}

/** joinHostPort is net.JoinHostPort: IPv6 hosts are bracketed. */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * listWithMoreString joins at most `max` items and appends ` + N more...` when the list was cut;
 * an empty list prints `<unset>` (printers.go listWithMoreString).
 */
export function listWithMoreString(list: string[], more: boolean, count: number, max: number): string {
  const text = list.join(',');
  if (more) return `${text} + ${count - max} more...`;
  return text === '' ? '<unset>' : text;
}

/** loadBalancerAddresses joins the sorted, de-duplicated ingress IPs (or hostnames) of a load-balancer status. */
export function loadBalancerAddresses(ingress: { ip?: string; hostname?: string }[] | undefined): string {
  const set = new Set<string>();
  for (const entry of ingress ?? []) {
    if (entry.ip) set.add(entry.ip);
    else if (entry.hostname) set.add(entry.hostname);
  }
  return [...set].sort(compareStrings).join(',');
}

/** countKeys counts the keys of an optional JSON map. */
export function countKeys(map: Record<string, unknown> | undefined | null): number {
  return map ? Object.keys(map).length : 0;
}
