import { defineGrader, objectExists, precondition, pvcBound } from '../../../graders/src/index';

export const grader = defineGrader({
  checks: [
    precondition(
      objectExists({
        id: 'pv',
        title: 'Le volume pv-donnees existe',
        kind: 'PersistentVolume',
        name: 'pv-donnees',
      }),
      "Le PersistentVolume de départ a été supprimé : réinitialisez l'exercice",
    ),
    pvcBound({
      id: 'pvc-lie',
      title: 'Le PVC donnees est lié à pv-donnees (ReadWriteOnce, Retain)',
      points: 3,
      name: 'donnees',
      volume: 'pv-donnees',
      accessMode: 'ReadWriteOnce',
      reclaimPolicy: 'Retain',
    }),
  ],
});
