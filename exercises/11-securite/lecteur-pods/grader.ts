import type { KubeObject } from '../../../mini-k8s/src/api/object';
import {
  type GradeContext,
  custom,
  defineGrader,
  expectedFound,
  fail,
  listObjects,
  objectExists,
  pass,
  precondition,
  rbacCan,
  rbacCannot,
  resolveKind,
  withHint,
} from '../../../graders/src/index';

const NAMESPACE = 'equipe-a';

interface Subject {
  kind?: string;
  name?: string;
}
interface Binding extends KubeObject {
  roleRef?: { kind?: string; name?: string };
  subjects?: Subject[];
}

const namesAlice = (b: Binding) => (b.subjects ?? []).some((s) => s.kind === 'User' && s.name === 'alice');

/** clusterBindingsOfAlice names the ClusterRoleBindings that give alice rights in every namespace. */
async function clusterBindingsOfAlice(ctx: GradeContext): Promise<string[]> {
  const list = await listObjects<Binding>(ctx, resolveKind('ClusterRoleBinding'), undefined);
  return list.items.filter(namesAlice).map((b) => b.metadata.name ?? '');
}

export const grader = defineGrader({
  checks: [
    precondition(
      objectExists({
        id: 'namespace',
        title: 'Le namespace equipe-a existe',
        kind: 'Namespace',
        name: NAMESPACE,
      }),
      "Le namespace equipe-a a été supprimé : réinitialisez l'exercice",
    ),
    objectExists({
      id: 'role',
      title: 'Le Role lecteur-pods existe dans equipe-a',
      kind: 'Role',
      name: 'lecteur-pods',
      namespace: NAMESPACE,
    }),
    custom(
      { id: 'liaison', title: 'Un RoleBinding de equipe-a lie alice au Role lecteur-pods' },
      async (ctx) => {
        const list = await listObjects<Binding>(ctx, resolveKind('RoleBinding'), NAMESPACE);
        const found = list.items.find(
          (b) => b.roleRef?.kind === 'Role' && b.roleRef.name === 'lecteur-pods' && namesAlice(b),
        );
        if (found) return pass(`Le RoleBinding ${found.metadata.name} lie alice au Role lecteur-pods`);
        const names = list.items.map((b) => b.metadata.name ?? '');
        return fail(
          expectedFound(
            'un RoleBinding (namespace equipe-a) vers le Role lecteur-pods, avec le sujet User alice',
            names.length
              ? `RoleBindings ${names.join(', ')} sans ce lien`
              : 'aucun RoleBinding dans equipe-a',
          ),
        );
      },
    ),
    rbacCan({
      id: 'alice-lister',
      title: 'alice peut lister les Pods de equipe-a',
      points: 2,
      user: 'alice',
      verb: 'list',
      resource: 'pods',
      namespace: NAMESPACE,
    }),
    rbacCan({
      id: 'alice-lire',
      title: 'alice peut lire un Pod de equipe-a',
      user: 'alice',
      verb: 'get',
      resource: 'pods',
      namespace: NAMESPACE,
    }),
    rbacCan({
      id: 'alice-suivre',
      title: 'alice peut suivre les Pods de equipe-a (watch)',
      user: 'alice',
      verb: 'watch',
      resource: 'pods',
      namespace: NAMESPACE,
    }),
    withHint(
      rbacCannot({
        id: 'alice-pas-supprimer',
        title: 'alice ne peut pas supprimer de Pods',
        points: 2,
        user: 'alice',
        verb: 'delete',
        resource: 'pods',
        namespace: NAMESPACE,
      }),
      async () => 'Le Role ne doit donner que get, list et watch : pas de « * » ni de delete',
    ),
    withHint(
      rbacCannot({
        id: 'alice-pas-default',
        title: 'alice ne peut pas lister les Pods du namespace default',
        points: 2,
        user: 'alice',
        verb: 'list',
        resource: 'pods',
        namespace: 'default',
      }),
      async (ctx) => {
        const cluster = await clusterBindingsOfAlice(ctx);
        return cluster.length
          ? `Le ClusterRoleBinding ${cluster.join(', ')} donne ce droit dans tous les namespaces : ` +
              'utilisez un RoleBinding dans equipe-a'
          : 'Le droit ne doit valoir que dans equipe-a : un RoleBinding, pas un ClusterRoleBinding';
      },
    ),
  ],
});
