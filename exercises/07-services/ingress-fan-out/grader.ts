import {
  custom,
  defineGrader,
  EXEC_CHECK_TIMEOUT_MS,
  type ExecResult,
  expectedFound,
  fail,
  fieldEquals,
  ingressBackendsExist,
  ingressRoute,
  objectExists,
  pass,
  precondition,
  runInPod,
} from '../../../graders/src/index';

const HOST = 'atelier.example.com';
/** The ingress-nginx controller's Service, as pods reach it inside the cluster. */
const CONTROLLER = 'http://ingress-nginx-controller.ingress-nginx';

/** curlFailure tells in French why `curl -sS -f` failed, from its exit code and error line. */
function curlFailure(result: ExecResult): string {
  if (result.exitCode === 6) return 'nom introuvable (DNS)';
  if (result.exitCode === 7) return 'connexion refusée';
  if (result.exitCode === 28) return 'délai dépassé';
  const http = /returned error: (\d+)/.exec(result.stderr);
  if (result.exitCode === 22 && http) return `erreur HTTP ${http[1]}`;
  return result.stderr.trim().split('\n')[0] || `code de sortie ${result.exitCode}`;
}

/**
 * served sends a request for HOST + `path` to the ingress controller from the client pod (with the Host
 * header a browser would send) and passes when the application `app` answers it.
 */
function served(id: string, path: string, app: string) {
  return custom(
    {
      id,
      title: `Une requête pour ${HOST}${path} arrive à l'application ${app}`,
      points: 2,
      timeoutMs: EXEC_CHECK_TIMEOUT_MS,
    },
    async (ctx) => {
      if (!ctx.streams) {
        return fail(
          "Vérification impossible : l'exécution de commandes dans les Pods n'est pas disponible ici",
        );
      }
      const url = `${CONTROLLER}${path}`;
      const result = await runInPod(ctx.streams, ctx.namespace, 'client', 'curl', [
        'curl',
        '-sS',
        '-f',
        '-m',
        '3',
        '-H',
        `Host: ${HOST}`,
        url,
      ]);
      const expected = `la réponse de ${app} à ${HOST}${path}`;
      if (result.error !== undefined) return fail(expectedFound(expected, result.error));
      if (result.exitCode !== 0) return fail(expectedFound(expected, curlFailure(result)));
      const body = result.stdout.trim();
      return body === app
        ? pass(`${HOST}${path} servi par ${app}`)
        : fail(expectedFound(expected, `la réponse « ${body.split('\n')[0]} »`));
    },
  );
}

export const grader = defineGrader({
  checks: [
    precondition(
      objectExists({ id: 'services', title: 'Le Service blog existe', kind: 'Service', name: 'blog' }),
      "Le Service blog de départ a été supprimé : réinitialisez l'exercice",
    ),
    precondition(
      objectExists({ id: 'client', title: 'Le Pod client existe', kind: 'Pod', name: 'client' }),
      "Le Pod client, qui sert à tester l'Ingress, a été supprimé : réinitialisez l'exercice",
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
    // The routes as the ingress controller applies them, on paths below each prefix.
    served('trafic-boutique', '/boutique/panier', 'boutique'),
    served('trafic-blog', '/blog/article', 'blog'),
  ],
});
