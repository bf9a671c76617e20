import { defineGrader, fieldEquals, objectExists } from '../../../graders/src/index';

export const grader = defineGrader({
  checks: [
    objectExists({
      id: 'namespace',
      title: 'Le namespace equipe-a existe',
      points: 2,
      kind: 'Namespace',
      name: 'equipe-a',
    }),
    fieldEquals({
      id: 'label',
      title: 'Il porte equipe=a',
      kind: 'Namespace',
      name: 'equipe-a',
      path: 'metadata.labels.equipe',
      value: 'a',
    }),
    fieldEquals({
      id: 'actif',
      title: 'Il est actif',
      kind: 'Namespace',
      name: 'equipe-a',
      path: 'status.phase',
      value: 'Active',
    }),
  ],
});
