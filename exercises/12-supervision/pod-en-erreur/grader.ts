import { defineGrader, precondition, rolloutComplete } from '../../../graders/src/index';

export const grader = defineGrader({
  checks: [
    precondition(
      rolloutComplete({
        id: 'catalogue',
        title: 'catalogue fonctionne toujours',
        name: 'catalogue',
        image: 'nginx:1.25',
      }),
      'Le Deployment catalogue a été modifié : il fonctionnait, ne le changez pas',
    ),
    precondition(
      rolloutComplete({
        id: 'paiement',
        title: 'paiement fonctionne toujours',
        name: 'paiement',
        image: 'httpd:2.4',
      }),
      'Le Deployment paiement a été modifié : il fonctionnait, ne le changez pas',
    ),
    rolloutComplete({
      id: 'panier',
      title: 'panier fonctionne avec redis:7',
      points: 3,
      name: 'panier',
      image: 'redis:7',
    }),
  ],
});
