import {
  defineGrader,
  fieldEquals,
  objectExists,
  podReaches,
  precondition,
  serviceEndpoints,
} from '../../../graders/src/index';

/** member checks that the client reaches one StatefulSet pod by its stable name, and that pod answers. */
function member(ordinal: number, url: string) {
  return podReaches({
    id: `db-${ordinal}`,
    title: `Le Pod client joint db-${ordinal} par son nom stable`,
    points: 2,
    from: { pod: 'client' },
    url,
    // hello-app prints its hostname: the name must lead to that very pod, not to any replica.
    body: new RegExp(`Hostname: db-${ordinal}\\b`),
  });
}

export const grader = defineGrader({
  checks: [
    precondition(
      fieldEquals({
        id: 'statefulset',
        title: 'Le StatefulSet db annonce le Service db',
        kind: 'StatefulSet',
        name: 'db',
        path: 'spec.serviceName',
        value: 'db',
      }),
      "Le StatefulSet db a été modifié ou supprimé : corrigez le Service, pas le StatefulSet, ou réinitialisez l'exercice",
    ),
    precondition(
      objectExists({ id: 'client', title: 'Le Pod client existe', kind: 'Pod', name: 'client' }),
      "Le Pod client, qui sert à tester les noms, a été supprimé : réinitialisez l'exercice",
    ),
    fieldEquals({
      id: 'headless',
      title: 'Le Service db est headless (clusterIP: None)',
      kind: 'Service',
      name: 'db',
      path: 'spec.clusterIP',
      value: 'None',
    }),
    serviceEndpoints({
      id: 'endpoints',
      title: 'Le Service db sélectionne les 2 Pods prêts de la base',
      name: 'db',
      ready: 2,
    }),
    member(0, 'http://db-0.db:8080'),
    member(1, 'http://db-1.db.default.svc.cluster.local:8080'),
  ],
});
