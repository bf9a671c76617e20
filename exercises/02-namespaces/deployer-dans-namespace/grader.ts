import { defineGrader, objectExists, podsRunningReady } from '../../../graders/src/index';

export const grader = defineGrader({
  checks: [
    objectExists({
      id: 'namespace',
      title: 'Le namespace recette existe',
      kind: 'Namespace',
      name: 'recette',
    }),
    objectExists({
      id: 'deployment',
      title: 'Le Deployment api est dans recette',
      kind: 'Deployment',
      name: 'api',
      namespace: 'recette',
    }),
    podsRunningReady({
      id: 'pods-prets',
      title: '2 Pods prêts dans recette',
      points: 2,
      selector: 'app=api',
      namespace: 'recette',
      count: 2,
    }),
  ],
});
