import {
  defineGrader,
  fieldMatches,
  objectExists,
  precondition,
  rolloutComplete,
} from '../../../graders/src/index';

export const grader = defineGrader({
  checks: [
    precondition(
      objectExists({ id: 'deployment', title: 'Le Deployment web existe', kind: 'Deployment', name: 'web' }),
      "Le Deployment de départ a été supprimé : réinitialisez l'exercice",
    ),
    fieldMatches({
      id: 'sonde',
      title: 'Sonde readiness HTTP sur / et le port 80',
      points: 2,
      kind: 'Deployment',
      name: 'web',
      expected: {
        spec: {
          template: { spec: { containers: [{ readinessProbe: { httpGet: { path: '/', port: 80 } } }] } },
        },
      },
    }),
    rolloutComplete({
      id: 'rollout',
      title: 'Déploiement terminé (2 réplicas disponibles)',
      points: 2,
      name: 'web',
    }),
  ],
});
