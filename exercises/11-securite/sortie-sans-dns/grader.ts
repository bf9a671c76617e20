import {
  defineGrader,
  objectExists,
  podCannotReach,
  podReaches,
  precondition,
  withHint,
} from '../../../graders/src/index';

/** when gives `hint` only to failures whose message contains `marker`. */
const when = (marker: string, hint: string) => async (_ctx: unknown, message: string) =>
  message.includes(marker) ? hint : undefined;

export const grader = defineGrader({
  checks: [
    precondition(
      objectExists({
        id: 'politique',
        title: 'La NetworkPolicy frontend-sortie existe',
        kind: 'NetworkPolicy',
        name: 'frontend-sortie',
      }),
      "La NetworkPolicy frontend-sortie a été supprimée : corrigez-la au lieu de l'enlever (réinitialisez l'exercice)",
    ),
    withHint(
      podReaches({
        id: 'api-par-nom',
        title: 'frontend joint http://api par son nom',
        points: 3,
        from: { pod: 'frontend' },
        url: 'http://api',
      }),
      when(
        '(DNS)',
        'Piste : la sortie vers CoreDNS (Pods k8s-app=kube-dns du namespace kube-system, port 53/UDP) ' +
          "n'est pas autorisée",
      ),
    ),
    withHint(
      podCannotReach({
        id: 'db-refuse',
        title: 'frontend ne joint toujours pas db',
        points: 2,
        from: { pod: 'frontend' },
        url: 'http://db',
      }),
      when(
        'réponse reçue',
        'Piste : une règle de sortie trop large (sans `to`, ou `- {}`) laisse tout passer',
      ),
    ),
  ],
});
