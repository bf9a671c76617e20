import { defineGrader, fieldEquals, podsRunningReady, precondition } from '../../../graders/src/index';

export const grader = defineGrader({
  checks: [
    precondition(
      fieldEquals({
        id: 'pod-intact',
        title: 'Le Pod rendu demande toujours gpu=true',
        kind: 'Pod',
        name: 'rendu',
        path: 'spec.nodeSelector.gpu',
        value: 'true',
      }),
      'Le Pod de départ a été supprimé ou modifié : étiquetez le nœud, pas le Pod',
    ),
    fieldEquals({
      id: 'label-noeud',
      title: 'node02 porte gpu=true',
      kind: 'Node',
      name: 'node02',
      path: 'metadata.labels.gpu',
      value: 'true',
    }),
    podsRunningReady({
      id: 'sur-node02',
      title: 'Le Pod tourne sur node02',
      points: 2,
      selector: 'app=rendu',
      count: 1,
      node: 'node02',
    }),
  ],
});
