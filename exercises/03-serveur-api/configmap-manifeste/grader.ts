import { defineGrader, fieldMatches, objectExists } from '../../../graders/src/index';

export const grader = defineGrader({
  checks: [
    objectExists({
      id: 'configmap',
      title: 'Le ConfigMap reglages existe',
      kind: 'ConfigMap',
      name: 'reglages',
    }),
    fieldMatches({
      id: 'donnees',
      title: 'MODE=production et NIVEAU_LOG=info',
      points: 2,
      kind: 'ConfigMap',
      name: 'reglages',
      expected: { data: { MODE: 'production', NIVEAU_LOG: 'info' } },
    }),
  ],
});
