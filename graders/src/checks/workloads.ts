/**
 * Workload checks: a Deployment's rollout is complete with a given image, and its revision history shows
 * that something happened (a rollback: the current ReplicaSet carries a newer revision than the image's
 * first rollout, or several revisions exist).
 */
import type { KubeObject } from '../../../mini-k8s/src/api/object';
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
  listObjects,
} from './check';

interface DeploymentLike extends KubeObject {
  spec?: {
    replicas?: number;
    selector?: { matchLabels?: Record<string, string> };
    template?: { spec?: { containers?: { name: string; image?: string }[] } };
  };
  status?: {
    observedGeneration?: number;
    replicas?: number;
    updatedReplicas?: number;
    availableReplicas?: number;
    readyReplicas?: number;
  };
}

/** rolloutComplete passes when the Deployment rolled out every replica, available, with `image` if given. */
export function rolloutComplete(
  base: CheckBase & { name: string; namespace?: string; image?: string; container?: string },
): Check {
  return makeCheck(base, async (ctx) => {
    const d = await getOrUndefined<DeploymentLike>(ctx, 'Deployment', base.name, base.namespace);
    if (!d) return fail(expectedFound(`Deployment/${base.name} présent`, 'aucun objet de ce nom'));
    if (base.image) {
      const containers = d.spec?.template?.spec?.containers ?? [];
      const c = base.container ? containers.find((x) => x.name === base.container) : containers[0];
      if (c?.image !== base.image)
        return fail(expectedFound(`image ${base.image}`, c?.image ?? 'aucun conteneur'));
    }
    const wanted = d.spec?.replicas ?? 1;
    const s = d.status ?? {};
    if ((s.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
      return fail(expectedFound('déploiement observé par le contrôleur', 'modification pas encore traitée'));
    }
    const updated = s.updatedReplicas ?? 0;
    const available = s.availableReplicas ?? 0;
    const total = s.replicas ?? 0;
    if (updated < wanted) return fail(expectedFound(`${wanted} réplicas à jour`, `${updated}`));
    if (total > updated)
      return fail(expectedFound(`aucun ancien réplica`, `${total - updated} encore présents`));
    if (available < wanted) return fail(expectedFound(`${wanted} réplicas disponibles`, `${available}`));
    return pass(`déploiement terminé (${wanted} réplicas)`);
  });
}

interface ReplicaSetLike extends KubeObject {
  spec?: { template?: { spec?: { containers?: { image?: string }[] } } };
}

/** revisionsOf lists a Deployment's ReplicaSets (owned by it) with their revision number and first image. */
export async function revisionsOf(
  ctx: GradeContext,
  deployment: KubeObject,
): Promise<{ revision: number; image: string | undefined; name: string }[]> {
  const list = await listObjects<ReplicaSetLike>(
    ctx,
    resolveKind('ReplicaSet'),
    deployment.metadata.namespace,
  );
  return list.items
    .filter((rs) => (rs.metadata.ownerReferences ?? []).some((o) => o.uid === deployment.metadata.uid))
    .map((rs) => ({
      name: rs.metadata.name!,
      revision: Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0),
      image: rs.spec?.template?.spec?.containers?.[0]?.image,
    }))
    .sort((a, b) => a.revision - b.revision);
}

/**
 * rolledBack passes when the Deployment's current revision runs `image` and that revision is not the one
 * that first introduced `image`: Kubernetes renumbers a ReplicaSet on rollback, so a rollback to `image`
 * leaves its ReplicaSet with the highest revision while another revision was rolled out in between.
 */
export function rolledBack(base: CheckBase & { name: string; namespace?: string; image: string }): Check {
  return makeCheck(base, async (ctx) => {
    const d = await getOrUndefined<DeploymentLike>(ctx, 'Deployment', base.name, base.namespace);
    if (!d) return fail(expectedFound(`Deployment/${base.name} présent`, 'aucun objet de ce nom'));
    const revisions = await revisionsOf(ctx, d);
    const current = revisions.at(-1);
    if (!current || current.image !== base.image) {
      return fail(expectedFound(`révision courante avec ${base.image}`, current?.image ?? 'aucune révision'));
    }
    // Why "revision > 2": rev 1 (image) → rev 2 (other) → rollback renumbers rev 1 as rev 3.
    if (current.revision < 3 || revisions.length < 2) {
      return fail(expectedFound('un retour arrière (kubectl rollout undo)', `révision ${current.revision}`));
    }
    return pass(`retour arrière vers ${base.image} (révision ${current.revision})`);
  });
}

/** eventRecorded passes when an Event with `reason` concerns the named object (e.g. reason Killing). */
export function eventRecorded(
  base: CheckBase & { kind: string; name: string; reason: string; namespace?: string },
): Check {
  return makeCheck(base, async (ctx) => {
    const list = await listObjects<
      KubeObject & { reason?: string; involvedObject?: { kind?: string; name?: string } }
    >(ctx, resolveKind('Event'), base.namespace ?? ctx.namespace);
    const kind = resolveKind(base.kind).kind;
    const found = list.items.filter(
      (e) => e.involvedObject?.kind === kind && e.involvedObject.name === base.name,
    );
    if (found.some((e) => e.reason === base.reason)) return pass(`événement ${base.reason} trouvé`);
    const reasons = [...new Set(found.map((e) => e.reason))].join(', ') || 'aucun événement';
    return fail(expectedFound(`un événement ${base.reason} pour ${kind}/${base.name}`, reasons));
  });
}
