import { countForSelector, defineGrader, objectExists } from '../../../graders/src/index';

export const grader = defineGrader({
  checks: [
    countForSelector({
      id: 'dev-staging-supprimes',
      title: 'Plus aucun Pod dev ou staging',
      points: 2,
      kind: 'Pod',
      selector: 'env in (dev,staging)',
      count: 0,
    }),
    countForSelector({
      id: 'prod-garde',
      title: 'Les 2 Pods prod sont toujours là',
      kind: 'Pod',
      selector: 'env=prod',
      count: 2,
    }),
    objectExists({ id: 'outil-garde', title: 'Le Pod outil est toujours là', kind: 'Pod', name: 'outil' }),
  ],
});
