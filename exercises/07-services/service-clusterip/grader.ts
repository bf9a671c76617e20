import {
  defineGrader,
  fieldEquals,
  fieldMatches,
  objectExists,
  podReaches,
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
    precondition(
      objectExists({ id: 'client', title: 'Le Pod client existe', kind: 'Pod', name: 'client' }),
      "Le Pod client, qui sert à tester le Service, a été supprimé : réinitialisez l'exercice",
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
    // The traffic itself: the client pod resolves the Service's DNS name and gets nginx's page back.
    podReaches({
      id: 'trafic',
      title: 'Le Pod client obtient la page de web par le nom DNS du Service',
      points: 2,
      from: { pod: 'client' },
      url: 'http://web.default.svc.cluster.local',
      body: /Welcome to nginx!/,
    }),
  ],
});
