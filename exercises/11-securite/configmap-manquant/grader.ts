import {
  defineGrader,
  envVarEquals,
  fieldEquals,
  podsRunningReady,
  precondition,
} from '../../../graders/src/index';

export const grader = defineGrader({
  checks: [
    precondition(
      fieldEquals({
        id: 'deployment-intact',
        title: 'Le Deployment front importe toujours front-config',
        kind: 'Deployment',
        name: 'front',
        path: 'spec.template.spec.containers[0].envFrom',
        value: [{ configMapRef: { name: 'front-config' } }],
      }),
      'Le Deployment front a été modifié ou supprimé : créez ce qui lui manque, sans le modifier',
    ),
    fieldEquals({
      id: 'configmap',
      title: 'Le ConfigMap front-config définit API_URL',
      kind: 'ConfigMap',
      name: 'front-config',
      path: 'data.API_URL',
      value: 'http://api:8080',
    }),
    podsRunningReady({
      id: 'pods-prets',
      title: 'Les 2 Pods de front sont prêts',
      points: 2,
      selector: 'app=front',
      count: 2,
    }),
    envVarEquals({
      id: 'variable',
      title: 'Le conteneur voit API_URL',
      points: 2,
      selector: 'app=front',
      name: 'API_URL',
      value: 'http://api:8080',
    }),
  ],
});
