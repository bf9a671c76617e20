/**
 * Ingress routing as ingress-nginx does it, pure: the rules of every Ingress of the class are merged per
 * host (exact host, then a `*.domain` wildcard covering one label, then rules without host); within a host,
 * Exact paths win over prefixes and the longest prefix wins. Prefix matching is per path element (`/foo`
 * matches `/foo` and `/foo/bar`, not `/foobar`); ImplementationSpecific paths are prefixes, as in nginx
 * without the use-regex annotation. When no rule matches, an Ingress' spec.defaultBackend is used, else
 * the controller's own default backend answers 404.
 */
import type { KubeObject } from '../api/object';

/** IngressBackend is the Service a request goes to. */
export interface IngressBackend {
  namespace: string;
  ingress: string;
  service: string;
  port: { number?: number; name?: string };
  /** rulePath is the path of the matched rule (absent for a defaultBackend). */
  rulePath?: string;
  /** rewriteTarget is the Ingress' `nginx.ingress.kubernetes.io/rewrite-target` annotation. */
  rewriteTarget?: string;
}

/** REWRITE_TARGET is ingress-nginx's annotation replacing the request URI sent to the backend. */
export const REWRITE_TARGET = 'nginx.ingress.kubernetes.io/rewrite-target';

/**
 * rewritePath is the path the backend receives: unchanged, or with `rewrite-target` what nginx's
 * `rewrite "(?i)<rule path>" <target> break;` gives — the whole URI becomes the target, `$1`… taken from
 * the rule path's groups (a rule path that is no valid regex is matched literally), the query kept.
 */
export function rewritePath(backend: IngressBackend, requestPath: string): string {
  const target = backend.rewriteTarget;
  if (target === undefined || backend.rulePath === undefined) return requestPath;
  const [path, ...query] = requestPath.split('?');
  let pattern: RegExp;
  try {
    pattern = new RegExp(backend.rulePath, 'i');
  } catch {
    pattern = new RegExp(backend.rulePath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  }
  const match = pattern.exec(path);
  if (!match) return requestPath;
  const rewritten = target.replace(/\$(\d)/g, (_, n: string) => match[Number(n)] ?? '') || '/';
  return query.length ? `${rewritten}?${query.join('?')}` : rewritten;
}

interface HttpPath {
  path?: string;
  pathType?: string;
  backend?: { service?: { name: string; port?: { number?: number; name?: string } } };
}

interface IngressRule {
  host?: string;
  http?: { paths?: HttpPath[] };
}

interface IngressSpec {
  ingressClassName?: string;
  defaultBackend?: HttpPath['backend'];
  rules?: IngressRule[];
  tls?: { hosts?: string[]; secretName?: string }[];
}

/** NGINX_CLASS is the class this controller serves (the default IngressClass). */
export const NGINX_CLASS = 'nginx';

/** servedBy tells whether the controller handles an Ingress (its class, or none when nginx is default). */
export function servedBy(ingress: KubeObject, className = NGINX_CLASS, isDefault = true): boolean {
  const spec = (ingress.spec ?? {}) as IngressSpec;
  const annotated = ingress.metadata.annotations?.['kubernetes.io/ingress.class'];
  const name = spec.ingressClassName ?? annotated;
  return name === undefined ? isDefault : name === className;
}

/** hostMatches compares a rule host (maybe `*.example.com`) with the request host. */
export function hostMatches(
  ruleHost: string | undefined,
  host: string,
): 'exact' | 'wildcard' | 'any' | undefined {
  if (!ruleHost) return 'any';
  if (ruleHost === host) return 'exact';
  if (ruleHost.startsWith('*.')) {
    const suffix = ruleHost.slice(1);
    const head = host.slice(0, host.length - suffix.length);
    if (host.endsWith(suffix) && head.length > 0 && !head.includes('.')) return 'wildcard';
  }
  return undefined;
}

/** pathMatches returns the match length (higher is more specific) or -1. */
export function pathMatches(path: HttpPath, requestPath: string): number {
  const rulePath = path.path || '/';
  const type = path.pathType ?? 'ImplementationSpecific';
  if (type === 'Exact') return rulePath === requestPath ? 100_000 + rulePath.length : -1;
  const prefix = rulePath.replace(/\/+$/, '');
  if (prefix === '') return 0;
  if (requestPath === prefix || requestPath.startsWith(`${prefix}/`)) return prefix.length;
  return -1;
}

/** route picks the backend for `host` + `path` among the served Ingresses; undefined = default backend. */
export function route(
  ingresses: KubeObject[],
  host: string,
  requestPath: string,
): IngressBackend | undefined {
  const path = requestPath.split('?')[0] || '/';
  const bareHost = host.toLowerCase().replace(/:\d+$/, '');
  const rank = { exact: 3, wildcard: 2, any: 1 } as const;
  let best: { hostRank: number; score: number; backend: IngressBackend } | undefined;
  const sorted = [...ingresses].sort(
    (a, b) =>
      (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') ||
      `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
        `${b.metadata.namespace}/${b.metadata.name}`,
      ),
  );
  for (const ingress of sorted) {
    const spec = (ingress.spec ?? {}) as IngressSpec;
    for (const rule of spec.rules ?? []) {
      const kind = hostMatches(rule.host?.toLowerCase(), bareHost);
      if (!kind) continue;
      for (const p of rule.http?.paths ?? []) {
        const score = pathMatches(p, path);
        const service = p.backend?.service;
        if (score < 0 || !service) continue;
        const hostRank = rank[kind];
        if (!best || hostRank > best.hostRank || (hostRank === best.hostRank && score > best.score))
          best = {
            hostRank,
            score,
            backend: {
              namespace: ingress.metadata.namespace ?? 'default',
              ingress: ingress.metadata.name ?? '',
              service: service.name,
              port: service.port ?? {},
              rulePath: p.path || '/',
              rewriteTarget: ingress.metadata.annotations?.[REWRITE_TARGET],
            },
          };
      }
    }
  }
  if (best) return best.backend;
  for (const ingress of sorted) {
    const service = ((ingress.spec ?? {}) as IngressSpec).defaultBackend?.service;
    if (service)
      return {
        namespace: ingress.metadata.namespace ?? 'default',
        ingress: ingress.metadata.name ?? '',
        service: service.name,
        port: service.port ?? {},
      };
  }
  return undefined;
}

/** tlsHost tells whether an Ingress declares TLS for `host` (ingress-nginx then redirects HTTP to HTTPS). */
export function tlsHost(ingresses: KubeObject[], host: string): boolean {
  const bareHost = host.toLowerCase().replace(/:\d+$/, '');
  return ingresses.some((ingress) =>
    (((ingress.spec ?? {}) as IngressSpec).tls ?? []).some((tls) =>
      (tls.hosts ?? []).some(
        (h) =>
          hostMatches(h.toLowerCase(), bareHost) === 'exact' ||
          hostMatches(h.toLowerCase(), bareHost) === 'wildcard',
      ),
    ),
  );
}

/** nginxPage is the HTML nginx writes for an error status. */
export function nginxPage(status: number, statusText: string): string {
  return `<html>\r\n<head><title>${status} ${statusText}</title></head>\r\n<body>\r\n<center><h1>${status} ${statusText}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}
