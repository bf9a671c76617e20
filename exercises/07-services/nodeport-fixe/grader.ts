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
      objectExists({ id: 'deployment', title: 'Le Deployment web existe', kind: 'Deployment', name: 'web' }),
      "Le Deployment web a été supprimé : réinitialisez l'exercice",
    ),
    objectExists({
      id: 'service',
      title: 'Le Service web-nodeport existe',
      kind: 'Service',
      name: 'web-nodeport',
    }),
    fieldEquals({
      id: 'type',
      title: 'Le Service est de type NodePort',
      kind: 'Service',
      name: 'web-nodeport',
      path: 'spec.type',
      value: 'NodePort',
    }),
    fieldEquals({
      id: 'nodeport',
      title: 'Le nodePort est 30080',
      points: 2,
      kind: 'Service',
      name: 'web-nodeport',
      path: 'spec.ports[0].nodePort',
      value: 30080,
    }),
    serviceEndpoints({
      id: 'endpoints',
      title: 'Le Service route vers les 2 Pods de web',
      points: 2,
      name: 'web-nodeport',
      ready: 2,
    }),
  ],
});
