import { countForSelector, defineGrader, fieldEquals, precondition } from '../../../graders/src/index';

export const grader = defineGrader({
  checks: [
    precondition(
      countForSelector({
        id: 'pods-depart',
        title: 'Les 3 Pods de départ existent',
        kind: 'Pod',
        selector: 'app in (front,back)',
        count: 3,
      }),
      "Des Pods de départ ont été supprimés : réinitialisez l'exercice",
    ),
    countForSelector({
      id: 'frontend',
      title: 'Les 2 Pods front portent tier=frontend',
      points: 2,
      kind: 'Pod',
      selector: 'tier=frontend',
      count: 2,
    }),
    fieldEquals({
      id: 'backend',
      title: 'back-1 porte tier=backend',
      kind: 'Pod',
      name: 'back-1',
      path: 'metadata.labels.tier',
      value: 'backend',
    }),
  ],
});
