import { defineGrader, fieldEquals, objectExists, podsRunningReady } from '../../../graders/src/index';

export const grader = defineGrader({
  checks: [
    objectExists({ id: 'pod-existe', title: 'Le Pod web existe', kind: 'Pod', name: 'web' }),
    fieldEquals({
      id: 'image',
      title: "Le Pod utilise l'image nginx:1.25",
      kind: 'Pod',
      name: 'web',
      path: 'spec.containers[0].image',
      value: 'nginx:1.25',
    }),
    fieldEquals({
      id: 'label',
      title: 'Le Pod porte app=web',
      kind: 'Pod',
      name: 'web',
      path: 'metadata.labels.app',
      value: 'web',
    }),
    podsRunningReady({ id: 'pret', title: 'Le Pod est prêt', points: 2, selector: 'app=web', count: 1 }),
  ],
});
