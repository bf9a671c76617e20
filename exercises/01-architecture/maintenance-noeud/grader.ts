import type { KubeObject } from '../../../mini-k8s/src/api/object';
import {
  custom,
  defineGrader,
  expectedFound,
  fail,
  fieldEquals,
  listObjects,
  objectExists,
  pass,
  podsRunningReady,
  precondition,
  resolveKind,
} from '../../../graders/src/index';

interface NodeLike extends KubeObject {
  spec?: { unschedulable?: boolean };
}

export const grader = defineGrader({
  checks: [
    precondition(
      objectExists({ id: 'deployment', title: 'Le Deployment api existe', kind: 'Deployment', name: 'api' }),
      "Le Deployment api a été supprimé : réinitialisez l'exercice",
    ),
    fieldEquals({
      id: 'node01-cordonne',
      title: 'node01 est non planifiable',
      kind: 'Node',
      name: 'node01',
      path: 'spec.unschedulable',
      value: true,
    }),
    custom({ id: 'node01-vide', title: "Plus aucun Pod d'api sur node01", points: 2 }, async (ctx) => {
      const pods = await listObjects<KubeObject & { spec?: { nodeName?: string } }>(
        ctx,
        resolveKind('Pod'),
        ctx.namespace,
        { labelSelector: 'app=api' },
      );
      const left = pods.items.filter((p) => p.spec?.nodeName === 'node01' && !p.metadata.deletionTimestamp);
      return left.length === 0
        ? pass('node01 est vide')
        : fail(expectedFound('aucun Pod app=api sur node01', left.map((p) => p.metadata.name).join(', ')));
    }),
    custom(
      { id: 'autres-noeuds-ouverts', title: 'Les autres nœuds de travail restent planifiables' },
      async (ctx) => {
        const nodes = await listObjects<NodeLike>(ctx, resolveKind('Node'), undefined, {
          labelSelector: '!node-role.kubernetes.io/control-plane',
        });
        const closed = nodes.items.filter(
          (n) => n.metadata.name !== 'node01' && n.spec?.unschedulable === true,
        );
        return closed.length === 0
          ? pass('Les autres nœuds acceptent des Pods')
          : fail(
              expectedFound(
                'seul node01 non planifiable',
                `aussi : ${closed.map((n) => n.metadata.name).join(', ')}`,
              ),
            );
      },
    ),
    podsRunningReady({
      id: 'replicas-prets',
      title: 'Les 4 réplicas restent prêts',
      points: 2,
      selector: 'app=api',
      count: 4,
    }),
  ],
});
