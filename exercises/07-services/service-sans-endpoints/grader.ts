import {
  defineGrader,
  fieldEquals,
  objectExists,
  podReaches,
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
    precondition(
      objectExists({ id: 'client', title: 'Le Pod client existe', kind: 'Pod', name: 'client' }),
      "Le Pod client, qui sert à tester le Service, a été supprimé : réinitialisez l'exercice",
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
    // What the users see: a call through the Service name gets the application's answer.
    podReaches({
      id: 'trafic',
      title: "Le Pod client obtient la réponse de l'application par le Service api",
      points: 2,
      from: { pod: 'client' },
      url: 'http://api',
      body: /Hello, world!/,
    }),
  ],
});
