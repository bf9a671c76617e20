import type { KubeObject } from '../../../mini-k8s/src/api/object';
import {
  custom,
  defineGrader,
  expectedFound,
  fail,
  fieldEquals,
  getOrUndefined,
  pass,
  podsRunningReady,
  precondition,
} from '../../../graders/src/index';

export const grader = defineGrader({
  checks: [
    precondition(
      fieldEquals({
        id: 'selecteur-intact',
        title: 'Le Pod urgent demande toujours node02',
        kind: 'Pod',
        name: 'urgent',
        path: 'spec.nodeSelector',
        value: { 'kubernetes.io/hostname': 'node02' },
      }),
      "Le Pod urgent a été modifié ou supprimé : réparez la cause, pas le Pod (réinitialisez l'exercice)",
    ),
    custom({ id: 'noeud-ouvert', title: 'node02 accepte de nouveau des Pods', points: 2 }, async (ctx) => {
      const node = await getOrUndefined<KubeObject & { spec?: { unschedulable?: boolean } }>(
        ctx,
        'Node',
        'node02',
      );
      if (!node) return fail(expectedFound('Node/node02 présent', 'aucun objet de ce nom'));
      return node.spec?.unschedulable === true
        ? fail(expectedFound('node02 planifiable', 'non planifiable (cordon)'))
        : pass('node02 est planifiable');
    }),
    podsRunningReady({
      id: 'pod-demarre',
      title: 'Le Pod urgent tourne sur node02',
      points: 2,
      selector: 'app=urgent',
      count: 1,
      node: 'node02',
    }),
  ],
});
