import {
  conditionTrue,
  defineGrader,
  fieldMatches,
  objectExists,
  precondition,
} from '../../../graders/src/index';

export const grader = defineGrader({
  checks: [
    precondition(
      objectExists({ id: 'deployment', title: 'Le Deployment web existe', kind: 'Deployment', name: 'web' }),
      "Le Deployment de départ a été supprimé : réinitialisez l'exercice",
    ),
    fieldMatches({
      id: 'hpa',
      title: "L'HPA web vise web, de 2 à 5 réplicas, à 50 % de CPU",
      points: 2,
      kind: 'HorizontalPodAutoscaler',
      name: 'web',
      expected: {
        spec: {
          scaleTargetRef: { kind: 'Deployment', name: 'web' },
          minReplicas: 2,
          maxReplicas: 5,
          metrics: [
            {
              type: 'Resource',
              resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } },
            },
          ],
        },
      },
    }),
    conditionTrue({
      id: 'mesure-active',
      title: "L'HPA mesure le CPU (ScalingActive)",
      points: 2,
      kind: 'HorizontalPodAutoscaler',
      name: 'web',
      type: 'ScalingActive',
    }),
  ],
});
