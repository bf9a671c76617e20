import { defineGrader, podsRunningReady } from '../../../graders/src/index';

export const grader = defineGrader({
  checks: [
    podsRunningReady({
      id: 'pret',
      title: 'Le Pod sauvegarde est prêt',
      selector: 'app=sauvegarde',
      count: 1,
    }),
    podsRunningReady({
      id: 'sur-controlplane',
      title: 'Le Pod tourne sur controlplane',
      points: 2,
      selector: 'app=sauvegarde',
      count: 1,
      node: 'controlplane',
    }),
  ],
});
