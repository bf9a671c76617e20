import {
  defineGrader,
  fieldEquals,
  objectExists,
  podRestartsAtMost,
  precondition,
} from '../../../graders/src/index';

export const grader = defineGrader({
  checks: [
    precondition(
      objectExists({ id: 'pod-existe', title: 'Le Pod api existe', kind: 'Pod', name: 'api' }),
      "Le Pod api a été supprimé : recréez-le ou réinitialisez l'exercice",
    ),
    fieldEquals({
      id: 'port-sonde',
      title: 'La sonde liveness vise le port 80',
      points: 2,
      kind: 'Pod',
      name: 'api',
      path: 'spec.containers[0].livenessProbe.httpGet.port',
      value: 80,
    }),
    podRestartsAtMost({
      id: 'redemarrages',
      title: 'Le Pod ne redémarre plus',
      points: 2,
      selector: 'app=api',
      max: 0,
    }),
  ],
});
