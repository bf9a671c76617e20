/**
 * Checks on how traffic reaches pods: an Ingress routes a host and path to a Service port (networking.k8s.io/v1
 * form: `pathType`, `backend.service.name`, `backend.service.port.number|name`), every backend an Ingress names
 * exists with that port, and a Service's `targetPort` is a port the selected pods' containers declare.
 */
import type { KubeObject } from '../../../mini-k8s/src/api/object';
import { expectedFound } from '../result';
import {
  type Check,
  type CheckBase,
  fail,
  type GradeContext,
  getOrUndefined,
  listObjects,
  makeCheck,
  pass,
  resolveKind,
} from './check';

interface ServiceBackend {
  name?: string;
  port?: { number?: number; name?: string };
}
interface IngressPath {
  path?: string;
  pathType?: string;
  backend?: { service?: ServiceBackend };
}
interface IngressLike extends KubeObject {
  spec?: {
    ingressClassName?: string;
    defaultBackend?: { service?: ServiceBackend };
    rules?: { host?: string; http?: { paths?: IngressPath[] } }[];
  };
}
interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
}
interface ServiceLike extends KubeObject {
  spec?: { selector?: Record<string, string>; ports?: ServicePort[] };
}

/** showPort renders a backend port (`80` or `http`). */
function showPort(port: ServiceBackend['port']): string {
  return port?.number !== undefined ? String(port.number) : (port?.name ?? 'absent');
}

/** RouteOptions describe one expected Ingress route: host (optional), path, path type, Service and port. */
export interface RouteOptions {
  name: string;
  namespace?: string;
  host?: string;
  path: string;
  /** Default `Prefix`. */
  pathType?: string;
  service: string;
  /** A port number or a Service port name. */
  port: number | string;
}

/**
 * samePort tells whether a backend port designates the expected Service port, by number or by name; a name
 * and a number are the same port when the Service declares that port with that name.
 */
async function samePort(
  ctx: GradeContext,
  want: RouteOptions,
  port: ServiceBackend['port'],
): Promise<boolean> {
  if (typeof want.port === 'number' ? port?.number === want.port : port?.name === want.port) return true;
  if (port?.number === undefined && port?.name === undefined) return false;
  const service = await getOrUndefined<ServiceLike>(ctx, 'Service', want.service, want.namespace);
  const declared = (service?.spec?.ports ?? []).find((p) =>
    typeof want.port === 'number' ? p.port === want.port : p.name === want.port,
  );
  if (!declared) return false;
  return port.number !== undefined ? port.number === declared.port : port.name === declared.name;
}

/**
 * ingressRoute passes when the Ingress has a rule for `host` (any rule when host is not given) whose paths
 * route `path` with `pathType` to `service:port` (the port by number or by its name on the Service). Rules and
 * paths may come in any order.
 */
export function ingressRoute(base: CheckBase & RouteOptions): Check {
  return makeCheck(base, async (ctx) => {
    const ingress = await getOrUndefined<IngressLike>(ctx, 'Ingress', base.name, base.namespace);
    if (!ingress) return fail(expectedFound(`Ingress/${base.name} présent`, 'aucun objet de ce nom'));
    const rules = (ingress.spec?.rules ?? []).filter((r) => base.host === undefined || r.host === base.host);
    const where = `${base.host ?? ''}${base.path}`;
    if (rules.length === 0) {
      const hosts = (ingress.spec?.rules ?? []).map((r) => r.host ?? '*');
      return fail(expectedFound(`une règle pour l'hôte ${base.host}`, hosts.join(', ') || 'aucune règle'));
    }
    const paths = rules.flatMap((r) => r.http?.paths ?? []);
    const entry = paths.find((p) => p.path === base.path);
    if (!entry) {
      const found = paths.map((p) => p.path ?? '(sans chemin)').join(', ');
      return fail(expectedFound(`un chemin ${where}`, found || 'aucun chemin'));
    }
    const pathType = base.pathType ?? 'Prefix';
    if (entry.pathType !== pathType) {
      return fail(expectedFound(`pathType ${pathType} pour ${where}`, entry.pathType ?? 'absent'));
    }
    const backend = entry.backend?.service;
    const wanted = `${base.service}:${base.port}`;
    const port = backend?.port;
    if (backend?.name !== base.service || !(await samePort(ctx, base, port))) {
      const found = backend ? `${backend.name ?? 'absent'}:${showPort(port)}` : 'aucun backend de Service';
      return fail(expectedFound(`${where} vers ${wanted}`, found));
    }
    return pass(`${where} route vers ${wanted}`);
  });
}

/** ingressBackendsExist passes when every Service an Ingress routes to exists and exposes the named port. */
export function ingressBackendsExist(base: CheckBase & { name: string; namespace?: string }): Check {
  return makeCheck(base, async (ctx) => {
    const ingress = await getOrUndefined<IngressLike>(ctx, 'Ingress', base.name, base.namespace);
    if (!ingress) return fail(expectedFound(`Ingress/${base.name} présent`, 'aucun objet de ce nom'));
    const backends = [
      ...(ingress.spec?.defaultBackend?.service ? [ingress.spec.defaultBackend.service] : []),
      ...(ingress.spec?.rules ?? []).flatMap((r) =>
        (r.http?.paths ?? []).flatMap((p) => (p.backend?.service ? [p.backend.service] : [])),
      ),
    ];
    if (backends.length === 0) return fail(expectedFound('au moins un backend de Service', 'aucun'));
    for (const backend of backends) {
      const name = backend.name ?? '';
      const service = await getOrUndefined<ServiceLike>(ctx, 'Service', name, base.namespace);
      if (!service) return fail(expectedFound(`Service/${name} présent`, 'aucun objet de ce nom'));
      const ports = service.spec?.ports ?? [];
      const has = ports.some((p) =>
        backend.port?.number !== undefined ? p.port === backend.port.number : p.name === backend.port?.name,
      );
      if (!has) {
        const found = ports.map((p) => (p.name ? `${p.name} (${p.port})` : String(p.port))).join(', ');
        return fail(
          expectedFound(`le port ${showPort(backend.port)} sur Service/${name}`, found || 'aucun port'),
        );
      }
    }
    return pass(`${backends.length} backend(s) présents`);
  });
}

interface PodLike extends KubeObject {
  spec?: { containers?: { ports?: { name?: string; containerPort: number }[] }[] };
}

/**
 * serviceTargetsContainerPort passes when the Service's port (`port`, default its first) has a targetPort that
 * a container of the selected pods declares: a number equal to a containerPort, or the name of one. A missing
 * targetPort means the same number as the port, as the API server defaults it.
 */
export function serviceTargetsContainerPort(
  base: CheckBase & { name: string; namespace?: string; port?: number },
): Check {
  return makeCheck(base, async (ctx: GradeContext) => {
    const service = await getOrUndefined<ServiceLike>(ctx, 'Service', base.name, base.namespace);
    if (!service) return fail(expectedFound(`Service/${base.name} présent`, 'aucun objet de ce nom'));
    const ports = service.spec?.ports ?? [];
    const port = base.port === undefined ? ports[0] : ports.find((p) => p.port === base.port);
    if (!port) return fail(expectedFound(`le port ${base.port ?? ''} sur Service/${base.name}`, 'absent'));
    const target = port.targetPort ?? port.port;
    const selector = Object.entries(service.spec?.selector ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    if (!selector) return fail(expectedFound(`un sélecteur sur Service/${base.name}`, 'aucun'));
    const pods = await listObjects<PodLike>(ctx, resolveKind('Pod'), base.namespace ?? ctx.namespace, {
      labelSelector: selector,
    });
    const declared = pods.items.flatMap((p) => (p.spec?.containers ?? []).flatMap((c) => c.ports ?? []));
    if (pods.items.length === 0)
      return fail(expectedFound(`des Pods sélectionnés par ${selector}`, 'aucun Pod'));
    const ok = declared.some((d) =>
      typeof target === 'number' ? d.containerPort === target : d.name === target,
    );
    if (ok) return pass(`targetPort ${target} correspond au port du conteneur`);
    // Every replica declares the same ports: list each once.
    const found = [
      ...new Set(declared.map((d) => (d.name ? `${d.name} (${d.containerPort})` : String(d.containerPort)))),
    ];
    return fail(
      expectedFound(
        `targetPort parmi les ports des conteneurs (${found.join(', ') || 'aucun'})`,
        String(target),
      ),
    );
  });
}
