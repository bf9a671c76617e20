import {
  defineGrader,
  envVarEquals,
  fieldEquals,
  fileContains,
  objectExists,
  precondition,
  rolloutComplete,
} from '../../../graders/src/index';

const PASSWORD = 'Kj8#pQ2v-Lz';

export const grader = defineGrader({
  checks: [
    precondition(
      objectExists({
        id: 'secret',
        title: 'Le Secret db-identifiants existe',
        kind: 'Secret',
        name: 'db-identifiants',
      }),
      "Le Secret db-identifiants a été supprimé : réinitialisez l'exercice",
    ),
    fieldEquals({
      id: 'secret-ref',
      title: 'DB_PASSWORD est lue dans le Secret (clé password)',
      points: 2,
      kind: 'Deployment',
      name: 'api',
      path: 'spec.template.spec.containers[0].env[name=DB_PASSWORD].valueFrom.secretKeyRef',
      value: { name: 'db-identifiants', key: 'password' },
    }),
    rolloutComplete({ id: 'deploiement', title: 'Le Deployment api a fini de se déployer', name: 'api' }),
    envVarEquals({
      id: 'variable',
      title: 'Le conteneur voit le bon mot de passe',
      points: 2,
      selector: 'app=api',
      name: 'DB_PASSWORD',
      value: PASSWORD,
    }),
    fileContains({
      id: 'fichier',
      title: '/etc/db/password contient le mot de passe',
      points: 2,
      selector: 'app=api',
      path: '/etc/db/password',
      content: PASSWORD,
    }),
  ],
});
