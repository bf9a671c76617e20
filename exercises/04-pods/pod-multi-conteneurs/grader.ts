import { defineGrader, fieldMatches, objectExists, podsRunningReady } from '../../../graders/src/index';

export const grader = defineGrader({
  checks: [
    objectExists({ id: 'pod-existe', title: 'Le Pod app existe', kind: 'Pod', name: 'app' }),
    fieldMatches({
      id: 'web',
      title: 'Le conteneur web exécute nginx:1.25',
      kind: 'Pod',
      name: 'app',
      expected: { spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } },
    }),
    fieldMatches({
      id: 'journal',
      title: 'Le conteneur journal exécute busybox:1.36',
      kind: 'Pod',
      name: 'app',
      expected: { spec: { containers: [{}, { name: 'journal', image: 'busybox:1.36' }] } },
    }),
    podsRunningReady({ id: 'pret', title: 'Le Pod est prêt', points: 2, selector: 'app=app', count: 1 }),
  ],
});
