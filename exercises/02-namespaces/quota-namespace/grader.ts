import { defineGrader, fieldEquals, objectExists, precondition } from '../../../graders/src/index';

const quota = { kind: 'ResourceQuota', name: 'limites', namespace: 'partage' };

export const grader = defineGrader({
  checks: [
    precondition(
      objectExists({
        id: 'namespace',
        title: 'Le namespace partage existe',
        kind: 'Namespace',
        name: 'partage',
      }),
      "Le namespace de départ a été supprimé : réinitialisez l'exercice",
    ),
    objectExists({ id: 'quota', title: 'Le ResourceQuota limites existe', ...quota }),
    fieldEquals({ id: 'pods', title: 'Au plus 4 Pods', ...quota, path: 'spec.hard.pods', value: '4' }),
    fieldEquals({
      id: 'cpu',
      title: 'Au plus 2 CPU demandés',
      ...quota,
      path: "spec.hard['requests.cpu']",
      value: '2',
    }),
  ],
});
