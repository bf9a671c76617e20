import { defineGrader, fieldEquals, fieldMatches, objectExists } from '../../../graders/src/index';

const cronjob = { kind: 'CronJob', name: 'nettoyage' };

export const grader = defineGrader({
  checks: [
    objectExists({ id: 'cronjob', title: 'Le CronJob nettoyage existe', ...cronjob }),
    fieldEquals({
      id: 'horaire',
      title: 'Tous les jours à 3 h',
      points: 2,
      ...cronjob,
      path: 'spec.schedule',
      value: '0 3 * * *',
    }),
    fieldMatches({
      id: 'conteneur',
      title: 'busybox:1.36 exécute echo nettoyage',
      points: 2,
      ...cronjob,
      expected: {
        spec: {
          jobTemplate: {
            spec: {
              template: { spec: { containers: [{ image: 'busybox:1.36', command: ['echo', 'nettoyage'] }] } },
            },
          },
        },
      },
    }),
  ],
});
