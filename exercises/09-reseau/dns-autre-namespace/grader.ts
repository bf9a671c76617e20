import type { KubeObject } from '../../../mini-k8s/src/api/object';
import {
  type CheckOutcome,
  custom,
  decideReach,
  defineGrader,
  EXEC_CHECK_TIMEOUT_MS,
  expectedFound,
  fail,
  fieldMatches,
  type GradeContext,
  listObjects,
  pass,
  precondition,
  resolveKind,
  runInPod,
} from '../../../graders/src/index';

const FRONT = 'front';
const NOT_AVAILABLE =
  "Vérification impossible : l'exécution de commandes dans les Pods n'est pas disponible ici";

interface PodLike extends KubeObject {
  status?: { phase?: string };
}

/** ClientView is what the client application sees: its pod and the API_URL it was started with. */
type ClientView = { pod: string; url: string } | CheckOutcome;

/**
 * clientView finds the newest running client pod in `front` (during a rollout, the one carrying the
 * learner's latest change) and reads API_URL inside it, as the application reads it.
 */
async function clientView(ctx: GradeContext): Promise<ClientView> {
  if (!ctx.streams) return fail(NOT_AVAILABLE);
  const pods = await listObjects<PodLike>(ctx, resolveKind('Pod'), FRONT, { labelSelector: 'app=client' });
  const running = pods.items
    .filter((p) => !p.metadata.deletionTimestamp && p.status?.phase === 'Running')
    .sort((a, b) => (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''));
  const pod = running[0]?.metadata.name;
  if (!pod) return fail(expectedFound(`un Pod app=client en cours d'exécution dans ${FRONT}`, 'aucun'));
  const env = await runInPod(ctx.streams, FRONT, pod, 'client', ['printenv', 'API_URL']);
  const url = env.stdout.trim();
  if (env.error !== undefined || env.exitCode !== 0 || url === '') {
    return fail(expectedFound(`la variable API_URL dans Pod/${pod}`, 'variable absente'));
  }
  return { pod, url };
}

/** hostOf returns the host part of an http(s) URL, or undefined when the URL cannot be parsed. */
function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname;
  } catch {
    return undefined;
  }
}

export const grader = defineGrader({
  checks: [
    precondition(
      fieldMatches({
        id: 'service-back',
        title: 'Le Service api du namespace back est intact',
        kind: 'Service',
        name: 'api',
        namespace: 'back',
        expected: { spec: { selector: { app: 'api' }, ports: [{ port: 80 }] } },
      }),
      "Le Service api du namespace back a été modifié ou supprimé : l'API ne doit pas bouger, réinitialisez l'exercice",
    ),
    custom(
      {
        id: 'nom-dns',
        title: "Le client désigne l'API par un nom DNS, pas par une adresse IP",
        timeoutMs: EXEC_CHECK_TIMEOUT_MS,
      },
      async (ctx) => {
        const client = await clientView(ctx);
        if ('passed' in client) return client;
        const host = hostOf(client.url);
        if (host === undefined) {
          return fail(expectedFound('une URL valide dans API_URL', `« ${client.url} »`));
        }
        if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) {
          return fail(
            expectedFound(
              'un nom DNS dans API_URL',
              `l'adresse ${host}, qui change si le Service est recréé`,
            ),
          );
        }
        return pass(`API_URL désigne l'API par le nom ${host}`);
      },
    ),
    custom(
      {
        id: 'appel-client',
        title: "Le client du namespace front obtient la réponse de l'API",
        points: 3,
        timeoutMs: EXEC_CHECK_TIMEOUT_MS,
      },
      async (ctx) => {
        const client = await clientView(ctx);
        if ('passed' in client) return client;
        // The very call the application makes, with its own resolv.conf and its own URL.
        const result = await runInPod(ctx.streams!, FRONT, client.pod, 'client', [
          'wget',
          '-qO-',
          '-T',
          '2',
          client.url,
        ]);
        if (result.error !== undefined) {
          return fail(expectedFound(`un appel exécuté dans Pod/${client.pod}`, result.error));
        }
        return decideReach(client.url, /Hello, world!/, result, `Pod/${client.pod} (${FRONT})`);
      },
    ),
  ],
});
