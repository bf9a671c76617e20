/**
 * What the runtime's credentials must be allowed to do on the host, and the check of it: one
 * SelfSubjectAccessReview per permission (what `kubectl auth can-i` sends), so a misconfigured platform says
 * which permission is missing at start-up instead of failing at the first learner's pod.
 * HOST_PERMISSIONS is the ClusterRole of deploy/helm/atelier/templates/host-rbac.yaml, rule for rule.
 */
import type { ApiClient } from '../../../client/client';
import { StatusError } from '../../../machinery/errors';

/** HostRule is one rule of the platform's ClusterRole on the host. */
export interface HostRule {
  apiGroup: string;
  resources: string[];
  verbs: string[];
}

/**
 * HOST_PERMISSIONS: namespaces are created, annotated (the learner node's host node) and deleted per
 * sandbox; pods, their logs, exec, attach, port-forward and ephemeral containers run the learner's pods; their events (probe
 * failures, kills, pulls) are the learner pods' events; Secrets carry ConfigMap/Secret volumes;
 * PersistentVolumeClaims carry hostPath volumes; the quota, limit range and network policies bound each namespace
 * (the quota and the DNS policy are brought up to date in existing ones); Services and EndpointSlices mirror the
 * learner's Services and carry each sandbox's DNS (host-services.ts, host-dns.ts); metrics.k8s.io feeds
 * `kubectl top`. Namespaced rules are cluster-wide
 * because sandbox namespaces are created at run time (RBAC has no name-prefix rules).
 */
export const HOST_PERMISSIONS: readonly HostRule[] = [
  { apiGroup: '', resources: ['namespaces'], verbs: ['get', 'list', 'create', 'patch', 'delete'] },
  { apiGroup: '', resources: ['pods'], verbs: ['get', 'list', 'watch', 'create', 'delete'] },
  { apiGroup: '', resources: ['pods/log'], verbs: ['get'] },
  { apiGroup: '', resources: ['events'], verbs: ['list', 'watch'] },
  { apiGroup: '', resources: ['pods/ephemeralcontainers'], verbs: ['patch'] },
  // WebSocket exec/attach is authorised as `create` since Kubernetes 1.30, as `get` before: both.
  { apiGroup: '', resources: ['pods/exec', 'pods/attach'], verbs: ['get', 'create'] },
  // Port-forward to the learners' pods (tunnelled SPDY over a WebSocket: `create`, `get` before 1.30).
  { apiGroup: '', resources: ['pods/portforward'], verbs: ['get', 'create'] },
  { apiGroup: '', resources: ['secrets'], verbs: ['get', 'list', 'create', 'update', 'delete'] },
  { apiGroup: '', resources: ['persistentvolumeclaims'], verbs: ['get', 'list', 'create', 'delete'] },
  { apiGroup: '', resources: ['resourcequotas'], verbs: ['get', 'create', 'patch'] },
  { apiGroup: '', resources: ['limitranges'], verbs: ['get', 'create'] },
  { apiGroup: 'networking.k8s.io', resources: ['networkpolicies'], verbs: ['get', 'create', 'update'] },
  // Learner Services mirrored on the host, and each sandbox's kube-dns Service and its EndpointSlice.
  { apiGroup: '', resources: ['services'], verbs: ['get', 'list', 'create', 'update', 'delete'] },
  {
    apiGroup: 'discovery.k8s.io',
    resources: ['endpointslices'],
    verbs: ['get', 'list', 'create', 'update', 'delete'],
  },
  { apiGroup: 'metrics.k8s.io', resources: ['pods'], verbs: ['get', 'list'] },
];

/** HostAccess is the outcome of checkHostAccess. */
export type HostAccess =
  | { ok: true; version: string }
  | { ok: false; reason: 'unreachable'; message: string }
  | { ok: false; reason: 'unauthorized'; message: string }
  /** missing lists `verb group/resource[/subresource]` like kubectl auth can-i names them. */
  | { ok: false; reason: 'forbidden'; message: string; missing: string[] };

/** permissionName is a rule's verb and resource as `kubectl auth can-i` takes them (`create pods/exec`). */
export function permissionName(verb: string, apiGroup: string, resource: string): string {
  const [res, sub] = resource.split('/');
  return `${verb} ${apiGroup ? `${res}.${apiGroup}` : res}${sub ? `/${sub}` : ''}`;
}

/**
 * checkHostAccess reaches the host (its /version), then asks whether this client may do each of
 * HOST_PERMISSIONS, all namespaces. A token the host rejects is `unauthorized` (401).
 */
export async function checkHostAccess(client: ApiClient): Promise<HostAccess> {
  let version: string;
  try {
    const info = (await client.request('GET', '/version')) as { gitVersion?: string } | undefined;
    version = info?.gitVersion ?? 'unknown';
  } catch (err) {
    if (err instanceof StatusError && err.code === 401) return unauthorized(err);
    // /version is public on most clusters; a 403 still proves the server answers, the reviews tell the rest.
    if (!(err instanceof StatusError)) return { ok: false, reason: 'unreachable', message: describe(err) };
    version = 'unknown';
  }
  const missing: string[] = [];
  try {
    for (const rule of HOST_PERMISSIONS) {
      for (const resource of rule.resources) {
        for (const verb of rule.verbs) {
          const [res, sub] = resource.split('/');
          const review = (await client.request(
            'POST',
            '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
            {
              body: {
                apiVersion: 'authorization.k8s.io/v1',
                kind: 'SelfSubjectAccessReview',
                spec: {
                  resourceAttributes: {
                    verb,
                    group: rule.apiGroup,
                    resource: res,
                    ...(sub ? { subresource: sub } : {}),
                  },
                },
              },
            },
          )) as { status?: { allowed?: boolean } };
          if (!review.status?.allowed) missing.push(permissionName(verb, rule.apiGroup, resource));
        }
      }
    }
  } catch (err) {
    if (err instanceof StatusError && err.code === 401) return unauthorized(err);
    if (!(err instanceof StatusError)) return { ok: false, reason: 'unreachable', message: describe(err) };
    return {
      ok: false,
      reason: 'forbidden',
      message: err.message,
      missing: ['create selfsubjectaccessreviews.authorization.k8s.io'],
    };
  }
  if (missing.length > 0) {
    return { ok: false, reason: 'forbidden', message: `missing permissions: ${missing.join(', ')}`, missing };
  }
  return { ok: true, version };
}

function unauthorized(err: StatusError): HostAccess {
  return { ok: false, reason: 'unauthorized', message: err.message };
}

function describe(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const cause = (e?.cause as NodeJS.ErrnoException | undefined)?.code;
  return [e?.code ?? cause, e?.message].filter(Boolean).join(' ') || String(err);
}
