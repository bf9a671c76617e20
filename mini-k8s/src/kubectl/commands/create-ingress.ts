/**
 * `kubectl create ingress NAME --rule=host/path=service:port[,tls[=secret]]`: kubectl 1.32's rule syntax
 * (a trailing `*` makes a Prefix path, else Exact; rules of one host share its paths; `tls` hosts grouped by
 * secret), `--default-backend`, `--class` and `--annotation`, with its validation messages.
 */
import type { KubeObject } from '../../api/object';
import { type Generator, meta, requireName } from './create-generators';
import { ordered, typedObject } from './create-typed';

/** RULE is create_ingress.go's ruleRegex (a prefix match, as Go's MatchString). */
const RULE = /^([\w*\-.]*)(\/.*)=([\w-]+):([\w-]+)(,(tls)=?([\w-]+)?)?/;

/** backend is buildIngressBackendSvc: `name:port`, the port a number or a port name. */
function backend(service: string): Record<string, unknown> {
  const [name, port] = service.split(':');
  const isInt = /^[+-]?\d+$/.test(port);
  return { service: { name, port: isInt ? { number: Number(port) } : { name: port } } };
}

/** httpPath is buildHTTPIngressPath: `path=service:port`; a trailing `*` makes it a Prefix path. */
function httpPath(pathsvc: string): Record<string, unknown> {
  const [rawPath, service] = pathsvc.split('=');
  let path = `/${rawPath}`;
  let pathType = 'Exact';
  if (path.endsWith('*')) {
    pathType = 'Prefix';
    path = path.slice(0, -1);
  }
  return { path, pathType, backend: backend(service) };
}

/** tlsRules is buildTLSRules: one entry per secret, listing its hosts (each host once). */
function tlsRules(rules: string[]): Record<string, unknown>[] {
  const seen = new Set<string>();
  const out: { hosts?: string[]; secretName?: string }[] = [];
  for (const rule of rules) {
    const parts = rule.split(',');
    if (parts.length !== 2) continue;
    const host = rule.split('/')[0];
    const named = parts[1].split('=');
    const secret = named.length > 1 ? named[1] : '';
    const existing = out.findIndex((t) => (t.secretName ?? '') === secret);
    if (seen.has(host)) continue;
    seen.add(host);
    if (existing > -1) {
      out[existing].hosts = [...(out[existing].hosts ?? []), host];
      continue;
    }
    const tls: { hosts?: string[]; secretName?: string } = {};
    if (host !== '') tls.hosts = [host];
    if (secret !== '') tls.secretName = secret;
    if (tls.secretName || tls.hosts) out.push(tls);
  }
  return out;
}

/** ingressRules is buildIngressRules: one rule per host, its paths in command-line order. */
function ingressRules(rules: string[]): Record<string, unknown>[] {
  const out: { host?: string; http: { paths: Record<string, unknown>[] } }[] = [];
  for (const rule of rules) {
    const withoutTls = rule.split(',')[0];
    const slash = withoutTls.indexOf('/');
    const host = withoutTls.slice(0, slash);
    const path = httpPath(withoutTls.slice(slash + 1));
    const existing = out.find((r) => (r.host ?? '') === host);
    if (existing) {
      existing.http.paths.push(path);
      continue;
    }
    out.push({ ...(host !== '' ? { host } : {}), http: { paths: [path] } });
  }
  return out;
}

export const INGRESS_GENERATOR: Generator = {
  name: 'ingress',
  aliases: ['ing'],
  flags: [
    { name: 'class', type: 'string' },
    { name: 'rule', type: 'stringArray' },
    { name: 'default-backend', type: 'string' },
    { name: 'annotation', type: 'stringArray' },
  ],
  createErrorPrefix: 'failed to create ingress: ',
  typed(obj) {
    const out = typedObject(obj as unknown as Record<string, unknown>, ['spec', 'status']);
    out.spec = ordered((out.spec as Record<string, unknown>) ?? {}, [
      'ingressClassName',
      'defaultBackend',
      'tls',
      'rules',
    ]);
    // IngressStatus.loadBalancer is a struct: the typed client prints it even when empty.
    out.status = { loadBalancer: {}, ...(out.status as object) };
    return out as unknown as KubeObject;
  },
  async build(ctx, flags, args) {
    const name = requireName(args);
    const rules = flags.list('rule');
    const defaultBackend = flags.str('default-backend');
    const annotations = flags.list('annotation');
    if (defaultBackend === '' && rules.length === 0) {
      throw new Error(
        'not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)',
      );
    }
    for (const rule of rules) {
      if (!RULE.test(rule)) {
        throw new Error(
          `rule ${rule} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]`,
        );
      }
    }
    for (const annotation of annotations) {
      if (!annotation.includes('=')) {
        throw new Error(`annotation ${annotation} is invalid and should be in format key=[value]`);
      }
    }
    if (defaultBackend !== '' && defaultBackend.split(':').length !== 2) {
      throw new Error('default-backend should be in format servicename:serviceport');
    }
    const metadata = meta(ctx, name);
    if (annotations.length > 0) {
      const map: Record<string, string> = {};
      for (const a of annotations) {
        const eq = a.indexOf('=');
        map[a.slice(0, eq)] = a.slice(eq + 1);
      }
      metadata.annotations = map;
    }
    const spec: Record<string, unknown> = {};
    if (flags.str('class')) spec.ingressClassName = flags.str('class');
    if (defaultBackend !== '') spec.defaultBackend = backend(defaultBackend);
    const tls = tlsRules(rules);
    if (tls.length > 0) spec.tls = tls;
    const http = ingressRules(rules);
    if (http.length > 0) spec.rules = http;
    return {
      kind: 'Ingress',
      apiVersion: 'networking.k8s.io/v1',
      metadata,
      spec,
      status: { loadBalancer: {} },
    } as unknown as KubeObject;
  },
};
