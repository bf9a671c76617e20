import {
  defineGrader,
  fieldEquals,
  objectExists,
  precondition,
  serviceEndpoints,
} from '../../../graders/src/index';

export const grader = defineGrader({
  checks: [
    precondition(
      fieldEquals({
        id: 'deployment-intact',
        title: 'Les Pods du Deployment web gardent app=web',
        kind: 'Deployment',
        name: 'web',
        path: 'spec.template.metadata.labels.app',
        value: 'web',
      }),
      "Le Deployment de départ a été modifié ou supprimé : réinitialisez l'exercice",
    ),
    objectExists({ id: 'service', title: 'Le Service web existe', kind: 'Service', name: 'web' }),
    fieldEquals({
      id: 'type-nodeport',
      title: 'Le Service est de type NodePort',
      kind: 'Service',
      name: 'web',
      path: 'spec.type',
      value: 'NodePort',
    }),
    fieldEquals({
      id: 'port-30080',
      title: 'Le Service est ouvert sur le port 30080 des nœuds',
      kind: 'Service',
      name: 'web',
      path: 'spec.ports[0].nodePort',
      value: 30080,
    }),
    serviceEndpoints({
      id: 'endpoints',
      title: 'Le Service route vers les 2 Pods prêts',
      points: 2,
      name: 'web',
      ready: 2,
    }),
    fieldEquals({
      id: 'port-cible',
      title: 'Le trafic arrive sur le port 8080 des conteneurs',
      points: 2,
      kind: 'Endpoints',
      name: 'web',
      path: 'subsets[0].ports[0].port',
      value: 8080,
    }),
  ],
});
