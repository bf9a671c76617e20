import { defineGrader, fieldMatches, podsRunningReady, pvcBound } from '../../../graders/src/index';

export const grader = defineGrader({
  checks: [
    pvcBound({
      id: 'pvc-lie',
      title: 'Le PVC cache est lié (ReadWriteOnce)',
      name: 'cache',
      accessMode: 'ReadWriteOnce',
    }),
    fieldMatches({
      id: 'volume-du-pod',
      title: 'Le Pod redis monte le PVC cache dans /data',
      points: 2,
      kind: 'Pod',
      name: 'redis',
      expected: {
        spec: {
          volumes: [{ persistentVolumeClaim: { claimName: 'cache' } }],
          containers: [{ volumeMounts: [{ mountPath: '/data' }] }],
        },
      },
    }),
    podsRunningReady({ id: 'pret', title: 'Le Pod redis est prêt', selector: 'app=redis', count: 1 }),
  ],
});
