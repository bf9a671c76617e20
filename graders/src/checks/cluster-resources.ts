/**
 * Checks on services, storage and access control: a Service routes to N ready endpoints, a PVC is Bound to
 * a PV with a given access mode and reclaim policy, and a user or service account can or cannot do a verb
 * on a resource (asked to the API server through a SubjectAccessReview, as `kubectl auth can-i --as` does).
 */
import type { KubeObject } from '../../../mini-k8s/src/api/object';
import { RESOURCES } from '../../../mini-k8s/src/api/resources';
import { expectedFound } from '../result';
import {
  type CheckBase,
  type Check,
  fail,
  type GradeContext,
  getOrUndefined,
  makeCheck,
  pass,
  resolveKind,
} from './check';

interface EndpointsLike extends KubeObject {
  subsets?: { addresses?: { ip: string }[]; notReadyAddresses?: { ip: string }[] }[];
}

/** serviceEndpoints passes when the Service exists and its Endpoints list exactly `ready` ready addresses. */
export function serviceEndpoints(
  base: CheckBase & { name: string; namespace?: string; ready: number },
): Check {
  return makeCheck(base, async (ctx) => {
    const service = await getOrUndefined(ctx, 'Service', base.name, base.namespace);
    if (!service) return fail(expectedFound(`Service/${base.name} présent`, 'aucun objet de ce nom'));
    const endpoints = await getOrUndefined<EndpointsLike>(ctx, 'Endpoints', base.name, base.namespace);
    const subsets = endpoints?.subsets ?? [];
    const ready = subsets.reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
    const notReady = subsets.reduce((n, s) => n + (s.notReadyAddresses?.length ?? 0), 0);
    if (ready === base.ready) return pass(`${ready} point(s) de terminaison prêts`);
    const found = `${ready}${notReady ? ` (et ${notReady} non prêts)` : ''}`;
    return fail(
      expectedFound(`${base.ready} point(s) de terminaison prêts pour Service/${base.name}`, found),
    );
  });
}

interface PvcLike extends KubeObject {
  spec?: { volumeName?: string; storageClassName?: string };
  status?: { phase?: string };
}
interface PvLike extends KubeObject {
  spec?: { accessModes?: string[]; persistentVolumeReclaimPolicy?: string; storageClassName?: string };
}

/** pvcBound passes when the claim is Bound to a PV that has the access mode and reclaim policy asked for. */
export function pvcBound(
  base: CheckBase & {
    name: string;
    namespace?: string;
    accessMode?: string;
    reclaimPolicy?: string;
    volume?: string;
  },
): Check {
  return makeCheck(base, async (ctx) => {
    const pvc = await getOrUndefined<PvcLike>(ctx, 'PersistentVolumeClaim', base.name, base.namespace);
    if (!pvc)
      return fail(expectedFound(`PersistentVolumeClaim/${base.name} présent`, 'aucun objet de ce nom'));
    const phase = pvc.status?.phase ?? 'Pending';
    if (phase !== 'Bound' || !pvc.spec?.volumeName)
      return fail(expectedFound(`PVC ${base.name} Bound`, phase));
    if (base.volume && pvc.spec.volumeName !== base.volume) {
      return fail(expectedFound(`lié au volume ${base.volume}`, pvc.spec.volumeName));
    }
    const pv = await getOrUndefined<PvLike>(ctx, 'PersistentVolume', pvc.spec.volumeName);
    if (!pv)
      return fail(expectedFound(`PersistentVolume/${pvc.spec.volumeName} présent`, 'aucun objet de ce nom'));
    const modes = pv.spec?.accessModes ?? [];
    if (base.accessMode && !modes.includes(base.accessMode)) {
      return fail(expectedFound(`mode d'accès ${base.accessMode}`, modes.join(', ') || 'aucun'));
    }
    const policy = pv.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
    if (base.reclaimPolicy && policy !== base.reclaimPolicy) {
      return fail(expectedFound(`politique de récupération ${base.reclaimPolicy}`, policy));
    }
    return pass(`PVC ${base.name} lié à ${pvc.spec.volumeName}`);
  });
}

/** AccessQuestion is what `kubectl auth can-i <verb> <resource> --as <user>` asks. */
export interface AccessQuestion {
  /** A user name, or `system:serviceaccount:<ns>:<name>`; see `serviceAccount`. */
  user?: string;
  /** A service account name (shortcut for the user form above), in `serviceAccountNamespace`. */
  serviceAccount?: string;
  /** Namespace of `serviceAccount` (defaults to the learner's namespace). */
  serviceAccountNamespace?: string;
  verb: string;
  resource: string;
  group?: string;
  /**
   * Namespace of the request (defaults to the learner's namespace; ignored for cluster-scoped resources such
   * as nodes, which a request names without a namespace, as `kubectl get nodes` does).
   */
  namespace?: string;
}

/** clusterScoped tells whether a resource (plural, in an API group) has no namespace. */
function clusterScoped(resource: string, group: string): boolean {
  const base = resource.split('/')[0]!;
  const info = RESOURCES.find((r) => r.resource === base && r.group === group);
  return info !== undefined && !info.namespaced;
}

async function canI(ctx: GradeContext, q: AccessQuestion) {
  const group = q.group ?? '';
  const namespace = clusterScoped(q.resource, group) ? '' : (q.namespace ?? ctx.namespace);
  const saNamespace = q.serviceAccountNamespace ?? ctx.namespace;
  const user = q.serviceAccount ? `system:serviceaccount:${saNamespace}:${q.serviceAccount}` : q.user!;
  const groups = q.serviceAccount
    ? ['system:serviceaccounts', `system:serviceaccounts:${saNamespace}`, 'system:authenticated']
    : ['system:authenticated'];
  const [resource, subresource] = q.resource.split('/');
  const review = (await ctx.client.create(resolveKind('SubjectAccessReview'), undefined, {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SubjectAccessReview',
    metadata: {},
    spec: {
      user,
      groups,
      resourceAttributes: {
        namespace,
        verb: q.verb,
        resource,
        group,
        ...(subresource ? { subresource } : {}),
      },
    },
  } as KubeObject)) as KubeObject & { status?: { allowed?: boolean; reason?: string } };
  // « list pods dans le namespace equipe », « list pods dans tous les namespaces », « list nodes (à l'échelle du
  // cluster) »
  const kind = group ? `${q.resource}.${group}` : q.resource;
  const scope = namespace
    ? `dans le namespace ${namespace}`
    : clusterScoped(q.resource, group)
      ? "(à l'échelle du cluster)"
      : 'dans tous les namespaces';
  const action = `${q.verb} ${kind} ${scope}`;
  return { allowed: review.status?.allowed === true, user, action, reason: review.status?.reason };
}

/** rbacCan passes when the subject may do the verb on the resource. */
export function rbacCan(base: CheckBase & AccessQuestion): Check {
  return makeCheck(base, async (ctx) => {
    const { allowed, user, action, reason } = await canI(ctx, base);
    const refused = reason ? `refusé (${reason})` : 'refusé';
    return allowed ? pass(`${user} peut ${action}`) : fail(expectedFound(`${user} peut ${action}`, refused));
  });
}

/** rbacCannot passes when the subject may NOT do the verb on the resource. */
export function rbacCannot(base: CheckBase & AccessQuestion): Check {
  return makeCheck(base, async (ctx) => {
    const { allowed, user, action } = await canI(ctx, base);
    return allowed
      ? fail(expectedFound(`${user} ne peut pas ${action}`, 'autorisé'))
      : pass(`${user} ne peut pas ${action}`);
  });
}
