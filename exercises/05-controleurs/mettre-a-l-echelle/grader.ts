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
      objectExists({ id: 'deployment', title: 'Le Deployment web existe', kind: 'Deployment', name: 'web' }),
      "Le Deployment de départ a été supprimé : réinitialisez l'exercice",
    ),
    fieldEquals({
      id: 'replicas',
      title: '3 réplicas demandés',
      kind: 'Deployment',
      name: 'web',
      path: 'spec.replicas',
      value: 3,
    }),
    podsRunningReady({
      id: 'pods-prets',
      title: '3 Pods prêts',
      points: 2,
      selector: 'app=web',
      count: 3,
      exact: true,
    }),
  ],
});
