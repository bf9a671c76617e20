import {
  countForSelector,
  defineGrader,
  objectExists,
  precondition,
  rolloutComplete,
} from '../../../graders/src/index';

export const grader = defineGrader({
  checks: [
    precondition(
      objectExists({ id: 'deployment', title: 'Le Deployment api existe', kind: 'Deployment', name: 'api' }),
      "Le Deployment de départ a été supprimé : réinitialisez l'exercice",
    ),
    rolloutComplete({
      id: 'rollout',
      title: 'Déploiement terminé avec nginx:1.25',
      points: 3,
      name: 'api',
      image: 'nginx:1.25',
    }),
    countForSelector({
      id: 'nombre-pods',
      title: 'Exactement 2 Pods',
      kind: 'Pod',
      selector: 'app=api',
      count: 2,
    }),
  ],
});
