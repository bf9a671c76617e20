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
      'Le Deployment de départ a été modifié ou supprimé : corrigez le Service, pas le Deployment',
    ),
    objectExists({ id: 'service', title: 'Le Service web existe', kind: 'Service', name: 'web' }),
    serviceEndpoints({
      id: 'endpoints',
      title: 'Le Service route vers 2 Pods prêts',
      points: 3,
      name: 'web',
      ready: 2,
    }),
  ],
});
