import type { KubeObject } from '../../../mini-k8s/src/api/object';
import {
  type GradeContext,
  defineGrader,
  fieldEquals,
  listObjects,
  objectExists,
  precondition,
  rbacCan,
  rbacCannot,
  resolveKind,
  withHint,
} from '../../../graders/src/index';

const SA = 'deployer';

interface Subject {
  kind?: string;
  name?: string;
  namespace?: string;
}
interface Binding extends KubeObject {
  roleRef?: { kind?: string; name?: string };
  subjects?: Subject[];
}
interface Role extends KubeObject {
  rules?: { apiGroups?: string[]; resources?: string[] }[];
}

const isDeployer = (s: Subject) => s.kind === 'ServiceAccount' && s.name === SA;

/** whyDenied explains the usual causes of the Forbidden: a subject in another namespace, a rule in the wrong group. */
async function whyDenied(ctx: GradeContext): Promise<string> {
  const bindings = await listObjects<Binding>(ctx, resolveKind('RoleBinding'), ctx.namespace);
  const causes: string[] = [];
  for (const b of bindings.items) {
    const elsewhere = (b.subjects ?? []).find((s) => isDeployer(s) && s.namespace !== ctx.namespace);
    if (elsewhere) {
      causes.push(
        `le RoleBinding ${b.metadata.name} désigne le ServiceAccount deployer du namespace ` +
          `${elsewhere.namespace ?? '(aucun)'}, pas celui de ${ctx.namespace}`,
      );
    }
  }
  const roles = await listObjects<Role>(ctx, resolveKind('Role'), ctx.namespace);
  for (const r of roles.items) {
    const wrongGroup = (r.rules ?? []).some(
      (rule) =>
        (rule.resources ?? []).includes('deployments') &&
        !(rule.apiGroups ?? []).some((g) => g === 'apps' || g === '*'),
    );
    if (wrongGroup) {
      causes.push(`le Role ${r.metadata.name} vise deployments hors du groupe d'API apps`);
    }
  }
  return causes.length ? `Piste : ${causes.join(' ; ')}` : 'Piste : `kubectl describe rolebinding,role`';
}

/** whyTooMuch names the ClusterRoleBindings that give the ServiceAccount rights everywhere. */
async function whyTooMuch(ctx: GradeContext): Promise<string> {
  const bindings = await listObjects<Binding>(ctx, resolveKind('ClusterRoleBinding'), undefined);
  const wide = bindings.items
    .filter((b) => (b.subjects ?? []).some((s) => isDeployer(s) && s.namespace === ctx.namespace))
    .map((b) => `${b.metadata.name} (ClusterRole ${b.roleRef?.name ?? '?'})`);
  return wide.length
    ? `Droits trop larges : le ClusterRoleBinding ${wide.join(', ')} donne tout dans tous les namespaces`
    : 'Droits trop larges : le ServiceAccount ne doit que lire les Deployments';
}

export const grader = defineGrader({
  checks: [
    precondition(
      objectExists({
        id: 'serviceaccount',
        title: 'Le ServiceAccount deployer existe',
        kind: 'ServiceAccount',
        name: SA,
      }),
      "Le ServiceAccount deployer a été supprimé : réinitialisez l'exercice",
    ),
    precondition(
      fieldEquals({
        id: 'pod-intact',
        title: 'Le Pod inventaire utilise toujours le ServiceAccount deployer',
        kind: 'Pod',
        name: 'inventaire',
        path: 'spec.serviceAccountName',
        value: SA,
      }),
      "Le Pod inventaire a été modifié ou supprimé : corrigez les droits, pas le Pod (réinitialisez l'exercice)",
    ),
    withHint(
      rbacCan({
        id: 'deployer-lister',
        title: 'deployer peut lister les Deployments de son namespace',
        points: 2,
        serviceAccount: SA,
        verb: 'list',
        resource: 'deployments',
        group: 'apps',
      }),
      whyDenied,
    ),
    withHint(
      rbacCan({
        id: 'deployer-lire',
        title: 'deployer peut lire un Deployment',
        serviceAccount: SA,
        verb: 'get',
        resource: 'deployments',
        group: 'apps',
      }),
      whyDenied,
    ),
    withHint(
      rbacCannot({
        id: 'deployer-pas-supprimer',
        title: 'deployer ne peut pas supprimer de Deployments',
        points: 2,
        serviceAccount: SA,
        verb: 'delete',
        resource: 'deployments',
        group: 'apps',
      }),
      whyTooMuch,
    ),
    withHint(
      rbacCannot({
        id: 'deployer-pas-secrets',
        title: 'deployer ne peut pas lire les Secrets',
        serviceAccount: SA,
        verb: 'list',
        resource: 'secrets',
      }),
      whyTooMuch,
    ),
  ],
});
