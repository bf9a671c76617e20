import {
  defineGrader,
  fieldEquals,
  ingressBackendsExist,
  ingressRoute,
  objectExists,
  precondition,
} from '../../../graders/src/index';

const HOST = 'atelier.example.com';

export const grader = defineGrader({
  checks: [
    precondition(
      objectExists({ id: 'services', title: 'Le Service blog existe', kind: 'Service', name: 'blog' }),
      "Le Service blog de départ a été supprimé : réinitialisez l'exercice",
    ),
    objectExists({ id: 'ingress', title: "L'Ingress vitrine existe", kind: 'Ingress', name: 'vitrine' }),
    fieldEquals({
      id: 'classe',
      title: "L'Ingress utilise la classe nginx",
      kind: 'Ingress',
      name: 'vitrine',
      path: 'spec.ingressClassName',
      value: 'nginx',
    }),
    ingressRoute({
      id: 'route-boutique',
      title: '/boutique (Prefix) mène à boutique:80',
      points: 2,
      name: 'vitrine',
      host: HOST,
      path: '/boutique',
      service: 'boutique',
      port: 80,
    }),
    ingressRoute({
      id: 'route-blog',
      title: '/blog (Prefix) mène à blog:8080',
      points: 2,
      name: 'vitrine',
      host: HOST,
      path: '/blog',
      service: 'blog',
      port: 8080,
    }),
    ingressBackendsExist({
      id: 'backends',
      title: 'Chaque backend est un Service existant, avec ce port',
      name: 'vitrine',
    }),
  ],
});
