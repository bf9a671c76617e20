import { defineGrader, fieldEquals, objectExists, precondition } from '../../../graders/src/index';

const front = { kind: 'Deployment', name: 'front' };

export const grader = defineGrader({
  checks: [
    precondition(
      objectExists({ id: 'deployment', title: 'Le Deployment front existe', ...front }),
      "Le Deployment de départ a été supprimé : réinitialisez l'exercice",
    ),
    fieldEquals({
      id: 'historique',
      title: '3 révisions gardées',
      ...front,
      path: 'spec.revisionHistoryLimit',
      value: 3,
    }),
    fieldEquals({
      id: 'annotation',
      title: 'Annotation proprietaire=equipe-web',
      ...front,
      path: "metadata.annotations['proprietaire']",
      value: 'equipe-web',
    }),
  ],
});
