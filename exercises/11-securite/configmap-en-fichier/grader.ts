import {
  defineGrader,
  envVarEquals,
  fieldEquals,
  fileContains,
  podsRunningReady,
  precondition,
  objectExists,
} from '../../../graders/src/index';

export const grader = defineGrader({
  checks: [
    precondition(
      objectExists({
        id: 'configmap',
        title: 'Le ConfigMap reglages existe',
        kind: 'ConfigMap',
        name: 'reglages',
      }),
      "Le ConfigMap reglages a été supprimé : réinitialisez l'exercice",
    ),
    podsRunningReady({ id: 'pod-pret', title: 'Le Pod lecteur est prêt', selector: 'app=lecteur', count: 1 }),
    fileContains({
      id: 'fichier-mode',
      title: '/etc/reglages/mode contient le mode',
      points: 2,
      pod: 'lecteur',
      path: '/etc/reglages/mode',
      content: 'production',
    }),
    envVarEquals({
      id: 'variable',
      title: 'NIVEAU_LOG vaut info dans le conteneur',
      points: 2,
      pod: 'lecteur',
      name: 'NIVEAU_LOG',
      value: 'info',
    }),
    fieldEquals({
      id: 'depuis-configmap',
      title: 'NIVEAU_LOG est lue dans le ConfigMap',
      kind: 'Pod',
      name: 'lecteur',
      path: 'spec.containers[0].env[name=NIVEAU_LOG].valueFrom.configMapKeyRef',
      value: { name: 'reglages', key: 'niveau-log' },
    }),
  ],
});
