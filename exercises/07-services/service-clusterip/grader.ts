import {
  defineGrader,
  fieldEquals,
  fieldMatches,
  objectExists,
  precondition,
  serviceEndpoints,
  serviceTargetsContainerPort,
} from '../../../graders/src/index';

export const grader = defineGrader({
  checks: [
    precondition(
      objectExists({ id: 'deployment', title: 'Le Deployment web existe', kind: 'Deployment', name: 'web' }),
      "Le Deployment web a été supprimé : réinitialisez l'exercice",
    ),
    objectExists({ id: 'service', title: 'Le Service web existe', kind: 'Service', name: 'web' }),
    fieldEquals({
      id: 'type',
      title: 'Le Service est de type ClusterIP',
      kind: 'Service',
      name: 'web',
      path: 'spec.type',
      value: 'ClusterIP',
    }),
    fieldMatches({
      id: 'port',
      title: 'Le port 80 se nomme http et vise le port nommé http',
      kind: 'Service',
      name: 'web',
      expected: { spec: { ports: [{ name: 'http', port: 80, targetPort: 'http' }] } },
    }),
    serviceTargetsContainerPort({
      id: 'cible',
      title: 'Le targetPort est un port des conteneurs',
      points: 2,
      name: 'web',
    }),
    serviceEndpoints({
      id: 'endpoints',
      title: 'Le Service route vers 3 Pods prêts',
      points: 2,
      name: 'web',
      ready: 3,
    }),
  ],
});
