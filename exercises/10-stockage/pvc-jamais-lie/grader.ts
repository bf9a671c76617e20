import { defineGrader, fieldEquals, precondition, pvcBound } from '../../../graders/src/index';

export const grader = defineGrader({
  checks: [
    precondition(
      fieldEquals({
        id: 'pv-intact',
        title: 'Le volume pv-journaux offre toujours 1Gi',
        kind: 'PersistentVolume',
        name: 'pv-journaux',
        path: 'spec.capacity.storage',
        value: '1Gi',
      }),
      'Le PersistentVolume de départ a été supprimé ou modifié : corrigez le PVC, pas le volume',
    ),
    pvcBound({
      id: 'pvc-lie',
      title: 'Le PVC journaux est lié à pv-journaux',
      points: 3,
      name: 'journaux',
      volume: 'pv-journaux',
      accessMode: 'ReadWriteMany',
    }),
  ],
});
