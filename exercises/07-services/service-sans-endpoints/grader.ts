import {
  defineGrader,
  fieldEquals,
  precondition,
  serviceEndpoints,
  serviceTargetsContainerPort,
} from '../../../graders/src/index';

export const grader = defineGrader({
  checks: [
    precondition(
      fieldEquals({
        id: 'deployment-intact',
        title: 'Les Pods du Deployment api gardent leurs labels',
        kind: 'Deployment',
        name: 'api',
        path: 'spec.template.metadata.labels',
        value: { app: 'api', tier: 'backend' },
      }),
      'Le Deployment api a été modifié ou supprimé : corrigez le Service, pas le Deployment',
    ),
    serviceEndpoints({
      id: 'endpoints',
      title: 'Le Service route vers les 2 Pods prêts',
      points: 2,
      name: 'api',
      ready: 2,
    }),
    serviceTargetsContainerPort({
      id: 'cible',
      title: "Le Service transmet au port où l'application écoute",
      points: 2,
      name: 'api',
    }),
  ],
});
