import {
  defineGrader,
  fieldEquals,
  objectExists,
  podsRunningReady,
  precondition,
} from '../../../graders/src/index';

export const grader = defineGrader({
  checks: [
    precondition(
      objectExists({
        id: 'deployment',
        title: 'Le Deployment calcul existe',
        kind: 'Deployment',
        name: 'calcul',
      }),
      "Le Deployment de départ a été supprimé : réinitialisez l'exercice",
    ),
    fieldEquals({
      id: 'requests',
      title: 'Le conteneur demande 250m de CPU',
      kind: 'Deployment',
      name: 'calcul',
      path: 'spec.template.spec.containers[0].resources.requests.cpu',
      value: '250m',
    }),
    podsRunningReady({
      id: 'pret',
      title: 'Le Pod calcul est prêt',
      points: 2,
      selector: 'app=calcul',
      count: 1,
    }),
  ],
});
