import { defineGrader, fieldEquals, objectExists, podsRunningReady } from '../../../graders/src/index';

export const grader = defineGrader({
  checks: [
    objectExists({
      id: 'deployment',
      title: 'Le Deployment bonjour existe',
      kind: 'Deployment',
      name: 'bonjour',
    }),
    fieldEquals({
      id: 'image',
      title: "Les Pods utilisent l'image nginx:1.27",
      kind: 'Deployment',
      name: 'bonjour',
      path: 'spec.template.spec.containers[0].image',
      value: 'nginx:1.27',
    }),
    fieldEquals({
      id: 'replicas',
      title: "L'état voulu compte 3 réplicas",
      kind: 'Deployment',
      name: 'bonjour',
      path: 'spec.replicas',
      value: 3,
    }),
    podsRunningReady({
      id: 'pods-prets',
      title: '3 Pods app=bonjour sont prêts',
      points: 2,
      selector: 'app=bonjour',
      count: 3,
    }),
  ],
});
