import type { KubeObject } from '../../../mini-k8s/src/api/object';
import {
  type GradeContext,
  defineGrader,
  listObjects,
  objectExists,
  precondition,
  rbacCan,
  rbacCannot,
  resolveKind,
  withHint,
} from '../../../graders/src/index';

const SA = 'supervision';
/** ALL is the namespace of a cluster-wide question (`kubectl get nodes`, `kubectl get pods -A`). */
const ALL = '';

interface Binding extends KubeObject {
  roleRef?: { kind?: string; name?: string };
  subjects?: { kind?: string; name?: string; namespace?: string }[];
}

/** whyNotClusterWide names the RoleBindings of the ServiceAccount: they only grant rights in their namespace. */
async function whyNotClusterWide(ctx: GradeContext): Promise<string> {
  const bindings = await listObjects<Binding>(ctx, resolveKind('RoleBinding'), ALL);
  const local = bindings.items
    .filter((b) =>
      (b.subjects ?? []).some(
        (s) =>
          s.kind === 'ServiceAccount' &&
          s.name === SA &&
          (s.namespace ?? b.metadata.namespace) === ctx.namespace,
      ),
    )
    .map((b) => `${b.metadata.name} (namespace ${b.metadata.namespace})`);
  if (local.length) {
    return (
      `Le RoleBinding ${local.join(', ')} ne donne des droits que dans son namespace, même vers un ClusterRole : ` +
      'les nœuds et la liste de tous les Pods demandent un ClusterRoleBinding'
    );
  }
  return 'Il faut un ClusterRole qui autorise get, list, watch sur nodes et pods, lié par un ClusterRoleBinding';
}

export const grader = defineGrader({
  checks: [
    precondition(
      objectExists({
        id: 'serviceaccount',
        title: 'Le ServiceAccount supervision existe',
        kind: 'ServiceAccount',
        name: SA,
      }),
      "Le ServiceAccount supervision a été supprimé : réinitialisez l'exercice",
    ),
    objectExists({
      id: 'clusterrole',
      title: 'Le ClusterRole lecteur-cluster existe',
      kind: 'ClusterRole',
      name: 'lecteur-cluster',
    }),
    withHint(
      rbacCan({
        id: 'noeuds',
        title: 'supervision peut lister les nœuds',
        points: 2,
        serviceAccount: SA,
        verb: 'list',
        resource: 'nodes',
        namespace: ALL,
      }),
      whyNotClusterWide,
    ),
    withHint(
      rbacCan({
        id: 'pods-partout',
        title: 'supervision peut lister les Pods de tous les namespaces (kubectl get pods -A)',
        points: 2,
        serviceAccount: SA,
        verb: 'list',
        resource: 'pods',
        namespace: ALL,
      }),
      whyNotClusterWide,
    ),
    rbacCan({
      id: 'pods-kube-system',
      title: 'supervision peut suivre les Pods de kube-system (watch)',
      serviceAccount: SA,
      verb: 'watch',
      resource: 'pods',
      namespace: 'kube-system',
    }),
    rbacCannot({
      id: 'pas-de-suppression',
      title: 'supervision ne peut pas supprimer de Pods',
      serviceAccount: SA,
      verb: 'delete',
      resource: 'pods',
      namespace: 'kube-system',
    }),
    rbacCannot({
      id: 'pas-de-secrets',
      title: 'supervision ne peut pas lire les Secrets',
      serviceAccount: SA,
      verb: 'list',
      resource: 'secrets',
      namespace: ALL,
    }),
  ],
});
