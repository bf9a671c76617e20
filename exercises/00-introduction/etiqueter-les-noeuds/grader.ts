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

const CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';
const ROLE = 'atelier.fr/role';

export const grader = defineGrader({
  checks: [
    precondition(
      objectExists({
        id: 'deployment',
        title: 'Le Deployment vitrine existe',
        kind: 'Deployment',
        name: 'vitrine',
      }),
      "Le Deployment vitrine a été supprimé : réinitialisez l'exercice",
    ),
    custom(
      { id: 'travail-etiquetes', title: 'Chaque nœud de travail porte atelier.fr/role=travail', points: 2 },
      async (ctx) => {
        const workers = await listObjects(ctx, resolveKind('Node'), undefined, {
          labelSelector: `!${CONTROL_PLANE}`,
        });
        const missing = workers.items
          .filter((n) => n.metadata.labels?.[ROLE] !== 'travail')
          .map((n) => n.metadata.name);
        if (workers.items.length === 0) return fail(expectedFound('des nœuds de travail', 'aucun'));
        return missing.length === 0
          ? pass(`${workers.items.length} nœuds de travail étiquetés`)
          : fail(
              expectedFound(
                `${ROLE}=travail sur chaque nœud de travail`,
                `sans le label : ${missing.join(', ')}`,
              ),
            );
      },
    ),
    custom(
      { id: 'plan-de-controle-exclu', title: "Le plan de contrôle n'a pas le label travail" },
      async (ctx) => {
        const labelled = await listObjects(ctx, resolveKind('Node'), undefined, {
          labelSelector: `${CONTROL_PLANE},${ROLE}=travail`,
        });
        const names = labelled.items.map((n) => n.metadata.name);
        return names.length === 0
          ? pass('Le plan de contrôle reste à part')
          : fail(expectedFound(`aucun nœud du plan de contrôle avec ${ROLE}=travail`, names.join(', ')));
      },
    ),
    fieldEquals({
      id: 'selecteur-de-noeud',
      title: 'Les Pods de vitrine exigent un nœud de travail',
      points: 2,
      kind: 'Deployment',
      name: 'vitrine',
      path: 'spec.template.spec.nodeSelector',
      value: { [ROLE]: 'travail' },
    }),
    podsRunningReady({
      id: 'pods-prets',
      title: 'Les 2 réplicas de vitrine sont prêts',
      selector: 'app=vitrine',
      count: 2,
    }),
  ],
});
