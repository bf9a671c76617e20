import {
  defineGrader,
  objectExists,
  precondition,
  rolledBack,
  rolloutComplete,
} from '../../../graders/src/index';

export const grader = defineGrader({
  checks: [
    precondition(
      objectExists({
        id: 'deployment',
        title: 'Le Deployment boutique existe',
        kind: 'Deployment',
        name: 'boutique',
      }),
      "Le Deployment de départ a été supprimé : réinitialisez l'exercice",
    ),
    rolledBack({
      id: 'retour-arriere',
      title: "L'historique montre un retour à nginx:1.24",
      points: 2,
      name: 'boutique',
      image: 'nginx:1.24',
    }),
    rolloutComplete({
      id: 'rollout',
      title: 'Déploiement terminé avec nginx:1.24',
      name: 'boutique',
      image: 'nginx:1.24',
    }),
  ],
});
